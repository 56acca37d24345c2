"""The PDF letter writer: a :class:`~letterkit.model.Letter` on window-envelope paper.

Three entry points:

* :func:`render_pdf` — one letter as PDF bytes (metadata, document language, fonts embedded as
  subsets, :mod:`.font_embedding`);
* :func:`write_pdf` — the same, written atomically to a path (never overwriting without
  ``force``);
* :func:`draw_letter` — draws a letter's pages onto a canvas someone else owns, so batches can
  build one combined PDF (fax bundles, print runs) without re-opening files.

The pages are composed completely first (:mod:`letterkit.pages`), so "Page n of m" is known
before page 1 is drawn. Geometry comes from :mod:`letterkit.layouts`; all text goes through
letterkit's own text engine (:mod:`letterkit.text`), which does bidi and shaping, and is drawn
by :mod:`.text_drawing`. The document itself (canvas, language, saving) is :mod:`.document`'s.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..layouts import LetterLayout, resolve_page
from ..locales import field_separator, fill_label
from ..model import Letter
from ..pages.blocks import Plan
from ..pages.composer import Composer
from ..pages.sizes import FOLLOW_HEADER_MM, FOOTER_FROM_BOTTOM_MM, MM, SMALL_SIZE
from ..textclean import single_line
from .document import document_language, open_canvas, save_canvas

__all__ = [
    "PdfOptions",
    "draw_letter",
    "page_count",
    "render_pdf",
    "resolve_geometry",
    "write_pdf",
]

FOLD_MARK_X_MM = 3.5  # KOMA foldmarkhpos
FOLD_MARK_LEN_MM = 2.0
PUNCH_MARK_LEN_MM = 4.0
MARK_WIDTH = 0.25  # pt; a fax gets 1 pt or nothing
MARK_GREY = 0.35


@dataclass(frozen=True)
class PdfOptions:
    """How to print a letter.

    ``paper``: ``"a4"`` or ``"letter"``; ``None`` takes the layout's paper (US Letter for
    senders in the US and Canada). ``layout``: a :mod:`letterkit.layouts` name; ``None`` picks
    the layout for the sender's country (DIN 5008 B when the address is withheld or unknown).
    ``fax``: black on white only, no greys, no strokes under 1 pt, no text under 11 pt, no fold
    marks or return-address line (a fax travels in no envelope).
    """

    paper: str | None = None
    layout: str | None = None
    fold_marks: bool = True
    fax: bool = False
    invariant: bool = False  # reproducible bytes: fixed dates and document id (batches, tests)
    family: str | None = None  # font family for the letter's own script, e.g. "naskh" for Urdu


def resolve_geometry(letter: Letter, options: PdfOptions) -> tuple[LetterLayout, str]:
    """The layout and paper a letter is printed with (:func:`letterkit.layouts.resolve_page`)."""
    address = letter.sender.address
    return resolve_page(address.country if address else "", options.layout, options.paper)


def draw_letter(canvas: Any, letter: Letter, options: PdfOptions = PdfOptions()) -> int:
    """Draw every page of ``letter`` onto an open canvas (:func:`.document.open_canvas`'s, or a
    reportlab ``Canvas`` of the caller's own); return the page count.

    Each page ends with ``showPage()``, so the caller can draw further letters (or a fax cover
    before) on the same canvas. Document metadata is the caller's business (see
    :func:`render_pdf`).
    """
    from .text_drawing import draw_block

    layout, paper = resolve_geometry(letter, options)
    composer = Composer(letter, layout, paper, fax=options.fax, family=options.family)
    plan = composer.plan()
    total = len(plan.pages)
    canvas.setPageSize((plan.frame.width, plan.frame.height))
    for number, placed in enumerate(plan.pages, start=1):
        if number == 1 and options.fold_marks and not options.fax and not letter.addressees:
            _draw_marks(canvas, plan)
        if number > 1:
            _draw_continuation(canvas, composer, plan)
        if total > 1:
            _draw_page_number(canvas, composer, plan, number, total)
        for item in placed:
            draw_block(canvas, item.block, item.x, item.y_top)
        canvas.showPage()
    return total


def page_count(letter: Letter, options: PdfOptions = PdfOptions()) -> int:
    """How many pages :func:`draw_letter` will draw, without drawing (e.g. for a fax cover's
    "pages including this one")."""
    layout, paper = resolve_geometry(letter, options)
    return len(Composer(letter, layout, paper, fax=options.fax, family=options.family).plan().pages)


def _draw_marks(canvas: Any, plan: Plan) -> None:
    """Fold marks and the punch (hole) mark at the left edge, thin and grey."""
    layout, frame = plan.layout, plan.frame
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setStrokeGray(MARK_GREY)
    x0 = FOLD_MARK_X_MM * MM
    for y_mm in layout.fold_marks:
        if 0 < y_mm < frame.height_mm:
            y = frame.y(y_mm)
            canvas.line(x0, y, x0 + FOLD_MARK_LEN_MM * MM, y)
    if layout.punch_mark is not None:
        # the punch mark halves the sheet: the layout's value on its own paper, else the middle
        y_mm = layout.punch_mark if layout.paper == plan.paper else frame.height_mm / 2
        y = frame.y(y_mm)
        canvas.line(x0, y, x0 + PUNCH_MARK_LEN_MM * MM, y)
    canvas.restoreState()


def _draw_continuation(canvas: Any, composer: Composer, plan: Plan) -> None:
    """Pages 2+: "{recipient} · {date}" at the top, on the start side."""
    letter = composer.letter
    recipient, date = composer.isolate(letter.recipient.name), composer.isolate(letter.date)
    plain = "{recipient}" + field_separator(letter.language) + "{date}"
    text = fill_label(
        letter.labels.continuation, letter.language, fallback=plain, recipient=recipient, date=date
    )
    block = composer.paragraph(text, plan.text_width, composer.style(SMALL_SIZE))
    _draw_on_baseline(canvas, block, plan.text_left, plan.frame.y(FOLLOW_HEADER_MM))


def _draw_page_number(canvas: Any, composer: Composer, plan: Plan, page: int, pages: int) -> None:
    """ "Page n of m" centred at the foot of every page of a multi-page letter."""
    letter = composer.letter
    text = fill_label(
        letter.labels.page,
        letter.language,
        digits=letter.digits,
        fallback="{page} / {pages}",
        page=page,
        pages=pages,
    )
    block = composer.paragraph(text, plan.text_width, composer.style(SMALL_SIZE), align="center")
    _draw_on_baseline(canvas, block, plan.text_left, FOOTER_FROM_BOTTOM_MM * MM)


def _draw_on_baseline(canvas: Any, block: Any, x: float, baseline: float) -> None:
    """Draw a block so that its first line sits on ``baseline``."""
    from .text_drawing import draw_block

    ascent = block.lines[0].ascent if block.lines else 0.0
    draw_block(canvas, block, x, baseline + ascent)


def render_pdf(letter: Letter, options: PdfOptions = PdfOptions()) -> bytes:
    """The letter as a PDF document (bytes), with metadata and the document language set."""
    _, paper = resolve_geometry(letter, options)
    buffer = io.BytesIO()
    canvas = open_canvas(
        buffer, paper=paper, lang=document_language(letter), invariant=options.invariant
    )
    meta = letter.meta
    canvas.setTitle(single_line(meta.title))
    canvas.setAuthor(single_line(meta.author))
    canvas.setSubject(single_line(meta.subject))
    if meta.keywords:
        canvas.setKeywords([single_line(k) for k in meta.keywords])
    canvas.setCreator(meta.generator or "letterkit")
    draw_letter(canvas, letter, options)
    save_canvas(canvas)
    return buffer.getvalue()


def write_pdf(
    letter: Letter, path: Path, options: PdfOptions = PdfOptions(), *, force: bool = False
) -> Path:
    """Write the letter's PDF to ``path`` atomically; refuse to overwrite unless ``force``.

    The check comes first, so a batch re-run skips rendering for files that exist.
    """
    from ..fileio import refuse_existing, write_atomic

    path = Path(path)
    refuse_existing(path, force)
    return write_atomic(path, render_pdf(letter, options), force=force)
