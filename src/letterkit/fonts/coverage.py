"""Font coverage: every character a letter may hold must be drawable, or reported as a gap.

:func:`alphabet` lists each locale's letters, digits and punctuation (what a letter in that
language is made of); :func:`check_coverage` tells which characters of a text no face in the
locale's chain can draw. ``letterkit fonts check`` runs both; a gap is an error before rendering,
never a box in a letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..i18n import locale_info, normalize_code
from .selection import COMMON, face_for_char, is_ignorable, primary_family, script_class


@dataclass(frozen=True)
class MissingChar:
    """A character no face of the chain can draw, with where it first occurs."""

    char: str
    index: int  # first position in the checked text
    language: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unnamed character")

    def __str__(self) -> str:
        return f"{self.codepoint} {self.name} ({self.char!r}) at {self.index}"


def _upper_lower(lower: str) -> str:
    return lower + "".join(c.upper() for c in lower if c.upper() != c and len(c.upper()) == 1)


_LATIN = "abcdefghijklmnopqrstuvwxyz"
_PUNCT_LATIN = ".,;:!?'\"()-–—«»„“”‘’/&%@€£$#*+=[]§…"
_DIGITS = "0123456789"
_EXT_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARAB_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PUNCT_ARABIC = "،؛؟«»()[]/.:!-٪٫٬"
_PERSIAN = "ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀة"
_URDU = "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۓۃۂۀ"
_PASHTO = "ءآأؤئابپتټثجځچڅحخدډذرړزږژسشښصضطظعغفقکګلمنڼوهيېیۍ"
_SINDHI = "ءآابٻڀتٿٽٺثپجڄڃچڇحخدڌڏڊڍذرڙزژسشصضطظعغفڦقڪکڳگڱلمنڻوهھيی۾"
_BALOCHI = "ءآابپتٹجچدڈرڑزژسشکگلمنوۏهھیێےۆ"
_ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_SHAHMUKHI = _URDU + "ݨڄ"
_CYRILLIC_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_CYRILLIC_TG = "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя"
_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # harakat, shadda, sukun, alef

_ALPHABETS: dict[str, str] = {
    "en": _upper_lower(_LATIN) + _DIGITS + _PUNCT_LATIN,
    "de": _upper_lower(_LATIN + "äöüß") + "ẞ" + _DIGITS + _PUNCT_LATIN,
    "fr": _upper_lower(_LATIN + "àâæçéèêëîïôœùûüÿ") + _DIGITS + _PUNCT_LATIN,
    "es": _upper_lower(_LATIN + "áéíñóúü") + "¿¡" + _DIGITS + _PUNCT_LATIN,
    "tr": _upper_lower(_LATIN.replace("i", "") + "çğöşü") + "ıiİ" + _DIGITS + _PUNCT_LATIN,
    "ru": _upper_lower(_CYRILLIC_RU) + _DIGITS + _PUNCT_LATIN,
    "tg": _upper_lower(_CYRILLIC_TG) + _DIGITS + _PUNCT_LATIN,
    "ur": _URDU + _DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + "۔" + _MARKS,
    "fa": _PERSIAN + _EXT_DIGITS + _DIGITS + _PUNCT_ARABIC + "\u200c" + _MARKS,
    "fa_AF": _PERSIAN + _EXT_DIGITS + _DIGITS + _PUNCT_ARABIC + "\u200c" + _MARKS,
    "ps": _PASHTO + _EXT_DIGITS + _DIGITS + _PUNCT_ARABIC + "\u200c" + _MARKS,
    "sd": _SINDHI + _DIGITS + _ARAB_DIGITS + _PUNCT_ARABIC + "۔" + _MARKS,
    "pa_Arab": _SHAHMUKHI + _DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + "۔" + _MARKS,
    "bal": _BALOCHI + _DIGITS + _EXT_DIGITS + _PUNCT_ARABIC + "۔" + _MARKS,
    "ar": _ARABIC + _ARAB_DIGITS + _DIGITS + _PUNCT_ARABIC + _MARKS,
}


def alphabet(language: str) -> str:
    """The letters, digits and punctuation a letter in ``language`` uses (no duplicates)."""
    code = locale_info(language).code
    from .. import i18n

    letters = getattr(i18n, "ALPHABETS", {}).get(code, "")  # the i18n module's letter lists
    return "".join(dict.fromkeys(letters + _ALPHABETS[code]))


def check_coverage(text: str, language: str, family: str | None = None,
                   *, bold: bool = False, italic: bool = False) -> list[MissingChar]:
    """Characters of ``text`` that no face for ``language`` can draw (one entry per character).

    Uses the same choice as the PDF text engine: the primary family for the character's script
    (``family`` overrides the locale default, e.g. ``"naskh"`` for Urdu), then the fallback chain.
    Digits and punctuation are checked in the locale's own face first.
    """
    code = normalize_code(language)
    locale_info(code)  # unknown languages raise ChoiceError
    missing: dict[str, MissingChar] = {}
    for index, char in enumerate(text):
        if char in missing or char.isspace() or is_ignorable(char):
            continue
        script = script_class(char)
        if unicodedata.category(char).startswith("M"):
            script = COMMON
        if face_for_char(char, script, code, family, bold, italic) is None:
            missing[char] = MissingChar(char, index, code)
    return list(missing.values())


def primary_face_name(language: str, script: str = "Arab", family: str | None = None) -> str:
    """Human-readable family name of the face that draws ``script`` for ``language``."""
    from .registry import FAMILIES

    return FAMILIES[primary_family(normalize_code(language), script, family)].name
