"""Right-to-left letters with Arabic-script addresses keep every line inside the window.

Extends ``test_writer_pdf_window.py`` (Latin recipient lines, English and Urdu letters) to
recipient lines in Arabic script: Urdu names in Nastaliq (about twice as tall as Latin lines) and
Dari names in Naskh, in every layout, with the return-address line of an RTL letter. Each letter
is rendered with the PDF writer, read back with ``pdftotext -bbox-layout``, and every line's box
is compared with the window computed here from the published numbers (not from
:mod:`letterkit.layouts`): DIN 5008 form A/B field 85 × 45 mm at x 20, y 27/45 less the 5 mm
return-address zone; KOMA's SN and NF fields; the UK field (DIN form B); and the US #10 window
(4½ × 1⅛ in, ⅞ in from the left, ½ in from the bottom) as it falls on a sheet folded at 3¾ in,
less ⅛ in clearance, for every horizontal position of the 8½ in sheet in the 9½ in envelope.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from pdfread import PT_PER_MM, bbox_lines

pytest.importorskip("reportlab")
pdf_writer = pytest.importorskip("letterkit.pdf.letter")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


IN = 25.4


def _window_us10() -> tuple[float, float, float, float]:
    envelope_w, envelope_h = 9.5 * IN, 4.125 * IN
    win_left, win_bottom, win_w, win_h = 0.875 * IN, 0.5 * IN, 4.5 * IN, 1.125 * IN
    sheet_w, first_fold = 8.5 * IN, 3.75 * IN
    # the folded packet rests on its first fold at the bottom of the envelope
    top = first_fold - win_bottom - win_h
    bottom = first_fold - win_bottom
    assert envelope_h - first_fold > 0  # the packet fits
    # the sheet may lie anywhere between flush left and flush right
    play = envelope_w - sheet_w
    left, right = win_left, win_left + win_w - play
    clear = 0.125 * IN
    return (left + clear, top + clear, right - clear, bottom - clear)


# (x0, y0, x1, y1) in mm from the top-left corner: where recipient lines may be
WINDOWS = {
    "din5008a": (20, 27 + 5, 20 + 85, 27 + 45),
    "din5008b": (20, 45 + 5, 20 + 85, 45 + 45),
    "ch": (210 - 8 - 90, 45 + 5, 210 - 8, 45 + 45),  # SN: field's right edge 8 mm from the edge
    "fr": (210 - 10 - 100, 35 + 5, 210 - 10, 35 + 45),  # NF: right edge 10 mm from the edge
    "uk": (20, 45 + 5, 20 + 85, 45 + 45),
    "us10": _window_us10(),
}
RETURN_ZONES = {  # the return-address line: top 5 mm of the field
    "din5008a": (20, 27, 105, 32),
    "din5008b": (20, 45, 105, 50),
    "ch": (112, 45, 202, 50),
    "fr": (100, 35, 200, 40),
    "uk": (20, 45, 105, 50),
}

_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None
)


def _norm_word(word: str, *, visual: bool) -> str:
    word = word.translate(_BIDI_CONTROLS)
    if visual and any("ARABIC" in unicodedata.name(c, "") for c in word):
        word = word[::-1]  # pdftotext's word boxes give Arabic-script words in visual order
    return unicodedata.normalize("NFKC", word)


def _words(text: str, *, visual: bool = False) -> list[str]:
    words = (_norm_word(w, visual=visual) for w in text.split())
    return sorted(w for w in words if w)


def pdf_lines(data: bytes, tmp_path: Path) -> list[tuple[list[str], tuple[float, ...]]]:
    """Page 1's text lines as (sorted words, box in mm from the top-left)."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    (lines,) = bbox_lines(path, page=1)
    return [
        (_words(" ".join(words), visual=True), tuple(v / PT_PER_MM for v in box))
        for words, box in lines
    ]


def find_line(lines, text: str):
    wanted = _words(text)
    found = [box for words, box in lines if words == wanted]
    assert found, f"line {text!r} not found on page 1"
    return found


def _inside(box, area, tolerance=0.3) -> bool:
    x0, y0, x1, y1 = box
    a0, b0, a1, b1 = area
    return (
        x0 >= a0 - tolerance
        and y0 >= b0 - tolerance
        and x1 <= a1 + tolerance
        and y1 <= b1 + tolerance
    )


@pytest.mark.parametrize("layout", list(WINDOWS))
@pytest.mark.parametrize("language", ["ur", "fa_AF"])
def test_every_arabic_script_recipient_line_is_inside_the_window(
    make_letter, tmp_path, layout, language
):
    letter = make_letter(language)
    data = pdf_writer.render_pdf(letter, pdf_writer.PdfOptions(layout=layout))
    lines = pdf_lines(data, tmp_path)
    window = WINDOWS[layout]
    for text in letter.recipient.lines:
        boxes = find_line(lines, text)
        inside = [box for box in boxes if _inside(box, window)]
        assert inside, (
            f"{layout}/{language}: {text!r} at {boxes[0]} (mm) is outside the window {window}"
        )
    if layout in RETURN_ZONES:
        zone = RETURN_ZONES[layout]
        in_zone = [words for words, box in lines if _inside(box, zone, tolerance=1.0)]
        assert in_zone, f"{layout}/{language}: no return-address line in {zone}"
        joined = " ".join(w for words in in_zone for w in words)
        assert "Example" in joined and "Berlin" in joined


@pytest.mark.parametrize("layout", list(WINDOWS))
@pytest.mark.parametrize("language", ["ur", "fa_AF"])
def test_rtl_letter_keeps_the_address_where_the_window_is(make_letter, tmp_path, layout, language):
    """Mirroring an RTL letter must not move its address: it is right-aligned inside the
    same window, so its lines (Nastaliq, Naskh and Latin alike) end at one x in the window."""
    letter = make_letter(language)
    lines = pdf_lines(pdf_writer.render_pdf(letter, pdf_writer.PdfOptions(layout=layout)), tmp_path)
    window = WINDOWS[layout]
    rights = [
        max(box[2] for box in find_line(lines, t) if _inside(box, window))
        for t in letter.recipient.lines
    ]
    # right-aligned: all lines end at the same x, inside the window
    assert max(rights) - min(rights) < 1.0
    assert window[0] < max(rights) <= window[2] + 0.3
