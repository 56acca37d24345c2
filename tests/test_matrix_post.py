"""The matrix a post office checks (issue 10): every sender country × target × language × layout.

For each case the letter is written as PDF, envelope and labels, and read back as the post reads
it: what shows through the window (poppler's words and boxes on page 1), the country line, the
size of the window's type. ``sample_cases()`` run by default; the whole matrix under ``slow``.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from letterkit import compose_letter, load_campaign, make_sender, render
from letterkit.layouts import WINDOW_MIN_SIZE_PT, get_layout
from letterkit.output import RenderOptions
from letterkit.pages.composer import Composer
from matrix_cases import CAMPAIGN, Case, full_cases, sample_cases
from pdfread import PT_PER_MM, bbox_lines, pdf_text, visual_word

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")

# The destination country as the post of the country where the letter is posted reads it
# (shared/reference/l10n-layout.md §2.2). ``None``: domestic mail has no country line.
COUNTRY_LINE: dict[tuple[str, str], str | None] = {
    ("US", "PK"): "PAKISTAN",
    ("US", "US"): None,
    ("CA", "PK"): "PAKISTAN",
    ("CA", "US"): "UNITED STATES",
    ("GB", "PK"): "PAKISTAN",
    ("GB", "US"): "UNITED STATES",
    ("DE", "PK"): "PAKISTAN",
    ("DE", "US"): "VEREINIGTE STAATEN",
    ("FR", "PK"): "PAKISTAN",
    ("FR", "US"): "ÉTATS-UNIS",
    ("CH", "PK"): "PAKISTAN",
    ("CH", "US"): "VEREINIGTE STAATEN",
    ("PK", "PK"): None,
    ("PK", "US"): "UNITED STATES",
    ("AF", "PK"): "پاکستان / PAKISTAN",
    ("AF", "US"): "ایالات متحده / UNITED STATES",
    ("IR", "PK"): "پاکستان / PAKISTAN",
    ("IR", "US"): "ایالات متحده / UNITED STATES",
    ("AU", "PK"): "PAKISTAN",
    ("AU", "US"): "UNITED STATES",
}
DESTINATION = {"pm": "PK", "ambassador-us": "US"}
CLEARANCE_MM = 3.0  # 1/8 in, USPS Publication 25


@cache
def _campaign():  # type: ignore[no-untyped-def]
    return load_campaign(CAMPAIGN)


def _letter(case: Case):  # type: ignore[no-untyped-def]
    sender = make_sender(**case.sender)
    return compose_letter(_campaign(), case.target, sender, language=case.language)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u200f", "").replace("\u200e", "").split())


def _words(text: str) -> set[str]:
    return {w for w in _norm(text).replace("،", " ").replace(",", " ").split() if w != "/"}


def check_case(case: Case, tmp_path: Path) -> None:
    letter = _letter(case)
    options = RenderOptions(layout=case.layout)
    layout = get_layout(case.layout)

    # the window's decision, as the PDF writer makes it
    composer = Composer(letter, layout, layout.paper, fax=False)
    placed = composer.recipient_block()
    sizes = {p.block.style.size for p in placed}
    families = {p.block.style.family for p in placed}
    assert min(sizes) >= WINDOW_MIN_SIZE_PT, (case.id, sizes)
    assert len(families) == 1, (case.id, families)  # one family for the whole address

    pdf = tmp_path / f"{case.id}.pdf"
    pdf.write_bytes(render(letter, "pdf", options))

    # What shows through the window: the field, and around it the play of the sheet in the
    # envelope (USPS asks for 1/8 in clear on every side): nothing but the return line and the
    # recipient may come that close. Lines inside the field proper are the recipient's.
    box = layout.address
    x0, y0 = box.x * PT_PER_MM, box.y * PT_PER_MM
    x1, y1 = (box.x + box.width) * PT_PER_MM, (box.y + box.height) * PT_PER_MM
    clear = CLEARANCE_MM * PT_PER_MM
    page = bbox_lines(pdf, 1)[0]
    near = [
        (" ".join(visual_word(w) for w in words), (a, b, c, d))
        for words, (a, b, c, d) in page
        if c > x0 - clear and a < x1 + clear and d > y0 - clear and b < y1 + clear
    ]
    ret_bottom = y0 + layout.return_height * PT_PER_MM + 1
    return_zone = [
        line
        for line, (a, b, c, d) in near
        if layout.return_height > 0 and b >= y0 - 1 and d <= ret_bottom
    ]
    inside = [line for line, (a, b, c, d) in near if line not in return_zone]
    recipient_words = _words(" ".join(letter.recipient.lines))
    for line in inside:
        stray = _words(line) - recipient_words
        assert not stray, (case.id, "in or at the window but not the recipient's:", stray, inside)

    # the country line: the last line in the window, as the sending post reads it
    expected = COUNTRY_LINE[(case.country, DESTINATION[case.target])]
    body_lines = inside
    if expected is None:
        assert not any(n in " ".join(body_lines) for n in ("PAKISTAN", "UNITED STATES")), (
            case.id,
            body_lines,
        )
    else:
        assert _words(expected) <= _words(body_lines[-1]), (case.id, expected, body_lines)
        assert letter.recipient.lines[-1] == expected

    # envelope and labels: the same postal form, the same country line
    envelope = tmp_path / f"{case.id}-envelope.pdf"
    envelope.write_bytes(render(letter, "envelope", options))
    text = _norm(pdf_text(envelope))
    for line in letter.recipient.lines[-2:]:
        assert _words(line) <= _words(text), (case.id, "envelope lacks", line)


@needs_poppler
@pytest.mark.parametrize("case", sample_cases(), ids=lambda c: c.id)
def test_post_office_reads_the_window(case: Case, tmp_path: Path) -> None:
    check_case(case, tmp_path)


@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("case", full_cases(), ids=lambda c: c.id)
def test_post_office_reads_the_window_full_matrix(case: Case, tmp_path: Path) -> None:
    check_case(case, tmp_path)
