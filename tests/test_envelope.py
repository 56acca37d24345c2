"""Envelopes: one page per letter at the envelope's size, addresses where the post reads them.

Checked on the rendered PDF: page sizes with pdfinfo, text and positions with pdftotext
(-bbox-layout), the Urdu name in logical order with plain pdftotext (ActualText), ink with
pdftoppm.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from letterkit.errors import ChoiceError, DataError, OutputError
from letterkit.layouts import ENVELOPES, Box
from letterkit.model import Party
from letterkit.pdf.envelope import render_envelopes, write_envelopes
from pdfread import BIDI_MARKS, PT_PER_MM, sorted_line_boxes_mm

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def run(args: list[str], data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [*args, str(path), "-"] if args[0] == "pdftotext" else [*args, str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_sizes_mm(data: bytes, tmp_path: Path) -> list[tuple[float, float]]:
    info = run(["pdfinfo", "-f", "1", "-l", "999"], data, tmp_path)
    return [
        (round(float(w) / PT_PER_MM, 1), round(float(h) / PT_PER_MM, 1))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    ]


def line_boxes(data: bytes, tmp_path: Path) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Per page: (line text with logical words sorted, box in mm from the top-left)."""
    path = tmp_path / "envelopes.pdf"
    path.write_bytes(data)
    return sorted_line_boxes_mm(path)


def key(text: str) -> str:
    return " ".join(sorted(text.translate(BIDI_MARKS).split()))


def box_of(lines, text: str) -> tuple[float, ...]:
    found = [box for words, box in lines if words == key(text)]
    assert len(found) == 1, f"{text!r}: found {len(found)} times in {[w for w, _ in lines]}"
    return found[0]


def inside(box, zone, tol: float = 0.3) -> bool:
    return (
        box[0] >= zone.x - tol
        and box[1] >= zone.y - tol
        and box[2] <= zone.right + tol
        and box[3] <= zone.bottom + tol
    )


@pytest.mark.parametrize(
    ("name", "size"), [("DL", (220.0, 110.0)), ("C5", (229.0, 162.0)), ("#10", (241.3, 104.8))]
)
def test_one_landscape_page_per_letter_at_the_envelope_size(make_letter, tmp_path, name, size):
    letters = [make_letter("en"), make_letter("ur"), make_letter("fa_AF")]
    data = render_envelopes(letters, name)
    assert page_sizes_mm(data, tmp_path) == [size] * 3


@pytest.mark.parametrize("name", ["DL", "C5", "10"])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_addresses_sit_in_their_zones_and_leave_postage_and_coding_strip_free(
    make_letter, tmp_path, name, language
):
    letter = make_letter(language)
    env = ENVELOPES[name]
    (lines,) = line_boxes(render_envelopes([letter], name), tmp_path)
    recipient = [box_of(lines, text) for text in letter.recipient.lines]
    sender = [box_of(lines, text) for text in letter.sender.lines]
    for text, box in zip(letter.recipient.lines, recipient):
        assert inside(box, env.address), f"{name}: recipient line {text!r} at {box}"
    # the return address: top left, clear of the edges (5 mm), the postage zone and the
    # address zone (poppler's boxes use the font's full ascent: Nastaliq's is tall)
    sender_zone = Box(5, 5, env.postage.x - 5, env.address.y - 5)
    for text, box in zip(letter.sender.lines, sender):
        assert inside(box, sender_zone), f"{name}: return line {text!r} at {box}"
        assert box[0] < env.width / 3
    for _, box in lines:
        assert box[3] <= env.height - env.clear_bottom + 0.3  # coding/barcode strip free
        overlaps_postage = box[2] > env.postage.x and box[1] < env.postage.bottom
        assert not overlaps_postage
    # recipient lines are stacked top to bottom in the given order
    tops = [box[1] for box in recipient]
    assert tops == sorted(tops)
    if language == "ur":  # right-to-left: the lines end at one right edge
        rights = [box[2] for box in recipient]
        assert max(rights) - min(rights) < 0.8
    else:
        lefts = [box[0] for box in recipient]
        assert max(lefts) - min(lefts) < 0.3 and abs(lefts[0] - env.address.x) < 0.3


