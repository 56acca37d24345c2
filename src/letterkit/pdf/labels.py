"""Address-label sheets for a batch: one label per letter, in the order of the letters.

Sheets are data (:data:`letterkit.layouts.LABEL_SHEETS`: Avery L7163 on A4, Avery 5160 on US
Letter). Labels fill a sheet row by row, left to right, top to bottom, as the sheet is read and
peeled; ``first`` skips labels already used on a partly used first sheet. Each label holds the
recipient's address block, centred in its height; the lines of a right-to-left letter are
right-aligned. The text shrinks (down to :data:`LABEL_MIN_SIZE`) until it fits the label less
its padding; if it still does not fit, a :class:`~letterkit.errors.DataError` names the letter.
All labels of a sheet share one size (the largest all of them fit), in the address faces of the
letter's window (:data:`letterkit.pdf.address_block.ADDRESS_FAMILY`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ChoiceError, DataError
from ..layouts import PAPER_SIZES, LabelSheet, get_label_sheet
from ..model import Letter
from ..pages.sizes import MM
from .address_block import (
    FittedLines,
    clean_lines,
    draw_lines,
    fit_lines,
    letter_name,
    render_address_pages,
)

__all__ = ["LABEL_MIN_SIZE", "LABEL_SIZE", "label_pages", "render_labels", "write_labels"]

LABEL_SIZE = 10.0
LABEL_MIN_SIZE = 6.0


def _fit_label(
    letter: Letter, sheet: LabelSheet, position: int, index: int, size: float = LABEL_SIZE
) -> FittedLines:
    """The recipient's lines at the largest size from ``size`` down that fit the label."""
    name = letter_name(letter, index)
    lines = clean_lines(letter.recipient.lines)
    if not lines:
        raise DataError(f"{name}: no recipient address to print on a label")
    box = sheet.text_box(position)
    what = (
        f"{name}: address does not fit a {sheet.name} label "
        f"({sheet.label_width:.4g} × {sheet.label_height:.4g} mm)"
    )
    return fit_lines(lines, letter.language, box, size=size, min_size=LABEL_MIN_SIZE, what=what)


def _draw_sheet(
    canvas: Any, sheet: LabelSheet, labels: list[tuple[Letter, int, int]], page_height: float
) -> None:
    """One sheet's labels at one size: the largest every label on the sheet fits (a sheet of
    10 pt labels with one at 7 pt looks like a mistake)."""
    fitted = [_fit_label(letter, sheet, position, index) for letter, position, index in labels]
    size = min(f.style.size for f in fitted)
    for (letter, position, index), fit in zip(labels, fitted, strict=True):
        if fit.style.size > size:
            fit = _fit_label(letter, sheet, position, index, size)
        box = sheet.text_box(position)
        top = page_height - box.y * MM - (box.height * MM - fit.height) / 2
        draw_lines(
            canvas, fit, box.x * MM, top, align_right=letter.is_rtl, box_width=box.width * MM
        )


def _draw_outlines(canvas: Any, sheet: LabelSheet, page_height: float) -> None:
    """Thin grey label outlines (proofs on plain paper, the gallery), never for label stock."""
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.7)
    for position in range(sheet.per_sheet):
        cell = sheet.cell(position)
        canvas.roundRect(
            cell.x * MM, page_height - cell.bottom * MM, cell.width * MM, cell.height * MM, 1.5 * MM
        )
    canvas.restoreState()


def label_pages(
    canvas: Any,
    letters: Iterable[Letter],
    sheet: str | LabelSheet = "L7163",
    *,
    first: int = 0,
    outlines: bool = False,
) -> int:
    """Draw the labels onto an open canvas, one sheet per page; returns the number of labels."""
    spec = sheet if isinstance(sheet, LabelSheet) else get_label_sheet(sheet)
    if not 0 <= first < spec.per_sheet:
        raise ChoiceError(
            f"first label: {first} is not a position on a {spec.name} sheet "
            f"(0 to {spec.per_sheet - 1})"
        )
    width, height = (v * MM for v in PAPER_SIZES[spec.paper])
    canvas.setPageSize((width, height))
    position = first
    count = 0
    sheet_labels: list[tuple[Letter, int, int]] = []
    for count, letter in enumerate(letters, start=1):
        if position == spec.per_sheet:
            _draw_sheet(canvas, spec, sheet_labels, height)
            sheet_labels = []
            canvas.showPage()
            canvas.setPageSize((width, height))
            position = 0
        if outlines and (position == 0 or count == 1):
            _draw_outlines(canvas, spec, height)
        sheet_labels.append((letter, position, count))
        position += 1
    if sheet_labels:
        _draw_sheet(canvas, spec, sheet_labels, height)
    if count:
        canvas.showPage()
    return count


def render_labels(
    letters: Iterable[Letter], sheet: str = "L7163", *, first: int = 0, outlines: bool = False
) -> bytes:
    """A PDF of address labels for ``letters``, in their order, on ``sheet`` (``L7163`` A4,
    ``5160`` US Letter). ``first`` is the first free label on the first sheet (0-based,
    row-major); ``outlines`` draws the label edges (for proofs on plain paper)."""
    spec = get_label_sheet(sheet)
    return render_address_pages(
        letters,
        kind="labels",
        page_size=(PAPER_SIZES[spec.paper][0] * MM, PAPER_SIZES[spec.paper][1] * MM),
        title=f"Address labels ({spec.description})",
        draw=lambda canvas, batch: label_pages(canvas, batch, spec, first=first, outlines=outlines),
    )


def write_labels(
    letters: Iterable[Letter],
    path: Path,
    sheet: str = "L7163",
    *,
    first: int = 0,
    force: bool = False,
) -> Path:
    """Write :func:`render_labels` to ``path`` atomically (never overwriting without
    ``force``)."""
    from ..fileio import refuse_existing, write_atomic

    path = Path(path)
    refuse_existing(path, force)  # before rendering a whole batch for nothing
    return write_atomic(path, render_labels(letters, sheet, first=first), force=force)
