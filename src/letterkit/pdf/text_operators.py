"""PDF text operators for shaped glyphs, with /ActualText per cluster.

Why our own operators instead of reportlab's ``textOut``: we need a marked-content span around
every cluster whose glyphs do not stand for its text (contextual Arabic forms, ligatures). A span
per *cluster*, in visual order, is what text extractors expect: poppler (``pdftotext``) and
others rebuild logical order from glyph positions, reversing right-to-left runs themselves — a
span holding a whole logical run would be reversed a second time.

Glyphs of right-to-left and raised (Nastaliq) runs stand for no text; an invisible copy of the
run's text (text render mode 3), squeezed to the drawn width, carries it instead, so selecting
and copying give the logical words.

Positioning: per glyph ``[-x_offset <glyph>]`` in a ``TJ`` array, the next glyph's entry preceded
by what this one owes (``width - x_advance + x_offset``), all in 1/1000 em; the text rise
(``Ts``) for y offsets (Nastaliq's diagonal cascade lives in those). Glyph codes are
two-byte CIDs fixed per glyph and text (:mod:`.font_embedding`), so everything after a run's ``Tm``
is made once per laid-out line and written as it is into every document of a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..fonts.registry import Face
from ..text.placement import GlyphRun
from ..textclean import BIDI_CONTROLS, without_bidi_controls
from .font_embedding import document_font, fixed_cid, resource_name
from .syntax import num, utf16_hex

# embedding and isolate controls shape to invisible glyphs and are not extracted: poppler
# misplaces the text around them. The marks (LRM, RLM, ALM) stay: they are strong characters
# that tell an extractor's own bidi pass how the neutrals next to them read.
_without_controls_cached = lru_cache(maxsize=4096)(without_bidi_controls)


Part = str | tuple[int, str]  # operators, or a glyph whose code each document assigns


@dataclass(frozen=True)
class RunPlan:
    """Everything about drawing a :class:`GlyphRun` but its position: made once per laid-out
    line (and cached with it), so a paragraph that repeats in every letter of a batch costs a
    string append per document.

    ``content`` holds the operators that follow the run's ``Tm`` when every glyph has a fixed
    code; otherwise it is ``None`` and ``parts`` holds the same operators with ``(gid, text)``
    where a glyph's code is assigned per document. ``codes`` are the fixed codes drawn.
    """

    face: Face
    width: float  # pt
    content: str | None
    parts: tuple[Part, ...]
    codes: frozenset[int]


class _Operators:
    """Builds a run's operators: TJ arrays split only where something must happen between two
    glyphs (a marked-content span opens or closes, the text rise changes); inside an array,
    consecutive glyphs without a position correction share one hex string."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.array: list[str | list[str | tuple[int, str]]] = []  # numbers and glyph strings
        self.pending = 0.0  # correction owed to the next glyph (1/1000 em)

    def op(self, text: str) -> None:
        """An operator between glyphs (ends the current array)."""
        self.end_array()
        self.parts.append(text + "\n")

    def glyph(self, code: str | tuple[int, str], x_offset: float, owed: float) -> None:
        """A glyph moved right by ``x_offset``, owing ``owed`` to the next one's position.

        What a glyph owes is paid before the next glyph, in that glyph's array, even when
        operators come between (rise and marked-content operators do not move the text
        position). At the end of a run nothing is owed: the next run, or the overlay's ``Td``,
        sets its own position."""
        correction = self.pending - x_offset
        if correction:
            self.array.append(num(correction))
        if not self.array or isinstance(self.array[-1], str):
            self.array.append([])
        self.array[-1].append(code)  # type: ignore[union-attr]
        self.pending = owed

    def end_array(self) -> None:
        if not self.array:
            return
        single = len(self.array) == 1 and not isinstance(self.array[0], str)
        self.parts.append("" if single else "[")
        for index, item in enumerate(self.array):
            if index:
                self.parts.append(" ")
            if isinstance(item, str):
                self.parts.append(item)
            else:
                self.parts.append("<")
                self.parts.extend(item)
                self.parts.append(">")
        self.parts.append(" Tj\n" if single else "] TJ\n")
        self.array = []

    def result(self) -> tuple[str | None, tuple[Part, ...]]:
        """(content, ()) when the operators are all text, else (None, parts)."""
        self.end_array()
        merged: list[Part] = []
        for part in self.parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        if all(isinstance(p, str) for p in merged):
            return "".join(merged), ()  # type: ignore[arg-type]
        return None, tuple(merged)


