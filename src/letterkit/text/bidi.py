"""Bidi embedding levels (UAX #9, rules P–I) and visual reordering of runs (rule L2).

Why python-bidi's pure-Python ``bidi.algorithm``: it is already a dependency (LGPL-3.0-or-later,
compatible with letterkit's GPL-3.0-or-later), its steps are importable one by one, so the
resolved levels are available — the Rust part of python-bidi exposes only display strings.

Its two known gaps are handled here:

* It drops BN characters (ZWNJ U+200C, ZWJ, LRM…) and explicit embedding codes in rule X9 —
  so levels are mapped back through an index stored on every character, and each removed
  character gets the level of its neighbour (the previous character, else the next).
* It predates Unicode 6.3: rule N0 (paired brackets take the direction of what they enclose,
  so "(UNHCR)" inside Urdu keeps both brackets with the acronym where the context says so) is
  added here (:func:`_resolve_bracket_pairs`); isolates LRI/RLI/FSI/PDI are mapped to
  LRE/RLE/PDF before resolution, which gives the same result for the common case of one
  embedded name or number.

Checked against FriBidi (the library Pango and GTK use) on thousands of random strings in
``tests/test_text_bidi.py``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_ISOLATE_MAP = {"\u2066": "\u202a", "\u2067": "\u202b", "\u2069": "\u202c"}  # LRI RLI PDI
_FSI = "\u2068"


def base_direction(text: str) -> str | None:
    """``"rtl"``/``"ltr"`` from the first strong character (rule P2), ``None`` if there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _without_isolates(text: str) -> str:
    if not any(c in text for c in "\u2066\u2067\u2068\u2069"):
        return text
    out = []
    for index, char in enumerate(text):
        if char == _FSI:
            direction = base_direction(text[index + 1:].split("\u2069", 1)[0])
            out.append("\u202b" if direction == "rtl" else "\u202a")
        else:
            out.append(_ISOLATE_MAP.get(char, char))
    return "".join(out)


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """One resolved embedding level per character of ``text`` (paragraph level 1 if ``rtl``).

    Rule L1 (trailing whitespace back to the paragraph level) is applied per line by the line
    layout, not here, since it depends on where lines break.
    """
    if not text:
        return []
    from bidi import algorithm as uba

    base = 1 if rtl else 0
    if all(unicodedata.bidirectional(c) in ("L", "WS", "EN", "CS", "ON", "ES", "ET")
           and ord(c) < 0x0590 for c in text) and not rtl:
        return [0] * len(text)  # pure LTR text in an LTR paragraph: nothing to resolve
    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(_without_isolates(text), storage)
    for index, char in enumerate(storage["chars"]):
        char["idx"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)

    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["idx"]] = char["level"]
    # characters removed by X9 take the level of the previous character (else the next, else base)
    previous: int | None = None
    for index, level in enumerate(levels):
        if level is None:
            levels[index] = previous
        else:
            previous = level
    following: int | None = None
    for index in range(len(levels) - 1, -1, -1):
        if levels[index] is None:
            levels[index] = following if following is not None else base
        else:
            following = levels[index]
    return [int(level) for level in levels]  # type: ignore[arg-type]


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: the visual order (left to right) of items carrying ``levels``.

    From the highest level down to the lowest odd level, reverse every maximal sequence of items
    at that level or higher. Items are runs here, each of one level.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    odd_levels = [lv for lv in levels if lv % 2]
    if not odd_levels:
        return order
    lowest_odd = min(odd_levels)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


@lru_cache(maxsize=1)
def _bracket_pairs() -> dict[str, str]:
    """Opening bracket -> closing bracket (Bidi_Paired_Bracket; Ps/Pe pairs that mirror)."""
    from bidi.mirror import MIRRORED

    pairs = {}
    for opening, closing in MIRRORED.items():
        if unicodedata.category(opening) == "Ps" and unicodedata.category(closing) == "Pe":
            pairs[opening] = closing
    pairs["\u2329"] = "\u232a"  # canonical equivalents of 〈 〉
    return pairs


def _strong(kind: str) -> str | None:
    """Direction a resolved type counts as for rule N0 (EN and AN count as R)."""
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def _resolve_bracket_pairs(storage: dict) -> None:
    """UAX #9 rule N0 (BD16 pairing) per level run, between weak and neutral resolution."""
    pairs = _bracket_pairs()
    closers = {c: o for o, c in pairs.items()}
    chars = storage["chars"]
    for run in storage["runs"]:
        start, end = run["start"], run["start"] + run["length"]
        stack: list[tuple[str, int]] = []
        found: list[tuple[int, int]] = []
        for index in range(start, end):
            char = chars[index]
            if char["type"] != "ON":
                continue
            ch = char["ch"]
            if ch in pairs:
                if len(stack) == 63:
                    break
                stack.append((pairs[ch], index))
            elif ch in closers:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == ch or (ch == "\u3009" and stack[depth][0] == "\u232a"):
                        found.append((stack[depth][1], index))
                        del stack[depth:]
                        break
        found.sort()
        if not found:
            continue
        embedding = "R" if chars[start]["level"] % 2 else "L"
        for opening, closing in found:
            inside = {_strong(chars[k]["type"]) for k in range(opening + 1, closing)} - {None}
            if embedding in inside:
                new = embedding
            elif inside:
                context = run["sor"]
                for k in range(opening - 1, start - 1, -1):
                    kind = _strong(chars[k]["type"])
                    if kind:
                        context = kind
                        break
                new = context if context != embedding else embedding
            else:
                continue
            for position in (opening, closing):
                chars[position]["type"] = new
                following = position + 1
                while following < end and chars[following]["orig"] == "NSM":
                    chars[following]["type"] = new
                    following += 1
