"""Fax writer: a cover sheet and the letter, in one PDF that any fax service sends as it is.

A fax is scanned at about 200 dpi in black and white: greys turn into dither noise, hairlines
vanish and small type clots. So everything here is black on white, lines are at least 1 pt and
text at least 11 pt; the letter pages come from the PDF writer with ``PdfOptions(fax=True)``,
which follows the same rules.

The cover sheet says who the fax is for (name, organisation, fax number in international form),
who sends it, the date, the number of pages *including the cover*, the subject and a short note.
Its labels are translated through gettext in the letter's language, and a right-to-left letter
gets a mirrored cover (labels on the right, text right-aligned), all drawn by letterkit's text
engine so Urdu, Dari and Pashto are shaped and ordered correctly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..delivery.channels import missing_channel_error
from ..delivery.phone import format_international, normalize_fax
from ..fileio import write_atomic
from ..locales import N_, localize_digits, translate
from ..model import Letter
from ..pages.sizes import MM
from ..textclean import first_strong_direction, single_line
from .document import document_language, open_canvas, save_canvas
from .letter import PdfOptions, draw_letter, resolve_geometry

__all__ = ["FAX_MESSAGES", "FaxCover", "fax_cover", "fax_number", "render_fax", "write_fax"]

# msgids of the cover sheet (besides the letter's own labels: To, From, Date, Subject, Ref.)
TITLE = N_("Fax")
FAX_LABEL = N_("Fax:")
PAGES_LABEL = N_("Pages (including this cover):")
NOTE_LABEL = N_("Note:")
DEFAULT_NOTE = N_("Please pass this letter on to the addressee. Thank you.")
FAX_MESSAGES: tuple[str, ...] = (TITLE, FAX_LABEL, PAGES_LABEL, NOTE_LABEL, DEFAULT_NOTE)

TITLE_SIZE = 30.0
TEXT_SIZE = 13.0  # comfortably above the 11 pt a fax needs
RULE_WIDTH = 1.5  # pt: survives 200 dpi scanning
ROW_GAP_MM = 4.5
COLUMN_GAP_MM = 6.0
MARGIN_MM = 22.0


def fax_number(letter: Letter) -> str:
    """The recipient's fax number in E.164 (``+12025550147``), validated; a recipient without
    one raises :class:`~letterkit.errors.DeliveryError` listing the channels it has."""
    raw = single_line(letter.recipient.fax)
    if not raw:
        raise missing_channel_error(letter.recipient, "fax", letter.meta.target_id)
    region = letter.recipient.address.country if letter.recipient.address else ""
    where = f"fax of {letter.meta.target_id}" if letter.meta.target_id else "recipient fax"
    return normalize_fax(raw, region or None, field=where)


@dataclass(frozen=True)
class FaxCover:
    """The cover sheet's content, already localized: ``rows`` are (label, value lines)."""

    title: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    direction: str
    language: str
    number: str  # E.164


def fax_cover(letter: Letter, pages: int, *, cover_note: str = "") -> FaxCover:
    """What the cover says, for a fax of ``pages`` pages in all (cover included)."""
    number = fax_number(letter)
    code = letter.language

    def t(message: str) -> str:
        return translate(code, message)

    recipient = letter.recipient
    to_lines = [recipient.name, recipient.position, recipient.organisation]
    sender = letter.sender
    from_lines = [sender.name, sender.email, sender.phone]
    if not single_line(sender.email) and not single_line(sender.phone):
        from_lines += list(sender.lines[1:])  # safe mode: initials and town
    rows: list[tuple[str, tuple[str, ...]]] = [
        (letter.labels.to, _lines(to_lines)),
        (t(FAX_LABEL), (format_international(number),)),
        (letter.labels.from_, _lines(from_lines)),
        (letter.labels.date, _lines([letter.date])),
        (t(PAGES_LABEL), (localize_digits(str(pages), letter.digits),)),
        (letter.labels.subject, _lines([letter.subject])),
    ]
    if single_line(letter.reference):
        rows.append((letter.labels.reference, _lines([letter.reference])))
    rows.append((t(NOTE_LABEL), _lines([cover_note or t(DEFAULT_NOTE)])))
    return FaxCover(t(TITLE), tuple(rows), letter.direction, code, number)


