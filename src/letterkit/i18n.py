"""Locales: which languages letterkit knows, their direction and script, and localized formatting.

A letterkit locale code is a Babel locale identifier (``en``, ``ur``, ``fa_AF``, ``pa_Arab``…)
plus ``bal`` (Balochi, which CLDR lacks: it borrows Urdu's data). Dates and numbers go through
Babel; Babel never converts digits, so :func:`localize_digits` does that where a locale writes
Eastern Arabic digits.

User-facing strings of letterkit itself go through gettext (:func:`gettext_for`); catalogs live
in the top-level ``locales/`` folder as ``.po`` files and are compiled in memory on first use.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import string
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import ChoiceError, LetterkitError
from .translation.pseudo import ACCENTED, ARABIC_LETTERS, PSEUDO_LOCALES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

Digits = Literal["latn", "arabext", "arab"]

_DIGIT_TABLES: dict[str, str] = {
    "latn": "0123456789",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",  # U+06F0–06F9: Persian, Dari, Pashto, Urdu
    "arab": "٠١٢٣٤٥٦٧٨٩",  # U+0660–0669: Arabic, Sindhi
}


@dataclass(frozen=True)
class LocaleInfo:
    """What letterkit needs to know about one language."""

    code: str  # letterkit code, e.g. "fa_AF"
    english_name: str
    direction: Literal["ltr", "rtl"]
    script: str  # ISO 15924: Latn, Arab, Cyrl
    babel: str  # Babel locale used for dates, numbers and names
    hb_language: str  # OpenType/BCP 47 language for shaping (locl forms: Urdu digits etc.)
    docx_lang: str  # BCP 47 tag written into DOCX w:lang
    digits: Digits = "latn"  # digits used in letter text by default
    calendars: tuple[str, ...] = ("gregorian",)  # calendars a date may be written in
    year_suffix: str = ""  # e.g. Urdu "ء" after a Gregorian year
    date_line: tuple[str, ...] = ("gregorian",)  # calendars on a letter's date line, in order

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


_LOCALES: tuple[LocaleInfo, ...] = (
    LocaleInfo("en", "English", "ltr", "Latn", "en_GB", "en", "en-GB"),
    LocaleInfo("de", "German", "ltr", "Latn", "de_DE", "de", "de-DE"),
    LocaleInfo("fr", "French", "ltr", "Latn", "fr_FR", "fr", "fr-FR"),
    LocaleInfo("es", "Spanish", "ltr", "Latn", "es_ES", "es", "es-ES"),
    LocaleInfo("tr", "Turkish", "ltr", "Latn", "tr_TR", "tr", "tr-TR"),
    LocaleInfo("ru", "Russian", "ltr", "Cyrl", "ru_RU", "ru", "ru-RU"),
    LocaleInfo("tg", "Tajik", "ltr", "Cyrl", "tg_TJ", "tg", "tg-TJ"),
    LocaleInfo(
        "ur",
        "Urdu",
        "rtl",
        "Arab",
        "ur_PK",
        "ur",
        "ur-PK",
        "latn",
        ("gregorian", "lunar_hijri"),
        year_suffix="ء",
    ),
    LocaleInfo(
        "fa",
        "Persian",
        "rtl",
        "Arab",
        "fa_IR",
        "fa",
        "fa-IR",
        "arabext",
        ("gregorian", "solar_hijri", "lunar_hijri"),
        date_line=("solar_hijri", "gregorian"),
    ),
    LocaleInfo(
        "fa_AF",
        "Dari",
        "rtl",
        "Arab",
        "fa_AF",
        "fa",
        "prs-AF",
        "arabext",
        ("gregorian", "solar_hijri", "lunar_hijri"),
        date_line=("solar_hijri", "gregorian"),
    ),
    LocaleInfo(
        "ps",
        "Pashto",
        "rtl",
        "Arab",
        "ps_AF",
        "ps",
        "ps-AF",
        "arabext",
        ("gregorian", "solar_hijri", "lunar_hijri"),
        date_line=("solar_hijri", "gregorian"),
    ),
    LocaleInfo("sd", "Sindhi", "rtl", "Arab", "sd_Arab_PK", "sd", "sd-Arab-PK", "latn"),
    LocaleInfo("pa_Arab", "Punjabi (Shahmukhi)", "rtl", "Arab", "pa_Arab_PK", "pa", "pa-Arab-PK"),
    LocaleInfo("bal", "Balochi", "rtl", "Arab", "ur_PK", "bal", "bal-Arab-PK"),
    LocaleInfo(
        "ar",
        "Arabic",
        "rtl",
        "Arab",
        "ar",
        "ar",
        "ar-SA",
        "arab",
        ("gregorian", "lunar_hijri"),
    ),
    # pseudo-locales (translation/pseudo.py, `letterkit locale pseudo`): layouts without a
    # translator; XA/XB are the private-use regions Android and Chrome use for the same purpose
    LocaleInfo("en_XA", "Pseudo-English (accented, longer)", "ltr", "Latn", "en_GB", "en", "en-XA"),
    LocaleInfo(
        "ar_XB",
        "Pseudo-English (Arabic letters, right to left)",
        "rtl",
        "Arab",
        "ar",
        "ar",
        "ar-XB",
    ),
)

LOCALES: dict[str, LocaleInfo] = {info.code: info for info in _LOCALES}

# How far each language's strings and test letter can be trusted (docs/localization.md explains
# the levels; a test keeps its table in step). For `letterkit locale status`.
REVIEW_STATUS: dict[str, str] = {
    "en": "source",
    **dict.fromkeys(("de", "fr", "es", "tr", "ru", "fa", "ar"), "draft"),
    **dict.fromkeys(("tg", "ur", "fa_AF", "ps", "sd", "pa_Arab"), "needs review"),
    "bal": "low confidence",
    **dict.fromkeys(PSEUDO_LOCALES, "pseudo"),
}


def normalize_code(code: str) -> str:
    """``"fa-AF"``, ``"FA_af"``, ``"prs"`` → ``"fa_AF"``; unknown codes are returned cleaned up."""
    cleaned = code.strip().replace("-", "_")
    aliases = {"prs": "fa_AF", "dari": "fa_AF", "pnb": "pa_Arab", "farsi": "fa", "urdu": "ur"}
    if cleaned.lower() in aliases:
        return aliases[cleaned.lower()]
    for known in LOCALES:
        if known.lower() == cleaned.lower():
            return known
    return cleaned


def locale_info(code: str) -> LocaleInfo:
    """The :class:`LocaleInfo` for ``code``; an unknown code raises :class:`ChoiceError`."""
    normalized = normalize_code(code)
    try:
        return LOCALES[normalized]
    except KeyError:
        raise ChoiceError(
            f"unknown language {code!r}; letterkit knows: {', '.join(LOCALES)}"
        ) from None


def babel_locale(code: str) -> str:
    """The Babel locale for a letterkit code (unknown codes are passed through)."""
    info = LOCALES.get(normalize_code(code))
    return info.babel if info else normalize_code(code)


def is_rtl(code: str) -> bool:
    info = LOCALES.get(normalize_code(code))
    return bool(info and info.is_rtl)


def localize_digits(text: str, digits: Digits | str) -> str:
    """Replace ASCII digits by the digits of ``digits`` (``latn`` leaves the text alone)."""
    table = _DIGIT_TABLES.get(digits)
    if table is None:
        raise ChoiceError(f"unknown digits {digits!r}; choose one of: {', '.join(_DIGIT_TABLES)}")
    if digits == "latn":
        return text
    return text.translate(str.maketrans("0123456789", table))


def format_number(value: float, code: str, digits: Digits | str | None = None) -> str:
    """A number with the locale's separators (Babel) and digits."""
    from babel.numbers import format_decimal

    info = locale_info(code)
    chosen = digits or info.digits
    text = format_decimal(value, locale=info.babel, numbering_system="default")
    return localize_digits(text, chosen)


