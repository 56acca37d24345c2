"""Layout, envelope and label-sheet data against the published numbers (mm from the top left)."""

from __future__ import annotations

import pytest

from letterkit.errors import ChoiceError
from letterkit.layouts import (
    ENVELOPES,
    LABEL_SHEETS,
    LAYOUTS,
    PAPER_SIZES,
    envelope_for_country,
    get_envelope,
    get_label_sheet,
    get_layout,
    label_sheet_for_country,
    layout_for_country,
)

IN = 25.4


def approx(value: float) -> object:
    return pytest.approx(value, abs=0.01)


def test_din5008_forms_a_and_b():
    a, b = LAYOUTS["din5008a"], LAYOUTS["din5008b"]
    for layout, top, folds in ((a, 27, (87, 192)), (b, 45, (105, 210))):
        assert layout.paper == "a4" and PAPER_SIZES["a4"] == (210, 297)
        box = layout.address
        assert (box.x, box.y, box.width, box.height) == (20, top, 85, 45)
        assert layout.fold_marks == folds and layout.punch_mark == 148.5
        assert layout.return_height == 5  # Rücksendeangabe: top 5 mm of the field
        assert layout.recipient_offset == approx(5 + 12.7)  # after the 12.7 mm Vermerkzone
        assert layout.indent == 5  # text at x 25 = the left margin
        assert layout.margin_left == 25 and layout.margin_right == 20
    # Why both forms fit the same DIN 680 window: the field lies 15…60 mm above the first fold
    for layout in (a, b):
        fold = layout.fold_marks[0]
        assert fold - layout.address.bottom == 15 and fold - layout.address.y == 60


def test_din_text_stays_inside_what_a_dl_window_shows_wherever_the_sheet_slides():
    dl = ENVELOPES["DL"]
    window, play = dl.window, dl.width - 210
    assert window is not None and (window.x, window.width, window.height) == (20, 90, 45)
    assert dl.height - window.bottom == 15  # DIN 680: 15 mm from the bottom
    seen_left, seen_right = window.x, window.right - play  # visible in every position
    for name in ("din5008a", "din5008b", "uk"):
        layout = LAYOUTS[name]
        text_left = layout.address.x + layout.indent
        text_right = layout.address.right - layout.indent
        assert seen_left <= text_left and text_right <= seen_right, name


def test_swiss_and_french_windows_are_on_the_right():
    ch, fr = LAYOUTS["ch"], LAYOUTS["fr"]
    assert (ch.address.y, ch.address.width, ch.address.height) == (45, 90, 45)
    assert 210 - ch.address.right == 8  # KOMA SN: toaddrhpos −8 mm
    assert (fr.address.y, fr.address.width, fr.address.height) == (35, 100, 45)
    assert 210 - fr.address.right == 10  # KOMA NF: toaddrhpos −10 mm
    assert fr.fold_marks == (99, 198) and fr.indent == 10
    assert ch.fold_marks == (105, 210)
    assert ch.address.x > 105 and fr.address.x >= 100


def test_us10_field_is_where_a_number_10_window_falls_on_a_trifolded_sheet():
    us = LAYOUTS["us10"]
    assert us.paper == "letter" and PAPER_SIZES["letter"] == (approx(8.5 * IN), approx(11 * IN))
    env = ENVELOPES["10"]
    assert (env.width, env.height) == (approx(9.5 * IN), approx(4.125 * IN))
    window = env.window
    assert window is not None
    assert (window.x, window.width, window.height) == (
        approx(0.875 * IN),
        approx(4.5 * IN),
        approx(1.125 * IN),
    )
    assert env.height - window.bottom == approx(0.5 * IN)
    # the packet (first fold at 3¾ in) rests on the envelope's bottom: window 2⅛ … 3¼ in
    fold = us.fold_marks[0]
    assert fold == approx(3.75 * IN) and us.fold_marks[1] == approx(7.375 * IN)
    assert fold <= env.height  # the folded sheet fits
    assert us.address.y == approx(fold - 0.5 * IN - 1.125 * IN) == approx(2.125 * IN)
    assert us.address.bottom == approx(3.25 * IN)
    # horizontally the 8½ in sheet slides 1 in: the field is what the window shows always
    play = env.width - 8.5 * IN
    assert us.address.x == approx(window.x)
    assert us.address.right == approx(window.right - play)
    # ⅛ in clearance on every side, no return-address zone in the window
    assert us.indent == approx(0.125 * IN) and us.recipient_offset == approx(0.125 * IN)
    assert us.return_height == 0
    assert us.body_top > us.address.bottom


def test_every_layout_fits_its_paper_and_the_body_starts_below_the_field():
    for layout in LAYOUTS.values():
        width, height = PAPER_SIZES[layout.paper]
        box = layout.address
        assert box.x > 0 and box.right <= width and box.y > 0 and box.bottom < height
        assert layout.body_top >= box.bottom, layout.name
        assert all(0 < y < height for y in layout.fold_marks)
        assert layout.recipient_offset < box.height


