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
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .errors import ChoiceError

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
    calendars: tuple[str, ...] = ("gregorian",)  # offered for the date line, first = default
    year_suffix: str = ""  # e.g. Urdu "ء" after a Gregorian year

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
    LocaleInfo("ur", "Urdu", "rtl", "Arab", "ur_PK", "ur", "ur-PK", "latn", year_suffix="ء"),
    LocaleInfo(
        "fa", "Persian", "rtl", "Arab", "fa_IR", "fa", "fa-IR", "arabext",
        ("gregorian", "solar_hijri"),
    ),
    LocaleInfo(
        "fa_AF", "Dari", "rtl", "Arab", "fa_AF", "fa", "prs-AF", "arabext",
        ("gregorian", "solar_hijri", "lunar_hijri"),
    ),
    LocaleInfo(
        "ps", "Pashto", "rtl", "Arab", "ps_AF", "ps", "ps-AF", "arabext",
        ("gregorian", "solar_hijri", "lunar_hijri"),
    ),
    LocaleInfo("sd", "Sindhi", "rtl", "Arab", "sd_Arab_PK", "sd", "sd-Arab-PK", "latn"),
    LocaleInfo("pa_Arab", "Punjabi (Shahmukhi)", "rtl", "Arab", "pa_Arab_PK", "pa", "pa-Arab-PK"),
    LocaleInfo("bal", "Balochi", "rtl", "Arab", "ur_PK", "bal", "bal-Arab-PK"),
    LocaleInfo("ar", "Arabic", "rtl", "Arab", "ar", "ar", "ar-SA", "arab"),
)

LOCALES: dict[str, LocaleInfo] = {info.code: info for info in _LOCALES}


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


def format_number(value: float | int, code: str, digits: Digits | str | None = None) -> str:
    """A number with the locale's separators (Babel) and digits."""
    from babel.numbers import format_decimal

    info = locale_info(code)
    chosen = digits or info.digits
    text = format_decimal(value, locale=info.babel, numbering_system="default")
    return localize_digits(text, chosen)


def format_date(
    day: _dt.date, code: str, *, digits: Digits | str | None = None, fmt: str = "long"
) -> str:
    """A Gregorian date in the locale's own words and digits, e.g. Urdu ``24 نومبر، 2026ء``."""
    from babel.dates import format_date as babel_format_date

    info = locale_info(code)
    text = babel_format_date(day, format=fmt, locale=info.babel)
    if info.year_suffix:
        year = str(day.year)
        idx = text.rfind(year)
        if idx >= 0:
            text = text[: idx + len(year)] + info.year_suffix + text[idx + len(year) :]
    return localize_digits(text, digits or info.digits)


# --------------------------------------------------------------------------------------------
# gettext

DOMAIN = "letterkit"


@lru_cache(maxsize=None)
def gettext_for(code: str) -> _gettext.NullTranslations:
    """Translations of letterkit's own strings for ``code`` (falls back to English quietly)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from .resources import locales_dir

    normalized = normalize_code(code)
    candidates = [normalized]
    if "_" in normalized:
        candidates.append(normalized.split("_")[0])
    for candidate in candidates:
        po_path = locales_dir() / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.is_file():
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=None, domain=DOMAIN)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def _(message: str) -> str:
    """Mark a CLI message for translation (interface language: ``LETTERKIT_LANG`` or English)."""
    import os

    lang = os.environ.get("LETTERKIT_LANG", "")
    if not lang:
        return message
    return gettext_for(lang).gettext(message)
