"""The blocks page 1 holds at fixed places: the return line and the recipient's address in the
envelope window, and the sender block (in DIN's information box, or in the letterhead zone).

The recipient's address stays exactly where the envelope window is, in both directions, with
its lines right-aligned inside the window in a right-to-left letter; it shrinks to fit, and
what still does not fit moves below the window (:mod:`letterkit.window`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..locales import field_separator
from ..textclean import first_strong_direction, has_arabic_script, single_line
from .blocks import Placed
from .setting import Side, TextSetter
from .sizes import (
    ADDRESS_MIN_SIZE,
    ADDRESS_SIZE,
    HEADER_TOP_MM,
    MM,
    RETURN_MIN_SIZE,
    RETURN_SIZE,
    SENDER_MIN_SIZE,
    SENDER_SIZE,
    WINDOW_FAMILY,
)

if TYPE_CHECKING:  # the engine imports uharfbuzz and fontTools: not at module import time
    from ..text import TextBlock, TextStyle


def _font_box(text: str) -> tuple[float, float]:
    """(ascent, descent) in em of the faces that draw ``text`` in the window (body face, plus
    Naskh for Arabic script): the full glyph box a line can ink."""
    from ..fonts import face

    faces = [face("serif")] + ([face(WINDOW_FAMILY)] if has_arabic_script(text) else [])
    return max(f.ascent for f in faces), max(f.descent for f in faces)


# recipient blocks as fitted: (recipient, layout, paper, fax, family, language, rtl) ->
# ((block, x, y_top) per line, the lines moved below the window); a batch writes to a few
# officials, so a few entries; the oldest goes first
_RECIPIENT_BLOCKS: dict[
    tuple[Any, ...], tuple[tuple[tuple[TextBlock, float, float], ...], tuple[str, ...]]
] = {}
_RECIPIENT_LIMIT = 64
_RECIPIENT_LOCK = threading.Lock()  # pages may be composed in several threads (letterkit serve)


class FirstPage(TextSetter):
    """Page 1's fixed blocks (:meth:`return_line`, :meth:`recipient_block`,
    :meth:`sender_block`)."""

    def return_line(self) -> Placed | None:
        """The one-line return address at the top of the address field (not on a fax)."""
        layout, letter = self.layout, self.letter
        if self.fax or layout.return_height <= 0:
            return None
        # one separator for PDF and DOCX (locales.field_separator); a return address in Latin
        # letters only reads left to right in every letter, name first, as the DOCX sets it
        sep = field_separator(self.language)
        fields = [f for f in (single_line(s) for s in letter.sender.lines) if f]
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

        full = style_at(RETURN_SIZE)
        # set on one line of any length first: where it fits, that line is the one a layout
        # `width` wide makes (no break, no cut), in a block of that width
        natural = self.visual_line(text, float("inf"), full, self.start_side, direction=direction)
        if len(natural.lines) == 1 and natural.lines[0].width <= width:  # fits at the full size
            return self._return_placed(replace(natural, width=width))
        # a line's width is proportional to its size (shaping is in em units): measured once
        per_point = self.engine.measure(text, full) / RETURN_SIZE
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
        return self._return_placed(
            self.visual_line(text, width, style, self.start_side, direction=direction)
        )

    def _return_placed(self, block: TextBlock) -> Placed:
        """The return line's block placed in its zone, centred in the zone's height."""
        layout = self.layout
        box = layout.address
        zone_top = self.frame.y(box.y)
        y_top = zone_top - max(0.0, (layout.return_height * MM - block.height) / 2)
        return Placed(block, (box.x + layout.indent) * MM, y_top)

    def recipient_block(self) -> list[Placed]:
        """The recipient's lines inside the window, shrunk if needed, never overflowing it.

        When the whole block does not fit even at the smallest size, the clerk's steps of
        :mod:`letterkit.window` apply (position and organisation joined, then moved below the
        window: :attr:`moved` holds them for the head of the letter).

        Every letter of a batch to one official fits the same address into the same window:
        the result is kept per recipient, layout, paper and style (:data:`_RECIPIENT_BLOCKS`).
        """
        key = (
            self.letter.recipient,
            self.layout,
            self.paper,
            self.fax,
            self.family,
            self.language,
            self.rtl,
        )
        found = _RECIPIENT_BLOCKS.get(key)
        if found is None:
            placed = self._fit_recipient()
            found = (tuple((p.block, p.x, p.y_top) for p in placed), self.moved)
            with _RECIPIENT_LOCK:
                _RECIPIENT_BLOCKS[key] = found
                while len(_RECIPIENT_BLOCKS) > _RECIPIENT_LIMIT:
                    _RECIPIENT_BLOCKS.pop(next(iter(_RECIPIENT_BLOCKS)))
        blocks, self.moved = found
        return [Placed(block, x, y) for block, x, y in blocks]

    def _fit_recipient(self) -> list[Placed]:
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
        cleaned = replace(recipient, lines=tuple(single_line(line) for line in recipient.lines))
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
        lines = [single_line(line) for line in sender.lines]
        for extra in (sender.email, sender.phone):
            extra = single_line(extra)
            if extra and extra not in lines:
                lines.append(extra)
        return [line for line in lines if line]

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