def _lines(values: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        line = single_line(value or "")
        if line and line not in out:
            out.append(line)
    return tuple(out)


def draw_cover(canvas: Any, cover: FaxCover, page_size: tuple[float, float]) -> None:
    """Draw the cover on the canvas's current page and end the page."""
    from .. import text as engine
    from .text_drawing import draw_block

    width, height = page_size
    canvas.setPageSize(page_size)
    rtl = cover.direction == "rtl"
    left, right = MARGIN_MM * MM, width - MARGIN_MM * MM
    box = right - left
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(RULE_WIDTH)

    def block(text: str, w: float, style: Any, side: str, direction: str | None = None) -> Any:
        own = direction or first_strong_direction(text, cover.direction)
        align: Literal["start", "end"] = "start" if (side == "left") == (own == "ltr") else "end"
        return engine.layout_paragraph(
            text, w, style, direction="rtl" if own == "rtl" else "ltr", align=align
        )

    start_side = "right" if rtl else "left"
    title_style = engine.TextStyle(cover.language, size=TITLE_SIZE, bold=True)
    y = height - MARGIN_MM * MM
    title = block(cover.title, box, title_style, start_side, cover.direction)
    y = draw_block(canvas, title, left, y) - 3 * MM
    canvas.line(left, y, right, y)
    y -= 9 * MM

    label_style = engine.TextStyle(cover.language, size=TEXT_SIZE, bold=True)
    value_style = engine.TextStyle(cover.language, size=TEXT_SIZE)
    widest = max(engine.measure(label, label_style) for label, _v in cover.rows)
    label_w = min(widest + 1.0, box * 0.42)
    value_w = box - label_w - COLUMN_GAP_MM * MM
    label_x = right - label_w if rtl else left
    value_x = left if rtl else left + label_w + COLUMN_GAP_MM * MM
    for index, (label, values) in enumerate(cover.rows):
        if index == len(cover.rows) - 1:  # the note, set apart by a rule
            y += (ROW_GAP_MM - 3) * MM
            canvas.line(left, y, right, y)
            y -= 6 * MM
        # a label in the cover's language runs in its direction; an untranslated (English)
        # label keeps its own. Values keep their own direction too: a Latin name or a fax
        # number inside an Urdu cover is a left-to-right line, set on the cover's start side.
        head = block(
            label, label_w, label_style, start_side, first_strong_direction(label, cover.direction)
        )
        rows = [
            block(value, value_w, value_style, start_side, first_strong_direction(value, "ltr"))
            for value in values
        ]
        # first baselines level, whatever the scripts (Nastaliq lines are taller)
        head_ascent = head.lines[0].ascent if head.lines else 0.0
        row_ascent = rows[0].lines[0].ascent if rows and rows[0].lines else 0.0
        baseline = y - max(head_ascent, row_ascent)
        label_bottom = draw_block(canvas, head, label_x, baseline + head_ascent)
        value_y = baseline + row_ascent
        for row in rows:
            value_y = draw_block(canvas, row, value_x, value_y)
        y = min(label_bottom, value_y) - ROW_GAP_MM * MM
    canvas.restoreState()
    canvas.showPage()


def render_fax(letter: Letter, *, cover_note: str = "", options: PdfOptions | None = None) -> bytes:
    """A fax-ready PDF: the localized cover sheet, then the letter in fax style.

    ``options`` may choose paper and layout; ``fax`` is always on. Raises
    :class:`~letterkit.errors.DeliveryError` when the recipient has no valid fax number.
    """
    from dataclasses import replace

    fax_number(letter)  # fail early, before any layout work
    options = replace(options or PdfOptions(), fax=True)
    _layout, paper = resolve_geometry(letter, options)
    letter_pages = draw_letter(open_canvas(io.BytesIO()), letter, options)  # a dry run to count
    cover = fax_cover(letter, letter_pages + 1, cover_note=cover_note)

    from ..layouts import PAPER_SIZES

    w_mm, h_mm = PAPER_SIZES[paper]
    size = (w_mm * MM, h_mm * MM)
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, size=size, lang=document_language(letter))
    meta = letter.meta
    canvas.setTitle(f"{cover.title}: {single_line(meta.title)}")
    canvas.setAuthor(single_line(meta.author))
    canvas.setSubject(single_line(meta.subject))
    canvas.setKeywords([single_line(k) for k in (*meta.keywords, "fax", cover.number)])
    canvas.setCreator(meta.generator or "letterkit")
    draw_cover(canvas, cover, size)
    drawn = draw_letter(canvas, letter, options)
    if drawn != letter_pages:  # cannot happen with a deterministic layout; never lie on a cover
        raise AssertionError(f"fax: letter laid out on {drawn} pages, cover says {letter_pages}")
    save_canvas(canvas)
    return buffer.getvalue()


def write_fax(
    letter: Letter,
    path: Path,
    *,
    cover_note: str = "",
    options: PdfOptions | None = None,
    force: bool = False,
) -> Path:
    """Write :func:`render_fax` to ``path`` atomically (never over a file without ``force``)."""
    return write_atomic(
        Path(path), render_fax(letter, cover_note=cover_note, options=options), force=force
    )
