"""A Dari letter's DOCX numbers its second page in Persian digits, as the PDF does (issue 10)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from letterkit.model import Paragraph, Span
from letterkit.output import render
from letterkit.pdf.letter import page_count

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SENTENCE = "پناهجویان افغان در پاکستان با خطر اخراج روبرو هستند و از شما کمک می‌خواهند. "


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are needed to look at the DOCX",
)
def test_two_page_dari_letter_has_the_pdfs_page_digits(make_letter, tmp_path: Path) -> None:
    letter = None
    for count in range(4, 14):  # the shortest body that makes a two-page letter
        body = tuple(Paragraph((Span(SENTENCE * 6),)) for _ in range(count))
        letter = make_letter("fa_AF", body=body)
        if page_count(letter) == 2:
            break
    assert letter is not None and page_count(letter) == 2
    (tmp_path / "l.pdf").write_bytes(render(letter, "pdf"))
    (tmp_path / "l.docx").write_bytes(render(letter, "docx"))
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(tmp_path / "l.docx"),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )

    def last_page_digits(pdf: Path) -> str:
        text = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return "".join(c for c in text if c.isdigit())

    ours = last_page_digits(tmp_path / "l.pdf")
    theirs = last_page_digits(tmp_path / "lo" / "l.pdf")
    assert ours.endswith("۲۲") and theirs.endswith("۲۲"), (ours[-6:], theirs[-6:])
