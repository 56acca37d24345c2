"""The page matrix (issue 10): every sender country × target × language × layout, as pages.

For each case the letter is written as PDF and as DOCX; all the DOCX of a run are converted by
LibreOffice in one call. What a reader checks: the DOCX opens to as many pages as the PDF has;
the closing (and the signature under it) never stands alone on a page, in either PDF; each
block of the PDF's first page (return line, recipient, sender) is set in one family per script.
``sample_cases()`` run by default; the whole matrix under ``slow``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import uuid
from functools import cache
from pathlib import Path

import pytest

from letterkit import compose_letter, load_campaign, make_sender, render
from letterkit.layouts import get_layout
from letterkit.model import Letter
from letterkit.output import RenderOptions
from letterkit.pages.blocks import Placed
from letterkit.pages.composer import Composer
from matrix_cases import CAMPAIGN, Case, full_cases, sample_cases
from pdfread import PT_PER_MM, bbox_lines, visual_word

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or SOFFICE is None,
    reason="needs poppler and LibreOffice (soffice)",
)

HEADER_ZONE_MM = 18.0  # a continuation header stands above this line on pages 2+


@cache
def _campaign():  # type: ignore[no-untyped-def]
    return load_campaign(CAMPAIGN)


def letter_for(case: Case) -> Letter:
    sender = make_sender(**case.sender)
    return compose_letter(_campaign(), case.target, sender, language=case.language)


def words_of(text: str) -> list[str]:
    """Words as a reader compares them: presentation forms folded, marks and punctuation gone."""
    text = unicodedata.normalize("NFKD", text)  # presentation forms folded, marks split off
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.translate(str.maketrans("يكىۍې", "یکییی"))
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    text = re.sub(r"[,،.۔:;!?\"'“”()]", " ", text)
    return text.split()


def page_lines(pdf: Path) -> list[list[tuple[list[str], float, float]]]:
    """Per page: each line's words (logical order per word) with its top and bottom in mm."""
    return [
        [
            (
                [w for w in (visual_word(x) for x in ws) for w in words_of(w)],
                top / PT_PER_MM,
                bottom / PT_PER_MM,
            )
            for ws, (_, top, _, bottom) in page
        ]
        for page in bbox_lines(pdf)
    ]


def closing_page_problems(pdf: Path, letter: Letter) -> list[str]:
    """What is wrong about where the closing stands: not found, or alone on its page (fewer than
    two lines of the letter above it on that page)."""
    # LibreOffice's Nastaliq text comes with spaces inside words, poppler gives right-to-left
    # words in visual order: compare the letters of a line, not its words
    closing = sorted("".join(words_of(letter.closing)))
    if not closing:
        return []
    pages = page_lines(pdf)
    for number, lines in enumerate(pages, start=1):
        for index, (words, top, _) in enumerate(lines):
            if not words or sorted("".join(words)) != closing:
                continue
            if number == 1:
                return []
            above = [ln for ln in lines[:index] if ln[0] and ln[2] > HEADER_ZONE_MM and ln[1] < top]
            if len(above) < 2:
                return [f"closing alone at the top of page {number} of {len(pages)}"]
            return []
    return [f"closing {letter.closing!r} not found"]


def pdf_pages(pdf: Path) -> int:
    return len(bbox_lines(pdf))


