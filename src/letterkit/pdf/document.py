"""The PDF document every letterkit PDF is drawn into: a reportlab canvas with the document
language, compressed contents and no font of reportlab's in its pages.

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
    """``canvas.save()`` with every page's contents compressed by :func:`pack_finished_pages`
    (zlib level :data:`~letterkit.fonts.program.ZLIB_LEVEL`, binary): reportlab then has no
    stream left to compress itself, so its own settings (ASCII85 armour, zlib level 6) never
    apply, and no global setting of reportlab's is changed."""
    if len(canvas._code):
        canvas.showPage()  # what save() would do first
    pack_finished_pages(canvas)
    canvas.save()


def pack_finished_pages(canvas: Any) -> None:
    """Compress the contents of the pages finished so far, now rather than at save.

    A canvas that grows to thousands of pages (merge's ``--combine``) holds every page's
    operators until it is saved; compressed they take a fraction of the memory. The saved file
    shows the same pages (only the streams' dictionaries are written differently)."""
    from ..fonts.program import ZLIB_LEVEL
    from .syntax import flate_stream

    pages = canvas._doc.Pages.pages
    for page in pages[getattr(canvas, "_letterkit_packed", 0) :]:
        if page.stream and page.Contents is None:
            data = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
            page.Contents = flate_stream(zlib.compress(data, ZLIB_LEVEL))
            page.stream = None
    canvas._letterkit_packed = len(pages)
