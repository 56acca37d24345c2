"""letterkit's PDF text engine: bidi (UAX #9) + HarfBuzz shaping + font fallback + line breaking,
drawn on a reportlab canvas. It knows nothing about letters.

Public API::

    TextStyle(language, size=11.0, bold=False, italic=False, leading=None, color=(0, 0, 0),
              family=None)
    layout_paragraph(spans_or_text, width, style, *, direction=None, align="start",
                     first_indent=0.0) -> TextBlock
    TextBlock.lines / .width / .height / .direction; .draw(canvas, x, y_top) -> y_bottom;
    TextBlock.split(max_height) -> (head, tail | None)
    Line.width / .ascent / .descent / .height / .text
    measure(text, style) -> float
    draw_line(canvas, text_or_spans, x, y_baseline, style, *, align="start", width=None,
              direction=None) -> float

Heavy libraries (reportlab, uharfbuzz, fontTools) load on first use, not on import.
See ``docs/text-engine.md``.
"""

from __future__ import annotations

from .layout import Line, TextBlock, TextStyle, draw_line, layout_paragraph, measure

__all__ = ["Line", "TextBlock", "TextStyle", "draw_line", "layout_paragraph", "measure"]
