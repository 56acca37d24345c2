"""Page composition for a letter: where each block of a :class:`~letterkit.model.Letter` goes.

The letter is laid out completely before anything is drawn, so the PDF writer knows the page
count ("Page 2 of 3") before it draws page 1, and the DOCX writer can take the same decisions
(spacing, page count). All text is laid out by letterkit's own text engine
(:mod:`letterkit.text`); the composer only decides boxes, sizes, alignment and page breaks:
page 1's fixed blocks (:mod:`.first_page`), the running text (:mod:`.running_text`), and the
pagination (:mod:`.paginate`), retried tighter when a letter spills a few lines. The spacing
chosen is remembered for the next letter whose running text is set alike (a batch's letters
differ in their sender), which then is paginated once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable

from ..errors import OutputError
from ..model import Letter
from ..textclean import single_line
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
    Spacing,
)

__all__ = ["Composer"]

# What the page breaks of a letter's running text depend on, but for its signature lines (laid
# out on their own, see Composer._spacing_key) and its first page's fixed blocks (first_top
# stands for those): every field but these.
_SENDER_FIELDS = frozenset({"sender", "signature", "meta"})
_RUNNING_FIELDS = tuple(f.name for f in dataclasses.fields(Letter) if f.name not in _SENDER_FIELDS)

# The spacing chosen for a letter whose running text, signature geometry and page frame a
# letter before it had (a batch's letters differ in the sender and in the wording a campaign
# varies: 81 combinations of paragraphs in the bundled example): set once, not tried again
# spacing by spacing. Bounded (a few kB per entry); changes take the lock, a lookup needs none.
_CHOSEN: OrderedDict[Hashable, Spacing] = OrderedDict()
_CHOSEN_LIMIT = 256
_CHOSEN_LOCK = threading.Lock()


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
        candidates = self._spacings()
        key = self._spacing_key(candidates, first_top, follow_top, bottom)
        try:
            known = _CHOSEN.get(key)
        except TypeError:  # a field that cannot be hashed: no memory, every spacing tried
            key = known = None
        if known is not None:
            with contextlib.suppress(KeyError):  # kept in use (another thread may drop it)
                _CHOSEN.move_to_end(key)
            chosen = known
            self.spacing = chosen
            self.body = self.style(chosen.body_size)
            pages = paginate(self.flows(), first_top, follow_top, bottom)
        else:
            pages, chosen = self._choose_spacing(candidates, first_top, follow_top, bottom)
            if key is not None:
                with _CHOSEN_LOCK:
                    _CHOSEN[key] = chosen
                    while len(_CHOSEN) > _CHOSEN_LIMIT:
                        _CHOSEN.popitem(last=False)
        self.spacing = chosen  # the spacing of the pages kept (the DOCX writer asks)
        self.body = self.style(chosen.body_size)
        pages[0][:0] = first
        return Plan(frame, layout, self.paper, pages, self.left, self.width)

    def _spacings(self) -> list[Spacing]:
        """The spacings a letter may be set in, loosest first (a fax and Arabic script keep
        their minimum sizes)."""
        arabic = script_of(self.language) == "Arab"
        return [
            spacing
            for spacing in SPACINGS
            if not (self.fax and spacing.body_size < FAX_MIN_SIZE)
            and not (arabic and spacing.body_size < MIN_ARABIC_BODY)
        ]

    def _choose_spacing(
        self, candidates: list[Spacing], first_top: float, follow_top: float, bottom: float
    ) -> tuple[list[list[Placed]], Spacing]:
        """The running text paginated in the loosest spacing that gives the fewest pages: the
        next spacing is tried only while the last page holds a few lines."""
        pages: list[list[Placed]] = []
        chosen = candidates[0]
        for spacing in candidates:
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
        return pages, chosen

    def _spacing_key(
        self, candidates: list[Spacing], first_top: float, follow_top: float, bottom: float
    ) -> Hashable:
        """What :meth:`_choose_spacing`'s choice depends on, for remembering it across a batch.

        The choice is made from the heights of the running text's items in each spacing and
        from the page frame. The running text is made from the letter's fields, the page frame,
        the composer's settings and the recipient's lines moved out of the window: all in the
        key but the sender's own fields (``sender``, ``signature``, ``meta``). Of those, only
        the signature lines are set in the running text: they stand in the key as what the
        heights of their lines in each size the spacings use come from (what pagination reads
        of them); the top of the running text (``first_top``) stands for the sender block and
        the return line."""
        from ..text.shaping import BREAK_SPACES  # the text engine: imported with the first letter

        letter = self.letter
        sizes = list(dict.fromkeys(spacing.body_size for spacing in candidates))
        largest = self.style(max(sizes))
        signature: list[Hashable] = []
        for name in map(single_line, letter.signature):
            if not name:
                signature.append(None)
                continue
            block = self.visual_line(name, self.width, largest, self.start_side)
            if len(block.lines) == 1 and name[-1] not in BREAK_SPACES:
                # one line at the largest size is one line at every size, as high as the
                # leading of the faces its words are set in says (text.layout._line_metrics)
                signature.append(frozenset(piece.face for piece in block.lines[0].pieces))
                continue
            signature.append(
                tuple(
                    tuple(line.height for line in lines)
                    for lines in (
                        self.visual_line(name, self.width, self.style(size), self.start_side).lines
                        for size in sizes
                    )
                )
            )
        return (
            type(self),
            tuple(candidates),
            tuple(getattr(letter, name) for name in _RUNNING_FIELDS),
            tuple(signature),
            self.layout,
            self.paper,
            self.fax,
            self.family,
            self.moved,
            first_top,
            follow_top,
            bottom,
        )
