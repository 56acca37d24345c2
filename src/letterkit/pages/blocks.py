"""What page composition makes: text blocks placed on a page, the flow items of the running
text, and the plan of a whole letter.

Coordinates: the layouts (:mod:`letterkit.layouts`) speak millimetres from the top-left corner
of the paper; the plan speaks points from the bottom-left, as PDF does. :class:`PageFrame`
converts. A placed block is drawn with its *top* edge at ``y_top`` and its *left* edge at ``x``;
the engine aligns each line inside the block's width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..layouts import PAPER_SIZES, LetterLayout
from .sizes import MM

if TYPE_CHECKING:  # the engine imports uharfbuzz and fontTools: not at module import time
    from ..text import TextBlock


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


@dataclass(slots=True)
class Placed:
    """A laid-out text block with its top-left corner in page points."""

    block: TextBlock
    x: float
    y_top: float

    @property
    def y_bottom(self) -> float:
        return self.y_top - self.block.height


@dataclass(slots=True)
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
    # pagination asks for these often; an item's parts never change once made
    height: float = field(init=False, repr=False, compare=False)
    lines: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = self.parts
        self.height = sum(p.gap for p in parts[1:]) + sum(p.block.height for p in parts)
        self.lines = sum(max(len(p.block.lines), 1) for p in parts)

    @property
    def splittable(self) -> bool:
        return len(self.parts) == 1 and len(self.parts[0].block.lines) > 1

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


@dataclass
class Plan:
    """The whole letter, laid out: page 1's fixed blocks and every page's flowed blocks."""

    frame: PageFrame
    layout: LetterLayout
    paper: str
    pages: list[list[Placed]] = field(default_factory=list)
    text_left: float = 0.0
    text_width: float = 0.0