# Long-date patterns that differ from CLDR's: Pashto and Sindhi CLDR data put the year first
# ("2026 نومبر 24"); letters write day, month, year, like Urdu and Dari.
_LONG_PATTERNS: dict[str, str] = {"ps": "d MMMM y", "sd": "d MMMM y"}


def _tajik_long_date(day: _dt.date) -> str:
    """Tajik as its press writes dates: ``8 феврали соли 2024`` (CLDR gives ``08 Феврал 2024``):
    the month in lower case with the izofat ``-и``, then ``соли`` (year of)."""
    from babel.dates import get_month_names

    month = get_month_names("wide", locale="tg_TJ")[day.month].lower()
    return f"{day.day} {month}и соли {day.year}"


def _check_offered(info: LocaleInfo, calendar: str) -> None:
    from .calendars import check_calendar

    check_calendar(calendar)
    if calendar not in info.calendars:
        raise ChoiceError(
            f"calendar {calendar!r} is not offered for {info.code} ({info.english_name}); "
            f"choose one of: {', '.join(info.calendars)}"
        )


def format_date(
    day: _dt.date,
    code: str,
    *,
    digits: Digits | str | None = None,
    fmt: str = "long",
    calendar: str | None = None,
    era: bool = False,
) -> str:
    """A date in the locale's own words and digits, e.g. Urdu ``24 نومبر، 2026ء``.

    ``calendar`` is ``gregorian`` (default, through Babel; ``fmt`` may also be a CLDR pattern),
    ``solar_hijri`` or ``lunar_hijri`` (``fmt``: ``long``, ``medium``, ``short`` or ``full``),
    as offered by :attr:`LocaleInfo.calendars`. ``era=True`` appends the calendar's year mark
    (``هـ ش``, ``هـ ق``, ``م``), which a line holding two calendars needs to tell them apart.
    """
    from .calendars import format_hijri, with_era

    info = locale_info(code)
    chosen_calendar = calendar or "gregorian"
    _check_offered(info, chosen_calendar)
    if chosen_calendar == "gregorian":
        from babel.dates import format_date as babel_format_date

        if info.code == "tg" and fmt == "long":
            text = _tajik_long_date(day)
        else:
            pattern = _LONG_PATTERNS.get(info.code, fmt) if fmt == "long" else fmt
            text = babel_format_date(day, format=pattern, locale=info.babel)
        if info.year_suffix:
            year = str(day.year)
            idx = text.rfind(year)
            if idx >= 0:
                text = text[: idx + len(year)] + info.year_suffix + text[idx + len(year) :]
    else:
        if fmt == "full":
            from babel.dates import get_day_names

            weekday = get_day_names("wide", locale=info.babel)[day.weekday()]
            text = f"{weekday} {format_hijri(day, chosen_calendar, info.code)}"
        else:
            text = format_hijri(day, chosen_calendar, info.code, fmt=fmt)
    if era:
        text = with_era(text, chosen_calendar, info.code)
    return localize_digits(text, digits or info.digits)


