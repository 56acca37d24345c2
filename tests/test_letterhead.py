"""A group's letterhead under every PDF letter (issue 14), read back as a reader sees it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.layouts import get_layout
from letterkit.pdf.letterhead import load_letterhead, window_warnings
from pdfread import bbox_lines, pdf_text

runner = CliRunner()
MM = 72 / 25.4


def make_letterhead(path: Path, *, in_window: bool = False, pages: int = 2) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    for page in range(pages):
        canvas.setFont("Helvetica-Bold", 14)
        name = "LEEDS REFUGEE SUPPORT GROUP" if page == 0 else "Leeds Refugee Support Group"
        canvas.drawString(25 * MM, height - 12 * MM, name)
        canvas.setFont("Helvetica", 7)
        canvas.drawString(25 * MM, 8 * MM, "Registered charity 123456 · www.example.org")
        if in_window:
            canvas.drawString(30 * MM, height - 70 * MM, "OUR LOGO IN THE WINDOW")
        canvas.showPage()
    canvas.save()
    return path


def _init() -> None:
    done = runner.invoke(
        app, ["init", "--name", "Sam Example", "--city", "Leeds", "--country", "GB"]
    )
    assert done.exit_code == 0, done.output


def test_the_letterhead_lies_under_every_page(tmp_path: Path) -> None:
    _init()
    head = make_letterhead(tmp_path / "head.pdf")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--lang",
            "en",
            "--format",
            "pdf",
            "--out",
            str(tmp_path),
            "--letterhead",
            str(head),
            "--no-reference-copy",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "envelope window" not in done.output  # no warning: nothing of it in the window
    pdf = tmp_path / "pakistan-deportations-pm-en.pdf"
    reader = PdfReader(pdf)
    first = " ".join(pdf_text(pdf, 1).split())
    assert "LEEDS REFUGEE SUPPORT GROUP" in first and "Registered charity" in first
    assert "Sam Example" in first and "Prime Minister" in first  # the letter on top, intact
    if len(reader.pages) > 1:
        assert "Leeds Refugee Support Group" in " ".join(pdf_text(pdf, 2).split())
    # the letterhead's name sits where it was drawn, the letter's lines where they were
    lines = [" ".join(words) for words, _box in bbox_lines(pdf, 1)[0]]
    assert any("LEEDS REFUGEE" in line for line in lines)


def test_a_letterhead_in_the_window_is_reported(tmp_path: Path) -> None:
    bad = load_letterhead(make_letterhead(tmp_path / "bad.pdf", in_window=True))
    good = load_letterhead(make_letterhead(tmp_path / "good.pdf"))
    layout = get_layout("din5008b")
    assert any(
        "inside the din5008b envelope window" in w for w in window_warnings(bad, layout, "a4")
    )
    assert window_warnings(good, layout, "a4") == []
    assert any(
        "the letterhead is a4, the letter letter" in w
        for w in window_warnings(good, get_layout("us10"), "letter")
    )


def test_merge_puts_the_letterhead_under_each_letter(tmp_path: Path) -> None:
    head = make_letterhead(tmp_path / "head.pdf", pages=1)
    data = tmp_path / "people.csv"
    data.write_text("name,city,country\nA One,Leeds,GB\nB Two,York,GB\n", encoding="utf-8")
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
            "pdf",
            "--out",
            str(tmp_path / "o"),
            "--jobs",
            "1",
            "--quiet",
            "--letterhead",
            str(head),
        ],
    )
    assert done.exit_code == 0, done.output
    letters = sorted((tmp_path / "o").glob("*.pdf"))
    assert len(letters) == 2
    for pdf in letters:
        assert "LEEDS REFUGEE SUPPORT GROUP" in pdf_text(pdf, 1)
