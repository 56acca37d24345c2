"""The one adapter to letterkit's printing internals (envelopes, labels, PDF pages).

After the package reshape only the imports in this module need new paths.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..model import Letter
from ..output import render
from ..pdf.envelope import render_envelopes
from ..pdf.labels import render_labels

# PDFium is not thread-safe, not even across documents: the server's threads take turns.
PDFIUM_LOCK = threading.Lock()


def combine(
    letters: Sequence[Letter],
    *,
    duplex: bool = True,
    envelopes: bool = True,
    labels: bool = True,
    envelope: str = "DL",
    sheet: str = "L7163",
) -> bytes:
    """One PDF: every letter (each starting on a new sheet when ``duplex``), then an envelope
    per letter and the address labels, in the order given."""
    import pypdfium2 as pdfium

    pages = [render(letter, "pdf") for letter in letters]
    extras = []
    if envelopes and letters:
        extras.append(render_envelopes(letters, envelope))
    if labels and letters:
        extras.append(render_labels(letters, sheet))
    with PDFIUM_LOCK:
        return _concatenate(pdfium, pages, extras, duplex)


def _concatenate(pdfium: Any, letters: list[bytes], extras: list[bytes], duplex: bool) -> bytes:
    out = pdfium.PdfDocument.new()
    try:
        for letter in letters:
            _append(pdfium, out, letter)
            if duplex and len(out) % 2:
                width, height = out[len(out) - 1].get_size()
                out.new_page(width, height)
        for data in extras:
            _append(pdfium, out, data)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()


def _append(pdfium: Any, out: Any, pdf: bytes) -> None:
    part = pdfium.PdfDocument(pdf)
    try:
        out.import_pages(part)
    finally:
        part.close()


def postage_counts(countries: Sequence[str]) -> list[tuple[str, int]]:
    """Letters per destination country, for buying stamps."""
    return sorted(Counter(countries).items())
