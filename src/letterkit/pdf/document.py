"""The PDF document every letterkit PDF is drawn into: a page canvas (:mod:`.canvas`) with
the document language, written to its file by letterkit (:mod:`.file_writer`).

Every writer (letters, ``merge --combine``, faxes, envelopes, labels) opens its canvas with
:func:`open_canvas` and saves it with :func:`save_canvas`. ``merge --combine`` keeps one canvas
open for thousands of pages and packs the finished ones as it goes
(:func:`pack_finished_pages`).
"""

from __future__ import annotations

from typing import Any

from ..layouts import PAPER_SIZES
from ..locales import LOCALES, normalize_code
from ..model import Letter
from ..pages.sizes import MM
from .canvas import PageCanvas

__all__ = ["document_language", "open_canvas", "pack_finished_pages", "save_canvas"]


def document_language(letter: Letter) -> str:
    """The BCP 47 tag for the PDF catalog's /Lang (e.g. ``ur-PK``, ``prs-AF``)."""
    info = LOCALES.get(normalize_code(letter.language))
    return info.docx_lang if info is not None else letter.language.replace("_", "-")


def open_canvas(
    target: Any,
    *,
    paper: str = "a4",
    lang: str | None = None,
    invariant: bool = False,
    size: tuple[float, float] | None = None,
) -> PageCanvas:
    """The canvas for every PDF letterkit writes (letters, batch PDFs, faxes, envelopes,
    labels), to be written to ``target`` (a path or a binary file) by :func:`save_canvas`.
    ``size`` (points) overrides ``paper`` (envelopes, label sheets); ``invariant``: the same
    bytes every time (fixed dates)."""
    if size is None:
        w_mm, h_mm = PAPER_SIZES[paper]
        size = (w_mm * MM, h_mm * MM)
    return PageCanvas(target, size, lang=lang, invariant=invariant)


def save_canvas(canvas: PageCanvas) -> None:
    """Finish the canvas's last page, compress every page's contents
    (:func:`pack_finished_pages`) and write the file to the target the canvas was opened with
    (:mod:`.file_writer`). A canvas is saved once."""
    from .file_writer import write_pdf

    if not isinstance(canvas, PageCanvas):
        raise TypeError(
            "save_canvas writes canvases from open_canvas; save a reportlab canvas of your own "
            "with its save()"
        )
    if canvas.saved:
        raise RuntimeError("a canvas is saved once")
    if canvas._code:
        canvas.showPage()
    pack_finished_pages(canvas)
    write_pdf(canvas, canvas.target)
    canvas.saved = True


def pack_finished_pages(canvas: PageCanvas) -> None:
    """Compress the contents of the pages finished so far, now rather than at save.

    A canvas that grows to thousands of pages (merge's ``--combine``) holds every page's
    operators until it is saved; compressed they take a fraction of the memory. Contents are
    compressed at :data:`~letterkit.compression.FAST_LEVEL` (ISA-L's deflate); the file writer
    writes them as they are."""
    from ..compression import FAST_LEVEL, zlib_stream

    for page in canvas.pages[canvas.packed :]:
        if page.text is not None:
            page.compressed = zlib_stream(page.text.encode("utf-8"), FAST_LEVEL)
            page.text = None
    canvas.packed = len(canvas.pages)
