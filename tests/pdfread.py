"""Reading a PDF back as a reader's tools show it (poppler), shared by the tests."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

PT_PER_MM = 72 / 25.4

# pdftotext wraps right-to-left and isolated runs in bidi control characters
BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None
)


def strip_marks(text: str) -> str:
    return text.translate(BIDI_MARKS)


def pdf_text(path: Path | str, page: int | None = None) -> str:
    """``pdftotext`` of the whole file (or one page), without the bidi marks it adds."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return strip_marks(done.stdout)


def visual_word(word: str) -> str:
    """A word of ``pdftotext -bbox-layout`` in logical order (it gives Arabic-script words in
    visual order)."""
    word = strip_marks(word)
    if any("ARABIC" in unicodedata.name(c, "") for c in word):
        word = word[::-1]
    return word


_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    r"(.*?)</line>",
    re.DOTALL,
)
Box = tuple[float, float, float, float]


def bbox_lines(path: Path | str, page: int | None = None) -> list[list[tuple[list[str], Box]]]:
    """Per page (or only ``page``), the text lines poppler finds: each line's words as
    ``pdftotext -bbox-layout`` gives them, and its box (xMin, yMin, xMax, yMax) in points from
    the top-left corner of the page."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        [
            (
                [html.unescape(w) for w in re.findall(r">([^<]*)</word>", m.group(5))],
                (float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4))),
            )
            for m in _LINE.finditer(body)
        ]
        for body in re.findall(r"<page .*?</page>", xml, re.DOTALL)
    ]


def sorted_line_boxes_mm(path: Path | str) -> list[list[tuple[str, Box]]]:
    """Per page: (the line's words in logical order, sorted and joined by spaces; its box in
    mm from the top-left) — for comparing lines whose word order poppler may change."""
    return [
        [
            (
                " ".join(sorted(w for w in map(visual_word, words) if w)),
                tuple(v / PT_PER_MM for v in box),
            )  # type: ignore[misc]
            for words, box in lines
        ]
        for lines in bbox_lines(path)
    ]


def baselines_mm(path: Path | str) -> list[list[tuple[float, str]]]:
    """Per page, the text lines top to bottom as (baseline in mm from the top of the page, the
    line's characters sorted). Read from each character's origin (pdfium), not from its box:
    boxes depend on the ascent and descent a PDF producer writes for a font, baselines do not.
    A Nastaliq line's letters sit at several heights (its words descend to the left): a line
    is the characters within 1.2 mm of the one above, its baseline their most common height."""
    import ctypes
    from collections import Counter

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages = []
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            height = page.get_height()
            text = page.get_textpage()
            x, y = ctypes.c_double(), ctypes.c_double()
            points = []
            for index in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
                if char.isspace() or not char.isprintable() or ord(char) in BIDI_MARKS:
                    continue
                pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
                points.append(((height - y.value) / PT_PER_MM, char))
            points.sort()
            lines: list[list[tuple[float, str]]] = []
            for point in points:
                if lines and point[0] - lines[-1][-1][0] < 1.2:
                    lines[-1].append(point)
                else:
                    lines.append([point])
            pages.append(
                [
                    (
                        Counter(round(v * 5) / 5 for v, _ in line).most_common(1)[0][0],
                        "".join(sorted(c for _, c in line)),
                    )
                    for line in lines
                ]
            )
    finally:
        document.close()
    return pages


__all__ = [
    "BIDI_MARKS",
    "PT_PER_MM",
    "baselines_mm",
    "bbox_lines",
    "pdf_text",
    "sorted_line_boxes_mm",
    "strip_marks",
    "visual_word",
]
