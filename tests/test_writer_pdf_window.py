"""The recipient's address falls inside the envelope window, for every layout.

Word positions come from poppler (``pdftotext -bbox-layout``); the window boxes below are written
from the standards as the issue and the reference notes state them, not read from
``letterkit.layouts``, so a wrong number in the layout data fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from letterkit.model import Party
from letterkit.pdf.letter import PdfOptions, render_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

MM = 72 / 25.4
INCH = 72.0


@dataclass(frozen=True)
class Window:
    """A rectangle in points from the top-left corner of the paper."""

    x: float
    y: float
    width: float
    height: float

    def shrunk(self, by: float) -> Window:
        return Window(self.x + by, self.y + by, self.width - 2 * by, self.height - 2 * by)

    def holds(self, box: tuple[float, float, float, float], tol: float = 0.6) -> bool:
        x0, y0, x1, y1 = box
        return (
            x0 >= self.x - tol
            and x1 <= self.x + self.width + tol
            and y0 >= self.y - tol
            and y1 <= self.y + self.height + tol
        )


def mm_box(x: float, y: float, w: float, h: float) -> Window:
    return Window(x * MM, y * MM, w * MM, h * MM)


# #10 envelope: 9 1/2 x 4 1/8 in, window 4 1/2 x 1 1/8 in, 7/8 in from the left, 1/2 in from
# the bottom; the folded letter rests on its first fold (3 3/4 in) at the envelope's bottom.
# The 8 1/2 in sheet can slide 1 in sideways: flush left the window shows 7/8 .. 5 3/8 in of
# the sheet, flush right -1/8 .. 4 3/8 in; what every position shows is 7/8 .. 4 3/8 in.
_US_FOLD = 3.75 * INCH
_US10 = Window(0.875 * INCH, _US_FOLD - 0.5 * INCH - 1.125 * INCH, 3.5 * INCH, 1.125 * INCH)

# Address fields (window incl. return-address zone) and where the recipient zone starts.
WINDOWS: dict[str, tuple[Window, float]] = {
    "din5008a": (mm_box(20, 27, 85, 45), 17.7 * MM),  # DIN 5008 form A
    "din5008b": (mm_box(20, 45, 85, 45), 17.7 * MM),  # DIN 5008 form B
    "ch": (mm_box(112, 45, 90, 45), 5 * MM),  # SN 010 130, window right (KOMA SN)
    "fr": (mm_box(100, 35, 100, 45), 5 * MM),  # NF Z 11-001 (KOMA NF)
    "uk": (mm_box(20 + 4, 45 + 4, 85 - 8, 45 - 8), 5 * MM),  # DL left, 4 mm safety inset
    "us10": (_US10.shrunk(0.125 * INCH), 0.0),  # USPS: 1/8 in clear of every window edge
}


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]


def words(data: bytes, tmp_path: Path, page: int = 1) -> list[Word]:
    src = tmp_path / "w.pdf"
    src.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(src), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    out = []
    for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
        r'yMax="([\d.]+)">([^<]*)</word>',
        html,
    ):
        out.append(Word(m.group(5), tuple(float(m.group(i)) for i in range(1, 5))))
    return out


RECIPIENT = (
    "Office of the Caretaker Prime Minister",
    "Prime Minister's Secretariat",
    "Constitution Avenue",
    "G-5/2",
    "Islamabad 44000",
    "Pakistan",
)


def located(found: list[Word], line: str) -> list[Word]:
    """The words of one printed line (the first place they occur in sequence)."""
    wanted = line.replace("'", "&#39;").split()
    texts = [w.text.replace("&apos;", "&#39;") for w in found]
    for i in range(len(texts) - len(wanted) + 1):
        if texts[i : i + len(wanted)] == wanted:
            return found[i : i + len(wanted)]
    raise AssertionError(f"{line!r} not found on the page: {texts[:60]}")


@pytest.mark.parametrize("layout", sorted(WINDOWS))
def test_recipient_lines_lie_inside_the_window(make_letter, layout, tmp_path):
    window, offset = WINDOWS[layout]
    recipient = Party(name=RECIPIENT[0], lines=RECIPIENT)
    data = render_pdf(make_letter("en", recipient=recipient), PdfOptions(layout=layout))
    found = words(data, tmp_path)
    for line in RECIPIENT:
        for word in located(found, line):
            assert window.holds(word.box), (layout, word)
            assert word.box[1] >= window.y + offset - 0.6, (layout, word)  # below the return zone


@pytest.mark.parametrize("layout", ["din5008b", "us10", "ch"])
def test_rtl_letter_keeps_the_address_in_the_window_right_aligned(make_letter, layout, tmp_path):
    window, _ = WINDOWS[layout]
    recipient = Party(name=RECIPIENT[0], lines=RECIPIENT)
    data = render_pdf(make_letter("ur", recipient=recipient), PdfOptions(layout=layout))
    found = words(data, tmp_path)
    rights = []
    for line in RECIPIENT:
        line_words = located(found, line)
        for word in line_words:
            assert window.holds(word.box), (layout, word)
        rights.append(max(w.box[2] for w in line_words))
    # flush right: every line ends at the same x, near the window's right edge
    assert max(rights) - min(rights) < 1.0, rights
    assert window.x + window.width - max(rights) < 6 * MM


@pytest.mark.parametrize("layout", ["din5008a", "din5008b", "fr", "ch"])
def test_return_address_line_sits_in_the_top_of_the_field(make_letter, layout, tmp_path):
    window, offset = WINDOWS[layout]
    found = words(render_pdf(make_letter("en"), PdfOptions(layout=layout)), tmp_path)
    for word in located(found, "Amina Rahimi · 12 Example Street · 10115 Berlin"):
        assert window.holds(word.box)
        assert word.box[3] <= window.y + 5 * MM + 0.6, word  # within the 5 mm return zone


def test_six_address_lines_fit_the_small_us_window_by_shrinking(make_letter, tmp_path):
    window, _ = WINDOWS["us10"]
    recipient = Party(name=RECIPIENT[0], lines=RECIPIENT)
    found = words(
        render_pdf(make_letter("en", recipient=recipient), PdfOptions(layout="us10")), tmp_path
    )
    heights = [w.box[3] - w.box[1] for w in located(found, "Constitution Avenue")]
    body = [w.box[3] - w.box[1] for w in located(found, "Dear Prime Minister,")]
    assert max(heights) < min(body)  # smaller than the 11 pt body
    assert max(heights) >= 8 * 0.9  # but not below 8 pt
