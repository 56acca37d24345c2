"""Page composition for the PDF letter: where each block of a :class:`~letterkit.model.Letter` goes.

This module lays the letter out completely before anything is drawn, so the writer knows the
page count ("Page 2 of 3") before it draws page 1. All text is laid out by letterkit's own text
engine (:mod:`letterkit.text`); this module only decides boxes, sizes, alignment and page breaks.

Coordinates: the layouts (:mod:`letterkit.layouts`) speak millimetres from the top-left corner
of the paper; reportlab speaks points from the bottom-left. :class:`PageFrame` converts. A
placed block is drawn with its *top* edge at ``y_top`` and its *left* edge at ``x``; the engine
aligns each line inside the block's width.

Right-to-left letters mirror what a reader expects (sender block, date, salutation, body,
signature and list numbers on the right), but the recipient's address stays exactly where the
envelope window is, with its lines right-aligned inside the window.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from ..errors import OutputError
from ..layouts import PAPER_SIZES, WINDOW_MIN_SIZE_PT, LetterLayout
from ..locales import LOCALES, field_separator, list_marker, normalize_code
from ..model import Letter, ListBlock, Paragraph, Span
from ..textclean import has_arabic_script

if TYPE_CHECKING:  # the engine imports reportlab/uharfbuzz: keep it out of module import time
    from ..text import TextBlock, TextStyle

MM = 72.0 / 25.4  # points per millimetre
Side = Literal["left", "right"]

# Type sizes (pt). A fax needs everything at 11 pt or more (see PdfOptions.fax).
BODY_SIZE = 11.0
ADDRESS_SIZE = 10.0  # DIN 5008 / KOMA addressee size
ADDRESS_MIN_SIZE = WINDOW_MIN_SIZE_PT  # smallest the post reads reliably
SENDER_SIZE = 9.0
SENDER_MIN_SIZE = 7.0
RETURN_SIZE = 7.5
RETURN_MIN_SIZE = 6.0
SMALL_SIZE = 9.0  # continuation header, page numbers
FAX_MIN_SIZE = 11.0

# Urdu's Nastaliq is tall: in the envelope window, where lines are counted, Naskh is used
# (the engine ignores the family for scripts it does not serve, so Latin stays in the body face).
WINDOW_FAMILY = "naskh"

HEADER_TOP_MM = 12.7  # top of the letterhead zone when there is no information box
FOLLOW_TOP_MM = 27.0  # where text starts on pages 2+
FOLLOW_HEADER_MM = 14.0  # baseline of the continuation header on pages 2+
FOOTER_FROM_BOTTOM_MM = 13.0  # baseline of "Page n of m"
MIN_GAP_MM = 6.0  # between the header blocks and the first line of text
SIGNATURE_SPACE = 3.2  # body lines left blank for the handwritten signature


@dataclass(frozen=True)
class Spacing:
    """Body size and vertical rhythm. A letter that spills a few lines onto another page is
    set again a little tighter (see :meth:`Composer.plan`): one page reads better than two."""

    body_size: float = BODY_SIZE
    paragraph: float = 0.75  # space between paragraphs, in body lines
    signature: float = SIGNATURE_SPACE


SPACINGS = (
    Spacing(),
    Spacing(paragraph=0.45, signature=2.6),
    Spacing(body_size=10.5, paragraph=0.45, signature=2.6),
    Spacing(body_size=10.0, paragraph=0.4, signature=2.4),
)
MIN_ARABIC_BODY = 10.5  # Nastaliq and Naskh get small fast: never tighter than this
LIGHT_LAST_PAGE = 0.4  # retry tighter when the last page is filled less than this

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")


def clean_line(text: str) -> str:
    """A field value made safe for one printed line.

    Values are data: a line break, tab or other control character inside a name or address
    becomes a single space (it must not add a line to an address block that has to fit a
    window), leading/trailing spaces go. Bidi marks (LRM, RLM, embeddings) are kept: the text
    engine resolves them within the line, and each line is its own bidi paragraph.
    """
    return _CONTROLS.sub(" ", text).strip()


_BODY_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f]+")


def clean_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Body text: a line break inside a paragraph stays a line break (the engine starts a new
    line within the same paragraph); other control characters become spaces."""
    out = []
    for span in spans:
        text = span.text.replace("\r\n", "\n").replace("\r", "\n")
        text = re.sub("[\u0085\u2028]", "\n", text).replace("\u2029", "\n")
        text = _BODY_CONTROLS.sub(" ", text)
        if text:
            out.append(replace(span, text=text))
    return tuple(out)


def _font_box(text: str) -> tuple[float, float]:
    """(ascent, descent) in em of the faces that draw ``text`` in the window (body face, plus
    Naskh for Arabic script): the full glyph box a line can ink."""
    from ..fonts import face

    faces = [face("serif")] + ([face(WINDOW_FAMILY)] if has_arabic_script(text) else [])
    return max(f.ascent for f in faces), max(f.descent for f in faces)