def test_layout_choice_and_defaults():
    assert get_layout("DIN5008A") is LAYOUTS["din5008a"]
    with pytest.raises(ChoiceError, match="din5008a, din5008b, ch, fr, uk, us10"):
        get_layout("a5")
    assert layout_for_country("de").name == "din5008b"
    assert layout_for_country("CH").name == "ch"
    assert layout_for_country("FR").name == "fr"
    assert layout_for_country("GB").name == "uk"
    assert layout_for_country("US").name == "us10"
    assert layout_for_country("PK").name == "din5008b"
    assert layout_for_country("").name == "din5008b"


def test_envelopes_zones_follow_the_posts_rules():
    for name in ("DL", "C5"):
        env = ENVELOPES[name]
        zone = env.address
        # Deutsche Post: ≥ 15 mm from left, right, bottom; ≥ 40 mm from the top
        assert zone.x >= 15 and env.width - zone.right >= 15 and env.height - zone.bottom >= 15
        assert zone.y >= 40
        assert zone.x >= env.width / 2 - 15  # right half
        assert (env.postage.width, env.postage.height) == (74, 40)
        assert env.postage.right == env.width and env.postage.y == 0
    assert ENVELOPES["DL"].size == (220, 110) and ENVELOPES["C5"].size == (229, 162)
    c5_window = ENVELOPES["C5"].window
    assert c5_window is not None and 162 - c5_window.bottom == 60 and c5_window.x == 20
    us = ENVELOPES["10"]
    zone = us.address
    # USPS OCR read area: ½ in side margins, ⅝ … 2¾ in from the bottom
    assert zone.x >= 0.5 * IN and us.width - zone.right >= 0.5 * IN - 0.01
    assert us.height - zone.bottom >= 0.625 * IN - 0.01
    assert us.height - zone.y <= 2.75 * IN + 0.01
    for env in ENVELOPES.values():
        s, p, a = env.sender, env.postage, env.address
        assert s.right <= p.x and s.bottom <= a.y  # return address clear of postage and address
        assert p.bottom <= a.y  # postage zone above the address


def test_envelope_names():
    assert get_envelope("dl") is ENVELOPES["DL"]
    assert get_envelope("#10") is get_envelope("No10") is get_envelope("10") is ENVELOPES["10"]
    with pytest.raises(ChoiceError, match="DL, C5, #10"):
        get_envelope("C4")
    assert envelope_for_country("US").name == "10" and envelope_for_country("DE").name == "DL"


def test_avery_l7163_geometry():
    sheet = LABEL_SHEETS["L7163"]
    assert (sheet.paper, sheet.columns, sheet.rows) == ("a4", 2, 7)
    assert (sheet.label_width, sheet.label_height) == (99.1, 38.1)
    assert (sheet.margin_top, sheet.margin_left, sheet.pitch_x, sheet.pitch_y) == (
        15.15,
        4.65,
        101.6,
        38.1,
    )
    first, last = sheet.cell(0), sheet.cell(13)
    assert last.right + sheet.margin_left == approx(210)  # symmetric side margins
    assert last.bottom + sheet.margin_top == approx(297)
    assert sheet.cell(1).x - first.right == approx(2.5)  # the gap between the columns
    assert sheet.cell(2).y == approx(first.bottom)  # rows touch
    with pytest.raises(IndexError):
        sheet.cell(14)


def test_avery_5160_geometry():
    sheet = LABEL_SHEETS["5160"]
    assert (sheet.paper, sheet.columns, sheet.rows, sheet.per_sheet) == ("letter", 3, 10, 30)
    assert (sheet.label_width, sheet.label_height) == (approx(2.625 * IN), approx(1 * IN))
    assert sheet.margin_top == approx(0.5 * IN) and sheet.margin_left == approx(3 / 16 * IN)
    assert sheet.pitch_x == approx(2.75 * IN) and sheet.pitch_y == approx(1 * IN)
    last = sheet.cell(29)
    assert last.right + sheet.margin_left == approx(8.5 * IN)
    assert last.bottom + sheet.margin_top == approx(11 * IN)
    assert sheet.cell(1).x - sheet.cell(0).right == approx(0.125 * IN)
    # row-major: position 3 starts the second row
    assert sheet.cell(3).x == sheet.cell(0).x and sheet.cell(3).y == approx(1.5 * IN)
    text = sheet.text_box(4)
    cell = sheet.cell(4)
    assert (
        cell.x < text.x and text.right < cell.right and cell.y < text.y < text.bottom < cell.bottom
    )


def test_label_sheet_names():
    assert get_label_sheet("avery l7163") is LABEL_SHEETS["L7163"]
    assert get_label_sheet("Avery-5160") is LABEL_SHEETS["5160"]
    with pytest.raises(ChoiceError, match="L7163, 5160"):
        get_label_sheet("L7160")
    assert label_sheet_for_country("CA").name == "5160"
    assert label_sheet_for_country("PK").name == "L7163"
