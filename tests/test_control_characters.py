"""No control or bidi formatting character from a supporter's data reaches any output (issue 11).

A name holding NUL, a right-to-left override (which turns "gpj.exe" into "exe.jpg" on screen),
embeddings, isolates or LRM/RLM is written as a profile and as a spreadsheet row; every output is
read back as its reader would: the text file, the DOCX's XML, the email parsed by the standard
library, the PDF's text (poppler) and metadata (pypdf), file names and the batch report.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from pdfread import pdf_text

runner = CliRunner()
HOSTILE = "Amina\u202e gpj.exe\x00 Ra\u2066hi\u2069mi\u200f\x07\x85\u202a"
FORBIDDEN = set(
    "\x00\x07\x85\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff"
)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def _assert_clean(text: str, where: str) -> None:
    found = {f"U+{ord(c):04X}" for c in text if c in FORBIDDEN}
    assert not found, (where, found)


@needs_poppler
def test_a_hostile_profile_name_reaches_no_output(tmp_path: Path) -> None:
    done = runner.invoke(
        app,
        [
            "init",
            "--name",
            HOSTILE,
            "--city",
            "Leeds\u202e",
            "--country",
            "GB",
            "--email",
            "amina@example.org",
        ],
    )
    assert done.exit_code == 0, done.output
    out = tmp_path / "out"
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "ambassador-us",
            "--lang",
            "en",
            "--format",
            "txt,docx,pdf,eml",
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    _assert_clean(done.output, "write's messages")
    for path in out.iterdir():
        _assert_clean(path.name, "file name")
    txt = next(out.glob("*.txt")).read_text("utf-8")
    _assert_clean(txt, "txt")
    assert "Amina gpj.exe Rahimi" in txt
    with zipfile.ZipFile(next(out.glob("*.docx"))) as docx:
        for name in docx.namelist():
            if name.endswith(".xml"):
                _assert_clean(docx.read(name).decode("utf-8"), f"docx {name}")
    message = BytesParser(policy=policy.default).parsebytes(next(out.glob("*.eml")).read_bytes())
    for header, value in message.items():
        _assert_clean(str(value), f"eml header {header}")
    body = message.get_body(("plain",))
    assert body is not None
    _assert_clean(body.get_content(), "eml body")
    pdf = next(out.glob("*.pdf"))
    _assert_clean(pdf_text(pdf), "pdf text")
    from pypdf import PdfReader

    metadata = PdfReader(pdf).metadata or {}
    for key, value in metadata.items():
        _assert_clean(str(value), f"pdf metadata {key}")
    assert "Amina gpj.exe Rahimi" in str(metadata.get("/Author", ""))


def test_a_hostile_spreadsheet_row_reaches_no_output(tmp_path: Path) -> None:
    data = tmp_path / "supporters.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "city", "country", "email"])
        writer.writerow([HOSTILE, "Leeds", "GB", "amina@example.org"])
        writer.writerow(["Sam\x00 Example\u202d", "Leeds", "GB", "sam@example.org"])
    out = tmp_path / "letters"
    done = runner.invoke(
        app,
        [
            "merge",
            "pakistan-deportations",
            str(data),
            "--to",
            "pm",
            "--lang",
            "en",
            "--format",
            "txt,docx",
            "--out",
            str(out),
            "--jobs",
            "1",
            "--quiet",
        ],
    )
    assert done.exit_code == 0, done.output
    for path in out.iterdir():
        _assert_clean(path.name, "file name")
        if path.suffix in (".txt", ".csv", ".json"):
            _assert_clean(path.read_text("utf-8-sig"), path.name)
        if path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as docx:
                _assert_clean(docx.read("word/document.xml").decode("utf-8"), path.name)
