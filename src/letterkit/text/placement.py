"""Where a laid-out line's glyphs go: its alignment, its justification, and its glyph runs.

Format-neutral: a line of :mod:`.layout` becomes glyph runs (glyph ids with their advances and
offsets in visual order, one run per stretch of one face) placed from the line's left end; a
drawing back end turns them into its own operators (:mod:`letterkit.pdf.text_drawing`).

Each glyph carries the logical text of its cluster; a right-to-left or raised (Nastaliq) piece
also gets an *overlay*: its characters in visual order over exactly the glyphs they stand for,
which a back end can write as invisible text so that extractors read the logical words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..fonts.registry import Face
from ..model import Span
from .itemize import Piece
from .layout import Align, Line, TextStyle, layout_paragraph
from .shaping import BREAK_SPACES


@dataclass(slots=True)
class GlyphRun:
    """Glyphs of one face in visual order, with the text each cluster stands for."""

    face: Face
    gids: list[int]
    data: list[Any]  # GlyphPosition per glyph (x_advance may carry justification)
    cluster_ids: list[int]  # per glyph: a key identifying its cluster
    cluster_text: list[str]  # per glyph: logical text of its cluster
    hidden: list[bool]  # per glyph: its text comes from an invisible overlay instead
    overlays: list[tuple[float, float, str]]  # (x from run start, width; 1/1000 em), text


def line_start(
    line: Line, x: float, box_width: float, size: float, direction: str, align: Align
) -> tuple[float, float]:
    """Where ``line`` starts inside ``[x, x + box_width]``: the x of its left end, and the
    advance added to each inner space (1/1000 em; not 0 only for a justified line)."""
    rtl = direction == "rtl"
    available = box_width - line.indent
    extra_per_space = 0.0
    slack = available - line.width
    if align == "justify" and not line.last and slack > 0:
        spaces = _count_inner_spaces(line)
        if spaces:
            extra_per_space = slack / spaces
    if align == "center":
        left = x + (line.indent if not rtl else 0.0) + slack / 2
    elif align == "justify" and extra_per_space:
        left = x + (line.indent if not rtl else 0.0)
    elif (align in ("start", "justify")) != rtl:  # left-aligned
        left = x + (0.0 if rtl else line.indent)
    else:  # right-aligned
        left = x + box_width - (line.indent if rtl else 0.0) - line.width
    extra_units = extra_per_space * 1000.0 / size if size else 0.0
    return left, extra_units


def glyph_runs(line: Line, extra_units: float) -> list[GlyphRun]:
    """The line's glyphs from its left end, one run per stretch of visually adjacent pieces of
    one face; ``extra_units`` (see :func:`line_start`) widens each inner space."""
    runs = []
    pieces = line.pieces
    index = 0
    while index < len(pieces):
        end = index + 1
        while end < len(pieces) and pieces[end].face is pieces[index].face:
            end += 1
        run = _glyph_run(pieces[index:end], line, extra_units)
        if run.gids:
            runs.append(run)
        index = end
    return runs


@dataclass(frozen=True)
class SingleLine:
    """One line set at an anchor (:func:`single_line`): draw ``line`` inside
    ``[left, left + box_width]`` with ``direction`` and ``align``."""

    line: Line
    left: float
    box_width: float
    direction: str
    align: Align
    natural: float  # the line's own width, pt


def single_line(
    text_or_spans: Sequence[Span] | str,
    x: float,
    style: TextStyle,
    *,
    align: Align = "start",
    width: float | None = None,
    direction: Literal["ltr", "rtl"] | None = None,
) -> SingleLine | None:
    """One line of text (labels, headers, address lines) set at ``x``; ``None`` when empty.

    With ``width``, the line is aligned inside ``[x, x + width]`` (``start`` = left for LTR,
    right for RTL). Without ``width``, ``x`` is the anchor: the start edge for ``start`` (left
    end of LTR text, right end of RTL text), the other end for ``end``, the middle for
    ``center``. Text that does not fit is not wrapped.
    """
    if isinstance(text_or_spans, str):
        text_or_spans = text_or_spans.replace("\n", " ")
    else:
        text_or_spans = [replace(s, text=s.text.replace("\n", " ")) for s in text_or_spans]
    block = layout_paragraph(text_or_spans, float("inf"), style, direction=direction)
    if not block.lines:
        return None
    line = replace(block.lines[0], last=True)  # a copy: cached layouts are shared
    natural = line.width
    rtl = block.direction == "rtl"
    if width is None:
        if align == "center":
            left = x - natural / 2
        elif (align in ("start", "justify")) != rtl:
            left = x
        else:
            left = x - natural
        box_width = natural
    else:
        left, box_width = x, width
    return SingleLine(
        line,
        left,
        box_width,
        block.direction,
        align if width is not None else "start" if not rtl else "end",
        natural,
    )


def _glyph_run(pieces: list[Piece], line: Line, extra_units: float) -> GlyphRun:
    """Glyphs of visually adjacent pieces of one face, spaces at the break dropped."""
    run = GlyphRun(pieces[0].face, [], [], [], [], [], [])
    position = 0.0  # 1/1000 em from the start of the run
    content_end = line.content_end
    for piece in pieces:
        shaped = piece.shaped
        hidden = piece.rtl or shaped.raised
        piece_start = position
        if piece.end <= content_end and not extra_units:
            run.gids.extend(shaped.gids)
            run.data.extend(shaped.data)
            run.cluster_text.extend(shaped.cluster_text)
            run.cluster_ids.extend(piece.start + sd.cluster for sd in shaped.data)
            run.hidden.extend([hidden] * len(shaped.data))
            position += shaped.width
            limit = len(piece.text)
        else:
            limit = min(piece.end, content_end) - piece.start
            for gid, sd, ctext, space in zip(
                shaped.gids, shaped.data, shaped.cluster_text, shaped.spaces, strict=False
            ):
                if sd.cluster >= limit:
                    continue  # a space at the line break
                if extra_units and space:
                    sd = sd._replace(x_advance=sd.x_advance + extra_units)
                run.gids.append(gid)
                run.data.append(sd)
                run.cluster_text.append(ctext)
                run.cluster_ids.append(piece.start + sd.cluster)
                run.hidden.append(hidden)
                position += sd.x_advance
        if hidden and position > piece_start:
            _add_overlay(run, piece, piece_start, limit)
    return run


def _add_overlay(run: GlyphRun, piece: Piece, piece_start: float, limit: int) -> None:
    """Invisible text for a right-to-left or raised piece: its characters without the spaces at
    its ends, in visual order, over exactly the glyphs they stand for. Spaces are left to the
    gaps: extractors split words at gaps, and a squeezed invisible space glued words together."""
    text = piece.text[:limit]
    core_start, core_end = 0, len(text)
    while core_start < core_end and text[core_start] in BREAK_SPACES:
        core_start += 1
    while core_end > core_start and text[core_end - 1] in BREAK_SPACES:
        core_end -= 1
    if core_start == core_end:
        return
    x = piece_start
    left = right = None
    drawn = sum(1 for sd in piece.shaped.data if sd.cluster < limit)
    glyphs = run.data[len(run.data) - drawn :]  # this piece's glyphs, as drawn (justified)
    for sd in glyphs:
        if core_start <= sd.cluster < core_end:
            left = x if left is None else left
            right = x + sd.x_advance
        x += sd.x_advance
    if left is None or right is None or right <= left:
        return
    logical = text[core_start:core_end]
    run.overlays.append((left, right - left, logical[::-1] if piece.rtl else logical))


def _count_inner_spaces(line: Line) -> int:
    count = 0
    for piece in line.pieces:
        limit = max(0, min(len(piece.text), line.content_end - piece.start))
        count += sum(1 for c in piece.text[:limit] if c in BREAK_SPACES)
    return count
