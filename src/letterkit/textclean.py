"""Text cleaning, and script tests: the one module for both (outside the PDF code).

Plain text from untrusted values: what a profile, a spreadsheet row or a form may hold.

A supporter's name is data, never layout: control characters (C0 and C1, NUL included), line and
paragraph separators, and the invisible formatting characters that steer the bidirectional
algorithm (embeddings, overrides, isolates, LRM/RLM/ALM) or hide text (BOM, word joiners,
interlinear annotation) are removed; line breaks and tabs become spaces. A right-to-left override
inside a name would otherwise turn "gpj.exe" into "exe.jpg" in the signature, and a NUL would
reach the text file. Zero-width non-joiner and joiner stay: Persian, Dari and Urdu spelling needs
them (می‌نویسم).

Each output has its own rule, named here: :func:`plain_line` (letter fields, strict),
:func:`xml_line` (DOCX: what XML 1.0 allows, bidi marks kept), :func:`printable_line` (postal
lines: controls become spaces, LRM/RLM kept), :func:`no_controls` (email bodies: inner spacing
kept). :func:`has_arabic_script` and :func:`is_arabic_letter` are the script tests.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "KEEP_FORMAT",
    "has_arabic_script",
    "is_arabic_letter",
    "no_controls",
    "plain_line",
    "plain_lines",
    "printable_line",
    "xml_line",
]

# format characters (category Cf) that are part of spelling, not of layout
KEEP_FORMAT = frozenset("\u200c\u200d\u00ad")  # ZWNJ, ZWJ, soft hyphen
_BREAKS = frozenset("\r\n\t\v\f\u2028\u2029\x85")
_SPACES = re.compile(r"\s{2,}")


def _keep(ch: str) -> str:
    if ch in _BREAKS:
        return " "
    category = unicodedata.category(ch)
    if category == "Cc" or (category == "Cf" and ch not in KEEP_FORMAT):
        return ""
    return ch


def plain_line(value: object) -> str:
    """One line of plain text, safe in any output (see the module's doc).

    >>> plain_line("Amina\\u202e gpj.exe\\x00 \\n Rahimi")
    'Amina gpj.exe Rahimi'
    >>> plain_line("می\\u200cنویسم\\u200f")
    'می\\u200cنویسم'
    """
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    return _SPACES.sub(" ", "".join(_keep(ch) for ch in text)).strip()


def plain_lines(values: object) -> tuple[str, ...]:
    """Each value a :func:`plain_line`; empty ones dropped."""
    if isinstance(values, str):
        values = values.splitlines()
    out = (plain_line(v) for v in values)  # type: ignore[attr-defined]
    return tuple(line for line in out if line)


# Line and paragraph separators, tabs and page breaks become one space in a DOCX: the letter's
# structure comes from the model, never from characters inside a value.
_XML_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# What XML 1.0 forbids (and C1 controls, which no letter needs), after _XML_BREAKS has run.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_line(text: str) -> str:
    """``text`` as one line of printable Unicode for WordprocessingML: breaks become spaces,
    XML-illegal characters go (XML 1.0 forbids most C0 controls, lone surrogates and
    U+FFFE/U+FFFF; one ``\\x0b`` makes Word refuse the file).

    Bidi marks (LRM, RLM, embeddings, isolates), ZWNJ and ZWJ are legitimate text and stay.

    >>> xml_line("Amina\\nRahimi\\x0b& Co\\x00")
    'Amina Rahimi & Co'
    """
    if not text:
        return ""
    return _XML_ILLEGAL.sub("", _XML_BREAKS.sub(" ", text))


# kept in a postal line: ZWNJ, ZWJ (spelling) and LRM, RLM (an address's own direction marks)
_POSTAL_FORMAT = frozenset("\u200c\u200d\u200f\u200e")


def printable_line(text: object) -> str:
    """One printable line for an address: control and format characters become spaces (ZWNJ,
    ZWJ, LRM and RLM stay), runs of spaces one space.

    >>> printable_line("10115\\x00Berlin\\u202e  Mitte")
    '10115 Berlin Mitte'
    """
    line = "".join(
        " " if unicodedata.category(c)[0] == "C" and c not in _POSTAL_FORMAT else c
        for c in str(text or "")
    )
    return " ".join(line.split())


# embeddings, overrides and isolates: they could disguise an address in an email
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_controls(value: object) -> str:
    """Controls and line separators become spaces, bidi overrides (which could disguise an
    address) are dropped; inner spacing is kept.

    >>> no_controls("a\\tb\\u202e  c")
    'a b  c'
    """
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch in _BIDI_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


# the Arabic script's blocks: Arabic, Supplement (Shahmukhi ݨ), Extended-B and -A, Presentation
# Forms-A and -B, Rumi numerals, Arabic mathematical letters
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x089F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10E60, 0x10E7F),
    (0x1EE00, 0x1EEFF),
)


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds a character of the Arabic script (Urdu, Dari, Pashto, Shahmukhi…).

    >>> has_arabic_script("Islamabad"), has_arabic_script("ہݨ")
    (False, True)
    """
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _ARABIC_BLOCKS)


def is_arabic_letter(char: str) -> bool:
    """Whether ``char`` is a letter of the Arabic script (not its punctuation or digits).

    >>> is_arabic_letter("ݨ"), is_arabic_letter("،"), is_arabic_letter("a")
    (True, False, False)
    """
    return has_arabic_script(char) and unicodedata.category(char).startswith("L")
