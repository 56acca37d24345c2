"""Flow items onto pages: paragraphs split between lines (no widows, no orphans), items kept
with the next, entries set in columns that flow on across pages and balance on the last one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import OutputError
from .blocks import ColumnFlow, Flow, Part, Placed

if TYPE_CHECKING:  # the engine imports uharfbuzz and fontTools: not at module import time
    from ..text import TextBlock


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