DATE_LINE_SEPARATOR = " / "

# Between fields on one line (the return address; the page-2 header's catalog entries use the
# same): a middle dot, but not in Arabic-script letters, where "·" beside Arabic-Indic digits
# reads as the Persian zero ("۱۳ · قوس" as ۱۳۰): there a spaced en dash.
FIELD_SEPARATOR = " · "
FIELD_SEPARATOR_ARABIC = " – "


def field_separator(code: str) -> str:
    """The separator between fields on one line in a letter in ``code``."""
    info = LOCALES.get(normalize_code(code))
    return (
        FIELD_SEPARATOR_ARABIC if info is not None and info.script == "Arab" else (FIELD_SEPARATOR)
    )


def format_date_line(
    day: _dt.date,
    code: str,
    *,
    calendars: Sequence[str] | None = None,
    digits: Digits | str | None = None,
) -> str:
    """The date as printed on a letter: one calendar, or several side by side.

    By default the locale's :attr:`LocaleInfo.date_line`: Gregorian alone for most languages,
    Solar Hijri then Gregorian for Persian, Dari and Pashto — Dari
    ``۳ قوس ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م``. Pass ``calendars`` (in the order wanted, e.g.
    ``("lunar_hijri", "solar_hijri", "gregorian")`` for a letter to Afghan authorities) to
    choose; each must be offered by the locale. With two or more calendars every date carries
    its year mark so a reader can tell them apart.
    """
    info = locale_info(code)
    chosen = tuple(calendars) if calendars is not None else info.date_line
    if not chosen:
        raise ChoiceError(
            f"no calendar chosen for the date line; choose from: {', '.join(info.calendars)}"
        )
    for name in chosen:
        _check_offered(info, name)
    mark = len(chosen) > 1
    return DATE_LINE_SEPARATOR.join(
        format_date(day, info.code, digits=digits, calendar=name, era=mark) for name in chosen
    )


def list_marker(number: int, code: str, *, digits: Digits | str | None = None) -> str:
    """The marker before item ``number`` of a numbered list: ``3.``, Persian ``۳.``, Urdu ``3۔``.

    Urdu, Punjabi (Shahmukhi) and Balochi close the number with the Urdu full stop ``۔``
    (U+06D4), as their school books and official letters do; the others use ``.``.
    """
    info = locale_info(code)
    stop = "۔" if info.code in _URDU_STOP else "."
    return localize_digits(str(number), digits or info.digits) + stop


