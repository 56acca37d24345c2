"""Paragraph layout: line breaking on shaped widths, visual order per line.

Pipeline for one paragraph (see ``docs/text-engine.md``):

1. levels for the whole paragraph (:mod:`.bidi`), base direction given or from the text;
2. words of shaped pieces (:mod:`.itemize`, :mod:`.shaping`);
3. greedy line breaking in logical order on shaped widths, between words only;
4. per line: drop the trailing spaces (rule L1 puts them at the paragraph level at the line end,
   where they are invisible), order the pieces visually (rule L2);
5. placing a line's glyphs (alignment, justification, runs of one face) is :mod:`.placement`'s
   job, drawing them a back end's (:mod:`letterkit.pdf.text_drawing`).
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
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # a style is part of every layout cache key: hashed once, not per lookup
        values = (self.language, self.size, self.bold, self.italic, self.leading, self.color)
        object.__setattr__(self, "_hash", hash((*values, self.family)))

    def __hash__(self) -> int:
        return self._hash


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
    plans: dict[tuple[float, float], list[Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # and the operators themselves per place drawn (when no glyph's code is per document)
    drawn: dict[tuple[Any, ...], tuple[str, list[Any]]] = field(
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


@lru_cache(maxsize=256)
def _line_metrics(faces: frozenset[Face], style: TextStyle) -> tuple[float, float]:
    """(ascent, descent) of the line boxes of a paragraph: the leading of the tallest face the
    paragraph uses (the locale's own face for an empty one), split in that face's proportion.

    One leading per paragraph, so a line that happens to hold only Latin words in a Dari
    paragraph (or an Urdu name in an English one) keeps the paragraph's rhythm. Of faces
    equally tall, the first by name.
    """
    from ..fonts.registry import face as get_face
    from ..fonts.selection import primary_family

    size = style.size
    if not faces:
        info = LOCALES.get(normalize_code(style.language))
        script = "Arab" if info is not None and info.script == "Arab" else "Latn"
        faces = frozenset([get_face(primary_family(style.language, script, style.family))])
    tallest = min(faces, key=lambda f: (-f.family.leading, f.key))
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
        ascent, descent = _line_metrics(frozenset(), style)
        return [Line(0.0, ascent, descent, ascent + descent, "", last=True)]
    size = style.size
    levels, words = _itemized(text, tuple(styles), style.language, style.family, rtl)
    if width != float("inf") and any(w.content_units * size / 1000.0 > width for w in words):
        # cut the over-wide ones
        words = itemize(
            text, levels, styles, style.language, style.family, max_width=width, size=size
        )

    groups: list[list[Word]] = []
    current: list[Word] = []
    used = 0.0
    available = width - first_indent
    for word in words:  # widths as Word.width and Word.content_width give them
        if current and used + word.content_units * size / 1000.0 > available + 1e-6:
            groups.append(current)
            current, used, available = [], 0.0, width
        current.append(word)
        used += word.units * size / 1000.0
    if current:
        groups.append(current)

    metrics = _line_metrics(frozenset([p.face for w in words for p in w.pieces]), style)
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
