"""The PDF document every letterkit PDF is drawn into: a reportlab canvas with the document
language, compressed contents and no font of reportlab's in its pages, written to its file by
letterkit (:mod:`.file_writer`).

Every writer (letters, ``merge --combine``, faxes, envelopes, labels) opens its canvas with
:func:`open_canvas` and saves it with :func:`save_canvas`. ``merge --combine`` keeps one canvas
open for thousands of pages and packs the finished ones as it goes
(:func:`pack_finished_pages`).
"""

from __future__ import annotations

import zlib
from typing import Any

from ..layouts import PAPER_SIZES
from ..locales import LOCALES, normalize_code
from ..model import Letter
from ..pages.sizes import MM

__all__ = ["document_language", "open_canvas", "pack_finished_pages", "save_canvas"]


def document_language(letter: Letter) -> str:
    """The BCP 47 tag for the PDF catalog's /Lang (e.g. ``ur-PK``, ``prs-AF``)."""
    info = LOCALES.get(normalize_code(letter.language))
    return info.docx_lang if info is not None else letter.language.replace("_", "-")


class _NoInitialFont:
    """The initial font of letterkit's canvases, never drawn with (text goes through
    :mod:`letterkit.text`, which embeds its own fonts). reportlab writes an initial font into
    every page unless it is a "dynamic" font, embedded only when used: with its default, every
    page would reference an unembedded Helvetica."""

    fontName = "letterkit-no-initial-font"
    _dynamicFont = 1
    _multiByte = 0

    class face:  # reportlab reads font.face.name
        name = b"letterkit-no-initial-font"


def open_canvas(
    target: Any,
    *,
    paper: str = "a4",
    lang: str | None = None,
    invariant: bool = False,
    size: tuple[float, float] | None = None,
) -> Any:
    """A reportlab canvas for every PDF letterkit writes (letters, batch PDFs, faxes,
    envelopes, labels): compressed, with the document language, and with no font of
    reportlab's in its pages. ``size`` (points) overrides ``paper`` (envelopes, label sheets)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    if _NoInitialFont.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_NoInitialFont())
    if size is None:
        w_mm, h_mm = PAPER_SIZES[paper]
        size = (w_mm * MM, h_mm * MM)
    return Canvas(
        target,
        pagesize=size,
        lang=lang,
        pageCompression=1,
        invariant=1 if invariant else 0,
        initialFontName=_NoInitialFont.fontName,
    )


def save_canvas(canvas: Any) -> None:
    """Finish the canvas's last page, compress every page's contents
    (:func:`pack_finished_pages`) and write the file to the target the canvas was opened with,
    with letterkit's own writer (:mod:`.file_writer`; reportlab's ``canvas.save()`` is never
    called). A canvas is saved once."""
    from .file_writer import write_pdf

    if getattr(canvas, "_letterkit_saved", False):
        raise RuntimeError("a canvas is saved once")
    if len(canvas._code):
        canvas.showPage()  # what save() would do first
    pack_finished_pages(canvas)
    write_pdf(canvas, canvas._filename)
    canvas._letterkit_saved = True


def pack_finished_pages(canvas: Any) -> None:
    """Compress the contents of the pages finished so far, now rather than at save.

    A canvas that grows to thousands of pages (merge's ``--combine``) holds every page's
    operators until it is saved; compressed they take a fraction of the memory. Contents are
    compressed with zlib level :data:`~letterkit.fonts.program.ZLIB_LEVEL`; the file writer
    writes them as they are."""
    from ..fonts.program import ZLIB_LEVEL
    from .syntax import flate_stream

    pages = canvas._doc.Pages.pages
    for page in pages[getattr(canvas, "_letterkit_packed", 0) :]:
        if page.stream and page.Contents is None:
            data = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
            page.Contents = flate_stream(zlib.compress(data, ZLIB_LEVEL))
            page.stream = None
    canvas._letterkit_packed = len(pages)
