"""letterkit's text engine: bidi (UAX #9) + HarfBuzz shaping + font fallback + line breaking,
and where each line's glyphs go. It knows nothing about letters, nor about any file format:
drawing the glyph runs is a back end's job (:mod:`letterkit.pdf.text_drawing` writes them as
PDF text operators).

Public API::

    TextStyle(language, size=11.0, bold=False, italic=False, leading=None, color=(0, 0, 0),
              family=None)
    layout_paragraph(spans_or_text, width, style, *, direction=None, align="start",
                     first_indent=0.0) -> TextBlock
    TextBlock.lines / .width / .height / .direction; TextBlock.split(max_height) -> (head, tail)
    Line.width / .ascent / .descent / .height / .text
    measure(text, style) -> float

and in :mod:`.placement`, for back ends: ``line_start(line, x, box_width, size, direction,
align) -> (left, extra per space)``, ``glyph_runs(line, extra) -> [GlyphRun]``,
``single_line(text_or_spans, x, style, *, align, width, direction) -> SingleLine``.

Heavy libraries (uharfbuzz, fontTools) load on first use, not on import.
See ``docs/text-engine.md``.
"""

from __future__ import annotations

from .layout import Line, TextBlock, TextStyle, layout_paragraph, measure

__all__ = ["Line", "TextBlock", "TextStyle", "layout_paragraph", "measure"]
