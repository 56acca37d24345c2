"""The Markdown subset of letter bodies: paragraphs, ``1.`` numbered and ``-`` bulleted lists,
``**bold**`` and ``*italic*``, backslash escapes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import Block, ListBlock, Paragraph, Span

_ORDERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(.*)$")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch, ch)) if ch.isdecimal() else ch for ch in text)


@lru_cache(maxsize=1024)
def parse_inline(text: str) -> tuple[Span, ...]:
    """``**bold**``, ``*italic*``/``_italic_`` and backslash escapes → spans.

    >>> for span in parse_inline(r"a **b** *c* 2\\*3"):
    ...     print(repr(span.text), span.bold, span.italic)
    'a ' False False
    'b' True False
    ' ' False False
    'c' False True
    ' 2*3' False False

    Cached: the spans are immutable, and a batch's letters repeat the same paragraphs (their
    variant passages and their senders' towns differ, so whole bodies repeat less often).
    """
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold=bold, italic=italic))
            buf.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if ch in "*_" and (ch == "*" or _is_word_boundary(text, i)):
            flush()
            italic = not italic
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        elif span.text:
            merged.append(span)
    return tuple(merged)


def _is_word_boundary(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum())


@lru_cache(maxsize=128)
def parse_body(markdown: str) -> tuple[Block, ...]:
    """Paragraphs (blank-line separated), numbered and bulleted lists → blocks.

    >>> [type(b).__name__ for b in parse_body("Dear all,\\n\\n1. one\\n2. two\\n\\n- a")]
    ['Paragraph', 'ListBlock', 'ListBlock']

    Cached: the blocks are immutable, and in a batch the body is the same text in letter after
    letter (only the sender's lines around it differ)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    ordered: bool | None = None
    start = 1

    def end_paragraph() -> None:
        if paragraph:
            spans = parse_inline(" ".join(line.strip() for line in paragraph))
            if spans:
                blocks.append(Paragraph(spans))
            paragraph.clear()

    def end_list() -> None:
        nonlocal ordered
        if items:
            blocks.append(ListBlock(bool(ordered), tuple(parse_inline(i) for i in items), start))
            items.clear()
        ordered = None

    for raw_line in markdown.splitlines():
        line = raw_line.rstrip()
        numbered = _ORDERED.match(_ascii_digits(line[:12]) + line[12:])
        bullet = _BULLET.match(line)
        if not line.strip():
            end_paragraph()
            end_list()
        elif numbered or bullet:
            end_paragraph()
            kind = bool(numbered)
            if ordered is not None and ordered != kind:
                end_list()
            if not items:
                start = int(numbered.group(1)) if numbered else 1
            ordered = kind
            items.append((numbered.group(2) if numbered else bullet.group(1)).strip())  # type: ignore[union-attr]
        elif items and raw_line[:1].isspace():
            items[-1] += " " + line.strip()  # continuation of a list item
        else:
            end_list()
            paragraph.append(line)
    end_paragraph()
    end_list()
    return tuple(blocks)
