"""A right-to-left word's ink keeps clear of a following Latin word (issue 10: the Nastaliq ر
tail ran into "UNHCR" in "اور UNHCR")."""

from __future__ import annotations

from letterkit.text import TextStyle, layout_paragraph
from letterkit.text.itemize import SCRIPT_BOUNDARY_GAP


def ink_gap(text: str, language: str) -> float:
    """Clear space (1/1000 em) between the Latin word's advance and the ink of the Arabic-script
    word after it (logically), which stands to its right."""
    line = layout_paragraph(text, 10000.0, TextStyle(language, size=10.0), direction="rtl").lines[0]
    pieces = line.pieces  # visual order, left to right
    latin = next(i for i, p in enumerate(pieces) if p.text.strip() == "UNHCR")
    arabic = pieces[latin + 1]
    font, scale = arabic.face.hb_font, 1000.0 / arabic.face.upem
    pen, ink = 0.0, float("inf")
    for gid, pos in zip(arabic.shaped.gids, arabic.shaped.data, strict=True):
        extents = font.get_glyph_extents(gid)
        if extents is not None and extents.width:
            ink = min(ink, pen + pos.x_offset + extents.x_bearing * scale)
        pen += pos.x_advance
    return ink


def test_nastaliq_re_tail_keeps_a_word_space_from_latin() -> None:
    assert ink_gap("حکومت اور UNHCR کی مدد", "ur") >= SCRIPT_BOUNDARY_GAP - 0.5


def test_naskh_keeps_its_own_space() -> None:
    """Naskh's ر keeps its space clear: nothing changes (as Pango sets it)."""
    line = layout_paragraph(
        "دفتر UNHCR در کابل", 10000.0, TextStyle("fa_AF", size=10.0), direction="rtl"
    ).lines[0]
    word = next(p for p in line.pieces if p.text.startswith("دفتر"))
    assert word.shaped.data[0].x_advance < SCRIPT_BOUNDARY_GAP


def test_between_arabic_words_nothing_changes() -> None:
    """Urdu words next to Urdu words keep Nastaliq's own spacing."""
    plain = layout_paragraph("اور کی", 10000.0, TextStyle("ur", size=10.0), direction="rtl")
    spaces = [
        d.x_advance
        for p in plain.lines[0].pieces
        for d, s in zip(p.shaped.data, p.shaped.spaces, strict=True)
        if s
    ]
    assert spaces and max(spaces) < SCRIPT_BOUNDARY_GAP
