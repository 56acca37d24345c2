"""Address lines fitted into a box and drawn: the recipient (and return) address of an envelope
and the address on a label are set alike (:mod:`.envelope`, :mod:`.labels`).

Each line is laid out on its own, in its own base direction, at the largest size from a
starting size down to a smallest one that fits the box; a right-to-left block is right-aligned
inside a block that stays where the post expects it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import DataError
from ..layouts import Box
from ..model import Letter
from ..pages.sizes import MM, WINDOW_FAMILY
from ..textclean import single_line

__all__ = [
    "ADDRESS_FAMILY",
    "FittedLines",
    "clean_lines",
    "draw_lines",
    "fit_lines",
    "layout_lines",
    "letter_name",
    "render_address_pages",
]

SIZE_STEP = 0.5
# The address in the letter's window, on envelopes and on labels is set alike: Arabic script
# in Naskh (Nastaliq is too tall for an address block), Latin in the body face (the engine
# ignores a family for scripts it does not serve)
ADDRESS_FAMILY = WINDOW_FAMILY


@dataclass
class FittedLines:
    """Address lines laid out at one size: ``items`` are (text, direction, width, ascent,
    height) in pt; ``width`` is the widest line, ``height`` the sum of line heights."""

    style: Any  # letterkit.text.TextStyle
    items: list[tuple[str, str, float, float, float]]
    width: float
    height: float


def letter_name(letter: Letter, index: int) -> str:
    """How messages name a letter of a batch: ``letter 3 (pm: H.E. Anwaar-ul-Haq Kakar)``."""
    who = " ".join(letter.recipient.name.split()) or "no recipient name"
    target = letter.meta.target_id
    return f"letter {index} ({target}: {who})" if target else f"letter {index} ({who})"


def clean_lines(lines: Sequence[str]) -> list[str]:
    """Printable address lines (:func:`letterkit.textclean.single_line`), every run of spaces
    one space, empty lines dropped."""
    out = []
    for line in lines:
        text = " ".join(single_line(str(line)).split())
        if text:
            out.append(text)
    return out


def layout_lines(
    lines: Sequence[str], language: str, size: float, family: str | None = ADDRESS_FAMILY
) -> FittedLines:
    """Lay out each line on its own, at ``size``, each with its own base direction."""
    from ..text import TextStyle, layout_paragraph

    style = TextStyle(language, size=size, family=family)
    items = []
    for text in lines:
        block = layout_paragraph(text, float("inf"), style)
        line = block.lines[0]
        items.append((text, block.direction, line.width, line.ascent, line.height))
    width = max((item[2] for item in items), default=0.0)
    return FittedLines(style, items, width, sum(item[4] for item in items))


def fit_lines(
    lines: Sequence[str],
    language: str,
    box: Box,
    *,
    size: float,
    min_size: float,
    what: str,
    family: str | None = ADDRESS_FAMILY,
) -> FittedLines:
    """The lines at the largest size from ``size`` down to ``min_size`` that fits ``box`` (mm).

    Raises :class:`DataError` naming ``what`` (the letter and the box) when even ``min_size``
    is too big: an address must never be cut or overflow onto the postage zone or a
    neighbouring label.
    """
    width_pt, height_pt = box.width * MM, box.height * MM
    current = size
    while True:
        fitted = layout_lines(lines, language, current, family)
        if fitted.width <= width_pt + 0.01 and fitted.height <= height_pt + 0.01:
            return fitted
        if current - SIZE_STEP < min_size - 1e-9:
            widest = max(fitted.items, key=lambda item: item[2])[0] if fitted.items else ""
            reason = (
                f"line {widest!r} is too wide"
                if fitted.width > width_pt + 0.01
                else f"{len(lines)} lines are too many"
            )
            raise DataError(f"{what}: {reason} even at {min_size:g} pt")
        current -= SIZE_STEP


def draw_lines(
    canvas: Any,
    fitted: FittedLines,
    x: float,
    y_top: float,
    *,
    align_right: bool,
    box_width: float | None = None,
) -> None:
    """Draw fitted lines from ``y_top`` down (reportlab points, y up).

    Lines start at ``x``; with ``align_right`` they end at ``x + box_width`` (default: the
    widest line), which is how a right-to-left address block is set.
    """
    from .text_drawing import draw_line

    right = x + (fitted.width if box_width is None else box_width)
    y = y_top
    for text, direction, width, ascent, height in fitted.items:
        left = right - width if align_right else x
        draw_line(canvas, text, left, y - ascent, fitted.style, width=width, direction=direction)  # type: ignore[arg-type]
        y -= height


def render_address_pages(
    letters: Iterable[Letter],
    *,
    kind: str,
    page_size: tuple[float, float],
    title: str,
    draw: Callable[[Any, list[Letter]], object],
) -> bytes:
    """A PDF of a batch's envelopes or labels (``kind``): ``draw(canvas, letters)`` fills a
    canvas of ``page_size`` (pt) titled ``title``, in the first letter's language."""
    from .document import document_language, open_canvas, save_canvas

    batch = list(letters)
    if not batch:
        raise DataError(f"{kind}: no letters to print {kind} for")
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, size=page_size, lang=document_language(batch[0]))
    canvas.setTitle(title)
    canvas.setCreator(batch[0].meta.generator or "letterkit")
    draw(canvas, batch)
    save_canvas(canvas)
    return buffer.getvalue()