_URDU_STOP = {"ur", "pa_Arab", "bal"}


# --------------------------------------------------------------------------------------------
# alphabets

_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RUSSIAN_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_TAJIK_UPPER = "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ"
_URDU = "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہۂۃۀھیےۓ"
_PERSIAN = "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهۀیة"

# The one alphabet table: the letters each locale writes with (no digits, marks or punctuation:
# those are in SYMBOLS), for font coverage checks (`letterkit fonts check`, `check`) and tests.
# Cased scripts list upper then lower case. A new locale needs an entry in both tables (a test
# checks every locale of LOCALES has them).
ALPHABETS: dict[str, str] = {
    "en": _LATIN,
    "de": _LATIN + "ÄÖÜäöüßẞ",
    "fr": _LATIN + "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ",
    "es": _LATIN + "ÁÉÍÑÓÚÜáéíñóúü",
    "tr": "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZÂÎÛabcçdefgğhıijklmnoöprsştuüvyzâîû",
    "ru": _RUSSIAN_UPPER + _RUSSIAN_UPPER.lower(),
    "tg": _TAJIK_UPPER + _TAJIK_UPPER.lower(),
    "ur": _URDU,
    "fa": _PERSIAN,
    "fa_AF": _PERSIAN,
    "ps": "ءآأؤئابپتټثجځچڅحخدډذرړزژږسشښصضطظعغفقکګلمنڼوهۀيېیۍ",
    "sd": "ءآابٻڀتٿٽٺثپجڄڃچڇحخدڌڏڊڍذرڙزژسشصضطظعغفڦقڪکگڳڱلمنڻوهھيئی۾",
    "pa_Arab": _URDU + "ݨڄ",
    # Pakistani Balochi is written much like Urdu; ێ (ē), ۏ and ۆ are letters of the Balochi
    # standard orthographies, listed so that fonts are checked for them (see docs).
    "bal": _URDU + "ێۏۆ",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
    "en_XA": _LATIN + ACCENTED,
    "ar_XB": ARABIC_LETTERS,
}

_PUNCT_LATIN = ".,;:!?'\"()-–—«»„“”‘’/&%@€£$#*+=[]§…"
_PUNCT_ARABIC = "،؛؟«»()[]/.:!-٪٫٬"
_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # harakat, shadda, sukun
_LATIN_DIGITS, _EXT_DIGITS, _ARAB_DIGITS = "0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"
_URDU_FULL_STOP, _ZWNJ = "۔", "\u200c"

# Beside the letters, what a letter in the locale prints: digits, punctuation, marks.
SYMBOLS: dict[str, str] = {
    **dict.fromkeys(("en", "de", "fr", "tr", "ru", "tg"), _LATIN_DIGITS + _PUNCT_LATIN),
    "es": _LATIN_DIGITS + _PUNCT_LATIN + "¿¡",
    "ur": _LATIN_DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS,
    "fa": _EXT_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _ZWNJ + _MARKS,
    "fa_AF": _EXT_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _ZWNJ + _MARKS,
    "ps": _EXT_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _ZWNJ + _MARKS,
    "sd": _LATIN_DIGITS + _ARAB_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS,
    "pa_Arab": _LATIN_DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS,
    "bal": _LATIN_DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS,
    "ar": _ARAB_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _MARKS,
    "en_XA": _LATIN_DIGITS + _PUNCT_LATIN,
    "ar_XB": _LATIN_DIGITS + _PUNCT_ARABIC,
}


# Punctuation a translation should use, per locale: (wrong, right, what) — a Latin mark next to
# a letter of the script, or straight quotes, in an Arabic-script letter (`letterkit locale check`).
_ARABIC_SCRIPT_PUNCTUATION: tuple[tuple[str, str, str], ...] = (
    ("?", "؟", "question mark"),
    (",", "،", "comma"),
    (";", "؛", "semicolon"),
    ('"', "« »", "quotation marks"),
    ("“", "« »", "quotation marks"),
    ("”", "« »", "quotation marks"),
)
PUNCTUATION_RULES: dict[str, tuple[tuple[str, str, str], ...]] = {
    **dict.fromkeys(("fa", "fa_AF", "ps", "ar"), _ARABIC_SCRIPT_PUNCTUATION),
    # Urdu-style: the full stop is ۔ too
    **dict.fromkeys(
        ("ur", "sd", "pa_Arab", "bal"), _ARABIC_SCRIPT_PUNCTUATION + ((".", "۔", "full stop"),)
    ),
}
# Languages whose spelling uses the zero-width non-joiner (می‌نویسم, خانه‌ها).
ZWNJ_LANGUAGES: frozenset[str] = frozenset({"fa", "fa_AF"})

