"""Right-to-left letters in the PDF: text in logical order, the page mirrored where a reader
expects it (salutation, body, list numbers, sender block, date on the right), the address in
the window. Positions come from poppler (``pdftotext -bbox-layout``), text from ``pdftotext``
(the engine's /ActualText spans make the Urdu and Dari text extractable)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from letterkit.layouts import get_layout
from letterkit.model import ListBlock, Paragraph, Span
from letterkit.pdf.letter import PdfOptions, render_pdf
from pdfread import bbox_lines

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

MM = 72 / 25.4
A4_RIGHT_MARGIN = (210 - 20) * MM  # DIN 5008: 20 mm right margin
A4_LEFT_MARGIN = 25 * MM
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Without bidi controls (pdftotext adds its own) and without whitespace: poppler places
    the space between an Urdu word and an English acronym on either side of the acronym."""
    return re.sub(r"\s+", "", _CONTROLS.sub("", text))


def bare(word: str) -> str:
    """Letters only: no bidi controls, no combining marks (their order differs when poppler
    writes a right-to-left word in visual order)."""
    return "".join(c for c in _CONTROLS.sub("", word) if not unicodedata.combining(c))


def extract(data: bytes, tmp_path: Path, *args: str) -> str:
    src = tmp_path / "rtl.pdf"
    src.write_bytes(data)
    return subprocess.run(
        ["pdftotext", *args, str(src), "-"], check=True, capture_output=True, text=True
    ).stdout


@dataclass(frozen=True)
class Line:
    words: tuple[str, ...]
    x0: float
    y0: float
    x1: float
    y1: float

    def has(self, word: str) -> bool:
        target = bare(word)
        return any(target in bare(w) or target[::-1] in bare(w) for w in self.words)


def lines(data: bytes, tmp_path: Path) -> list[Line]:
    path = tmp_path / "rtl.pdf"
    path.write_bytes(data)
    (found,) = bbox_lines(path, page=1)
    return [Line(tuple(words), *box) for words, box in found]


def line_with(found: list[Line], word: str) -> Line:
    for line in found:
        if line.has(word):
            return line
    raise AssertionError(f"no line with {word!r}: {[ln.words for ln in found]}")


@pytest.mark.parametrize(
    "language,pieces",
    [
        (
            "ur",
            [
                "افغان پناہ گزینوں کی ملک بدری روکیں",
                "جنابِ عالی!",
                "میں پاکستان میں مقیم افغان پناہ گزینوں",
                "UNHCR کے مطابق",
                "آپ کی توجہ کا شکریہ۔",
                "آپ کی مخلص،",
                "آمنہ رحیمی",
            ],
        ),
        (
            "fa_AF",
            [
                "اخراج پناهجویان افغان را متوقف کنید",
                "جلالتمآب، با سلام و احترام",
                "من در بارهٔ پناهجویان افغان",
                "بیش از ۳٫۷ میلیون نفر (از جمله زنان)",
                "اخراج‌ها را متوقف کنید.",
                "با احترام،",
                "آمنه رحیمی",
            ],
        ),
    ],
)
def test_rtl_letter_text_reads_in_logical_order(make_letter, language, pieces, tmp_path):
    text = plain(extract(render_pdf(make_letter(language)), tmp_path))
    start = text.find(plain(pieces[0]))  # the subject: after the header blocks
    assert start >= 0
    for piece in pieces[1:]:  # each piece after the one before it
        found = text.find(plain(piece), start + 1)
        assert found > start, (piece, text)
        start = found


@pytest.mark.parametrize("language,salutation", [("ur", "عالی!"), ("fa_AF", "احترام")])
def test_rtl_salutation_and_body_stand_at_the_right_margin(
    make_letter, language, salutation, tmp_path
):
    found = lines(render_pdf(make_letter(language), PdfOptions(layout="din5008b")), tmp_path)
    greeting = line_with(found, salutation)
    assert abs(greeting.x1 - A4_RIGHT_MARGIN) < 2.0, greeting
    assert greeting.x0 > A4_LEFT_MARGIN + 50  # a short line: far from the left margin
    first_body = line_with(found, "UNHCR")
    assert abs(first_body.x1 - A4_RIGHT_MARGIN) < 2.0, first_body


