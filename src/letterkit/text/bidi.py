"""Bidi embedding levels (UAX #9, rules P–I) and visual reordering of runs (rule L2).

Why python-bidi's pure-Python ``bidi.algorithm``: it is already a dependency (LGPL-3.0-or-later,
compatible with letterkit's GPL-3.0-or-later), its steps are importable one by one, so the
resolved levels are available — the Rust part of python-bidi exposes only display strings.

Its two known gaps are handled here:

* It drops BN characters (ZWNJ U+200C, ZWJ, LRM…) and explicit embedding codes in rule X9 —
  so levels are mapped back through an index stored on every character, and each removed
  character gets the level of its neighbour (the previous character, else the next).
* It predates Unicode 6.3 (no isolates, no bracket pairs). So the explicit rules X1–X10 are
  ours (:func:`_explicit_levels`, :func:`_isolating_run_sequences`: LRI/RLI/FSI/PDI, the
  directional status stack, isolating run sequences with their sos/eos), python-bidi's weak,
  neutral and implicit rules (W1–W7, N1–N2, I1–I2) run once per isolating run sequence, and
  rule N0 (paired brackets take the direction of what they enclose) is added between weak and
  neutral resolution (:func:`_resolve_bracket_pairs`).

Checked in ``tests/test_text_bidi.py`` against two independent implementations on thousands of
random strings: FriBidi (the C library Pango and GTK use, via ctypes) and the Rust
``unicode-bidi`` crate inside python-bidi (its display order).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any


def base_direction(text: str) -> str | None:
    """``"rtl"``/``"ltr"`` from the first strong character (rule P2: text inside isolates is
    skipped), ``None`` if there is none."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif kind in ("R", "AL"):
            return "rtl"
        elif kind == "L":
            return "ltr"
    return None


# Text a left-to-right paragraph sets at level 0 throughout: only characters of the classes L,
# WS, EN, CS, ON, ES and ET (with no R, AL or AN the weak and neutral rules resolve them all to
# L), looked at before U+0590 (Latin, Greek, Cyrillic), in the Latin and Greek letters with
# diacritics written as one character (Vietnamese "ễ", "ấ"; Latin Extended Additional, Greek
# Extended, Latin Extended-C to -E) and in the general punctuation and currency blocks (dashes,
# curly quotes, "…", "€"). Anything else (a combining mark, a control, a right-to-left letter, an
# explicit embedding or isolate, other blocks) takes the whole algorithm.
_LEVEL_ZERO_CLASSES = frozenset({"L", "WS", "EN", "CS", "ON", "ES", "ET"})
_FAST_BLOCKS = (
    range(0x0590),
    range(0x1E00, 0x2070),
    range(0x20A0, 0x20D0),
    range(0x2C60, 0x2C80),
    range(0xA720, 0xA800),
    range(0xAB30, 0xAB70),
)
LEVEL_ZERO = frozenset(
    chr(cp)
    for block in _FAST_BLOCKS
    for cp in block
    if unicodedata.bidirectional(chr(cp)) in _LEVEL_ZERO_CLASSES
)


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """One resolved embedding level per character of ``text`` (paragraph level 1 if ``rtl``).

    Rule L1 (trailing whitespace back to the paragraph level) is applied per line by the line
    layout, not here, since it depends on where lines break.
    """
    if not text:
        return []
    from bidi import algorithm as uba

    base = 1 if rtl else 0
    if not rtl and LEVEL_ZERO.issuperset(text):
        return [0] * len(text)  # pure LTR text in an LTR paragraph: nothing to resolve
    chars = [
        {"ch": c, "type": unicodedata.bidirectional(c) or "L", "orig": "", "level": base, "idx": i}
        for i, c in enumerate(text)
    ]
    for char in chars:
        char["orig"] = char["type"]
    _explicit_levels(chars, base)  # X1-X8, with isolates
    kept = [c for c in chars if c["orig"] not in _X9_REMOVED]  # X9
    for sequence, sos, eos in _isolating_run_sequences(kept, base):  # X10
        storage: dict[str, Any] = {
            "chars": sequence,
            "base_level": base,
            "base_dir": "R" if rtl else "L",
            "runs": [
                {
                    "sor": sos,
                    "eor": eos,
                    "start": 0,
                    "length": len(sequence),
                    "type": sequence[0]["type"],
                }
            ],
        }
        uba.resolve_weak_types(storage)
        _resolve_bracket_pairs(storage)
        uba.resolve_neutral_types(storage, False)
        uba.resolve_implicit_levels(storage, False)
    storage = {"chars": kept}

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


