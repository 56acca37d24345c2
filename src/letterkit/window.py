"""Which of the recipient's lines go into the envelope window, and which move into the letter.

A window holds a few lines only (a US #10 window 1 1/8 in, a DIN field 45 mm). When the
recipient's whole block does not fit at the smallest size the post reads reliably, letterkit does
what a careful clerk does, step by step: first it joins the position and the organisation on one
line; then it moves them out of the window, below it, to the head of the letter (where the
reader still sees them), keeping the name and the postal lines — the part the post office reads
— in the window. Every writer (PDF, DOCX) walks the same steps with its own measure of "fits",
so both make the same decision for the same letter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Party
from .textclean import has_arabic_script

__all__ = ["WindowChoice", "choose_window_lines", "window_choices"]


@dataclass(frozen=True)
class WindowChoice:
    """``lines`` print in the window; ``moved`` print at the head of the letter below it."""

    lines: tuple[str, ...]
    moved: tuple[str, ...] = ()


def _index(lines: Sequence[str], wanted: str) -> int:
    """Position of ``wanted`` among ``lines`` (case-blind: Canada Post writes in capitals)."""
    key = " ".join(wanted.split()).casefold()
    for i, line in enumerate(lines):
        if " ".join(line.split()).casefold() == key:
            return i
    return -1


def window_choices(recipient: Party) -> list[WindowChoice]:
    """The clerk's steps, most complete first.

    >>> from letterkit.model import Party
    >>> pm = Party(
    ...     name="H.E. A. Kakar",
    ...     position="Prime Minister",
    ...     organisation="Government",
    ...     lines=(
    ...         "H.E. A. Kakar",
    ...         "Prime Minister",
    ...         "Government",
    ...         "Constitution Avenue",
    ...         "ISLAMABAD",
    ...         "PAKISTAN",
    ...     ),
    ... )
    >>> [c.lines for c in window_choices(pm)][1]
    ('H.E. A. Kakar', 'Prime Minister, Government', 'Constitution Avenue', 'ISLAMABAD', 'PAKISTAN')
    >>> window_choices(pm)[2].moved
    ('Prime Minister, Government',)
    """
    lines = tuple(line for line in recipient.lines if line.strip())
    choices = [WindowChoice(lines)]
    found = [
        (i, lines[i])
        for i in (_index(lines, recipient.position), _index(lines, recipient.organisation))
        if i > 0
    ]
    if not found:
        return choices
    positions = {i for i, _ in found}
    heading = [text for _, text in sorted(found)]
    sep = "، " if has_arabic_script("".join(heading)) else ", "
    joined = sep.join(heading)
    if len(heading) == 2:
        first = min(positions)
        merged = tuple(
            joined if i == first else line
            for i, line in enumerate(lines)
            if i == first or i not in positions
        )
        choices.append(WindowChoice(merged))
    rest = tuple(line for i, line in enumerate(lines) if i not in positions)
    choices.append(WindowChoice(rest, (joined,)))
    return choices


def choose_window_lines(recipient: Party, fits: Callable[[Sequence[str]], bool]) -> WindowChoice:
    """The first of the clerk's steps whose lines ``fits`` the window; the last step if none
    does (the writer then shrinks or reports it)."""
    choices = window_choices(recipient)
    for choice in choices:
        if fits(choice.lines):
            return choice
    return choices[-1]