def test_english_salutation_starts_at_the_left_margin(make_letter, tmp_path):
    found = lines(render_pdf(make_letter("en"), PdfOptions(layout="din5008b")), tmp_path)
    greeting = line_with(found, "Minister,")
    assert abs(greeting.x0 - A4_LEFT_MARGIN) < 2.0, greeting


def test_rtl_list_numbers_stand_on_the_right_in_the_letters_digits(make_letter, tmp_path):
    items = ListBlock(
        True,
        (
            (Span("اخراج‌ها را متوقف کنید."),),
            (Span("بازداشت‌شدگان را آزاد کنید."),),
            (Span("به پناهجویان فرصت درخواست پناهندگی بدهید."),),
        ),
        start=8,
    )
    letter = make_letter("fa_AF", body=(Paragraph((Span("سه درخواست دارم:"),)), items))
    data = render_pdf(letter, PdfOptions(layout="din5008b"))
    text = plain(extract(data, tmp_path))
    for number in ("۸", "۹", "۱۰"):  # poppler writes the number's dot on either side
        assert f"{number}." in text or f".{number}" in text
    assert not re.search("[0-9]", text.split("سه")[1].split("احترام")[0])  # no Latin digits
    found = lines(data, tmp_path)
    item = line_with(found, "بازداشت‌شدگان")
    number = line_with(found, "۹")
    assert abs(number.x1 - A4_RIGHT_MARGIN) < 2.0, number  # the number at the right margin
    assert item.x1 < number.x0  # the item's text to its left
    assert abs((item.y0 + item.y1) / 2 - (number.y0 + number.y1) / 2) < 3.0  # one line
    english = lines(render_pdf(make_letter("en")), tmp_path)
    first = line_with(english, "Halt")
    assert first.words[0] == "1." and abs(first.x0 - A4_LEFT_MARGIN) < 2.0


def test_rtl_sender_block_and_date_on_the_right(make_letter, tmp_path):
    for layout in ("din5008b", "uk"):
        found = lines(render_pdf(make_letter("ur"), PdfOptions(layout=layout)), tmp_path)
        for word in ("amina@example.org", "Berlin", "نومبر"):
            line = line_with(found, word)
            assert abs(line.x1 - A4_RIGHT_MARGIN) < 3.0, (layout, line)
        email = line_with(found, "amina@example.org")
        assert email.x0 > 105 * MM, (layout, email)  # on the right half of the page


def test_rtl_sender_block_stays_clear_of_a_right_hand_window(make_letter, tmp_path):
    # French and Swiss windows are on the right: the block stands left of the window (its lines
    # flush right in that column), never above it where the sheet's play shows it through
    for name in ("ch", "fr"):
        window = get_layout(name).address
        found = lines(render_pdf(make_letter("ur"), PdfOptions(layout=name)), tmp_path)
        for word in ("amina@example.org", "+49"):
            line = line_with(found, word)
            assert line.x1 < (window.x - 3) * MM, (name, line)
        date = line_with(found, "نومبر")
        assert abs(date.x1 - A4_RIGHT_MARGIN) < 3.0, (name, date)  # the date stays on the right


def test_a_persian_name_inside_an_english_letter_keeps_its_order(make_letter, tmp_path):
    letter = make_letter("en", signature=("آمنه رحیمی", "Amina Rahimi"))
    text = plain(extract(render_pdf(letter), tmp_path))
    assert plain("Yours sincerely, آمنه رحیمی Amina Rahimi") in text


def test_continuation_header_keeps_an_urdu_name_and_an_english_date_in_order(make_letter, tmp_path):
    from letterkit.model import Party

    name = "عزت مآب انوار الحق کاکڑ"
    body = tuple(
        Paragraph(
            (
                Span(
                    f"Paragraph {n} of a long letter, long enough to need a "
                    "second page when it is repeated often enough here."
                ),
            )
        )
        for n in range(30)
    )
    letter = make_letter("en", body=body, recipient=Party(name=name, lines=(name, "Islamabad")))
    data = render_pdf(letter)
    page2 = extract(data, tmp_path, "-f", "2", "-l", "2")
    assert plain(f"{name} · 24 November 2026") in plain(page2)
