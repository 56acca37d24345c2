"""Plain-text writer: the letter as UTF-8 text, ready to paste into an email or a web form.

Text stays in logical order; a right-to-left letter is marked with a leading RIGHT-TO-LEFT MARK
on each paragraph only where a line would otherwise start with a left-to-right run (a Latin
name or a digit), so that editors and web forms pick the right paragraph direction.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..fileio import write_atomic
from ..locales import list_marker
from ..model import Inline, Letter, ListBlock, Paragraph

RLM = "\u200f"
WRAP = 72


def _inline(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def _wrap(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    if width <= 0:
        return [indent + text]
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def body_lines(letter: Letter, width: int = WRAP) -> list[str]:
    """The salutation, body, closing and signature; ``width=0`` keeps one line per paragraph."""
    digits = letter.digits
    lines: list[str] = [letter.salutation, ""]
    for block in letter.body:
        if isinstance(block, Paragraph):
            lines += _wrap(block.text, width)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                marker = (
                    list_marker(number, letter.language, digits=digits) if block.ordered else "-"
                )
                lines += _wrap(_inline(item), width, f"{marker} ", " " * (len(marker) + 1))
        lines.append("")
    lines.append(letter.closing)
    lines += list(letter.signature)
    return lines


def render_text(letter: Letter, *, width: int = WRAP, headers: bool = True) -> str:
    """The whole letter as text: sender, recipient, date, subject, then :func:`body_lines`."""
    lines: list[str] = []
    if headers:
        lines += list(letter.sender.lines)
        lines += [x for x in (letter.sender.email, letter.sender.phone) if x]
        lines.append("")
        if letter.addressees:  # an open letter
            lines += [letter.labels.to, *(f"  {name}" for name in letter.addressees)]
        lines += list(letter.recipient.lines)
        lines += ["", letter.dateline]
        if letter.reference:
            lines.append(f"{letter.labels.reference} {letter.reference}")
        lines += ["", f"{letter.labels.subject} {letter.subject}", ""]
    lines += body_lines(letter, width)
    if letter.enclosures:
        lines += ["", letter.labels.enclosures, *letter.enclosures]
    if letter.cc:
        lines += ["", letter.labels.cc, *letter.cc]
    if letter.signatories:
        lines += ["", letter.labels.signatories]
        for s in letter.signatories:
            lines.append(", ".join(x for x in (s.name, s.organisation, s.place) if x))
    roster = letter.signatory_list
    if roster is not None and roster.members:
        lines += ["", roster.heading, roster.counts]
        sep = "، " if letter.is_rtl else ", "
        for group in roster.groups:
            if group.heading:
                lines += ["", group.heading]
            for s in group.members:
                name = f"{s.name} · {s.name_local}" if s.name_local else s.name
                fields = sep.join(x for x in (name, s.organisation, s.place) if x)
                lines.append(f"{s.number} {fields}")
    if letter.is_rtl:
        lines = [_mark_rtl(line) for line in lines]
    return "\n".join(lines).rstrip() + "\n"


def _mark_rtl(line: str) -> str:
    import unicodedata

    for ch in line:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return line
        if kind == "L" or kind in ("EN", "AN"):
            return RLM + line
    return line


def write_text(letter: Letter, path: Path, *, force: bool = False) -> Path:
    return write_atomic(path, render_text(letter).encode("utf-8"), force=force)
