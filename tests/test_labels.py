"""Address-label sheets: one label per letter, in order, each inside its label cell."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from letterkit.errors import ChoiceError, DataError, OutputError
from letterkit.layouts import LABEL_SHEETS
from letterkit.model import Party
from letterkit.pdf.labels import render_labels, write_labels
from pdfread import BIDI_MARKS, sorted_line_boxes_mm

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def pages_of(data: bytes, tmp_path: Path) -> list[list[tuple[str, tuple[float, ...]]]]:
    """Per page: (words of a text line, sorted and joined; box in mm from the top-left)."""
    path = tmp_path / "labels.pdf"
    path.write_bytes(data)
    return sorted_line_boxes_mm(path)


def key(text: str) -> str:
    return " ".join(sorted(text.translate(BIDI_MARKS).split()))


def numbered_letters(make_letter, count: int, language: str = "en"):
    letters = []
    for i in range(1, count + 1):
        name = f"Addressee {i:02d}"
        letters.append(
            make_letter(
                language,
                recipient=Party(
                    name, (name, "Office of Examples", f"{i} Sample Road", "Springfield")
                ),
            )
        )
    return letters


def cell_of(sheet, box) -> int:
    """The label position whose cell contains the whole box (or -1)."""
    for position in range(sheet.per_sheet):
        cell = sheet.cell(position)
        if (
            box[0] >= cell.x - 0.2
            and box[2] <= cell.right + 0.2
            and box[1] >= cell.y - 0.2
            and box[3] <= cell.bottom + 0.2
        ):
            return position
    return -1


@pytest.mark.parametrize(("sheet_name", "count"), [("L7163", 16), ("5160", 32)])
def test_labels_follow_the_letters_row_by_row_inside_their_cells(
    make_letter, tmp_path, sheet_name, count
):
    sheet = LABEL_SHEETS[sheet_name]
    letters = numbered_letters(make_letter, count)
    pages = pages_of(render_labels(letters, sheet_name), tmp_path)
    assert len(pages) == 2
    for number, letter in enumerate(letters):
        page, position = divmod(number, sheet.per_sheet)
        lines = pages[page]
        for text in letter.recipient.lines:
            boxes = [box for words, box in lines if words == key(text)]
            if text == "Office of Examples" or text == "Springfield":
                continue  # the same on every label
            assert len(boxes) == 1, f"{text!r} on page {page + 1}: {len(boxes)} times"
            assert cell_of(sheet, boxes[0]) == position, (text, boxes[0])
    # every line of text on a page lies inside some label's text area
    for lines in pages:
        for words, box in lines:
            position = cell_of(sheet, box)
            assert position >= 0, f"{words!r} at {box} is outside every label"
            text_box = sheet.text_box(position)
            assert box[0] >= text_box.x - 0.3 and box[2] <= text_box.right + 0.3


def test_first_skips_used_labels(make_letter, tmp_path):
    sheet = LABEL_SHEETS["L7163"]
    letters = numbered_letters(make_letter, 3)
    (lines,) = pages_of(render_labels(letters, "L7163", first=5), tmp_path)
    positions = [cell_of(sheet, box) for words, box in lines if words.startswith("0")]
    assert positions == [5, 6, 7]  # "01 Addressee" sorts as "01 Addressee"
    with pytest.raises(ChoiceError, match="0 to 13"):
        render_labels(letters, "L7163", first=14)


def test_rtl_label_lines_are_right_aligned_in_the_label(make_letter, tmp_path):
    sheet = LABEL_SHEETS["L7163"]
    letter = make_letter("ur")
    (lines,) = pages_of(render_labels([letter], "L7163"), tmp_path)
    boxes = [next(box for words, box in lines if words == key(t)) for t in letter.recipient.lines]
    rights = [box[2] for box in boxes]
    assert max(rights) - min(rights) < 0.8
    assert abs(max(rights) - sheet.text_box(0).right) < 0.8
    assert all(cell_of(sheet, box) == 0 for box in boxes)


def test_urdu_label_extracts_in_logical_order(make_letter, tmp_path):
    path = tmp_path / "l.pdf"
    path.write_bytes(render_labels([make_letter("ur"), make_letter("fa_AF")], "5160"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.translate(BIDI_MARKS)
    assert "عزت مآب انوار الحق کاکڑ" in text
    assert "جلالتمآب انوار الحق کاکړ" in text


def test_text_shrinks_to_fit_then_an_error_names_the_letter(make_letter):
    long_lines = (
        "Addressee with a long name",
        "Department of Extraordinarily Long Names",
        "Directorate of Further Examples",
        "Building 7, Floor 3, Room 12",
        "100 Very Long Avenue Name Northwest",
        "Springfield 12345",
        "COUNTRY",
    )
    fits = make_letter("en", recipient=Party("Long", long_lines))
    render_labels([fits], "5160")  # seven lines on a 1 in label: shrunk, but fits
    too_many = make_letter("en", recipient=Party("Too Many", long_lines * 2))
    with pytest.raises(DataError, match=r"letter 2 \(pm: Too Many\).*5160 label"):
        render_labels([fits, too_many], "5160")
    too_wide = make_letter("en", recipient=Party("Wide", ("W" * 90,)))
    with pytest.raises(DataError, match="too wide"):
        render_labels([too_wide], "L7163")


def test_errors_for_missing_address_unknown_sheet_and_empty_batch(make_letter):
    with pytest.raises(DataError, match="letter 1.*no recipient address"):
        render_labels([make_letter("en", recipient=Party("Nobody", ()))])
    with pytest.raises(ChoiceError, match="L7163, 5160"):
        render_labels([make_letter("en")], "L7160")
    with pytest.raises(DataError, match="no letters"):
        render_labels([])


def test_paper_size_follows_the_sheet(make_letter, tmp_path):
    for name, size in (("L7163", "595.276 x 841.89"), ("5160", "612 x 792")):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(render_labels([make_letter("en")], name))
        info = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert f"Page size:       {size} pts" in info


def test_write_labels_refuses_to_overwrite(make_letter, tmp_path):
    path = tmp_path / "labels.pdf"
    write_labels([make_letter("en")], path)
    with pytest.raises(OutputError, match="exists"):
        write_labels([make_letter("en")], path)
    write_labels([make_letter("en")], path, "5160", force=True)


def test_urdu_labels_use_the_window_faces(make_letter, tmp_path):
    """The address on a label is set like the letter's window (issue 10): Arabic script in
    Naskh, never Nastaliq, on every sheet."""
    lines = (
        "عزت مآب مسعود خان",
        "ریاست ہائے متحدہ امریکہ میں پاکستان کے سفیر",
        "سفارت خانۂ پاکستان",
        "3517 International Court, NW",
        "WASHINGTON, DC 20008",
        "UNITED STATES",
    )
    letter = make_letter("ur", recipient=Party(lines[0], lines))

    def fonts(sheet: str) -> str:
        path = tmp_path / f"{sheet}.pdf"
        path.write_bytes(render_labels([letter], sheet))
        return subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout

    for sheet in ("L7163", "5160"):
        used = fonts(sheet)
        assert "Naskh" in used and "Nastaliq" not in used, (sheet, used)
    path = tmp_path / "5160.pdf"
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.translate(BIDI_MARKS)
    assert "ریاست ہائے متحدہ امریکہ میں پاکستان کے سفیر" in text


def test_one_size_per_sheet(make_letter, monkeypatch):
    """A sheet's labels share one size: the largest the longest address fits."""
    from letterkit.pdf import labels as labels_module

    sizes: list[float] = []
    real = labels_module.draw_lines

    def spy(canvas, fitted, *args, **kwargs):  # type: ignore[no-untyped-def]
        sizes.append(fitted.style.size)
        return real(canvas, fitted, *args, **kwargs)

    monkeypatch.setattr(labels_module, "draw_lines", spy)
    long_lines = (
        "عزت مآب مسعود خان",
        "ریاست ہائے متحدہ امریکہ میں پاکستان کے سفیر",
        "سفارت خانۂ پاکستان",
        "3517 International Court, NW",
        "WASHINGTON, DC 20008",
        "UNITED STATES",
    )
    letters = [
        make_letter("en"),
        make_letter("ur", recipient=Party(long_lines[0], long_lines)),
        make_letter("en"),
    ]
    render_labels(letters, "5160")
    assert len(sizes) == 3 and len(set(sizes)) == 1, sizes
    alone = []
    monkeypatch.setattr(
        labels_module, "draw_lines", lambda canvas, fitted, *a, **k: alone.append(fitted.style.size)
    )
    render_labels([make_letter("en")], "5160")
    assert alone[0] > sizes[0]  # the short address alone would be larger: the sheet decided