def first_strong_direction(text: str, default: str) -> str:
    """The direction of ``text``'s first strong character (UAX #9 rules P2/P3), else ``default``.

    Used for address and sender lines: in an Urdu letter the street line "12 Example Street" is
    an English line (an RTL base would print "Example Street 12"), an Urdu name an RTL line.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def _sep(language: str) -> str:
    """The list separator for "place, date": Arabic comma for Arabic-script letters."""
    info = LOCALES.get(normalize_code(language))
    return "، " if info is not None and info.script == "Arab" else ", "


def _script(language: str) -> str:
    info = LOCALES.get(normalize_code(language))
    return info.script if info is not None else "Latn"


@dataclass(frozen=True)
class PageFrame:
    """The paper in points, with millimetre-from-top conversion."""

    width: float
    height: float

    @classmethod
    def for_paper(cls, paper: str) -> PageFrame:
        w_mm, h_mm = PAPER_SIZES[paper]
        return cls(w_mm * MM, h_mm * MM)

    def y(self, mm_from_top: float) -> float:
        return self.height - mm_from_top * MM

    @property
    def height_mm(self) -> float:
        return self.height / MM

    @property
    def width_mm(self) -> float:
        return self.width / MM


@dataclass
class Placed:
    """A laid-out text block with its top-left corner in page points."""

    block: TextBlock
    x: float
    y_top: float

    @property
    def y_bottom(self) -> float:
        return self.y_top - self.block.height


@dataclass
class Part:
    """One block of a flow item, ``gap`` points below the previous part."""

    block: TextBlock
    x: float
    gap: float = 0.0


@dataclass
class Flow:
    """An item of the running text: one block (splittable across pages) or a group kept whole.

    ``marker`` is a list number or bullet drawn beside the first line of the item only.
    """

    parts: list[Part]
    space_before: float = 0.0
    marker: Part | None = None
    keep_with_next: bool = False

    @property
    def height(self) -> float:
        return sum(p.gap for p in self.parts[1:]) + sum(p.block.height for p in self.parts)

    @property
    def splittable(self) -> bool:
        return len(self.parts) == 1 and len(self.parts[0].block.lines) > 1

    @property
    def lines(self) -> int:
        return sum(max(len(p.block.lines), 1) for p in self.parts)

    def head_height(self, lines: int = 2) -> float:
        """Height of the first ``lines`` lines (what must follow a keep-with-next item)."""
        first = self.parts[0].block
        count = max(len(first.lines), 1)
        if len(self.parts) > 1 or count <= lines:
            return self.height
        return first.height * lines / count


@dataclass
class ColumnFlow:
    """Entries (each a :class:`Flow` kept whole) set in ``columns`` columns that fill one after
    the other and flow on across pages; the last page's columns are balanced.

    Entries are laid out for the *start* column (the left one in a left-to-right letter, the
    right one in a right-to-left letter); ``step`` is the signed distance in points from one
    column to the next (positive: rightwards), so right-to-left columns run from right to left.
    """

    entries: list[Flow]
    columns: int
    step: float
    space_before: float = 0.0
    keep_with_next: bool = False

    @property
    def height(self) -> float:
        return sum(e.height for e in self.entries)

    @property
    def splittable(self) -> bool:
        return True

    def head_height(self, lines: int = 2) -> float:
        return self.entries[0].height if self.entries else 0.0

    @property
    def lines(self) -> int:
        return sum(e.lines for e in self.entries)


def _column_height(entries: Sequence[Flow]) -> float:
    return sum(e.height + (e.space_before if i else 0.0) for i, e in enumerate(entries))


def fill_columns(entries: Sequence[Flow], height: float, columns: int) -> list[list[Flow]]:
    """Entries taken in order into up to ``columns`` columns of at most ``height`` points (an
    entry taller than a whole column still gets one of its own)."""
    out: list[list[Flow]] = []
    at = 0
    for _ in range(columns):
        column: list[Flow] = []
        while at < len(entries):
            trial = [*column, entries[at]]
            if column and _column_height(trial) > height + 0.01:
                break
            if not column and entries[at].height > height + 0.01 and out:
                break
            column = trial
            at += 1
        if not column:
            break
        out.append(column)
    return out


def balanced_columns(entries: Sequence[Flow], height: float, columns: int) -> list[list[Flow]]:
    """Like :func:`fill_columns`, but when every entry fits, the lowest height that still holds
    them all (so the last page's columns end at about the same line)."""
    full = fill_columns(entries, height, columns)
    if sum(len(c) for c in full) < len(entries) or columns == 1:
        return full
    lo, hi = max(e.height for e in entries), height
    best = full
    for _ in range(24):  # bisection on the column height, to a fraction of a point
        mid = (lo + hi) / 2
        trial = fill_columns(entries, mid, columns)
        if sum(len(c) for c in trial) == len(entries):
            best, hi = trial, mid
        else:
            lo = mid
        if hi - lo < 0.5:
            break
    return best


@dataclass
class Plan:
    """The whole letter, laid out: page 1's fixed blocks and every page's flowed blocks."""

    frame: PageFrame
    layout: LetterLayout
    paper: str
    pages: list[list[Placed]] = field(default_factory=list)
    text_left: float = 0.0
    text_width: float = 0.0


class Composer:
    """Lays one letter out on pages; :meth:`plan` returns the result, nothing is drawn."""

    def __init__(
        self,
        letter: Letter,
        layout: LetterLayout,
        paper: str,
        *,
        fax: bool,
        family: str | None = None,
    ) -> None:
        from .. import text as engine  # heavy: reportlab, uharfbuzz, fonts

        self.engine: Any = engine
        self.letter = letter
        self.layout = layout
        self.fax = fax
        self.family = family  # None: the locale's own (Nastaliq for Urdu, Naskh, Noto Serif)
        self.paper = paper
        self.frame = PageFrame.for_paper(paper)
        self.rtl = letter.direction == "rtl"
        self.language = letter.language
        self.left = layout.margin_left * MM
        self.right = self.frame.width - layout.margin_right * MM
        self.width = self.right - self.left
        self._line_heights: dict[Any, float] = {}
        self.spacing = SPACINGS[0]
        self.body = self.style(BODY_SIZE)
        self.moved: tuple[str, ...] = ()  # recipient lines moved out of the window

    # ---------------------------------------------------------------------------------- styles
    def style(
        self,
        size: float,
        *,
        bold: bool = False,
        language: str | None = None,
        leading: float | None = None,
        family: str | None = None,
    ) -> TextStyle:
        """A text style in the letter's language (a fax never goes below 11 pt)."""
        if self.fax:
            if leading is not None:
                leading = leading * max(size, FAX_MIN_SIZE) / size
            size = max(size, FAX_MIN_SIZE)
        return self.engine.TextStyle(  # type: ignore[no-any-return]
            language or self.language,
            size=size,
            bold=bold,
            leading=leading,
            family=family or self.family,
        )

    def line_height(self, style: TextStyle) -> float:
        """Height of one line in ``style`` as the engine lays it out."""
        found = self._line_heights.get(style)
        if found is None:
            found = float(self.engine.layout_paragraph("Xx", 1000.0, style).height)
            self._line_heights[style] = found
        return found

    def paragraph(
        self,
        content: str | Sequence[Span],
        width: float,
        style: TextStyle,
        *,
        align: str = "start",
        direction: str | None = None,
    ) -> TextBlock:
        spans: str | tuple[Span, ...]
        spans = clean_line(content) if isinstance(content, str) else clean_spans(content)
        return self.engine.layout_paragraph(  # type: ignore[no-any-return]
            spans, width, style, direction=direction or self.letter.direction, align=align
        )

    def visual_line(
        self, text: str, width: float, style: TextStyle, side: Side, *, direction: str | None = None
    ) -> TextBlock:
        """One line (wrapped if it must) flush to the visual ``side``.

        ``direction`` ``None``: the line's own direction (first strong character; a line with
        none, like a phone number, is left-to-right) — for field values such as an address line.
        Composed lines (date, reference) pass the letter's direction.
        """
        text = clean_line(text)
        direction = direction or first_strong_direction(text, "ltr")
        align = "start" if (side == "left") == (direction == "ltr") else "end"
        return self.engine.layout_paragraph(  # type: ignore[no-any-return]
            text, width, style, direction=direction, align=align
        )

    def join_fields(
        self, pieces: Sequence[str], sep: str, seps: Sequence[str] | None = None
    ) -> str:
        """Fields joined on one line, each kept in its own direction.

        A field whose direction differs from the letter's is isolated (LRI/RLI … PDI), and the
        separators are fenced with marks of the letter's direction (RLM/LRM): the engine maps
        isolates to embeddings, and without the marks "Berlin، 24 نومبر" would pull the day into
        the English run, or two English fields of an Urdu line would merge into one.
        ``seps`` gives the separator before each piece (by its place in ``pieces``) instead of
        ``sep``.
        """
        rtl = self.letter.direction == "rtl"
        out, before, isolated = [], [], False
        for index, piece in enumerate(clean_line(p) for p in pieces):
            if not piece:
                continue
            own = first_strong_direction(piece, "ltr")
            if own != self.letter.direction:
                piece = ("\u2066" if own == "ltr" else "\u2067") + piece + "\u2069"
                isolated = True
            out.append(piece)
            before.append(seps[index] if seps is not None and index < len(seps) else sep)
        mark = ("\u200f" if rtl else "\u200e") if isolated else ""
        text = out[0] if out else ""
        for gap, piece in zip(before[1:], out[1:], strict=True):
            text += mark + gap + mark + piece
        return text

    def isolate(self, value: str) -> str:
        """``value`` to be put into a localized label (``"{recipient} · {date}"``): isolated in
        its own direction, with a mark of the letter's direction after it, where they differ."""
        value = clean_line(value)
        own = first_strong_direction(value, self.letter.direction)
        if not value or own == self.letter.direction:
            return value
        mark = "\u200f" if self.rtl else "\u200e"
        return ("\u2066" if own == "ltr" else "\u2067") + value + "\u2069" + mark

    @property
    def start_side(self) -> Side:
        return "right" if self.rtl else "left"

    @property
    def end_side(self) -> Side:
        return "left" if self.rtl else "right"

    # ------------------------------------------------------------------------------ first page
    def return_line(self) -> Placed | None:
        """The one-line return address at the top of the address field (not on a fax)."""
        layout, letter = self.layout, self.letter
        if self.fax or layout.return_height <= 0:
            return None
        # one separator for PDF and DOCX (i18n.field_separator); a return address in Latin
        # letters only reads left to right in every letter, name first, as the DOCX sets it
        sep = field_separator(self.language)
        fields = [f for f in (clean_line(s) for s in letter.sender.lines) if f]
        direction = letter.direction
        if fields and all(first_strong_direction(f, "ltr") == "ltr" for f in fields):
            direction, text = "ltr", sep.join(fields)
        else:
            text = self.join_fields(fields, sep)
        if not text:
            return None
        box = layout.address
        width = (box.width - 2 * layout.indent) * MM

        def style_at(size: float) -> TextStyle:
            return self.style(
                size, leading=None if has_arabic_script(text) else size * 1.25, family=WINDOW_FAMILY
            )

        # a line's width is proportional to its size (shaping is in em units): measured once
        per_point = self.engine.measure(text, style_at(RETURN_SIZE)) / RETURN_SIZE
        size = RETURN_SIZE
        while per_point * size > width and size > RETURN_MIN_SIZE:
            size -= 0.5
        style = style_at(size)
        measured = per_point * size
        if measured > width:  # one line, never two: cut (first roughly, then to fit)
            text = text[: max(1, int(len(text) * width / measured))]
            while len(text) > 1 and self.engine.measure(text + "…", style) > width:
                text = text[:-1]
            text = text.rstrip(sep + "\u2066\u2067\u2069\u200e\u200f") + "…"
        block = self.visual_line(text, width, style, self.start_side, direction=direction)
        zone_top = self.frame.y(box.y)
        y_top = zone_top - max(0.0, (layout.return_height * MM - block.height) / 2)
        return Placed(block, (box.x + layout.indent) * MM, y_top)

    def recipient_block(self) -> list[Placed]:
        """The recipient's lines inside the window, shrunk if needed, never overflowing it.

        When the whole block does not fit even at the smallest size, the clerk's steps of
        :mod:`letterkit.window` apply (position and organisation joined, then moved below the
        window: :attr:`moved` holds them for the head of the letter).
        """
        from ..window import choose_window_lines

        layout = self.layout
        box = layout.address
        # Layouts without a return-address zone (US #10) are the window itself: keep the
        # indent clear on every side (USPS: 1/8 in). DIN-style fields end at the field's bottom.
        bottom_clear = layout.indent if layout.return_height <= 0 else 0.0
        x = (box.x + layout.indent) * MM
        width = (box.width - 2 * layout.indent) * MM
        top = self.frame.y(box.y + layout.recipient_offset)
        height = (box.height - layout.recipient_offset - bottom_clear) * MM
        side: Side = "right" if self.rtl else "left"

        def fit(
            lines: Sequence[str], size: float
        ) -> tuple[list[TextBlock], float, list[str], bool]:
            styles = [
                self.style(
                    size,
                    leading=size * (1.4 if has_arabic_script(ln) else 1.2),
                    family=WINDOW_FAMILY,
                )
                for ln in lines
            ]
            blocks = [
                self.visual_line(ln, width, st, side) for ln, st in zip(lines, styles, strict=True)
            ]
            too_wide = [
                ln
                for ln, b in zip(lines, blocks, strict=True)
                if len(b.lines) > 1 or b.lines[0].width > width + 0.01
            ]
            # the glyphs' ascenders and descenders may reach beyond the tight line boxes:
            # the window must hold the font's whole box, not just the leading
            over_top = max(0.0, _font_box(lines[0])[0] * styles[0].size - blocks[0].lines[0].ascent)
            over_bottom = max(
                0.0, _font_box(lines[-1])[1] * styles[-1].size - blocks[-1].lines[-1].descent
            )
            total = sum(b.height for b in blocks) + over_top + over_bottom
            return blocks, over_top, too_wide, self.fax or (not too_wide and total <= height + 0.01)

        recipient = self.letter.recipient
        cleaned = replace(recipient, lines=tuple(clean_line(line) for line in recipient.lines))
        choice = choose_window_lines(
            cleaned, lambda lines: bool(lines) and fit(lines, ADDRESS_MIN_SIZE)[3]
        )
        lines = list(choice.lines)
        if not lines:
            raise OutputError("recipient address: no lines to print in the address window")
        self.moved = choice.moved
        size = ADDRESS_SIZE
        while True:
            blocks, over_top, too_wide, fits = fit(lines, size)
            if fits:
                break
            if size <= ADDRESS_MIN_SIZE:
                if too_wide:
                    raise OutputError(
                        f"recipient address: line {too_wide[0]!r} is too wide for the "
                        f"{layout.name} envelope window even at {ADDRESS_MIN_SIZE:g} pt"
                    )
                raise OutputError(
                    f"recipient address: {len(lines)} lines do not fit the {layout.name} "
                    f"envelope window ({box.width:g} × {box.height:g} mm) even at "
                    f"{ADDRESS_MIN_SIZE:g} pt, nor with the position and organisation moved "
                    "below it; shorten the address lines"
                )
            size -= 0.5
        placed = []
        y = top - over_top
        for block in blocks:
            placed.append(Placed(block, x, y))
            y -= block.height
        return placed

    def sender_lines(self) -> list[str]:
        sender = self.letter.sender
        lines = [clean_line(line) for line in sender.lines]
        for extra in (sender.email, sender.phone):
            extra = clean_line(extra)
            if extra and extra not in lines:
                lines.append(extra)
        return [line for line in lines if line]

    def date_line(self) -> str:
        return self.join_fields([self.letter.place, self.letter.date], _sep(self.language))

    def reference_line(self) -> str:
        ref = clean_line(self.letter.reference)
        if not ref:
            return ""
        label = clean_line(self.letter.labels.reference)
        return f"{label} {ref}" if label else ref

    def sender_block(self) -> list[Placed]:
        """Sender block: in the information box (DIN), else in the letterhead zone at the top.

        Left-to-right letters put a top block on the side away from the window; right-to-left
        letters always put it on the right (above the window if that is on the right).
        With an information box, the date and reference follow the sender lines in it.
        """
        layout = self.layout
        lines = self.sender_lines()
        info = layout.info
        extra: list[str] = []
        if info is not None:
            extra = [line for line in (self.date_line(), self.reference_line()) if line]
        if not lines and not extra:
            return []
        box = layout.address
        if info is not None:
            # DIN's block runs to 200 mm; keep it within the text's right margin (190 mm), so
            # a right-aligned (RTL) block lines up with the body
            x = info.x * MM
            width = min(info.right * MM, self.right) - x
            top, limit = self.frame.y(info.y), info.height * MM
            side = self.start_side
            room = ((box.right + 4) * MM, self.right)  # may widen leftwards, up to the field
        else:
            window_right = box.x + box.width / 2 > self.frame.width_mm / 2
            top = self.frame.y(HEADER_TOP_MM)
            if not window_right:
                side = "right"
                lo = max(box.right + 5, self.frame.width_mm / 2)
                hi = self.frame.width_mm - layout.margin_right
                limit = (layout.body_top - 8 - HEADER_TOP_MM) * MM
                room = ((box.right + 4) * MM, hi * MM)
            else:
                # a right-hand window (French, Swiss layouts): the block stands on the left, in
                # both directions, so nothing but the recipient can show through the window; a
                # right-to-left block keeps its lines flush right within that column
                side = "right" if self.rtl else "left"
                lo, hi = layout.margin_left, min(box.x - 5, self.frame.width_mm / 2)
                limit = (layout.body_top - 8 - HEADER_TOP_MM) * MM
                room = (lo * MM, (box.x - 4) * MM)
            x, width = lo * MM, (hi - lo) * MM

        size = SENDER_SIZE
        while True:
            style = self.style(size)
            blocks = [self.visual_line(ln, width, style, side) for ln in lines]
            gap = self.line_height(style) * 0.6 if extra and lines else 0.0
            blocks_extra = [
                self.visual_line(ln, width, style, side, direction=self.letter.direction)
                for ln in extra
            ]
            total = sum(b.height for b in blocks + blocks_extra) + gap
            # a long email address is one word: it cannot wrap, so the size must give way
            widest = max((ln.width for b in blocks for ln in b.lines), default=0.0)
            too_wide = widest > width + 0.01
            if (
                size <= SENDER_MIN_SIZE
                or (total <= limit and not too_wide)
                or (self.fax and not too_wide)
            ):
                break
            size -= 0.5
        if too_wide:  # still too wide at the smallest size: widen into the free room beside it
            if side == "right" or info is not None:
                new_x = max(room[0], x + width - widest)
                width, x = width + (x - new_x), new_x
            else:
                width = min(room[1] - x, widest)
            blocks = [self.visual_line(ln, width, style, side) for ln in lines]
            blocks_extra = [
                self.visual_line(ln, width, style, side, direction=self.letter.direction)
                for ln in extra
            ]
        placed = []
        y = top
        for block in blocks:
            placed.append(Placed(block, x, y))
            y -= block.height
        y -= gap
        for block in blocks_extra:
            placed.append(Placed(block, x, y))
            y -= block.height
        return placed

    # ----------------------------------------------------------------------------- running text
    def flows(self) -> list[Flow | ColumnFlow]:
        """The running text, top to bottom, as flow items."""
        letter = self.letter
        body = self.body
        line = self.line_height(body)
        para_gap = line * self.spacing.paragraph
        out: list[Flow | ColumnFlow] = []

        for moved in self.moved:  # the recipient's lines the window had no room for
            out.append(
                Flow(
                    [
                        Part(
                            self.visual_line(
                                moved, self.width, body, self.start_side, direction=letter.direction
                            ),
                            self.left,
                        )
                    ],
                    keep_with_next=True,
                )
            )
        if letter.addressees:
            out.extend(self.addressee_flows(line))
        elif self.layout.info is None:
            date = self.date_line()
            if date:
                # the date stands on the right in both directions (end of an English line,
                # start of an Urdu one)
                align = "start" if self.rtl else "end"
                out.append(
                    Flow([Part(self.paragraph(date, self.width, body, align=align), self.left)])
                )
            ref = self.reference_line()
            if ref:
                out.append(
                    Flow(
                        [Part(self.paragraph(ref, self.width, body), self.left)],
                        space_before=line * 0.5 if date else 0.0,
                    )
                )
        subject = clean_line(letter.subject)
        if subject:
            label = clean_line(letter.labels.subject)
            spans = [Span(label + " ", bold=True)] if label else []
            spans.append(Span(subject, bold=True))
            out.append(
                Flow(
                    [Part(self.paragraph(spans, self.width, body), self.left)],
                    space_before=line * 1.2 if out else 0.0,
                    keep_with_next=True,
                )
            )
        if clean_line(letter.salutation):
            out.append(
                Flow(
                    [Part(self.paragraph(letter.salutation, self.width, body), self.left)],
                    space_before=line * 1.2 if out else 0.0,
                    keep_with_next=True,
                )
            )
        for index, block in enumerate(letter.body):
            gap = para_gap if (out or index) else 0.0
            if isinstance(block, Paragraph):
                if not any(s.text.strip() for s in block.spans):
                    continue
                out.append(
                    Flow(
                        [Part(self.paragraph(block.spans, self.width, body), self.left)],
                        space_before=gap,
                    )
                )
            elif isinstance(block, ListBlock):
                out.extend(self.list_flows(block, gap, line))
        closing = self.closing_flows(line, para_gap)
        if closing and clean_line(letter.closing):
            # the closing never stands alone: at least two lines of text stay with it
            lines = 0
            for item in reversed(out):
                if lines >= 2:
                    break
                item.keep_with_next = True
                lines += item.lines
        out.extend(closing)
        out.extend(self.signatory_flows(line, para_gap))
        return out

    def addressee_flows(self, line: float) -> list[Flow | ColumnFlow]:
        """An open letter's head: the date on the end side, then "To:" and one line per
        addressee on the start side (no window address: the letter goes to many)."""
        body = self.body
        out: list[Flow | ColumnFlow] = []
        date = self.date_line()
        if date:
            align = "start" if self.rtl else "end"
            out.append(Flow([Part(self.paragraph(date, self.width, body, align=align), self.left)]))
        ref = self.reference_line()
        if ref:
            out.append(Flow([Part(self.paragraph(ref, self.width, body), self.left)]))
        parts = []
        label = clean_line(self.letter.labels.to)
        if label:
            parts.append(
                Part(self.paragraph([Span(label, bold=True)], self.width, body), self.left)
            )
        hang = 5 * MM
        for name in self.letter.addressees:
            text = self.join_fields([name], "")
            block = self.paragraph(text, self.width - hang, body)
            parts.append(
                Part(
                    block,
                    self.left if self.rtl else self.left + hang,
                    line * 0.1 if len(parts) > 1 else 0.0,
                )
            )
        if parts:
            out.append(Flow(parts, space_before=line * 1.2 if out else 0.0))
        return out

    def signatory_flows(self, line: float, para_gap: float) -> list[Flow | ColumnFlow]:
        """An open letter's numbered list of signatories: a heading, the counts line, then per
        group a heading and the names in one or two columns.

        Each entry is the number on the start side and, hanging beside it, the name (in its own
        direction, isolated, so a Persian name keeps its order inside an English line and a
        Latin one inside a Dari line), the name in its own script, affiliation and country."""
        roster = self.letter.signatory_list
        if roster is None or not roster.members:
            return []
        body = self.body
        small = self.style(max(self.body.size - 1.0, 9.5))
        bold = self.style(self.body.size, bold=True)
        out: list[Flow | ColumnFlow] = []
        heading = [
            Part(
                self.paragraph([Span(clean_line(roster.heading), bold=True)], self.width, body),
                self.left,
            )
        ]
        if clean_line(roster.counts):
            heading.append(
                Part(self.paragraph(roster.counts, self.width, body), self.left, line * 0.2)
            )
        out.append(Flow(heading, space_before=para_gap * 2, keep_with_next=True))
        columns = roster.columns
        gutter = 6 * MM
        col_width = (self.width - gutter * (columns - 1)) / columns
        step = (col_width + gutter) * (-1 if self.rtl else 1)
        start_x = self.right - col_width if self.rtl else self.left
        numbers = [m.number for m in roster.members]
        number_width = max(self.engine.measure(n, small) for n in numbers)
        hang = number_width + 2 * MM
        text_width = col_width - hang
        text_x = start_x if self.rtl else start_x + hang
        mark_x = start_x + col_width - number_width if self.rtl else start_x
        sep = _sep(self.language)
        for group in roster.groups:
            if clean_line(group.heading):
                out.append(
                    Flow(
                        [
                            Part(
                                self.paragraph(
                                    [Span(clean_line(group.heading), bold=True)], self.width, bold
                                ),
                                self.left,
                            )
                        ],
                        space_before=line * 0.8,
                        keep_with_next=True,
                    )
                )
            entries = []
            for i, person in enumerate(group.members):
                # one level of isolates: the name, the name in its own script, affiliation
                # and country each in their own direction ("·" before the local name)
                text = self.join_fields(
                    [person.name, person.name_local, person.organisation, person.place],
                    sep,
                    seps=["", " · ", sep, sep],
                )
                style = small
                if person.language and person.language != self.language:
                    style = self.style(small.size, language=person.language)
                block = self.paragraph(text, text_width, style, direction=self.letter.direction)
                # the number stands on the start side, flush towards the name, so that "9."
                # and "10." line up on their dots
                mark = self.paragraph(person.number, number_width, small, align="end")
                entries.append(
                    Flow(
                        [Part(block, text_x)],
                        marker=Part(mark, mark_x),
                        space_before=line * 0.15 if i else 0.0,
                    )
                )
            out.append(ColumnFlow(entries, columns, step, space_before=line * 0.4))
        return out

    def list_flows(self, block: ListBlock, gap: float, line: float) -> list[Flow]:
        """A list: one flow per item, its number or bullet beside the first line.

        Numbers as :func:`letterkit.locales.list_marker` writes them (Dari ۱. ۲., Urdu 1۔ 2۔) stand
        on the start side: the left in an English letter, the right in an Urdu one.
        """
        body = self.body
        digits = self.letter.digits
        markers = []
        for i in range(len(block.items)):
            if block.ordered:  # the same numbers as the DOCX writer's
                markers.append(list_marker(block.start + i, self.language, digits=digits))
            else:
                markers.append("•")
        marker_width = max(self.engine.measure(m, body) for m in markers) if markers else 0.0
        hang = max(6.5 * MM, marker_width + 2.5 * MM)
        indent = 0.0  # lists sit flush with the text; the hang separates number and text
        text_width = self.width - indent - hang
        if self.rtl:
            text_x = self.left
            marker_x = self.right - indent - hang
        else:
            text_x = self.left + indent + hang
            marker_x = self.left + indent
        flows = []
        for i, (item, marker) in enumerate(zip(block.items, markers, strict=True)):
            text = self.paragraph(item, text_width, body)
            mark = self.paragraph(marker, hang, body)
            flows.append(
                Flow(
                    [Part(text, text_x)],
                    space_before=gap if i == 0 else line * 0.25,
                    marker=Part(mark, marker_x),
                )
            )
        return flows

    def closing_flows(self, line: float, para_gap: float) -> list[Flow]:
        """Closing and signature (kept together), then enclosures, copies and signatories."""
        letter, body = self.letter, self.body
        out: list[Flow] = []
        parts: list[Part] = []
        if clean_line(letter.closing):
            parts.append(Part(self.paragraph(letter.closing, self.width, body), self.left))
        for i, name in enumerate(letter.signature):
            if not clean_line(name):
                continue
            gap = line * self.spacing.signature if (i == 0 and parts) else 0.0
            parts.append(
                Part(self.visual_line(name, self.width, body, self.start_side), self.left, gap)
            )
        if parts:
            out.append(Flow(parts, space_before=para_gap * 1.3))

        for label, items in (
            (letter.labels.enclosures, letter.enclosures),
            (letter.labels.cc, letter.cc),
        ):
            items = tuple(i for i in (clean_line(x) for x in items) if i)
            if not items:
                continue
            group = [Part(self.paragraph(label, self.width, body), self.left)]
            group += [
                Part(
                    self.paragraph(item, self.width - 5 * MM, body),
                    self.left if self.rtl else self.left + 5 * MM,
                )
                for item in items
            ]
            out.append(
                Flow(
                    group if len(items) <= 6 else group[:1],
                    space_before=para_gap * 1.5,
                    keep_with_next=len(items) > 6,
                )
            )
            if len(items) > 6:  # long lists flow on like the body
                out.extend(Flow([p]) for p in group[1:])

        signatories = [s for s in letter.signatories if clean_line(s.name)]
        if signatories:
            heading = self.paragraph(letter.labels.signatories, self.width, body)
            out.append(
                Flow([Part(heading, self.left)], space_before=para_gap * 1.5, keep_with_next=True)
            )
            small = self.style(10.0)
            for i, person in enumerate(signatories):
                text = self.join_fields(
                    [person.name, person.organisation, person.place], _sep(self.language)
                )
                style = small
                if person.language and person.language != self.language:
                    style = self.style(10.0, language=person.language)
                block = self.visual_line(
                    text, self.width, style, self.start_side, direction=self.letter.direction
                )
                out.append(Flow([Part(block, self.left)], space_before=line * 0.1 if i else 0.0))
        return out

    # ------------------------------------------------------------------------------ pagination
    def plan(self) -> Plan:
        """Lay the letter out; if the last page holds only a few lines, try tighter spacing."""
        frame, layout = self.frame, self.layout
        first: list[Placed] = []
        if self.letter.addressees:  # an open letter: no window, the text starts at the top
            first_top = frame.y(HEADER_TOP_MM + 8)
        else:
            ret = self.return_line()
            if ret is not None:
                first.append(ret)
            first.extend(self.recipient_block())
            first.extend(self.sender_block())
            header_bottom = min(p.y_bottom for p in first) if first else frame.height
            first_top = min(frame.y(layout.body_top), header_bottom - MIN_GAP_MM * MM)
        follow_top = frame.y(FOLLOW_TOP_MM)
        bottom = layout.margin_bottom * MM
        if first_top - bottom < 4 * self.line_height(self.body):
            raise OutputError(
                "sender block: its lines fill the first page and leave no room for the letter "
                "(check the sender's name and address lines)"
            )
        pages: list[list[Placed]] = []
        chosen = SPACINGS[0]
        for spacing in SPACINGS:
            if self.fax and spacing.body_size < FAX_MIN_SIZE:
                continue
            if _script(self.language) == "Arab" and spacing.body_size < MIN_ARABIC_BODY:
                continue
            self.spacing = spacing
            self.body = self.style(spacing.body_size)
            candidate = paginate(self.flows(), first_top, follow_top, bottom)
            if not pages or len(candidate) < len(pages):
                pages, chosen = candidate, spacing
            if len(pages) == 1:
                break
            last = pages[-1]
            filled = (follow_top - min(p.y_bottom for p in last)) if last else 0.0
            if filled > LIGHT_LAST_PAGE * (follow_top - bottom):
                break  # a real second page: tightening would not save it
        self.spacing = chosen  # the spacing of the pages kept (the DOCX writer asks)
        self.body = self.style(chosen.body_size)
        pages[0][:0] = first
        return Plan(frame, layout, self.paper, pages, self.left, self.width)


def _lines(block: TextBlock, count: int) -> tuple[TextBlock, TextBlock]:
    """The first ``count`` lines of ``block`` and the rest."""
    head, tail = block.split(sum(line.height for line in block.lines[:count]))
    assert tail is not None
    return head, tail


def _head_lines(block: TextBlock, avail: float, *, all_fit: bool) -> int:
    """How many lines of ``block`` to set on this page, with widow and orphan control: at least
    two lines on each side of the break, or 0 (the paragraph moves on whole).

    ``all_fit``: the whole block fits but what must stay with its end does not, so the last two
    lines go over with it."""
    total = len(block.lines)
    if all_fit:
        count = total - 2
    else:
        head, _ = block.split(avail)
        count = min(len(head.lines) if head is not None else 0, total - 2)
    return count if count >= 2 else 0


def _follow(queue: Sequence[Flow | ColumnFlow]) -> float:
    """The height that must stand below an item kept with the next: the next item's first two
    lines, or all of it (and what it keeps) when it is too short to be split (2 + 2 lines)."""
    if not queue:
        return 0.0
    nxt = queue[0]
    if nxt.keep_with_next and nxt.lines < 4:
        return nxt.space_before + nxt.height + _follow(queue[1:])
    return nxt.space_before + nxt.head_height()


def paginate(
    flows: Sequence[Flow | ColumnFlow], first_top: float, top: float, bottom: float
) -> list[list[Placed]]:
    """Place flow items on pages, splitting paragraphs between lines and column flows column by
    column.

    A typesetter's rules: a split paragraph leaves at least two lines on each page (no widows,
    no orphans); an item marked ``keep_with_next`` stands on the same page as the start of the
    next item (its first two lines, or the whole of a group such as closing and signature):
    when that does not fit, the item's last two lines go over with it, or the whole item.
    """
    pages: list[list[Placed]] = [[]]
    y = first_top
    at_top = True
    queue = list(flows)
    while queue:
        item = queue.pop(0)
        gap = 0.0 if at_top else item.space_before
        if isinstance(item, ColumnFlow):
            entries = item.entries
            if not entries:
                continue
            avail = y - gap - bottom
            if entries[0].height > avail + 0.01 and not at_top:
                pages.append([])
                y, at_top = top, True
                queue.insert(0, item)
                continue
            columns = balanced_columns(entries, avail, item.columns)
            y -= gap
            for index, column in enumerate(columns):
                y_col = y
                for k, entry in enumerate(column):
                    if k:
                        y_col -= entry.space_before
                    _place(pages[-1], entry, y_col, dx=index * item.step)
                    y_col -= entry.height
            taken = sum(len(c) for c in columns)
            rest = entries[taken:]
            if rest:
                queue.insert(0, replace(item, entries=rest, space_before=0.0))
                pages.append([])
                y, at_top = top, True
            else:
                y -= max(_column_height(c) for c in columns)
                at_top = False
            continue
        assert isinstance(item, Flow)
        follow = _follow(queue) if item.keep_with_next else 0.0
        avail = y - gap - bottom
        fits = item.height <= avail + 0.01
        if item.height + follow <= avail + 0.01 or (at_top and (fits or not item.splittable)):
            y -= gap
            _place(pages[-1], item, y)
            y -= item.height
            at_top = False
            continue
        if item.splittable:
            part = item.parts[0]
            count = _head_lines(part.block, avail, all_fit=fits)
            if count == 0 and at_top:  # not even two lines on an empty page: take what fits
                head, _ = part.block.split(avail)
                count = len(head.lines) if head is not None else 0
                if count == 0:
                    raise OutputError("PDF layout: a line is taller than the page's text area")
            if count:
                head, tail = _lines(part.block, count)
                y -= gap
                _place(pages[-1], Flow([Part(head, part.x)], marker=item.marker), y)
                queue.insert(0, Flow([Part(tail, part.x)], keep_with_next=item.keep_with_next))
                pages.append([])
                y, at_top = top, True
                continue
        # does not fit here (or must stay with what follows): start a new page
        pages.append([])
        y, at_top = top, True
        queue.insert(0, item)
    return pages


def _place(page: list[Placed], item: Flow, y_top: float, dx: float = 0.0) -> None:
    y = y_top
    for i, part in enumerate(item.parts):
        if i:
            y -= part.gap
        page.append(Placed(part.block, part.x + dx, y))
        if i == 0 and item.marker is not None:
            # the marker's baseline on the item's first baseline (their line boxes may differ:
            # "1." is set in the Latin face, the item perhaps in Nastaliq)
            mark = item.marker.block
            shift = 0.0
            if part.block.lines and mark.lines:
                shift = part.block.lines[0].ascent - mark.lines[0].ascent
            page.append(Placed(mark, item.marker.x + dx, y - shift))
        y -= part.block.height
