"""A letter template's variant passages, ``{{ one_of("opening", "text A", "text B") }}``, as a
translator sees them.

A translation may mirror the source's variants (the same passage names, as many alternatives, in the
same order: it is current) or offer fewer of them, down to a single text in place of the call: its
alternatives then translate the source's first ones, in order; its letters choose among them, and a
reference copy in another language shows the alternative of the same number (the first, for a single
text). Fewer variants are reported as a note, never as an error; a passage the source does not have
is an error (the choice is made per passage name, and the reference copy follows the letter's choice
by that name).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

__all__ = ["CALL", "STRING", "Passage", "passages", "readings", "spoken"]

CALL = re.compile(r"\{\{-?\s*one_of\s*\((?P<args>.*?)\)\s*-?\}\}", re.S)
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', re.S)


@dataclass(frozen=True)
class Passage:
    """One ``one_of`` call: its passage name, its alternatives, and its offset in the text."""

    name: str
    alternatives: tuple[str, ...]
    start: int


def _strings(args: str) -> list[str]:
    found: list[str] = []
    for literal in STRING.findall(args):
        try:
            value = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            value = literal[1:-1]
        found.append(value if isinstance(value, str) else str(value))
    return found


def passages(text: str) -> list[Passage]:
    """The ``one_of`` calls of a template fragment, in order.

    >>> [(p.name, p.alternatives) for p in passages('{{ one_of("thanks", "A", \\'B\\') }} x')]
    [('thanks', ('A', 'B'))]
    """
    found: list[Passage] = []
    for match in CALL.finditer(text):
        strings = _strings(match.group("args"))
        if strings:
            found.append(Passage(strings[0], tuple(strings[1:]), match.start()))
    return found


def readings(text: str) -> list[str]:
    """The fragment as each set of alternatives reads: the k-th reading takes every passage's
    k-th alternative (its last when it has fewer). Without variants: the text itself.

    >>> readings('I write {{ one_of("why", "today", "again") }}.')
    ['I write today.', 'I write again.']
    """
    calls = passages(text)
    if not calls:
        return [text]
    count = max(len(p.alternatives) for p in calls) or 1

    def reading(k: int) -> str:
        def pick(match: re.Match[str]) -> str:
            strings = _strings(match.group("args"))[1:]
            return strings[min(k, len(strings) - 1)] if strings else ""

        return CALL.sub(pick, text)

    return [reading(k) for k in range(count)]


def spoken(text: str) -> str:
    """The fragment with every call replaced by all its alternatives, each on its own line
    (the call's line count kept, so that line numbers still point into the file)."""

    def every(match: re.Match[str]) -> str:
        strings = _strings(match.group("args"))[1:]
        newlines = match.group(0).count("\n")
        lines = strings[: newlines + 1]
        if len(strings) > newlines + 1:
            lines[-1] = " ".join(strings[newlines:])
        return "\n".join(lines) + "\n" * max(0, newlines + 1 - max(len(lines), 1))

    return CALL.sub(every, text)