_X9_REMOVED = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})
Char = dict[str, Any]  # one character's bidi state: orig, type, level, … (python-bidi's shape)
_ISOLATE_INITIATORS = frozenset({"LRI", "RLI", "FSI"})
_MAX_DEPTH = 125


def _matching_pdis(chars: list[Char]) -> dict[int, int]:
    """BD9: position of each isolate initiator -> position of its matching PDI."""
    stack: list[int] = []
    matches: dict[int, int] = {}
    for position, char in enumerate(chars):
        if char["orig"] in _ISOLATE_INITIATORS:
            stack.append(position)
        elif char["orig"] == "PDI" and stack:
            matches[stack.pop()] = position
    return matches


def _explicit_levels(chars: list[Char], base: int) -> None:
    """Rules X1-X8 of UAX #9 (Unicode 6.3 and later, with isolates), in place."""
    matches = _matching_pdis(chars)
    # stack entries: (level, override "L"/"R"/None, isolate)
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for position, char in enumerate(chars):
        kind = char["orig"]
        level, override, _ = stack[-1]
        if kind in ("RLE", "LRE", "RLO", "LRO"):
            new = (level + 1) | 1 if kind[0] == "R" else (level + 2) & ~1
            char["level"] = level
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(kind), False))
            elif not overflow_isolates:
                overflow_embeddings += 1
        elif kind in _ISOLATE_INITIATORS:
            char["level"] = level
            char["type"] = override or "ON"
            if kind == "FSI":
                end = matches.get(position, len(chars))
                inner = "".join(c["ch"] for c in chars[position + 1 : end])
                kind = "RLI" if base_direction(inner) == "rtl" else "LRI"
            new = (level + 1) | 1 if kind == "RLI" else (level + 2) & ~1
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif kind == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            char["level"] = level
            char["type"] = override or "ON"
        elif kind == "PDF":
            char["level"] = level
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
        elif kind == "B":
            char["level"] = base
        elif kind == "BN":
            char["level"] = level
        else:
            char["level"] = level
            if override:
                char["type"] = override


def _isolating_run_sequences(chars: list[Char], base: int) -> list[tuple[list[Char], str, str]]:
    """BD13/X10: isolating run sequences of the X9-filtered characters with their sos/eos."""
    if not chars:
        return []
    runs: list[list[int]] = []
    for position, char in enumerate(chars):
        if runs and chars[runs[-1][-1]]["level"] == char["level"]:
            runs[-1].append(position)
        else:
            runs.append([position])
    matches = _matching_pdis(chars)
    run_of = {run[0]: index for index, run in enumerate(runs)}
    pdi_starts = set(matches.values())
    sequences: list[tuple[list[Char], str, str]] = []
    for run in runs:
        if run[0] in pdi_starts and chars[run[0]]["orig"] == "PDI":
            continue  # continues the sequence of its initiator
        sequence = list(run)
        while chars[sequence[-1]]["orig"] in _ISOLATE_INITIATORS and sequence[-1] in matches:
            following = run_of.get(matches[sequence[-1]])
            if following is None:
                break
            sequence.extend(runs[following])
        first, last = sequence[0], sequence[-1]
        level = chars[first]["level"]
        before = chars[first - 1]["level"] if first > 0 else base
        if chars[last]["orig"] in _ISOLATE_INITIATORS or last + 1 >= len(chars):
            after = base
        else:
            after = chars[last + 1]["level"]
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(chars[last]["level"], after) % 2 else "L"
        sequences.append(([chars[i] for i in sequence], sos, eos))
    return sequences


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


def _resolve_bracket_pairs(storage: dict[str, Any]) -> None:
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
