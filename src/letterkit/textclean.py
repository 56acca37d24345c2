"""Plain text from untrusted values: what a profile, a spreadsheet row or a form may hold.

A supporter's name is data, never layout: control characters (C0 and C1, NUL included), line and
paragraph separators, and the invisible formatting characters that steer the bidirectional
algorithm (embeddings, overrides, isolates, LRM/RLM/ALM) or hide text (BOM, word joiners,
interlinear annotation) are removed; line breaks and tabs become spaces. A right-to-left override
inside a name would otherwise turn "gpj.exe" into "exe.jpg" in the signature, and a NUL would
reach the text file. Zero-width non-joiner and joiner stay: Persian, Dari and Urdu spelling needs
them (می‌نویسم).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["KEEP_FORMAT", "has_arabic_script", "plain_line", "plain_lines"]

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


# the Arabic script's blocks: Arabic, Supplement (Shahmukhi ݨ), Extended-B and -A, Presentation
# Forms-A and -B (one character class: the test runs on every line the PDF writer lays out)
_ARABIC_SCRIPT = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
)


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds a character of the Arabic script (Urdu, Dari, Pashto, Shahmukhi…).

    >>> has_arabic_script("Islamabad"), has_arabic_script("ہݨ")
    (False, True)
    """
    return _ARABIC_SCRIPT.search(text) is not None
