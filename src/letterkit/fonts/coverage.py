"""Font coverage: every character a letter may hold must be drawable, or reported as a gap.

:func:`alphabet` lists each locale's letters, digits and punctuation (what a letter in that
language is made of); :func:`check_coverage` tells which characters of a text no face in the
locale's chain can draw. ``letterkit fonts check`` runs both; a gap is an error before rendering,
never a box in a letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..locales import locale_info, normalize_code
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


def alphabet(language: str) -> str:
    """The letters, digits and punctuation a letter in ``language`` uses (no duplicates), from
    the locale's :attr:`~letterkit.locales.LocaleInfo.alphabet` and
    :attr:`~letterkit.locales.LocaleInfo.symbols`."""
    info = locale_info(language)
    return "".join(dict.fromkeys(info.alphabet + info.symbols))


def check_coverage(
    text: str, language: str, family: str | None = None, *, bold: bool = False, italic: bool = False
) -> list[MissingChar]:
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