def plan_run(run: GlyphRun, size: float) -> RunPlan:
    """The document- and position-independent operators drawing ``run`` (see :class:`RunPlan`)."""
    if not run.overlays and not any(run.hidden):
        plain = _plain_plan(run, size)
        if plain is not None:
            return plain
    program = run.face.program
    natural = program.natural
    advances = program.advances

    # which clusters need an /ActualText span: those whose glyphs do not stand for the text
    # (only looked at for visible-text glyphs; hidden ones get the invisible overlay)
    mapped: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    for gid, key, ctext, hidden in zip(
        run.gids, run.cluster_ids, run.cluster_text, run.hidden, strict=False
    ):
        if not hidden:
            mapped.setdefault(key, []).append(natural[gid] or "\ufffe")
            texts[key] = _without_controls_cached(ctext)
    needs_span = {key: "".join(chars) != texts[key] for key, chars in mapped.items()}

    codes: set[int] = set()

    def code(gid: int, text: str) -> str | tuple[int, str]:
        found = fixed_cid(program, gid, text)
        if found is None:
            return (gid, text)
        codes.add(found)
        return f"{found:04X}"

    ops = _Operators()
    ops.op(f"/{resource_name(run.face)} {num(size)} Tf")
    rise = 0.0
    current_key: int | None = None
    span_open = hidden_open = False
    width = 0.0
    seen: set[int] = set()
    for gid, sd, key, hidden in zip(run.gids, run.data, run.cluster_ids, run.hidden, strict=False):
        if key != current_key:
            opens = not hidden and needs_span[key]
            if span_open or hidden != hidden_open or opens:
                if span_open:
                    ops.op("EMC")
                    span_open = False
                if hidden != hidden_open:
                    ops.op("/Span <</ActualText <FEFF>>> BDC" if hidden else "EMC")
                    hidden_open = hidden
                if opens:
                    ops.op(f"/Span <</ActualText <{utf16_hex(texts[key])}>>> BDC")
                    span_open = True
            current_key = key
        glyph_rise = size * sd.y_offset / 1000.0
        if glyph_rise != rise:
            ops.op(f"{num(glyph_rise)} Ts")
            rise = glyph_rise
        # the text a glyph stands for: none when hidden (the overlay has it) or after the
        # first glyph of a cluster that needs a span; the cluster's text for that first glyph
        if hidden:
            text = ""
        elif needs_span[key]:
            text = "" if key in seen else texts[key]
            seen.add(key)
        else:
            text = natural[gid] or ""
        ops.glyph(code(gid, text), sd.x_offset, advances[gid] - sd.x_advance + sd.x_offset)
        width += sd.x_advance
    if span_open:
        ops.op("EMC")
    if hidden_open:
        ops.op("EMC")
    if rise:
        ops.op("0 Ts")
    if run.overlays:
        _overlays(ops, run, size, code)
    content, parts = ops.result()
    return RunPlan(run.face, width * size / 1000.0, content, parts, frozenset(codes))


def _plain_plan(run: GlyphRun, size: float) -> RunPlan | None:
    """:func:`plan_run`'s operators for a plain run (most Latin lines): every glyph its own
    cluster and standing for that cluster's one character (no /ActualText span), nothing raised,
    nothing hidden; ``None`` for any other run. The same operators, in one pass."""
    program = run.face.program
    natural = program.natural
    advances = program.advances
    array: list[str] = []  # numbers and runs of glyph codes, as _Operators joins them
    codes: list[str] = []
    used: set[int] = set()
    pending = 0.0
    width = 0.0
    previous_key: int | None = None
    for gid, sd, key, text in zip(
        run.gids, run.data, run.cluster_ids, run.cluster_text, strict=True
    ):
        if (
            not text
            or key == previous_key
            or natural[gid] != text
            or text in BIDI_CONTROLS
            or sd.y_offset
        ):
            return None
        previous_key = key
        correction = pending - sd.x_offset
        if correction:
            if codes:
                array.append("<" + "".join(codes) + ">")
                codes = []
            array.append(num(correction))
        codes.append(f"{gid:04X}")
        used.add(gid)
        pending = advances[gid] - sd.x_advance + sd.x_offset
        width += sd.x_advance
    if codes:
        array.append("<" + "".join(codes) + ">")
    head = f"/{resource_name(run.face)} {num(size)} Tf\n"
    if len(array) == 1 and array[0][0] == "<":
        content = head + array[0] + " Tj\n"
    else:
        content = head + "[" + " ".join(array) + "] TJ\n"
    return RunPlan(run.face, width * size / 1000.0, content, (), frozenset(used))


def _overlays(
    ops: _Operators, run: GlyphRun, size: float, code: Callable[[int, str], str | tuple[int, str]]
) -> None:
    """The invisible text of hidden pieces (render mode 3), each squeezed or stretched (Tz)
    to cover exactly its drawn glyphs: no gaps, so extractors see words where the text has
    spaces and nowhere else. Positions are relative to the run's origin: ``Td`` moves the line
    start, which the run's ``Tm`` set there."""
    program = run.face.program
    cmap = program.cmap
    advances = program.advances
    ops.op("3 Tr")
    origin = 0.0  # x of the current line start, pt from the run's origin
    for start, span_width, text in run.overlays:
        gids = [(cmap[ord(c)], c) for c in text if ord(c) in cmap and c not in BIDI_CONTROLS]
        natural = sum(advances[gid] for gid, _ in gids)
        if not gids or natural <= 0:
            continue
        x = start * size / 1000.0
        ops.op(f"{num(x - origin)} 0 Td")  # sets the text position: nothing owed
        ops.pending = 0.0
        origin = x
        ops.op(f"{num(100.0 * span_width / natural)} Tz")
        for gid, char in gids:
            ops.glyph(code(gid, char), 0.0, 0.0)
        ops.end_array()
    ops.op("100 Tz")
    ops.op("0 Tr")


def record_fonts(canvas: Any, plans: list[RunPlan]) -> None:
    """Note the fixed codes of ``plans`` as used in the canvas's document (for its fonts)."""
    doc = canvas._doc
    for plan in plans:
        document_font(doc, plan.face).used |= plan.codes


def emit_plan(canvas: Any, out: list[str], plan: RunPlan, x: float, y: float) -> float:
    """Append operators drawing a planned run with its origin at (x, y); return its width."""
    font = document_font(canvas._doc, plan.face)
    font.used |= plan.codes
    out.append(f"1 0 0 1 {num(x)} {num(y)} Tm\n")
    if plan.content is not None:
        out.append(plan.content)
        return plan.width
    code = font.code
    out.append(
        "".join(part if isinstance(part, str) else f"{code(*part):04X}" for part in plan.parts)
    )
    return plan.width
