"""Pages 2+ of a DOCX letter as LibreOffice lays them out, against the PDF (issue 10's last gaps).

* The text of pages 2+ starts where the PDF's does (27 mm from the top, under the continuation
  header), while page 1 keeps its own geometry: the first body line of page 2 lies on the
  PDF's baseline (within 2 mm) in English, Urdu and Dari letters of 2 and 3 pages, A4 and US
  Letter.
* A letter of 3 or more pages in Persian digits numbers its pages 2+ in those digits ("صفحه ۳
  از ۳"), as the PDF does, where LibreOffice's page fields would write 3 and 3; a letter in
  European digits keeps the live fields.

Baselines are read from the characters' origins (:func:`pdfread.baselines_mm`), not from their
boxes, which depend on the ascent each PDF producer writes for a font.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from letterkit.layouts import PAPER_SIZES
from letterkit.locales import localize_digits
from letterkit.model import Letter, Paragraph, Span, labels_for
from letterkit.pdf.letter import PdfOptions, page_count, render_pdf
from letterkit.writers.docx import DocxOptions, render_docx
from pdfread import PT_PER_MM, baselines_mm, bbox_lines

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_tools = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler",
)

SENTENCES = {
    "en": "Afghan refugees in Pakistan face arrest and deportation and ask for your help now. ",
    "ur": "پاکستان میں افغان پناہ گزینوں کو گرفتاری اور ملک بدری کا سامنا ہے اور وہ مدد مانگتے ہیں۔ ",
    "fa_AF": "پناهجویان افغان در پاکستان با خطر اخراج روبرو هستند و از شما کمک می‌خواهند. ",
}
LAYOUTS = {"a4": "din5008b", "letter": "us10"}
HEADER_MM = 22.0  # the continuation header's baseline lies above, the text's below
FOOTER_MM = 20.0  # the page number's baseline lies within this of the paper's foot


def long_letter(
    make_letter: Callable[..., Letter], language: str, pages: int, paper: str, digits: str = ""
) -> Letter:
    """The shortest letter of ``pages`` pages (as the PDF sets it) made of plain paragraphs."""
    extra = {"digits": digits} if digits else {}
    options = PdfOptions(paper=paper, layout=LAYOUTS[paper])
    for count in range(2, 80):
        body = tuple(Paragraph((Span(SENTENCES[language] * 5),)) for _ in range(count))
        letter = make_letter(language, body=body, labels=labels_for(language), **extra)
        found = page_count(letter, options)
        if found == pages:
            return letter
        assert found < pages, (language, pages, paper, count, found)
    raise AssertionError(f"no {pages}-page {language} letter")


Case = tuple[str, int, str, str]  # language, pages, paper, digits ("": the locale's)


_RENDERED: dict[tuple[Case, ...], dict[Case, tuple[Path, Path]]] = {}


def rendered(
    tmp_path_factory: pytest.TempPathFactory,
    make_letter: Callable[..., Letter],
    cases: tuple[Case, ...],
) -> dict[Case, tuple[Path, Path]]:
    """Each case as the PDF and as LibreOffice's PDF of the DOCX (one soffice call for all,
    once per session)."""
    if cases in _RENDERED:
        return _RENDERED[cases]
    folder = tmp_path_factory.mktemp("follow")
    out: dict[Case, tuple[Path, Path]] = {}
    for case in cases:
        language, pages, paper, digits = case
        letter = long_letter(make_letter, language, pages, paper, digits)
        name = f"{language}-{pages}-{paper}-{digits or 'own'}"
        layout = LAYOUTS[paper]
        (folder / f"{name}.pdf").write_bytes(
            render_pdf(letter, PdfOptions(paper=paper, layout=layout))
        )
        (folder / f"{name}.docx").write_bytes(
            render_docx(letter, DocxOptions(paper=paper, layout=layout))
        )
        out[case] = (folder / f"{name}.pdf", folder / "lo" / f"{name}.pdf")
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(folder / f'profile-{uuid.uuid4().hex}').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "lo"),
            *(str(path.with_suffix(".docx")) for path, _ in out.values()),
        ],
        capture_output=True,
        timeout=600,
        check=True,
    )
    _RENDERED[cases] = out
    return out


def body_baselines(pdf: Path, page: int, paper: str) -> list[float]:
    height = PAPER_SIZES[paper][1]
    lines = baselines_mm(pdf)[page - 1]
    return [b for b, _ in lines if HEADER_MM < b < height - FOOTER_MM]


def footer_centre(pdf: Path, page: int, paper: str) -> float:
    """The middle (mm from the left) of what stands at the foot of the page."""
    height = PAPER_SIZES[paper][1] * PT_PER_MM
    boxes = [box for _, box in bbox_lines(pdf, page)[0] if box[1] > height - FOOTER_MM * PT_PER_MM]
    assert boxes, (pdf, page)
    return (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2 / PT_PER_MM


def footer_text(pdf: Path, page: int, paper: str) -> str:
    height = PAPER_SIZES[paper][1]
    return "".join(t for b, t in baselines_mm(pdf)[page - 1] if b > height - FOOTER_MM)


GEOMETRY: tuple[Case, ...] = tuple(
    (language, pages, paper, "")
    for language in ("en", "ur", "fa_AF")
    for pages in (2, 3)
    for paper in ("a4", "letter")
)
QUICK = (("en", 3, "letter", ""), ("ur", 2, "a4", ""), ("fa_AF", 3, "a4", ""))


def _check_geometry(files: dict[Case, tuple[Path, Path]], case: Case) -> None:
    ours, theirs = files[case]
    paper = case[2]
    assert len(baselines_mm(theirs)) == len(baselines_mm(ours)) == case[1], case
    for page in range(2, case[1] + 1):
        pdf, docx = body_baselines(ours, page, paper), body_baselines(theirs, page, paper)
        assert pdf and docx, (case, page)
        assert abs(pdf[0] - docx[0]) <= 2.0, (case, page, pdf[0], docx[0])
        # and the text above it is the header alone, as in the PDF
        assert 24.0 < docx[0] < 36.0, (case, page, docx[0])


@needs_tools
@pytest.mark.parametrize("case", QUICK, ids=lambda c: "-".join(map(str, c[:3])))
def test_page_two_starts_where_the_pdfs_does(
    tmp_path_factory: pytest.TempPathFactory, make_letter: Callable[..., Letter], case: Case
) -> None:
    _check_geometry(rendered(tmp_path_factory, make_letter, QUICK), case)


@needs_tools
@pytest.mark.slow
@pytest.mark.parametrize("case", GEOMETRY, ids=lambda c: "-".join(map(str, c[:3])))
def test_page_two_starts_where_the_pdfs_does_everywhere(
    tmp_path_factory: pytest.TempPathFactory, make_letter: Callable[..., Letter], case: Case
) -> None:
    _check_geometry(rendered(tmp_path_factory, make_letter, GEOMETRY), case)


DIGITS: tuple[Case, ...] = (
    ("fa_AF", 3, "a4", ""),
    ("fa_AF", 4, "letter", ""),
    ("ur", 3, "letter", "arabext"),
    ("ur", 3, "a4", ""),  # Urdu's own digits are European: live fields, as the PDF's digits
)


@needs_tools
@pytest.mark.parametrize("case", DIGITS, ids=lambda c: "-".join(map(str, c)))
def test_page_numbers_are_in_the_letters_digits(
    tmp_path_factory: pytest.TempPathFactory, make_letter: Callable[..., Letter], case: Case
) -> None:
    """Each page from 2 on says "page n of m" in the PDF's digits, nothing else at its foot
    (page 1 has no number in the DOCX, as before)."""
    ours, theirs = rendered(tmp_path_factory, make_letter, DIGITS)[case]
    language, pages, paper, digits = case
    letter_digits = digits or make_letter(language).digits
    assert footer_text(theirs, 1, paper) == ""
    for page in range(2, pages + 1):
        expected = sorted(localize_digits(f"{page}{pages}", letter_digits))
        pdf, docx = footer_text(ours, page, paper), footer_text(theirs, page, paper)
        assert sorted(c for c in pdf if c.isdigit()) == expected, (case, page, pdf)
        assert sorted(c for c in docx if c.isdigit()) == expected, (case, page, docx)
        # the label's words too (its letters, as the PDF sets them)
        assert {c for c in docx if c.isalpha()} == {c for c in pdf if c.isalpha()}, (pdf, docx)
        # centred under the text as in the PDF (in a right-to-left letter too, whose margins
        # differ: LibreOffice measures a frame's offset from the right there)
        assert abs(footer_centre(ours, page, paper) - footer_centre(theirs, page, paper)) < 1.5


def _parts(docx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}


NUMBER_STYLE = '<w:pStyle w:val="LetterPageNumber"/>'


def test_persian_numbers_are_text_and_the_footer_holds_no_field(
    make_letter: Callable[..., Letter],
) -> None:
    letter = long_letter(make_letter, "fa_AF", 3, "a4")
    parts = _parts(render_docx(letter, DocxOptions(paper="a4", layout="din5008b")))
    document = parts["word/document.xml"]
    label = labels_for("fa_AF").page
    for page in (2, 3):
        text = localize_digits(label.format(page=page, pages=3), "arabext")
        assert text.split()[-1] == "۳" and text in document, text
    # one framed number each for pages 2 and 3, none for page 1; no page field anywhere
    assert document.count(NUMBER_STYLE) == 2
    assert localize_digits(label.format(page=1, pages=3), "arabext") not in document
    assert not any("PAGE" in xml for name, xml in parts.items() if "footer" in name)


def test_a_page_without_an_item_of_its_own_keeps_the_live_fields(
    make_letter: Callable[..., Letter],
) -> None:
    """A page in the middle of one long paragraph has no paragraph to carry its number: the
    letter keeps the page fields rather than number a page twice or not at all."""
    body = (Paragraph((Span(SENTENCES["fa_AF"] * 160),)),)
    letter = make_letter("fa_AF", body=body, labels=labels_for("fa_AF"))
    assert page_count(letter, PdfOptions(paper="a4", layout="din5008b")) >= 3
    parts = _parts(render_docx(letter, DocxOptions(paper="a4", layout="din5008b")))
    assert NUMBER_STYLE not in parts["word/document.xml"]
    assert any("PAGE" in xml for name, xml in parts.items() if "footer" in name)


@needs_tools
def test_an_open_letters_list_pages_are_numbered_in_persian_digits(tmp_path: Path) -> None:
    """The seed-004 open letter in Dari with its list in one column: three pages, the list's
    pages numbered by frames anchored to its entries."""
    from letterkit.openletter.letter import ListOptions
    from test_openletter_docx import letter_for

    letter = letter_for("fa_AF", ListOptions(sort="given", columns=1))
    assert page_count(letter) == 3
    (tmp_path / "open.pdf").write_bytes(render_pdf(letter))
    (tmp_path / "open.docx").write_bytes(render_docx(letter))
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(tmp_path / "open.docx"),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    ours, theirs = tmp_path / "open.pdf", tmp_path / "lo" / "open.pdf"
    assert len(baselines_mm(theirs)) == 3
    assert footer_text(theirs, 1, "a4") == ""
    for page in (2, 3):
        expected = sorted(localize_digits(f"{page}3", "arabext"))
        assert sorted(c for c in footer_text(ours, page, "a4") if c.isdigit()) == expected
        assert sorted(c for c in footer_text(theirs, page, "a4") if c.isdigit()) == expected
