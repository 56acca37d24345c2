"""Reading a PDF back as a reader's tools show it (poppler), shared by the tests."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

# pdftotext wraps right-to-left and isolated runs in bidi control characters
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069"), None)


def strip_marks(text: str) -> str:
    return text.translate(BIDI_MARKS)


def pdf_text(path: Path | str, page: int | None = None) -> str:
    """``pdftotext`` of the whole file (or one page), without the bidi marks it adds."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
                          capture_output=True, text=True, check=True)
    return strip_marks(done.stdout)


def visual_word(word: str) -> str:
    """A word of ``pdftotext -bbox-layout`` in logical order (it gives Arabic-script words in
    visual order)."""
    word = strip_marks(word)
    if any("ARABIC" in unicodedata.name(c, "") for c in word):
        word = word[::-1]
    return word


__all__ = ["BIDI_MARKS", "pdf_text", "strip_marks", "visual_word"]