def _arabic_letters(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" and unicodedata.category(c)[0] == "L" for c in text)


def block_families(placed: list[Placed]) -> tuple[set[str], set[str]]:
    """The families a block sets: for its Arabic-script text, and for everything else. Digits
    and signs beside letters follow the letters' script (the engine's rule); a line of only
    digits and signs (a phone number) counts with the Latin."""
    arabic: set[str] = set()
    other: set[str] = set()
    for item in placed:
        for line in item.block.lines:
            line_arabic = _arabic_letters(line.text)
            for piece in line.pieces:
                text = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", piece.text)
                if not text:
                    continue
                latin = any(unicodedata.category(c)[0] == "L" and c < "\u0250" for c in text)
                if _arabic_letters(text):
                    arabic.add(piece.face.family.name)
                elif line_arabic and not latin:
                    continue
                else:
                    other.add(piece.face.family.name)
    return arabic, other


def family_problems(letter: Letter, case: Case) -> list[str]:
    layout = get_layout(case.layout)
    composer = Composer(letter, layout, layout.paper, fax=False)
    problems = []
    ret = composer.return_line()
    blocks = {
        "return line": [ret] if ret else [],
        "recipient": composer.recipient_block(),
        "sender": composer.sender_block(),
    }
    for name, placed in blocks.items():
        arabic, other = block_families(placed)
        if len(arabic) > 1 or len(other) > 1:
            problems.append(f"{name}: {sorted(arabic)} {sorted(other)}")
    return problems


_RUNS: dict[tuple[Case, ...], dict[Case, tuple[Path, Path]]] = {}


def written(cases: tuple[Case, ...], folder: Path) -> dict[Case, tuple[Path, Path]]:
    """Each case's PDF and (LibreOffice's) PDF of its DOCX, all converted in one soffice call."""
    if cases in _RUNS:
        return _RUNS[cases]
    docs = []
    out: dict[Case, tuple[Path, Path]] = {}
    folder = folder / f"run-{len(_RUNS)}"  # the sample and the full matrix in one session
    lo = folder / "lo"
    lo.mkdir(parents=True)
    for case in cases:
        letter = letter_for(case)
        options = RenderOptions(layout=case.layout)
        pdf = folder / f"{case.id}.pdf"
        pdf.write_bytes(render(letter, "pdf", options))
        docx = folder / f"{case.id}.docx"
        docx.write_bytes(render(letter, "docx", options))
        docs.append(docx)
        out[case] = (pdf, lo / f"{case.id}.pdf")
    _convert(docs, lo)
    missing = [p.name for _, p in out.values() if not p.exists()]
    if missing:  # LibreOffice sometimes stops partway through a long run: once more for those
        _convert([d for d in docs if not (lo / f"{d.stem}.pdf").exists()], lo)
    missing = [p.name for _, p in out.values() if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    _RUNS[cases] = out
    return out


def _convert(docs: list[Path], outdir: Path) -> None:
    """One soffice call for all of ``docs`` (a private profile: parallel runs cannot clash)."""
    profile = Path(f"/tmp/lk-pages-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docs),
            ],
            capture_output=True,
            text=True,
            timeout=60 + 10 * len(docs),
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def check_case(case: Case, pdf: Path, lo_pdf: Path) -> None:
    letter = letter_for(case)
    problems = family_problems(letter, case)
    pages, lo_pages = pdf_pages(pdf), pdf_pages(lo_pdf)
    if pages != lo_pages:
        problems.append(f"PDF has {pages} pages, the DOCX in LibreOffice {lo_pages}")
    problems += [f"PDF: {p}" for p in closing_page_problems(pdf, letter)]
    problems += [f"DOCX: {p}" for p in closing_page_problems(lo_pdf, letter)]
    assert not problems, (case.id, problems)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages")


SAMPLE = tuple(sample_cases())


@needs_tools
@pytest.mark.parametrize("case", SAMPLE, ids=lambda c: c.id)
def test_pages_match(case: Case, folder: Path) -> None:
    pdf, lo_pdf = written(SAMPLE, folder)[case]
    check_case(case, pdf, lo_pdf)


FULL = tuple(full_cases())


@needs_tools
@pytest.mark.slow
@pytest.mark.parametrize("case", FULL, ids=lambda c: c.id)
def test_pages_match_full_matrix(case: Case, folder: Path) -> None:
    pdf, lo_pdf = written(FULL, folder)[case]
    check_case(case, pdf, lo_pdf)


def test_closing_alone_is_seen(tmp_path: Path, make_letter) -> None:  # type: ignore[no-untyped-def]
    """The check finds a closing pushed alone to page 2 (not a check that cannot fail)."""
    from reportlab.pdfgen.canvas import Canvas

    letter = make_letter("en")
    pdf = tmp_path / "alone.pdf"
    canvas = Canvas(str(pdf))
    canvas.drawString(72, 700, "Body text on page one")
    canvas.showPage()
    canvas.drawString(72, 800, "Header")
    canvas.drawString(72, 700, letter.closing)
    canvas.showPage()
    canvas.save()
    assert closing_page_problems(pdf, letter)
