"""Where the PDF's pages start, as the DOCX writer needs it to number them in Persian digits.

Word's and LibreOffice's page fields write European digits: no field switch (``\\* Hindi…``) nor
section number format (``w:pgNumType``) gives Extended Arabic-Indic digits in LibreOffice (it
knows them, but reads none of these into them). A letter in those digits therefore says "page 3
of 3" as text, like the PDF: a two-page letter in its footer (pages 2+ are all page 2), a longer
one in a small frame at the foot of each page, positioned on the page and anchored to a
paragraph that starts on that page. The DOCX breaks its pages where the PDF does (it takes the
PDF's spacing, pitch and page geometry), so the composer's plan says which paragraph that is.

:func:`page_anchors` finds, for pages 2+, a body paragraph (or list item), the closing or an
entry of an open letter's list of signatories that starts on the page, preferably not its first
item (whose anchor could slip back to the page before); ``None`` when some page has none (a page
in the middle of one long paragraph): the writer then keeps the live fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..model import Letter, Paragraph
from ..textclean import single_line

if TYPE_CHECKING:
    from ..pages.blocks import ColumnFlow, Flow, Placed
    from ..pages.composer import Composer

__all__ = ["BODY", "CLOSING", "SIGNATORY", "PageAnchor", "page_anchors", "recording_composer"]

BODY = "body"  # a paragraph or list item of the letter's body, counted in order
CLOSING = "closing"  # the closing line
SIGNATORY = "signatory"  # an entry of an open letter's list of signatories, counted in order


@dataclass(frozen=True)
class PageAnchor:
    """Page ``page`` starts with (or holds the start of) the ``kind`` item ``index``."""

    page: int
    kind: str
    index: int = 0


def recording_composer(letter: Letter, layout: Any, paper: str, family: str | None) -> Composer:
    """A :class:`~letterkit.pages.composer.Composer` that keeps the flow items of each spacing it
    tries (``laid``), so the plan's placed lines can be traced back to them."""
    return _recording_class()(letter, layout, paper, fax=False, family=family)


@cache
def _recording_class() -> type[Composer]:
    """The recording composer's class, made once (the composer's import is heavy: not at this
    module's import; one class, so what the composer remembers per class is shared)."""
    from ..pages.composer import Composer

    class Recording(Composer):
        def flows(self) -> list[Flow | ColumnFlow]:
            out = super().flows()
            laid: list[tuple[Any, list[Flow | ColumnFlow]]] = self.__dict__.setdefault("laid", [])
            laid.append((self.spacing, out))
            return out

    return Recording


def body_counts(letter: Letter) -> list[int]:
    """How many flow items (and DOCX paragraphs) each body block makes: a paragraph with text
    one, a list one per item (as :class:`~letterkit.pages.running_text.RunningText` does)."""
    out = []
    for block in letter.body:
        if isinstance(block, Paragraph):
            out.append(1 if any(s.text.strip() for s in block.spans) else 0)
        else:
            out.append(len(block.items))
    return out


def _before_body(composer: Composer) -> int:
    """How many flow items come before the body (as ``RunningText.flows`` makes them)."""
    letter = composer.letter
    count = len(composer.moved)
    if letter.addressees:
        count += len(composer.addressee_flows(composer.line_height(composer.body)))
    elif composer.layout.info is None:
        count += bool(composer.date_line()) + bool(composer.reference_line())
    return count + bool(single_line(letter.subject)) + bool(single_line(letter.salutation))


def _words(text: str) -> set[str]:
    return {w for w in "".join(c if c.isalnum() else " " for c in text).split() if len(w) > 1}


def page_anchors(composer: Composer, pages: list[list[Placed]]) -> tuple[PageAnchor, ...] | None:
    """For each page from 2 on, an item of the letter that starts on it (see the module)."""
    laid: list[tuple[Any, list[Flow | ColumnFlow]]] = composer.__dict__.get("laid", [])
    flows = next((f for s, f in reversed(laid) if s is composer.spacing), None)
    if flows is None or len(pages) < 2:
        return None
    from ..pages.blocks import ColumnFlow

    # every line of the running text in order, with its item: (flow, entry of a column flow)
    flat: list[tuple[tuple[int, int], Any]] = []
    for index, flow in enumerate(flows):
        entries = flow.entries if isinstance(flow, ColumnFlow) else [flow]
        for number, entry in enumerate(entries):
            unit = (index, number if isinstance(flow, ColumnFlow) else -1)
            for part in entry.parts:
                flat.extend((unit, line) for line in part.block.lines)
    starts: dict[tuple[int, int], tuple[int, bool]] = {}  # item → (page, first on its page)
    cursor = 0
    for number, placed in enumerate(pages, start=1):
        first = True
        for item in placed:
            lines = item.block.lines
            # page 1's fixed blocks and list markers are not running text: skipped
            if not lines or cursor >= len(flat) or lines[0] is not flat[cursor][1]:
                continue
            starts.setdefault(flat[cursor][0], (number, first))
            first = False
            cursor += len(lines)
    letter = composer.letter
    before = _before_body(composer)
    counts = body_counts(letter)
    body_items = sum(counts)
    if body_items and before < len(flows):  # the count must land on the first body item
        first_block = next(b for b, n in zip(letter.body, counts, strict=True) if n)
        spans = first_block.spans if isinstance(first_block, Paragraph) else first_block.items[0]
        head = flows[before]
        head_text = head.parts[0].block.text if not isinstance(head, ColumnFlow) else ""
        if not _words(head_text) & _words(" ".join(s.text for s in spans)):
            return None
    kinds = {(before + i, -1): (BODY, i) for i in range(body_items)}
    if single_line(letter.closing):
        kinds[(before + body_items, -1)] = (CLOSING, 0)
    member = 0  # the list of signatories: its entries in order, group after group
    for index, flow in enumerate(flows):
        if isinstance(flow, ColumnFlow):
            for number in range(len(flow.entries)):
                kinds[(index, number)] = (SIGNATORY, member)
                member += 1
    anchors = []
    for number in range(2, len(pages) + 1):
        here = [(first, unit) for unit, (page, first) in starts.items() if page == number]
        here = [(first, unit) for first, unit in sorted(here) if unit in kinds]  # inner first
        if not here:
            return None
        kind, index = kinds[here[0][1]]
        anchors.append(PageAnchor(number, kind, index))
    return tuple(anchors)
