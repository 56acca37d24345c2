"""Page composition for a letter: where each block of a :class:`~letterkit.model.Letter` goes.

The letter is laid out completely before anything is drawn, so the PDF writer knows the page
count ("Page 2 of 3") before it draws page 1, and the DOCX writer can take the same decisions
(spacing, page count). All text is laid out by letterkit's own text engine
(:mod:`letterkit.text`); the composer only decides boxes, sizes, alignment and page breaks:
page 1's fixed blocks (:mod:`.first_page`), the running text (:mod:`.running_text`), and the
pagination (:mod:`.paginate`), retried tighter when a letter spills a few lines.
"""

from __future__ import annotations

from ..errors import OutputError
from .blocks import Placed, Plan
from .first_page import FirstPage
from .paginate import paginate
from .running_text import RunningText
from .setting import script_of
from .sizes import (
    FAX_MIN_SIZE,
    FOLLOW_TOP_MM,
    HEADER_TOP_MM,
    LIGHT_LAST_PAGE,
    MIN_ARABIC_BODY,
    MIN_GAP_MM,
    MM,
    SPACINGS,
)

__all__ = ["Composer"]


class Composer(FirstPage, RunningText):
    """Lays one letter out on pages; :meth:`plan` returns the result, nothing is drawn."""

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
            if script_of(self.language) == "Arab" and spacing.body_size < MIN_ARABIC_BODY:
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
