"""HarfBuzz shaping of one run, with explicit direction, script and language, cached.

Never let HarfBuzz guess the direction: a run of Extended Arabic-Indic digits (۲۰۲۳) has script
Arabic and would be guessed right-to-left, i.e. reversed. Features: HarfBuzz's defaults plus
``kern`` and ``liga`` — not ``dlig`` (reportlab's own ``shapeStr`` turns discretionary ligatures
on, which a formal letter does not want).

The result is glyph ids and one :class:`GlyphPosition` per glyph in 1/1000 em. It depends on
neither the font size nor the page, so it is cached per (context, run, face, direction, script,
language): a batch of letters shapes each distinct word once per process.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..fonts.registry import Face

FEATURES = {"kern": True, "liga": True}

# spaces after which a line may break (every Zs except no-break ones, and ZWSP)
# (written out: computing them from unicodedata took 2 ms at every start; a test checks them)
BREAK_SPACES = frozenset(
    "\u0020\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u200b"
)


class GlyphPosition(NamedTuple):
    """Where one glyph goes, in 1/1000 em; ``width`` is the glyph's own advance (the font's)."""

    cluster: int  # index into the run's text of the glyph's cluster
    x_advance: float
    y_advance: float
    x_offset: float
    y_offset: float
    width: float


@dataclass(frozen=True)
class Shaped:
    """Glyphs of one run in visual order (left to right)."""

    gids: tuple[int, ...]  # glyph ids
    data: tuple[GlyphPosition, ...]  # per glyph
    width: float  # sum of advances, 1/1000 em
    cluster_text: tuple[str, ...] = ()  # per glyph: the text of its cluster
    spaces: tuple[bool, ...] = ()  # per glyph: the cluster is a breaking space (justification)
    raised: bool = False  # some glyph has a y offset (Nastaliq)

    def width_before(self, end: int) -> float:
        """Advance of the glyphs whose cluster lies before ``end`` (for trimming a line end).

        Remembered per ``end``: a cached word is measured without its spaces in every line
        it ends."""
        memo: dict[int, float] | None = self.__dict__.get("_before")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_before", memo)
        found = memo.get(end)
        if found is None:
            found = memo[end] = sum(sd.x_advance for sd in self.data if sd.cluster < end)
        return found


# ~2 kB per entry. Entries are pieces of words; a batch repeats most words in every letter
# while each sender adds a few of their own (name, street, email), so a small bound keeps the
# hit rate and stops memory growing with the batch (20 000 entries grew a 10 000-letter batch
# to 2.7 times the memory of a 100-letter one; 2 048 held ~5 MB of senders' words). A letter's
# own words are a few hundred: 1 024 keep those of a batch in two languages.
@lru_cache(maxsize=1024)
def shape(
    context: str, start: int, end: int, face: Face, rtl: bool, script: str, language: str | None
) -> Shaped:
    """Shape ``context[start:end]`` with ``face``; the rest of ``context`` is shaping context.

    Clusters in the result are relative to ``start``. Cached: a batch shapes each distinct
    word once per process.
    """
    import uharfbuzz as hb

    hb_font = face.hb_font
    buf = hb.Buffer()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(context, start, end - start)  # clusters count code points, as with add_codepoints
    buf.direction = "rtl" if rtl else "ltr"
    buf.script = script
    if language:
        buf.language = language
    hb.shape(hb_font, buf, FEATURES)

    scale = 1000.0 / face.upem
    advances = face.program.advances
    text = context[start:end]
    infos = buf.glyph_infos
    gids = tuple([info.codepoint for info in infos])
    clusters = [info.cluster - start for info in infos]
    make = tuple.__new__  # GlyphPosition(...) without its Python-level constructor
    data = tuple(
        [
            make(
                GlyphPosition,
                (
                    cluster,
                    pos.x_advance * scale,
                    pos.y_advance * scale,
                    pos.x_offset * scale,
                    pos.y_offset * scale,
                    advances[gid],
                ),
            )
            for cluster, gid, pos in zip(clusters, gids, buf.glyph_positions, strict=True)
        ]
    )
    total = 0.0
    for glyph in data:  # summed in order, as the advances come
        total += glyph.x_advance
    if clusters == list(range(len(text))):  # a glyph per character, in order (most Latin)
        cluster_text = tuple(text)
        spaces = tuple([c in BREAK_SPACES for c in text])
    else:  # each glyph's cluster text runs to the next cluster's start (clusters are monotone)
        bounds = sorted({*clusters, len(text)})
        following = dict(itertools.pairwise(bounds))
        cluster_text = tuple([text[c : following[c]] for c in clusters])
        spaces = tuple([text[c] in BREAK_SPACES for c in clusters])
    raised = any(glyph.y_offset for glyph in data)
    return Shaped(gids, data, total, cluster_text, spaces, raised)


def cache_info() -> object:
    """Hit/miss statistics of the shaping cache (for benchmarks)."""
    return shape.cache_info()
