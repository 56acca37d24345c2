"""Paragraph layout: line breaking on shaped widths, visual order per line, drawing.

Pipeline for one paragraph (see ``docs/text-engine.md``):

1. levels for the whole paragraph (:mod:`.bidi`), base direction given or from the text;
2. words of shaped pieces (:mod:`.itemize`, :mod:`.shaping`);
3. greedy line breaking in logical order on shaped widths, between words only;
4. per line: drop the trailing spaces (rule L1 puts them at the paragraph level at the line end,
   where they are invisible), order the pieces visually (rule L2), align;
5. draw: glyphs per stretch of one face with advances and x/y offsets (:mod:`.emit`), each
   cluster whose glyphs are private-use mapped wrapped in an ``/ActualText`` span, so
   ``pdftotext`` and copy/paste give real Unicode in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from ..fonts.registry import Face
from ..locales import LOCALES, normalize_code
from ..model import Span
from .bidi import base_direction, embedding_levels, visual_order
from .itemize import Piece, Word, itemize
from .shaping import BREAK_SPACES

Align = Literal["start", "end", "center", "justify"]


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set: the locale decides fonts, direction fallback and shaping language.

    ``leading`` is the distance between baselines in pt; ``None`` takes the fonts' default
    (Nastaliq needs about 2.1 times the size, Naskh 1.6, Latin 1.35). ``family`` picks the face
    for the locale's own script (``"naskh"`` for Urdu in Naskh, ``"sans"`` for Noto Sans);
    ``None`` is the locale default.
    """

    language: str
    size: float = 11.0
    bold: bool = False
    italic: bool = False
    leading: float | None = None
    color: tuple[float, float, float] = (0, 0, 0)
    family: str | None = None