# --------------------------------------------------------------------------------------------
# gettext

DOMAIN = "letterkit"


def N_(message: str) -> str:
    """Mark a string for extraction (``pybabel extract``) without translating it yet."""
    return message


# The letter's boilerplate: msgids are the English defaults of :class:`letterkit.model.Labels`
# (a test keeps the two in step). Writing them out here lets ``pybabel extract`` find them.
LABEL_MESSAGES: dict[str, str] = {
    "subject": N_("Subject:"),
    "reference": N_("Ref.:"),
    "page": N_("Page {page} of {pages}"),
    "continuation": N_("{recipient} · {date}"),
    "enclosures": N_("Enclosures:"),
    "cc": N_("Copy to:"),
    "signatories": N_("Signed by:"),
    "to": N_("To:"),
    "from_": N_("From:"),
    "date": N_("Date:"),
}

# Other strings printed in letters (compose's default salutation and closing). Like the labels
# they must be translated in every shipped catalog; CLI messages may fall back to English.
LETTER_MESSAGES: tuple[str, ...] = (
    N_("Dear {honorific} {name},"),
    N_("Yours sincerely,"),
)


def catalog_path(code: str) -> Path:
    """Where the ``.po`` catalog of ``code`` lives (it may not exist yet)."""
    from .resources import locales_dir

    return locales_dir() / normalize_code(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path() -> Path:
    """The extracted message template, ``locales/letterkit.pot``."""
    from .resources import locales_dir

    return locales_dir() / f"{DOMAIN}.pot"


def _read_catalog(path: Path) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=None, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise LetterkitError(f"{path}: not a valid gettext catalog: {exc}") from None


@cache
def gettext_for(code: str) -> _gettext.NullTranslations:
    """Translations of letterkit's own strings for ``code`` (falls back to English quietly).

    ``fa_AF`` falls back to ``fa`` when it has no catalog of its own. Fuzzy entries are not
    used. Catalogs are compiled from the ``.po`` files (no ``.mo`` files are built or shipped)
    and the compiled form is kept in the cache folder, keyed by the catalog's contents: parsing
    a catalog took a tenth of a one-letter run.
    """
    from .cachedir import remembered
    from .resources import locales_dir

    normalized = normalize_code(code)
    candidates = [normalized]
    if "_" in normalized:
        candidates.append(normalized.split("_")[0])
    for candidate in candidates:
        po_path = locales_dir() / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        try:
            source = po_path.read_bytes()
        except OSError:
            continue
        key = b"letterkit catalog v1\0" + source
        compiled = remembered("catalogs", key, partial(_compile_catalog, po_path))
        try:
            return _gettext.GNUTranslations(io.BytesIO(compiled))
        except (OSError, ValueError, struct.error):  # a damaged kept copy: compile afresh
            return _gettext.GNUTranslations(io.BytesIO(_compile_catalog(po_path)))
    return _gettext.NullTranslations()


def _compile_catalog(po_path: Path) -> bytes:
    """The ``.mo`` form of a catalog (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, _read_catalog(po_path))
    return buf.getvalue()


def placeholders(message: str) -> frozenset[str]:
    """The ``{names}`` a ``str.format`` message uses: ``"Page {page} of {pages}"`` → page, pages."""
    try:
        return frozenset(
            name for _, name, _, _ in string.Formatter().parse(message) if name is not None
        )
    except ValueError:  # an unbalanced brace: report it as a placeholder nobody can fill
        return frozenset({"<unbalanced braces>"})


def translate(code: str, message: str) -> str:
    """``message`` in ``code``; a translation that uses a placeholder the English string lacks
    (or breaks the braces) is ignored, so a faulty catalog can never break a letter."""
    translated = gettext_for(code).gettext(message)
    if translated != message and not placeholders(translated) <= placeholders(message):
        return message
    return translated


@cache
def label_texts(code: str) -> dict[str, str]:
    """The letter boilerplate translated into ``code``: field name of
    :class:`letterkit.model.Labels` → text (the model builds its ``Labels`` from it, so this
    layer never imports the model)."""
    info = locale_info(code)
    return {name: translate(info.code, message) for name, message in LABEL_MESSAGES.items()}


def fill_label(
    template: str, code: str, *, digits: Digits | str | None = None, **values: object
) -> str:
    """Fill a label's placeholders, writing numbers in the locale's digits.

    ``fill_label(labels.page, "fa", page=2, pages=3)`` → ``صفحهٔ ۲ از ۳``.
    """
    info = locale_info(code)
    chosen = digits or info.digits
    shown = {
        key: localize_digits(str(value), chosen) if isinstance(value, int) else value
        for key, value in values.items()
    }
    return template.format(**shown)


def _(message: str) -> str:
    """Mark a CLI message for translation (interface language: ``LETTERKIT_LANG`` or English)."""
    import os

    lang = os.environ.get("LETTERKIT_LANG", "")
    if not lang:
        return message
    return translate(lang, message)


# --------------------------------------------------------------------------------------------
# catalog health (for `letterkit locale status/check`)


# Messages extracted from these source folders are printed on documents sent to officials (fax
# cover sheets, envelopes…): like the letter strings they must be translated in every catalog.
DOCUMENT_SOURCES: tuple[str, ...] = ("src/letterkit/writers/", "src/letterkit/pdf/")


def document_messages() -> frozenset[str]:
    """msgids printed on letters and other documents: the labels, salutation and closing, and
    whatever ``locales/letterkit.pot`` locates in :data:`DOCUMENT_SOURCES`."""
    required = set(LABEL_MESSAGES.values()) | set(LETTER_MESSAGES)
    pot = template_path()
    if pot.is_file():
        for message in _read_catalog(pot):
            if (
                message.id
                and isinstance(message.id, str)
                and any(
                    str(filename).startswith(DOCUMENT_SOURCES) for filename, _ in message.locations
                )
            ):
                required.add(message.id)
    return frozenset(required)


@dataclass(frozen=True)
class CatalogReport:
    """How complete and sound one catalog is, measured against ``locales/letterkit.pot``."""

    code: str
    path: Path
    total: int  # messages in the template (or in the catalog when there is no template)
    translated: int
    fuzzy: tuple[str, ...]  # msgids marked fuzzy (gettext ignores them)
    untranslated: tuple[str, ...]  # msgids with an empty translation or missing from the .po
    bad_placeholders: tuple[str, ...]  # msgids whose translation uses unknown {names}
    required_missing: tuple[str, ...]  # document strings (see document_messages) not translated

    @property
    def ok(self) -> bool:
        """Sound enough to ship: every document string translated, no broken placeholder
        (CLI messages may be missing: they fall back to English)."""
        return not self.bad_placeholders and not self.required_missing


def catalog_report(code: str) -> CatalogReport:
    """Check ``code``'s catalog: translated, fuzzy, untranslated messages and broken placeholders.

    Raises :class:`ChoiceError` when the locale has no catalog.
    """
    path = catalog_path(code)
    if not path.is_file():
        raise ChoiceError(
            f"{path}: no catalog for {code!r}; add one with `pybabel init` (see docs)"
        )
    catalog = _read_catalog(path)
    entries = {m.id: m for m in catalog if m.id and isinstance(m.id, str)}
    pot = template_path()
    wanted = (
        [m.id for m in _read_catalog(pot) if m.id and isinstance(m.id, str)]
        if pot.is_file()
        else list(entries)
    )
    wanted += [m for m in entries if m not in wanted]
    fuzzy: list[str] = []
    untranslated: list[str] = []
    bad: list[str] = []
    for msgid in wanted:
        entry = entries.get(msgid)
        if entry is None or not entry.string:
            untranslated.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
        elif not placeholders(str(entry.string)) <= placeholders(msgid):
            bad.append(msgid)
    required = document_messages()
    return CatalogReport(
        code=normalize_code(code),
        path=path,
        total=len(wanted),
        translated=len(wanted) - len(fuzzy) - len(untranslated),
        fuzzy=tuple(fuzzy),
        untranslated=tuple(untranslated),
        bad_placeholders=tuple(bad),
        required_missing=tuple(m for m in untranslated + fuzzy if m in required),
    )