def test_pages_follow_the_order_of_the_letters(make_letter, tmp_path):
    names = ["Recipient One", "Recipient Two", "Recipient Three", "Recipient Four"]
    letters = [make_letter("en", recipient=Party(n, (n, "1 Road", "Town"))) for n in names]
    pages = line_boxes(render_envelopes(letters, "DL"), tmp_path)
    assert len(pages) == 4
    for page, expected in zip(pages, names):
        assert key(expected) in [words for words, _ in page]


def test_an_urdu_name_extracts_in_logical_order_and_is_inked(make_letter, tmp_path):
    letter = make_letter("ur")
    data = render_envelopes([letter], "DL")
    text = run(["pdftotext", "-layout"], data, tmp_path).translate(BIDI_MARKS)
    assert "عزت مآب انوار الحق کاکڑ" in text
    assert "نگران وزیرِ اعظم" in text
    # the name is drawn: dark pixels where its line box is
    (lines,) = line_boxes(data, tmp_path)
    x0, y0, x1, y1 = box_of(lines, letter.recipient.lines[0])
    pytest.importorskip("PIL")
    from PIL import Image

    png = tmp_path / "env"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp_path / "out.pdf"), str(png)],
        check=True,
    )
    image = Image.open(f"{png}.png").convert("L")
    scale = 100 / 25.4
    crop = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1))
    dark = sum(1 for p in crop.tobytes() if p < 128)
    assert dark > 50


def test_the_urdu_name_is_shaped_not_isolated_letters(make_letter, tmp_path):
    """Shaped Nastaliq joins letters: the drawn name is much narrower than the same letters
    drawn one by one in isolation (what an unshaped drawString would give)."""
    from letterkit.text import TextStyle, measure

    name = "عزت مآب انوار الحق کاکڑ"
    letter = make_letter("ur")
    (lines,) = line_boxes(render_envelopes([letter], "DL"), tmp_path)
    x0, _, x1, _ = box_of(lines, name)
    style = TextStyle("ur", size=11.0, family="sans")
    isolated = sum(measure(c, style) for c in name if c != " ") / PT_PER_MM
    assert (x1 - x0) < isolated


def test_a_recipient_that_cannot_fit_names_the_letter(make_letter):
    lines = tuple(f"Line number {i} of a far too long address block" for i in range(14))
    bad = make_letter("en", recipient=Party("Overflowing Office", lines))
    good = make_letter("en")
    with pytest.raises(DataError, match=r"letter 2 \(pm: Overflowing Office\).*DL"):
        render_envelopes([good, bad], "DL")


def test_missing_address_and_empty_batch_are_errors(make_letter):
    with pytest.raises(DataError, match="letter 1.*no recipient address"):
        render_envelopes([make_letter("en", recipient=Party("Nobody", ("", "  ")))], "DL")
    with pytest.raises(DataError, match="no letters"):
        render_envelopes([], "DL")
    with pytest.raises(ChoiceError, match="DL, C5, #10"):
        render_envelopes([make_letter("en")], "B4")


def test_withheld_sender_prints_only_what_the_letter_has(make_letter, tmp_path):
    letter = make_letter("en")
    safe = replace(letter, sender=Party("A. R.", ("A. R.", "Berlin"), address=None))
    (lines,) = line_boxes(render_envelopes([safe], "DL"), tmp_path)
    words = " ".join(w for w, _ in lines)
    assert "Example" not in words and "Berlin" in words


def test_write_envelopes_refuses_to_overwrite(make_letter, tmp_path):
    path = tmp_path / "envelopes.pdf"
    write_envelopes([make_letter("en")], path, "DL")
    assert path.read_bytes().startswith(b"%PDF")
    with pytest.raises(OutputError, match="exists"):
        write_envelopes([make_letter("en")], path, "DL")
    write_envelopes([make_letter("en")], path, "C5", force=True)
