"""HarfBuzz shaping of one run, with explicit direction, script and language, cached.

Never let HarfBuzz guess the direction: a run of Extended Arabic-Indic digits (۲۰۲۳) has script
Arabic and would be guessed right-to-left, i.e. reversed. Features: HarfBuzz's defaults plus
``kern`` and ``liga`` — not ``dlig`` (reportlab's own ``shapeStr`` turns discretionary ligatures
on, which a formal letter does not want).

The result is in reportlab's terms: a string of the code points reportlab maps to each glyph
(private-use code points for glyphs without a cmap entry, see ``TTFont.hbAddPrivate``) and one
``ShapeData`` per glyph in 1/1000 em. It depends on neither the font size nor the page, so it is
cached per (context, run, face, direction, script, language): a batch of letters shapes each
distinct word once per process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..fonts.registry import Face

FEATURES = {"kern": True, "liga": True}

# spaces after which a line may break (every Zs except no-break ones, and ZWSP)
BREAK_SPACES = frozenset(
    [chr(cp) for cp in range(0x3001) if unicodedata.category(chr(cp)) == "Zs"
     and chr(cp) not in "\u00a0\u202f\u2007"] + ["\u200b"]
)


@dataclass(frozen=True)
class Shaped:
    """Glyphs of one run in visual order (left to right), reportlab-ready."""

    chars: str  # one code point per glyph, as reportlab maps it
    data: tuple[Any, ...]  # reportlab ShapeData per glyph; cluster = index into the run's text
    width: float  # sum of advances, 1/1000 em
    cluster_text: tuple[str, ...] = ()  # per glyph: the text of its cluster
    spaces: tuple[bool, ...] = ()  # per glyph: the cluster is a breaking space (justification)
    raised: bool = False  # some glyph has a y offset (Nastaliq)

    def width_before(self, end: int) -> float:
        """Advance of the glyphs whose cluster lies before ``end`` (for trimming a line end)."""
        return sum(sd.x_advance for sd in self.data if sd.cluster < end)


def shape(context: str, start: int, end: int, face: Face, rtl: bool, script: str,
          language: str | None) -> Shaped:
    """Shape ``context[start:end]`` with ``face``; the rest of ``context`` is shaping context.

    Clusters in the result are relative to ``start``.
    """
    return _shape_cached(context, start, end, face, rtl, script, language)


# ~1-2 kB per entry. Entries are pieces of words; a batch repeats most words in every letter
# while each sender adds a few of their own (name, street, email), so a small bound keeps the
# hit rate and stops memory growing with the batch (20 000 entries grew a 10 000-letter batch
# to 2.7 times the memory of a 100-letter one).
@lru_cache(maxsize=2048)
def _shape_cached(context: str, start: int, end: int, face: Face, rtl: bool, script: str,
                  language: str | None) -> Shaped:
    import uharfbuzz as hb
    from reportlab.pdfbase.ttfonts import ShapeData

    ttf = face.register()
    hb_font = face.hb_font
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_codepoints([ord(c) for c in context], start, end - start)
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    if language:
        buf.language = language
    hb.shape(hb_font, buf, FEATURES)

    scale = 1000.0 / face.upem
    glyph_to_char = ttf.face.glyphToChar
    char_widths = ttf.face.charWidths
    chars: list[str] = []
    data: list[Any] = []
    total = 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
        gid = info.codepoint
        mapped = glyph_to_char.get(gid)
        if mapped:
            code = mapped[0]
        else:
            # the glyph's own advance (hmtx), which is what the embedded font's /W array says
            own_advance = ttf.face.hmetrics[gid][0] * scale
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, own_advance)
        advance = pos.x_advance * scale
        total += advance
        chars.append(chr(code))
        data.append(ShapeData(info.cluster - start, advance, pos.y_advance * scale,
                              pos.x_offset * scale, pos.y_offset * scale, char_widths[code]))
    text = context[start:end]
    bounds = sorted({sd.cluster for sd in data} | {len(text)})
    following = {c: bounds[i + 1] for i, c in enumerate(bounds[:-1])}
    cluster_text = tuple(text[sd.cluster:following[sd.cluster]] for sd in data)
    spaces = tuple(text[sd.cluster] in BREAK_SPACES for sd in data)
    raised = any(sd.y_offset for sd in data)
    return Shaped("".join(chars), tuple(data), total, cluster_text, spaces, raised)


def cache_info() -> Any:
    """Hit/miss statistics of the shaping cache (for benchmarks)."""
    return _shape_cached.cache_info()
