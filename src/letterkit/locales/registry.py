"""The locale registry: every per-locale fact in one :class:`LocaleInfo` per language.

A letterkit locale code is a Babel locale identifier (``en``, ``ur``, ``fa_AF``, ``pa_Arab``…)
plus ``bal`` (Balochi, which CLDR lacks: it borrows Urdu's data). Each :class:`LocaleInfo` holds
what the rest of letterkit asks about a language: direction and script, the Babel locale, the
digits and calendars of its letters, its alphabet and symbols (for font coverage checks), the
font family for its own script, how its numbered lists close, the punctuation a translation
should use, and how far its translation can be trusted. A new locale is one entry in
:data:`LOCALES` (``tests/test_locales_registry.py`` checks every entry holds every fact).
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from typing import Literal

from ..errors import ChoiceError
from ..translation.pseudo import ACCENTED, ARABIC_LETTERS

Digits = Literal["latn", "arabext", "arab"]

DIGIT_TABLES: dict[str, str] = {
    "latn": "0123456789",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",  # U+06F0–06F9: Persian, Dari, Pashto, Urdu
    "arab": "٠١٢٣٤٥٦٧٨٩",  # U+0660–0669: Arabic, Sindhi
}

# How far a language's strings and test letter can be trusted (docs/localization.md explains
# the levels; a test keeps its table in step). For `letterkit locale status`.
REVIEW_LEVELS: tuple[str, ...] = ("source", "draft", "needs review", "low confidence", "pseudo")

# A punctuation rule: (wrong, right, what) — a Latin mark next to a letter of the script, or
# straight quotes, in an Arabic-script letter (`letterkit locale check`).
PunctuationRule = tuple[str, str, str]

# --------------------------------------------------------------------------------------------
# alphabets and symbols: the letters each locale writes with (no digits, marks or punctuation:
# those are its symbols), for font coverage checks (`letterkit fonts check`, `check`) and tests.
# Cased scripts list upper then lower case.

_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RUSSIAN_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_TAJIK_UPPER = "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ"
_URDU = "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہۂۃۀھیےۓ"
_PERSIAN = "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهۀیة"

_PUNCT_LATIN = ".,;:!?'\"()-–—«»„“”‘’/&%@€£$#*+=[]§…"
_PUNCT_ARABIC = "،؛؟«»()[]/.:!-٪٫٬"
_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # harakat, shadda, sukun
_LATIN_DIGITS, _EXT_DIGITS, _ARAB_DIGITS = "0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"
_URDU_FULL_STOP, _ZWNJ = "۔", "\u200c"

_LATIN_SYMBOLS = _LATIN_DIGITS + _PUNCT_LATIN
_URDU_SYMBOLS = _LATIN_DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS
_PERSIAN_SYMBOLS = _EXT_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _ZWNJ + _MARKS

_ARABIC_SCRIPT_PUNCTUATION: tuple[PunctuationRule, ...] = (
    ("?", "؟", "question mark"),
    (",", "،", "comma"),
    (";", "؛", "semicolon"),
    ('"', "« »", "quotation marks"),
    ("“", "« »", "quotation marks"),
    ("”", "« »", "quotation marks"),
)
# Urdu-style: the full stop is ۔ too
_URDU_PUNCTUATION = _ARABIC_SCRIPT_PUNCTUATION + ((".", "۔", "full stop"),)

_AFGHAN_CALENDARS = ("gregorian", "solar_hijri", "lunar_hijri")
_SOLAR_FIRST = ("solar_hijri", "gregorian")


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
    _: KW_ONLY
    alphabet: str  # the letters a letter in this language is written with
    symbols: str  # beside the letters: digits, punctuation, marks a letter prints
    review: str  # how far its translation can be trusted: one of REVIEW_LEVELS
    font_family: str = "serif"  # font family (fonts.registry.FAMILIES) for its own script
    list_stop: str = "."  # closes a list number: "3." or Urdu "3۔"
    long_date: str = ""  # CLDR pattern for long dates where CLDR's own is not what letters use
    punctuation: tuple[PunctuationRule, ...] = ()  # marks a translation should use instead
    uses_zwnj: bool = False  # spelling uses the zero-width non-joiner (می‌نویسم, خانه‌ها)

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


_LOCALES: tuple[LocaleInfo, ...] = (
    LocaleInfo(
        "en", "English", "ltr", "Latn", "en_GB", "en", "en-GB",
        alphabet=_LATIN, symbols=_LATIN_SYMBOLS, review="source",
    ),
    LocaleInfo(
        "de", "German", "ltr", "Latn", "de_DE", "de", "de-DE",
        alphabet=_LATIN + "ÄÖÜäöüßẞ", symbols=_LATIN_SYMBOLS, review="draft",
    ),
    LocaleInfo(
        "fr", "French", "ltr", "Latn", "fr_FR", "fr", "fr-FR",
        alphabet=_LATIN + "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ",
        symbols=_LATIN_SYMBOLS, review="draft",
    ),
    LocaleInfo(
        "es", "Spanish", "ltr", "Latn", "es_ES", "es", "es-ES",
        alphabet=_LATIN + "ÁÉÍÑÓÚÜáéíñóúü", symbols=_LATIN_SYMBOLS + "¿¡", review="draft",
    ),
    LocaleInfo(
        "tr", "Turkish", "ltr", "Latn", "tr_TR", "tr", "tr-TR",
        alphabet="ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZÂÎÛabcçdefgğhıijklmnoöprsştuüvyzâîû",
        symbols=_LATIN_SYMBOLS, review="draft",
    ),
    LocaleInfo(
        "ru", "Russian", "ltr", "Cyrl", "ru_RU", "ru", "ru-RU",
        alphabet=_RUSSIAN_UPPER + _RUSSIAN_UPPER.lower(), symbols=_LATIN_SYMBOLS, review="draft",
    ),
    LocaleInfo(
        "tg", "Tajik", "ltr", "Cyrl", "tg_TJ", "tg", "tg-TJ",
        alphabet=_TAJIK_UPPER + _TAJIK_UPPER.lower(), symbols=_LATIN_SYMBOLS,
        review="needs review",
    ),
    LocaleInfo(
        "ur", "Urdu", "rtl", "Arab", "ur_PK", "ur", "ur-PK", "latn",
        ("gregorian", "lunar_hijri"), year_suffix="ء",
        alphabet=_URDU, symbols=_URDU_SYMBOLS, review="needs review",
        font_family="nastaliq", list_stop=_URDU_FULL_STOP, punctuation=_URDU_PUNCTUATION,
    ),
    LocaleInfo(
        "fa", "Persian", "rtl", "Arab", "fa_IR", "fa", "fa-IR", "arabext",
        _AFGHAN_CALENDARS, date_line=_SOLAR_FIRST,
        alphabet=_PERSIAN, symbols=_PERSIAN_SYMBOLS, review="draft",
        font_family="naskh", punctuation=_ARABIC_SCRIPT_PUNCTUATION, uses_zwnj=True,
    ),
    LocaleInfo(
        "fa_AF", "Dari", "rtl", "Arab", "fa_AF", "fa", "prs-AF", "arabext",
        _AFGHAN_CALENDARS, date_line=_SOLAR_FIRST,
        alphabet=_PERSIAN, symbols=_PERSIAN_SYMBOLS, review="needs review",
        font_family="naskh", punctuation=_ARABIC_SCRIPT_PUNCTUATION, uses_zwnj=True,
    ),
    LocaleInfo(
        "ps", "Pashto", "rtl", "Arab", "ps_AF", "ps", "ps-AF", "arabext",
        _AFGHAN_CALENDARS, date_line=_SOLAR_FIRST,
        alphabet="ءآأؤئابپتټثجځچڅحخدډذرړزژږسشښصضطظعغفقکګلمنڼوهۀيېیۍ",
        symbols=_PERSIAN_SYMBOLS, review="needs review", font_family="naskh",
        # CLDR puts the year first ("2026 نومبر 24"); letters write day, month, year
        long_date="d MMMM y", punctuation=_ARABIC_SCRIPT_PUNCTUATION,
    ),
    LocaleInfo(
        "sd", "Sindhi", "rtl", "Arab", "sd_Arab_PK", "sd", "sd-Arab-PK", "latn",
        alphabet="ءآابٻڀتٿٽٺثپجڄڃچڇحخدڌڏڊڍذرڙزژسشصضطظعغفڦقڪکگڳڱلمنڻوهھيئی۾",
        symbols=_LATIN_DIGITS + _ARAB_DIGITS + _PUNCT_ARABIC + _URDU_FULL_STOP + _MARKS,
        review="needs review", font_family="naskh",
        long_date="d MMMM y", punctuation=_URDU_PUNCTUATION,
    ),
    LocaleInfo(
        "pa_Arab", "Punjabi (Shahmukhi)", "rtl", "Arab", "pa_Arab_PK", "pa", "pa-Arab-PK",
        alphabet=_URDU + "ݨڄ", symbols=_URDU_SYMBOLS, review="needs review",
        font_family="naskh", list_stop=_URDU_FULL_STOP, punctuation=_URDU_PUNCTUATION,
    ),
    LocaleInfo(
        "bal", "Balochi", "rtl", "Arab", "ur_PK", "bal", "bal-Arab-PK",
        # Pakistani Balochi is written much like Urdu; ێ (ē), ۏ and ۆ are letters of the
        # Balochi standard orthographies, listed so that fonts are checked for them (see docs).
        alphabet=_URDU + "ێۏۆ", symbols=_URDU_SYMBOLS, review="low confidence",
        font_family="naskh", list_stop=_URDU_FULL_STOP, punctuation=_URDU_PUNCTUATION,
    ),
    LocaleInfo(
        "ar", "Arabic", "rtl", "Arab", "ar", "ar", "ar-SA", "arab",
        ("gregorian", "lunar_hijri"),
        alphabet="ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
        symbols=_ARAB_DIGITS + _LATIN_DIGITS + _PUNCT_ARABIC + _MARKS, review="draft",
        font_family="naskh", punctuation=_ARABIC_SCRIPT_PUNCTUATION,
    ),
    # pseudo-locales (translation/pseudo.py, `letterkit locale pseudo`): layouts without a
    # translator; XA/XB are the private-use regions Android and Chrome use for the same purpose
    LocaleInfo(
        "en_XA", "Pseudo-English (accented, longer)", "ltr", "Latn", "en_GB", "en", "en-XA",
        alphabet=_LATIN + ACCENTED, symbols=_LATIN_SYMBOLS, review="pseudo",
    ),
    LocaleInfo(
        "ar_XB", "Pseudo-English (Arabic letters, right to left)", "rtl", "Arab", "ar", "ar",
        "ar-XB",
        alphabet=ARABIC_LETTERS, symbols=_LATIN_DIGITS + _PUNCT_ARABIC, review="pseudo",
        font_family="naskh",
    ),
)  # fmt: skip

LOCALES: dict[str, LocaleInfo] = {info.code: info for info in _LOCALES}


def normalize_code(code: str) -> str:
    """``"fa-AF"``, ``"FA_af"``, ``"prs"`` → ``"fa_AF"``; unknown codes are returned cleaned up.

    >>> normalize_code("fa-AF"), normalize_code("prs"), normalize_code("pa_arab")
    ('fa_AF', 'fa_AF', 'pa_Arab')
    """
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
    """The Babel locale for a letterkit code (unknown codes are passed through).

    >>> babel_locale("bal"), babel_locale("xx")
    ('ur_PK', 'xx')
    """
    info = LOCALES.get(normalize_code(code))
    return info.babel if info else normalize_code(code)


def is_rtl(code: str) -> bool:
    info = LOCALES.get(normalize_code(code))
    return bool(info and info.is_rtl)
