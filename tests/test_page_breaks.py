"""Page breaks a typesetter would accept (issue 10), read back from the pages.

Letters whose body grows across the page-break point (paragraph counts and lengths swept), in
English and Urdu: each body paragraph repeats one word of its own, so every line on a page says
which paragraph it belongs to. On the PDF (and, for a few lengths, the DOCX through LibreOffice):
a paragraph split over two pages leaves at least two lines on each (no widow, no orphan), and
the closing stands on the same page as the last body line, with at least two lines of text.
Also: the page-2 header (same text and separator in PDF and DOCX), the return line's order.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest

from letterkit.model import Paragraph, Span, labels_for
from letterkit.pdf.letter import PdfOptions, write_pdf
from letterkit.writers.docx import DocxOptions, write_docx
from pdfread import bbox_lines, pdf_text, visual_word
from test_matrix_pages import closing_page_problems, pdf_pages, words_of

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice")

WORDS = {
    "en": [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
        "mike",
        "november",
    ],
    "ur": [
        "پاکستان",
        "وطن",
        "حکومت",
        "انصاف",
        "امید",
        "حقوق",
        "قانون",
        "خاندان",
        "تعلیم",
        "آزادی",
        "سلامتی",
        "مدد",
        "شہری",
        "عدالت",
    ],
}


def body(language: str, count: int, length: int) -> tuple[Paragraph, ...]:
    """``count`` paragraphs; paragraph i is its own word repeated (lengths vary a little)."""
    words = WORDS[language]
    return tuple(
        Paragraph((Span(" ".join([words[i]] * (length + 7 * (i % 3)))),)) for i in range(count)
    )


def paragraph_lines(pdf: Path, language: str) -> list[Counter[int]]:
    """Per page, how many lines of each body paragraph it holds."""
    index = {w: i for i, w in enumerate(WORDS[language])}
    out = []
    for page in bbox_lines(pdf):
        counts: Counter[int] = Counter()
        for words, _ in page:
            found = {index.get(w) for x in words for w in words_of(visual_word(x))}
            found.discard(None)
            if len(found) == 1:
                counts[found.pop()] += 1  # type: ignore[index]
        out.append(counts)
    return out


def break_problems(pdf: Path, language: str, count: int) -> list[str]:
    problems = []
    pages = paragraph_lines(pdf, language)
    for number in range(len(pages) - 1):
        this, following = pages[number], pages[number + 1]
        for para in set(this) & set(following):
            if this[para] < 2:
                problems.append(f"orphan: paragraph {para} leaves 1 line on page {number + 1}")
            if following[para] < 2:
                problems.append(f"widow: paragraph {para} has 1 line on page {number + 2}")
    last = count - 1
    holding = [n for n, counts in enumerate(pages, start=1) if last in counts]
    closing_page = next(
        (n for n, page in enumerate(pages, start=1) if page and n == len(pages)), len(pages)
    )
    if holding and holding[-1] != closing_page:
        problems.append(f"last paragraph ends on page {holding[-1]}, closing on {closing_page}")
    return problems


SWEEP = [
    (lang, count, length)
    for lang in ("en", "ur")
    for count, length in [(c, 32) for c in range(4, 12)] + [(c, 47) for c in range(3, 9)]
]


@needs_poppler
@pytest.mark.parametrize(("language", "count", "length"), SWEEP)
def test_pdf_breaks_pages_like_a_typesetter(
    make_letter, tmp_path: Path, language: str, count: int, length: int
) -> None:
    letter = make_letter(language, body=body(language, count, length))
    pdf = write_pdf(letter, tmp_path / "letter.pdf", PdfOptions(layout="din5008b"))
    problems = break_problems(pdf, language, count)
    problems += closing_page_problems(pdf, letter)
    assert not problems, (language, count, length, pdf_pages(pdf), problems)


LO_SWEEP = [("en", 6, 47), ("en", 7, 47), ("en", 9, 32), ("en", 5, 32), ("ur", 4, 47)]


@needs_poppler
@needs_soffice
def test_docx_breaks_pages_like_the_pdf(make_letter, tmp_path: Path) -> None:
    """A few lengths through LibreOffice (one soffice call): the same page count as the PDF,
    no single line of a paragraph alone at a page's top or foot, the closing with the text."""
    docs, cases = [], []
    for language, count, length in LO_SWEEP:
        letter = make_letter(language, body=body(language, count, length))
        name = f"{language}-{count}-{length}"
        write_pdf(letter, tmp_path / f"{name}.pdf", PdfOptions(layout="din5008b"))
        docs.append(write_docx(letter, tmp_path / f"{name}.docx", DocxOptions(layout="din5008b")))
        cases.append((name, letter, language, count))
    lo = tmp_path / "lo"
    profile = Path(f"/tmp/lk-breaks-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(lo),
                *map(str, docs),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    problems = {}
    for name, letter, language, count in cases:
        converted = lo / f"{name}.pdf"
        found = break_problems(converted, language, count) if language == "en" else []
        found += closing_page_problems(converted, letter)
        if pdf_pages(converted) != pdf_pages(tmp_path / f"{name}.pdf"):
            found.append(
                f"{pdf_pages(converted)} pages in LibreOffice, "
                f"{pdf_pages(tmp_path / f'{name}.pdf')} in the PDF"
            )
        if found:
            problems[name] = found
    assert not problems, problems


def test_a_widow_is_seen(tmp_path: Path) -> None:
    """The check finds a paragraph's single line at the top of page 2."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "widow.pdf"
    canvas = Canvas(str(pdf))
    for i in range(3):
        canvas.drawString(72, 700 - 14 * i, " ".join(["alpha"] * 8))
    canvas.showPage()
    canvas.drawString(72, 700, " ".join(["alpha"] * 3))
    canvas.showPage()
    canvas.save()
    assert break_problems(pdf, "en", 1) == ["widow: paragraph 0 has 1 line on page 2"]


@needs_poppler
@needs_soffice
@pytest.mark.parametrize("language", ["fa_AF", "ur", "en"])
def test_page_two_header_in_pdf_and_docx(make_letter, tmp_path: Path, language: str) -> None:
    """Page 2 begins with the recipient and the date in both formats; in a right-to-left letter
    no "·" stands beside the date's digits (it reads as the Persian zero)."""
    letter = make_letter(language, body=body("en", 9, 47), labels=labels_for(language))
    pdf = write_pdf(letter, tmp_path / "letter.pdf", PdfOptions(layout="din5008b"))
    docx = write_docx(letter, tmp_path / "letter.docx", DocxOptions(layout="din5008b"))
    profile = Path(f"/tmp/lk-header-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "lo"),
                str(docx),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for path in (pdf, tmp_path / "lo" / "letter.pdf"):
        assert pdf_pages(path) >= 2
        first = next(ln for ln in pdf_text(path, 2).splitlines() if ln.strip())
        # letters, not words: LibreOffice's Nastaliq text comes with spaces inside words
        assert Counter("".join(words_of(letter.recipient.name))) <= Counter(
            "".join(words_of(first))
        ), (path, first)
        day = letter.date.split()[0]
        assert day in first, (path, first, day)
        if letter.is_rtl:
            assert "·" not in first, (path, first)


@needs_poppler
@needs_soffice
def test_rtl_return_line_keeps_latin_order(make_letter, tmp_path: Path) -> None:
    """An Urdu letter from Berlin: the return line reads name, street, city, as the DOCX has it."""
    letter = make_letter("ur")
    pdf = write_pdf(letter, tmp_path / "letter.pdf", PdfOptions(layout="din5008b"))
    docx = write_docx(letter, tmp_path / "letter.docx", DocxOptions(layout="din5008b"))
    profile = Path(f"/tmp/lk-return-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "lo"),
                str(docx),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    name, street = letter.sender.lines[0], letter.sender.lines[1]
    for path in (pdf, tmp_path / "lo" / "letter.pdf"):
        line = next(ln for ln in pdf_text(path, 1).splitlines() if name in ln and street in ln)
        assert line.index(name) < line.index(street), (path, line)
