"""Which face draws which character, per locale: the primary family and the fallback chain.

Decisions (see ``docs/fonts.md`` for the why):

* Each locale's family for its own script is a locale fact,
  :attr:`letterkit.locales.LocaleInfo.font_family`:
  Latin and Cyrillic (incl. Tajik): Noto Serif, for every locale — one body face for all letters.
  Urdu: Noto Nastaliq Urdu (``family="naskh"`` switches to Noto Naskh Arabic).
  Persian, Dari, Pashto, Sindhi, Punjabi (Shahmukhi), Balochi, Arabic: Noto Naskh Arabic.
* A character the primary face lacks falls back along a chain (Naskh, Noto Serif, Amiri, Noto
  Sans, Noto Sans Arabic): Sindhi ڪ ۾ in an Urdu line come from Naskh, ``@`` or ``?`` from the
  Latin face, never a box. What no face covers is reported by :func:`check_coverage`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..locales import LOCALES, normalize_code
from .registry import FAMILIES, Face, face

# script classes used for font choice
ARABIC = "Arab"
LATIN = "Latn"  # Latin and Cyrillic share the body face
COMMON = "Zyyy"


def script_class(char: str) -> str:
    """``Arab`` for Arabic-block characters, ``Latn`` for letters of other scripts we set in the
    Latin/Cyrillic body face, ``Zyyy`` for digits, punctuation, spaces and marks (they follow their
    neighbours)."""
    cp = ord(char)
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        return ARABIC
    category = unicodedata.category(char)
    if category[0] == "L":
        return LATIN
    return COMMON


def default_family(language: str, script: str) -> str:
    """The locale's family for a script class (``Arab`` or ``Latn``): for its own script, its
    :attr:`~letterkit.locales.LocaleInfo.font_family`; for another, Naskh or the serif face."""
    info = LOCALES.get(normalize_code(language))
    if info is not None and (info.script == "Arab") == (script == ARABIC):
        return info.font_family
    return "naskh" if script == ARABIC else "serif"


def primary_family(language: str, script: str, family: str | None) -> str:
    """``family`` if it serves ``script``, else the locale default.

    ``family`` names the face for the locale's own script: ``"naskh"`` for an Urdu letter,
    ``"sans"`` for an English one. A family that cannot draw the script is ignored for it.
    """
    if family is not None:
        info = FAMILIES.get(family)
        if info is not None and (
            script in info.scripts or (script == LATIN and "Latn" in info.scripts)
        ):
            return family
    return default_family(language, script)


# after the primary face: Naskh (Arabic letters Nastaliq lacks), the Latin body face (ASCII
# punctuation Naskh lacks: ( ) @ ? %), Amiri (covers everything Arabic and Latin), then the rest
_CHAIN = ("naskh", "serif", "amiri", "sans", "sans-arabic")


@lru_cache(maxsize=4096)
def chain(language: str, script: str, family: str | None) -> tuple[str, ...]:
    """Family ids to try, in order, for a character of ``script`` in ``language``."""
    first = primary_family(language, script, family)
    if script == COMMON:
        # digits and punctuation: the locale's own face first (Urdu digits come from Nastaliq)
        info = LOCALES.get(normalize_code(language))
        own = ARABIC if info is not None and info.script == "Arab" else LATIN
        first = primary_family(language, own, family)
    ordered = [first]
    if script == LATIN:
        ordered.append(primary_family(language, LATIN, None))
    ordered.extend(_CHAIN)
    return tuple(dict.fromkeys(ordered))


def _ignorable(char: str) -> bool:
    """Characters no font needs to draw: format controls (ZWNJ, ZWJ, bidi marks), line breaks."""
    return unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp")


@lru_cache(maxsize=65536)
def face_for_char(
    char: str, script: str, language: str, family: str | None, bold: bool, italic: bool
) -> Face | None:
    """The first face of the chain that has ``char``; ``None`` when no bundled face has it."""
    for family_id in chain(language, script, family):
        candidate = face(family_id, bold, italic)
        if candidate.has(char):
            return candidate
    return None


def is_ignorable(char: str) -> bool:
    return _ignorable(char)
