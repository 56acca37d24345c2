"""Laid-out text drawn on a reportlab canvas: paragraphs (:func:`draw_block`) and single lines
(:func:`draw_line`).

The text engine (:mod:`letterkit.text`) lays out and places the glyphs
(:mod:`letterkit.text.placement`); this module turns each line's glyph runs into PDF text
operators (:mod:`.text_operators`) and appends them to the page. A line's plans (its
operators but the position) are kept with the cached line, and so are its operators as drawn at
one place: the body of a batch's letters costs a string append per letter.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..fonts.registry import Face
from ..model import Span
from ..text.layout import Align, Line, TextBlock, TextStyle
from ..text.placement import glyph_runs, line_start, single_line
from .font_embedding import document_font
from .syntax import num as fp_str
from .text_operators import emit_plan, plan_run, record_fonts

__all__ = ["draw_block", "draw_line"]


def draw_block(canvas: Any, block: TextBlock, x: float, y_top: float) -> float:
    """Draw ``block`` inside ``[x, x + block.width]`` with its top at ``y_top`` (reportlab
    coordinates, y up). Returns the y of the bottom of the block."""
    key = (id(block), x, y_top)
    kept = _BLOCKS.get(key)  # a lookup needs no lock; changes to _BLOCKS take it
    if kept is not None and kept.block is block:
        with contextlib.suppress(KeyError):  # kept while in use (another thread may drop it)
            _BLOCKS.move_to_end(key)
        doc = canvas._doc
        for face, codes in kept.codes:
            document_font(doc, face).used |= codes
        canvas._code.append(kept.text)
        return kept.bottom
    y = y_top
    start = len(canvas._code)
    places = []
    for line in block.lines:
        baseline = y - line.ascent
        places.append(
            _draw_line(
                canvas, line, x, baseline, block.width, block.style, block.direction, block.align
            )
        )
        y -= line.height
    if all(place is not None for place in places) and len(canvas._code) == start + len(places):
        # every line drawn the same in any document: the block's operators, made once
        by_face: dict[Face, frozenset[int]] = {}
        for line, place in zip(block.lines, places, strict=True):
            for plan in line.drawn[place or ()][1]:
                by_face[plan.face] = by_face.get(plan.face, frozenset()) | plan.codes
        text = "\n".join(canvas._code[start:])
        drawn = _DrawnBlock(block, text, tuple(by_face.items()), y)
        with _BLOCKS_LOCK:
            _BLOCKS[key] = drawn
            while len(_BLOCKS) > _BLOCKS_LIMIT:
                _BLOCKS.popitem(last=False)
    return y


@dataclass(frozen=True)
class _DrawnBlock:
    """A laid-out block's operators as drawn at one place, with the font codes they use."""

    block: TextBlock  # held, so that the id in the key cannot be reused while kept
    text: str
    codes: tuple[tuple[Face, frozenset[int]], ...]
    bottom: float


# The blocks that repeat in every letter of a batch (the body, the recipient, the date) at the
# same place: drawn once, then appended whole. Bounded; blocks are shared by the layout cache.
_BLOCKS: OrderedDict[tuple[int, float, float], _DrawnBlock] = OrderedDict()
_BLOCKS_LIMIT = 256
_BLOCKS_LOCK = threading.Lock()  # documents may be drawn in several threads (letterkit serve)


def draw_line(
    canvas: Any,
    text_or_spans: Sequence[Span] | str,
    x: float,
    y_baseline: float,
    style: TextStyle,
    *,
    align: Align = "start",
    width: float | None = None,
    direction: Literal["ltr", "rtl"] | None = None,
) -> float:
    """Draw one line (labels, headers) with its baseline at ``y_baseline``; returns its width.

    With ``width``, the line is aligned inside ``[x, x + width]`` (``start`` = left for LTR,
    right for RTL). Without ``width``, ``x`` is the anchor: the start edge for ``start`` (left
    end of LTR text, right end of RTL text), the other end for ``end``, the middle for
    ``center``. Text that does not fit is not wrapped.
    """
    placed = single_line(text_or_spans, x, style, align=align, width=width, direction=direction)
    if placed is None:
        return 0.0
    _draw_line(
        canvas,
        placed.line,
        placed.left,
        y_baseline,
        placed.box_width,
        style,
        placed.direction,
        placed.align,
    )
    return placed.natural


def _draw_line(
    canvas: Any,
    line: Line,
    x: float,
    baseline: float,
    box_width: float,
    style: TextStyle,
    direction: str,
    align: Align,
) -> tuple[float, float, float, float, tuple[float, float, float]] | None:
    """Place the line's pieces left to right and draw them; returns the key under which the
    line's operators are kept in ``line.drawn`` (``None``: not kept, or nothing drawn)."""
    if not line.pieces:
        return None
    size = style.size
    left, extra_units = line_start(line, x, box_width, size, direction, align)

    # laid-out lines are never changed (a different layout is a new line): what is drawn from
    # one is kept with it. The same line at the same place (the body of a batch's letters):
    # its operators as drawn
    place = (left, baseline, extra_units, size, style.color)
    drawn = line.drawn.get(place)
    if drawn is not None:
        record_fonts(canvas, drawn[1])
        canvas._code.append(drawn[0])
        return place
    plans = line.plans.get((extra_units, size))
    if plans is None:
        plans = [plan_run(run, size) for run in glyph_runs(line, extra_units)]
        if len(line.plans) < 4:  # a line is drawn with one or two justifications, not more
            line.plans[(extra_units, size)] = plans

    r, g, b = style.color
    out = ["q", f"{fp_str(r)} {fp_str(g)} {fp_str(b)} rg", "BT"]
    cursor = left
    for plan in plans:
        cursor += emit_plan(canvas, out, plan, cursor, baseline)
    out.append("ET")
    out.append("Q")
    text = " ".join(out)
    canvas._code.append(text)  # raw operators: reportlab has no API for BDC/EMC
    if len(line.drawn) < 4 and all(plan.content is not None for plan in plans):
        line.drawn[place] = (text, plans)
        return place
    return None