@dataclass
class Line:
    """One laid-out line.

    ``ascent`` is the distance from the top of the line box to the baseline, ``descent`` from
    the baseline to the bottom; ``ascent + descent == height``. ``text`` is the line's logical
    text (without the spaces at the break). ``width`` is the natural width of the ink advance.
    """

    width: float
    ascent: float
    descent: float
    height: float
    text: str
    pieces: list[Piece] = field(default_factory=list, repr=False)  # visual order, left to right
    trims: dict[int, float] = field(default_factory=dict, repr=False)  # piece start -> units kept
    indent: float = 0.0
    last: bool = False  # last line of its paragraph (never justified)
    content_end: int = 0  # paragraph index where the drawn text ends (spaces at the break excluded)
    # drawing plans per (justification, size), made on first draw: a cached layout is drawn
    # again in every letter of a batch, and the plans do not depend on document or position
    plans: dict[tuple[float, float], tuple[Any, list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # and the operators themselves per place drawn (when no glyph's code is per document)
    drawn: dict[tuple[Any, ...], tuple[Any, str, list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


@dataclass
class TextBlock:
    """Laid-out lines of one paragraph, ready to draw or to split across pages."""

    lines: list[Line]
    width: float
    height: float
    direction: str
    style: TextStyle
    align: Align = "start"

    def draw(self, canvas: Any, x: float, y_top: float) -> float:
        """Draw inside ``[x, x + width]`` with the top at ``y_top`` (reportlab coordinates,
        y up). Returns the y of the bottom of the block."""
        y = y_top
        for line in self.lines:
            baseline = y - line.ascent
            _draw_line(
                canvas, line, x, baseline, self.width, self.style, self.direction, self.align
            )
            y -= line.height
        return y

    def split(self, max_height: float) -> tuple[TextBlock, TextBlock | None]:
        """The lines that fit into ``max_height`` and the rest (``None`` if all fit).

        Never splits inside a line; if not even the first line fits, the head is empty and the
        tail is the whole block (the caller moves on to the next page).
        """
        used = 0.0
        count = 0
        for line in self.lines:
            if used + line.height > max_height + 1e-6:
                break
            used += line.height
            count += 1
        if count == len(self.lines):
            return self, None
        head = replace(self, lines=self.lines[:count], height=used)
        tail_lines = self.lines[count:]
        tail = replace(self, lines=tail_lines, height=sum(ln.height for ln in tail_lines))
        return head, tail

    @property
    def text(self) -> str:
        """Logical text of all lines, one per line (for tests and debugging)."""
        return "\n".join(line.text for line in self.lines)


def _clean(text: str) -> str:
    """Tabs become spaces, carriage returns go (a letter's text comes from files and forms)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def _spans_of(spans: Sequence[Span] | str, style: TextStyle) -> tuple[str, list[tuple[bool, bool]]]:
    if isinstance(spans, str):
        text = _clean(spans)
        return text, [(style.bold, style.italic)] * len(text)
    text_parts: list[str] = []
    styles: list[tuple[bool, bool]] = []
    for span in spans:
        text = _clean(span.text)
        text_parts.append(text)
        styles.extend([(span.bold or style.bold, span.italic or style.italic)] * len(text))
    return "".join(text_parts), styles


def _paragraph_direction(text: str, style: TextStyle, direction: str | None) -> str:
    if direction in ("ltr", "rtl"):
        return direction
    found = base_direction(text)
    if found:
        return found
    info = LOCALES.get(normalize_code(style.language))
    return "rtl" if info is not None and info.is_rtl else "ltr"


def _line_metrics(faces: list[Face], style: TextStyle) -> tuple[float, float]:
    """(ascent, descent) of the line boxes of a paragraph: the leading of the tallest face the
    paragraph uses (the locale's own face for an empty one), split in that face's proportion.

    One leading per paragraph, so a line that happens to hold only Latin words in a Dari
    paragraph (or an Urdu name in an English one) keeps the paragraph's rhythm.
    """
    from ..fonts.registry import face as get_face
    from ..fonts.selection import primary_family

    size = style.size
    if not faces:
        info = LOCALES.get(normalize_code(style.language))
        script = "Arab" if info is not None and info.script == "Arab" else "Latn"
        faces = [get_face(primary_family(style.language, script, style.family))]
    tallest = max(faces, key=lambda f: f.family.leading)
    height = style.leading if style.leading is not None else tallest.family.leading * size
    ratio = tallest.ascent / (tallest.ascent + tallest.descent)
    return height * ratio, height * (1 - ratio)


def layout_paragraph(
    spans: Sequence[Span] | str,
    width: float,
    style: TextStyle,
    *,
    direction: Literal["ltr", "rtl"] | None = None,
    align: Align = "start",
    first_indent: float = 0.0,
) -> TextBlock:
    """Lay out a paragraph into lines of at most ``width`` pt.

    ``direction`` is the paragraph's base direction; ``None`` takes it from the first strong
    character, else from the locale. ``align="start"`` is left for LTR and right for RTL.
    A newline in the text forces a line break (each part is its own bidi paragraph with the same
    base direction). A word wider than ``width`` (a long address) is cut, preferably after
    ``/ . @ - _``; Arabic-script words are never cut inside.

    Raises :class:`~letterkit.errors.FontCoverageError` when no bundled face can draw a
    character (a gap is an error, never a box in a letter).
    """
    if isinstance(spans, str):
        key: str | tuple[tuple[str, bool, bool], ...] = spans
    else:
        key = tuple((span.text, span.bold, span.italic) for span in spans)
    # shared with every caller asking for the same layout: blocks and lines are never mutated
    # (``split`` and callers make new ones with ``dataclasses.replace``)
    return _layout_cached(key, float(width), style, direction, align, float(first_indent))


# Layouts of the same paragraph repeat in every letter of a batch (the body, the salutation,
# the recipient's address); only the sender's lines differ. A layout is a pure function of its
# arguments (fonts are fixed per process), so it is cached. 384 entries hold the repeated
# paragraphs of several languages and layouts while each letter's unique lines pass through:
# memory stays flat across a batch of any length.
_LAYOUT_CACHE_SIZE = 384


@lru_cache(maxsize=_LAYOUT_CACHE_SIZE)
def _layout_cached(
    key: str | tuple[tuple[str, bool, bool], ...],
    width: float,
    style: TextStyle,
    direction: str | None,
    align: Align,
    first_indent: float,
) -> TextBlock:
    if isinstance(key, str):
        text, styles = _spans_of(key, style)
    else:
        text, styles = _spans_of([Span(t, bold=b, italic=i) for t, b, i in key], style)
    para_dir = _paragraph_direction(text, style, direction)
    lines: list[Line] = []
    offset = 0
    for part in text.split("\n"):
        part_styles = styles[offset : offset + len(part)]
        offset += len(part) + 1
        lines.extend(
            _layout_part(
                part, part_styles, width, style, para_dir, first_indent if not lines else 0.0
            )
        )
    return TextBlock(lines, width, sum(ln.height for ln in lines), para_dir, style, align)


def _layout_part(
    text: str,
    styles: list[tuple[bool, bool]],
    width: float,
    style: TextStyle,
    para_dir: str,
    first_indent: float,
) -> list[Line]:
    rtl = para_dir == "rtl"
    if not text.strip():
        ascent, descent = _line_metrics([], style)
        return [Line(0.0, ascent, descent, ascent + descent, "", last=True)]
    size = style.size
    levels, words = _itemized(text, tuple(styles), style.language, style.family, rtl)
    if any(word.content_width(size) > width for word in words):  # cut the over-wide ones
        words = itemize(
            text, levels, styles, style.language, style.family, max_width=width, size=size
        )

    groups: list[list[Word]] = []
    current: list[Word] = []
    used = 0.0
    available = width - first_indent
    for word in words:
        if current and used + word.content_width(size) > available + 1e-6:
            groups.append(current)
            current, used, available = [], 0.0, width
        current.append(word)
        used += word.width(size)
    if current:
        groups.append(current)

    metrics = _line_metrics(list({p.face for w in words for p in w.pieces}), style)
    lines = []
    for index, group in enumerate(groups):
        line = _make_line(text, group, style, rtl, metrics)
        line.indent = first_indent if index == 0 else 0.0
        line.last = index == len(groups) - 1
        lines.append(line)
    return lines


@lru_cache(maxsize=128)
def _itemized(
    text: str, styles: tuple[tuple[bool, bool], ...], language: str, family: str | None, rtl: bool
) -> tuple[list[int], list[Word]]:
    """Bidi levels and shaped words of a paragraph part, whatever the width: a letter sets its
    own lines more than once at different widths (the sender's name in the sender block and
    under the signature; the return line measured, then set), and only a word wider than the
    line is itemized differently (cut). Words are immutable; callers never change the lists."""
    levels = embedding_levels(text, rtl)
    return levels, itemize(text, levels, list(styles), language, family)


def _make_line(
    text: str, words: list[Word], style: TextStyle, rtl: bool, metrics: tuple[float, float]
) -> Line:
    size = style.size
    content_end = words[-1].content_end
    pieces: list[Piece] = []
    trims: dict[int, float] = {}
    for word in words:
        for piece in word.pieces:
            if piece.start >= content_end:
                continue  # only the spaces at the break: not drawn
            if piece.end > content_end:
                trims[piece.start] = piece.shaped.width_before(content_end - piece.start)
            pieces.append(piece)
    order = visual_order([p.level for p in pieces])
    visual = [pieces[i] for i in order]
    width_units = sum(trims.get(p.start, p.shaped.width) for p in visual)
    ascent, descent = metrics
    start = words[0].start
    return Line(
        width_units * size / 1000.0,
        ascent,
        descent,
        ascent + descent,
        text[start:content_end],
        visual,
        trims,
        content_end=content_end,
    )


def measure(text: str, style: TextStyle) -> float:
    """Width in pt of ``text`` set on one line (shaped, spaces included except at the ends)."""
    block = layout_paragraph(text.replace("\n", " "), float("inf"), style)
    return max((ln.width for ln in block.lines), default=0.0)


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
    if isinstance(text_or_spans, str):
        text_or_spans = text_or_spans.replace("\n", " ")
    else:
        text_or_spans = [replace(s, text=s.text.replace("\n", " ")) for s in text_or_spans]
    block = layout_paragraph(text_or_spans, float("inf"), style, direction=direction)
    if not block.lines:
        return 0.0
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
    _draw_line(
        canvas,
        line,
        left,
        y_baseline,
        box_width,
        style,
        block.direction,
        align if width is not None else "start" if not rtl else "end",
    )
    return natural


# ------------------------------------------------------------------------------------------
# drawing


def _draw_line(
    canvas: Any,
    line: Line,
    x: float,
    baseline: float,
    box_width: float,
    style: TextStyle,
    direction: str,
    align: Align,
) -> None:
    """Place the line's pieces left to right and draw them."""
    if not line.pieces:
        return
    from .pdf_syntax import num as fp_str

    size = style.size
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
    from .emit import emit_plan, plan_run, record_fonts

    # the plans hold on to the shaped runs they were made from: pieces are frozen, but should
    # anyone swap a piece's glyphs (tests do), the plans are made again
    shapes = tuple(piece.shaped for piece in line.pieces)
    # the same line at the same place (the body of a batch's letters): its operators as drawn
    place = (left, baseline, extra_units, size, style.color)
    drawn = line.drawn.get(place)
    if drawn is not None and all(a is b for a, b in zip(drawn[0], shapes, strict=False)):
        record_fonts(canvas, drawn[2])
        canvas._code.append(drawn[1])
        return
    cached = line.plans.get((extra_units, size))
    if cached is not None and all(a is b for a, b in zip(cached[0], shapes, strict=False)):
        plans = cached[1]
    else:
        plans = []
        pieces = line.pieces
        index = 0
        while index < len(pieces):
            end = index + 1
            while end < len(pieces) and pieces[end].face is pieces[index].face:
                end += 1
            run = _glyph_run(pieces[index:end], line, extra_units)
            if run.gids:
                plans.append(plan_run(run, size))
            index = end
        if len(line.plans) < 4:  # a line is drawn with one or two justifications, not more
            line.plans[(extra_units, size)] = (shapes, plans)

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
        line.drawn[place] = (shapes, text, plans)


def _glyph_run(pieces: list[Piece], line: Line, extra_units: float) -> Any:
    """Glyphs of visually adjacent pieces of one face, spaces at the break dropped."""
    from .emit import GlyphRun

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


def _add_overlay(run: Any, piece: Piece, piece_start: float, limit: int) -> None:
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
