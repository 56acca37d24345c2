"""PDF text operators for shaped glyphs, with /ActualText per cluster.

Why our own emitter instead of ``TextObject.textOut(ShapedStr)``: we need a marked-content span
around every cluster whose glyphs do not map back to its text (contextual Arabic forms and
ligatures are mapped by reportlab to private-use code points). A span per *cluster*, emitted in
visual order, is what text extractors expect: poppler (``pdftotext``) and others rebuild logical
order from glyph positions, reversing right-to-left runs themselves — a span holding a whole
logical run would be reversed a second time. Latin text keeps its plain ToUnicode mapping and
needs no spans.

Positioning follows reportlab's own ShapedStr output: per glyph ``[-x_offset (glyph)
width - x_advance + x_offset] TJ`` in 1/1000 em, and the text rise (``Ts``) for y offsets
(Nastaliq's diagonal cascade lives in those).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


def num(value: float) -> str:
    """A PDF number, short: integers bare, else up to 3 decimals (1/1000 pt or 1/1000 em is far
    below what anyone sees; reportlab's pure-Python ``fp_str`` is the slowest part otherwise)."""
    if value == int(value):
        return str(int(value))
    text = f"{value:.3f}".rstrip("0")
    return text.removesuffix(".")


fp_str = num


@dataclass
class GlyphRun:
    """Glyphs of one face in visual order, with the text each cluster stands for."""

    ttf: Any  # reportlab TTFont
    chars: list[str]  # reportlab code point per glyph
    data: list[Any]  # ShapeData per glyph (x_advance may carry justification)
    cluster_ids: list[int]  # per glyph: a key identifying its cluster
    cluster_text: list[str]  # per glyph: logical text of its cluster
    hidden: list[bool]  # per glyph: its text comes from an invisible overlay instead
    overlays: list[tuple[float, float, str]]  # (x from run start, width; 1/1000 em), text


# embedding and isolate controls shape to invisible glyphs and are not extracted: poppler
# misplaces the text around them. The marks (LRM, RLM, ALM) stay: they are strong characters
# that tell an extractor's own bidi pass how the neutrals next to them read.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def without_controls(text: str) -> str:
    return "".join(c for c in text if c not in BIDI_CONTROLS) if text else text


def utf16_hex(text: str) -> str:
    """A PDF text string as hex: UTF-16BE with byte order mark."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def emit_run(canvas: Any, out: list[str], run: GlyphRun, x: float, y: float, size: float) -> float:
    """Append operators drawing ``run`` with its origin at (x, y) to ``out``; return its width."""
    return emit_plan(canvas, out, plan_run(run, size), x, y)


@dataclass
class RunPlan:
    """Everything about drawing a :class:`GlyphRun` that depends neither on the document nor on
    the position: computed once per laid-out line (and cached with it), so a paragraph that
    repeats in every letter of a batch costs only the byte codes of its glyphs, which each
    document assigns itself (font subsets).

    Per glyph ``i``: ``ops[i]`` are operators that must come between glyph ``i - 1`` and ``i``
    (a marked-content span ends or begins, the text rise changes), ``None`` if none;
    ``adjust[i]`` the TJ position correction before it when it continues an array,
    ``adjust_fresh[i]`` the one when it starts an array; ``trailing[i]`` the correction owed
    after it when the array ends there. Empty strings mean none.
    """

    ttf: Any
    size: float
    text: str  # code point per glyph, as the font's subsets are to map them
    ops: list[tuple[str, ...] | None]
    adjust: list[str]
    adjust_fresh: list[str]
    trailing: list[str]
    tail: tuple[str, ...]  # operators after the last glyph (close spans, reset the rise)
    width: float  # pt
    overlays: list[tuple[float, str, str]]  # (x from run start in pt, Tz, text)
    has_overlays: bool
    overlay_text: str  # the overlays' texts, concatenated
    # per glyph: (before, after) its byte when it makes a whole TJ array by itself (operators
    # before it and before the next glyph: Nastaliq's cascade), else None
    solo: list[tuple[str, str] | None]


def plan_run(run: GlyphRun, size: float) -> RunPlan:
    """The document-independent part of drawing ``run`` (see :class:`RunPlan`)."""
    # which clusters need an /ActualText span: those whose glyphs' code points differ from the
    # text (only looked at for visible-text glyphs; hidden ones get the invisible overlay)
    mapped: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    for char, key, ctext, hidden in zip(run.chars, run.cluster_ids, run.cluster_text,
                                        run.hidden):
        if not hidden:
            mapped.setdefault(key, []).append(char)
            texts[key] = _without_controls_cached(ctext)
    needs_span = {key: "".join(chars) != texts[key] for key, chars in mapped.items()}
    text = _with_own_text(run, needs_span, texts)

    ops: list[tuple[str, ...] | None] = []
    adjust: list[str] = []
    adjust_fresh: list[str] = []
    trailing: list[str] = []
    rise = 0.0
    current_key: int | None = None
    span_open = False
    hidden_open = False
    pending = 0.0
    width = 0.0
    for sd, key, hidden in zip(run.data, run.cluster_ids, run.hidden):
        before: list[str] = []
        if key != current_key:
            opens = not hidden and needs_span[key]
            if span_open or hidden != hidden_open or opens:
                if span_open:
                    before.append("EMC")
                    span_open = False
                if hidden != hidden_open:
                    before.append("/Span <</ActualText <FEFF>>> BDC" if hidden else "EMC")
                    hidden_open = hidden
                if opens:
                    before.append(f"/Span <</ActualText <{utf16_hex(texts[key])}>>> BDC")
                    span_open = True
            current_key = key
        glyph_rise = size * sd.y_offset / 1000.0
        if glyph_rise != rise:
            before.append(f"{fp_str(glyph_rise)} Ts")
            rise = glyph_rise
        if before:
            ops.append(tuple(before))
            pending = 0.0  # the array ends before these operators
        else:
            ops.append(None)
        x_offset = sd.x_offset
        continued = pending - x_offset
        adjust.append(num(continued) if continued else "")
        adjust_fresh.append(num(-x_offset) if x_offset else "")
        pending = sd.width - sd.x_advance + x_offset
        trailing.append(num(pending) if pending else "")
        width += sd.x_advance
    tail = (("EMC",) if span_open else ()) + (("EMC",) if hidden_open else ()) + (
        ("0 Ts",) if rise else ())

    overlays: list[tuple[float, str, str]] = []
    widths = run.ttf.face.charWidths
    for start, span_width, overlay_text in run.overlays:
        chars = [c for c in overlay_text if ord(c) in widths and c not in BIDI_CONTROLS]
        if not chars:
            continue
        natural = sum(widths[ord(c)] for c in chars)
        if natural <= 0:
            continue
        # contiguous glyphs squeezed or stretched (Tz) to cover exactly the drawn width: no gaps,
        # so extractors see words where the text has spaces and nowhere else
        overlays.append((start * size / 1000.0, fp_str(100.0 * span_width / natural),
                         "".join(chars)))
    solo: list[tuple[str, str] | None] = []
    count = len(ops)
    for index in range(count):
        starts = index == 0 or ops[index] is not None
        ends = index + 1 == count or ops[index + 1] is not None
        if not (starts and ends):
            solo.append(None)
        elif adjust_fresh[index] or trailing[index]:
            lead = f"{adjust_fresh[index]} " if adjust_fresh[index] else ""
            trail = f" {trailing[index]}" if trailing[index] else ""
            solo.append((f"[{lead}(", f"){trail}] TJ"))
        else:
            solo.append(("(", ") Tj"))
    return RunPlan(run.ttf, size, text, ops, adjust, adjust_fresh, trailing, tail,
                   width * size / 1000.0, overlays, bool(run.overlays),
                   "".join(text for _, _, text in overlays), solo)


def emit_plan(canvas: Any, out: list[str], plan: RunPlan, x: float, y: float) -> float:
    """Append operators drawing a planned run with its origin at (x, y); return its width.

    Glyphs go into as few ``TJ`` arrays as possible: an array ends only where something must
    happen between two glyphs (a marked-content span opens or closes, the text rise or the font
    subset changes). Inside an array, consecutive glyphs without a position correction share
    one string. Positions are exactly those of one operator per glyph.
    """
    doc = canvas._doc
    ttf = plan.ttf
    size_text = fp_str(plan.size)
    out.append(f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm")

    tokens: list[str] = []  # the current TJ array: strings "(..)" and numbers
    string: list[str] = []  # escaped bytes of the string being built
    escaped = _ESCAPED
    ops, adjust, adjust_fresh, trailing = plan.ops, plan.adjust, plan.adjust_fresh, plan.trailing
    solo = plan.solo
    index = 0
    last = -1  # the glyph drawn last

    def flush() -> None:
        if string:
            tokens.append("(" + "".join(string) + ")")
            string.clear()
        if tokens:
            if trailing[last]:
                tokens.append(trailing[last])
            if len(tokens) == 1 and tokens[0][0] == "(":
                out.append(tokens[0] + " Tj")
            else:
                out.append("[" + " ".join(tokens) + "] TJ")
            tokens.clear()

    # one splitString for the glyphs and the invisible overlays: it assigns subset codes in
    # order, exactly as separate calls would, at a fraction of the calls
    chunks = ttf.splitString(plan.text + plan.overlay_text, doc) if plan.overlay_text \
        else ttf.splitString(plan.text, doc)
    glyph_count = len(plan.text)
    overlay_chunks: list[tuple[int, bytes]] = []
    for subset, chunk in chunks:
        if index + len(chunk) > glyph_count:  # the rest belongs to the overlays
            cut = glyph_count - index
            overlay_chunks.append((subset, bytes(chunk[cut:])))
            chunk = chunk[:cut]
            if not chunk:
                continue
        flush()
        out.append(f"{ttf.getSubsetInternalName(subset, doc)} {size_text} Tf")
        fresh = True
        for byte in chunk:
            before = ops[index]
            if before is not None:
                flush()
                out.extend(before)
                fresh = True
            alone = solo[index]
            if alone is not None:  # nothing pending: its whole array, at once
                out.append(alone[0] + escaped[byte] + alone[1])
                index += 1
                continue
            correction = adjust_fresh[index] if fresh else adjust[index]
            if correction:
                if string:
                    tokens.append("(" + "".join(string) + ")")
                    string.clear()
                tokens.append(correction)
            string.append(escaped[byte])
            fresh = False
            last = index
            index += 1
    flush()
    out.extend(plan.tail)
    if plan.has_overlays:
        out.append("3 Tr")
        y_text = fp_str(y)
        pieces = iter(_per_overlay(overlay_chunks, plan.overlays))
        for (offset, scale, _text), parts in zip(plan.overlays, pieces):
            out.append(f"1 0 0 1 {fp_str(x + offset)} {y_text} Tm")
            out.append(f"{scale} Tz")
            for subset, chunk in parts:
                out.append(f"{ttf.getSubsetInternalName(subset, doc)} {size_text} Tf")
                out.append(f"({escapePDF(chunk)}) Tj")
        out.append("100 Tz")
        out.append("0 Tr")
    return plan.width


def _per_overlay(chunks: list[tuple[int, bytes]],
                 overlays: list[tuple[float, str, str]]) -> list[list[tuple[int, bytes]]]:
    """Cut the (subset, bytes) chunks of all overlays' text, one byte per character, back into
    each overlay's own chunks, as ``splitString`` of that overlay alone would give them."""
    result: list[list[tuple[int, bytes]]] = []
    position = 0  # in the concatenated bytes
    chunk_index = 0
    chunk_start = 0  # position where chunks[chunk_index] begins
    for _offset, _scale, text in overlays:
        end = position + len(text)
        parts: list[tuple[int, bytes]] = []
        while position < end:
            subset, chunk = chunks[chunk_index]
            chunk_end = chunk_start + len(chunk)
            take_end = min(end, chunk_end)
            parts.append((subset, chunk[position - chunk_start:take_end - chunk_start]))
            position = take_end
            if position == chunk_end:
                chunk_index += 1
                chunk_start = chunk_end
        result.append(parts)
    return result


def escapePDF(data: bytes) -> str:
    """A PDF string's body for ``data`` (reportlab's escaping, C-accelerated with rl-accel)."""
    from reportlab.lib.rl_accel import escapePDF as escape

    return escape(data)


_ESCAPED: list[str] = [escapePDF(bytes((b,))) for b in range(256)]  # a PDF string's form of each byte


_without_controls_cached = lru_cache(maxsize=4096)(without_controls)


def _with_own_text(run: GlyphRun, needs_span: dict[int, bool], texts: dict[int, str]) -> str:
    """The run's code points, with virtual ones (:mod:`.tounicode`) where reportlab's would
    extract wrongly: glyphs of hidden runs extract as nothing (the overlay has their text), the
    first glyph of a ligature or other many-to-one cluster as the cluster's text, the others
    as nothing."""
    from .tounicode import virtual_char

    to_glyph = run.ttf.face.charToGlyph
    chars = list(run.chars)
    seen: set[int] = set()
    for index, (char, key, hidden) in enumerate(zip(run.chars, run.cluster_ids, run.hidden)):
        if hidden:
            wanted = ""
        elif needs_span.get(key):
            wanted = "" if key in seen else texts[key]
            seen.add(key)
        else:
            continue
        replacement = virtual_char(run.ttf, to_glyph[ord(char)], wanted)
        if replacement is not None:
            chars[index] = replacement
    return "".join(chars)
