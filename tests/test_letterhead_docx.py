"""A group's letterhead as a .docx (issue 14): its header and footer in every DOCX letter,
checked as LibreOffice lays the letter out; the window kept clear; bad files refused."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from docx_letterheads import (
    ADDRESS,
    FOLLOWING,
    GROUP,
    make_docx_letterhead,
    resave_with_libreoffice,
    to_pdf,
)
from letterkit.cli import app
from letterkit.errors import ChoiceError, DataError
from letterkit.layouts import get_layout
from letterkit.letterhead_choice import choose_letterheads
from letterkit.writers.docx_letterhead import load_docx_letterhead, window_warnings
from pdfread import bbox_lines, pdf_text

runner = CliRunner()
MM = 72 / 25.4
LIBREOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler are needed to lay the DOCX out",
)


def _init() -> None:
    done = runner.invoke(
        app, ["init", "--name", "Sam Example", "--city", "Leeds", "--country", "GB", "--force"]
    )
    assert done.exit_code == 0, done.output


def _write(out: Path, *extra: str, lang: str = "en", fmt: str = "docx") -> tuple[int, str]:
    _init()
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--lang",
            lang,
            "--format",
            fmt,
            "--out",
            str(out),
            "--date",
            "2026-12-04",
            "--no-reference-copy",
            *extra,
        ],
    )
    return done.exit_code, done.output


def drawn_images(pdf: Path) -> dict[int, int]:
    """How many images each page draws (``pdfimages -list`` follows the content streams)."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    pages: dict[int, int] = {}
    for line in listing:
        page = int(line.split()[0])
        pages[page] = pages.get(page, 0) + 1
    return pages


def _squeezed(text: str) -> str:
    return " ".join(text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "").split())


# -------------------------------------------------------------------------------------------
# as LibreOffice lays the letter out


@pytest.mark.slow
@LIBREOFFICE
def test_header_and_footer_on_page_one_and_two_as_libreoffice_lays_them_out(
    tmp_path: Path,
) -> None:
    """A two-page Urdu letter with a letterhead that has a distinct first page: page 1 shows
    the logo, the group's name and its address line; page 2 the letterhead's short line and
    the letter's own continuation line and page number; the recipient stays in the window."""
    head = make_docx_letterhead(tmp_path / "group.docx")
    code, output = _write(tmp_path, "--layout", "din5008b", "--letterhead", str(head), lang="ur")
    assert code == 0, output
    assert "envelope window" not in output
    pdf = to_pdf(tmp_path / "pakistan-deportations-pm-ur.docx", tmp_path / "lo")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    first, second = (_squeezed(pdf_text(pdf, n)) for n in (1, 2))
    assert GROUP in first and ADDRESS in first and FOLLOWING not in first
    assert FOLLOWING in second and ADDRESS in second and GROUP not in second
    assert "۲" in second or "2" in second  # the letter's page number is still there
    assert drawn_images(pdf) == {1: 1}  # the logo, on page 1 only
    # the group's name above the window, the recipient's lines inside it
    window = get_layout("din5008b").address
    lines = {" ".join(words): box for words, box in bbox_lines(pdf, 1)[0]}
    name_box = next(box for text, box in lines.items() if "REFUGEE" in text)
    assert name_box[3] / MM < window.y
    recipient = [box for text, box in lines.items() if "Constitution Avenue" in text]
    assert recipient, lines
    x0, y0, x1, y1 = recipient[0]
    assert window.x <= x0 / MM and x1 / MM <= window.right
    assert window.y <= y0 / MM and y1 / MM <= window.bottom
    footer = next(box for text, box in lines.items() if "Chapel Street" in text)
    assert footer[1] / MM > 270  # at the foot of the page


@pytest.mark.slow
@LIBREOFFICE
def test_a_letterhead_saved_by_libreoffice(tmp_path: Path) -> None:
    """A user's file comes from Word or LibreOffice: the python-docx letterhead opened and
    saved again by LibreOffice (via .odt) still gives the letter its header, logo and footer."""
    saved = resave_with_libreoffice(
        make_docx_letterhead(tmp_path / "group.docx", first_page=False), tmp_path / "saved"
    )
    assert saved.exists()
    code, output = _write(tmp_path / "out", "--letterhead", str(saved))
    assert code == 0, output
    pdf = to_pdf(tmp_path / "out" / "pakistan-deportations-pm-en.docx", tmp_path / "lo")
    first = _squeezed(pdf_text(pdf, 1))
    assert GROUP in first and ADDRESS in first
    assert "Prime Minister" in first and "Sam Example" in first  # the letter, intact
    assert drawn_images(pdf) == {1: 1}
    # the body starts where it does without a letterhead: the header does not push it down
    code, output = _write(tmp_path / "plain")
    assert code == 0, output
    plain = to_pdf(tmp_path / "plain" / "pakistan-deportations-pm-en.docx", tmp_path / "lo2")

    def subject_top(path: Path) -> float:
        return next(b[1] for w, b in bbox_lines(path, 1)[0] if w and w[0].startswith("Subject"))

    assert abs(subject_top(pdf) - subject_top(plain)) < 2


# -------------------------------------------------------------------------------------------
# the package: parts, relationships, section


def test_the_letter_package_takes_the_letterhead_parts(tmp_path: Path) -> None:
    head = make_docx_letterhead(tmp_path / "group.docx")
    code, output = _write(tmp_path, "--letterhead", str(head))
    assert code == 0, output
    with zipfile.ZipFile(tmp_path / "pakistan-deportations-pm-en.docx") as archive:
        names = archive.namelist()
        parts = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".xml")}
        rels = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".rels")}
        media = [n for n in names if n.startswith("word/media/")]
        assert archive.testzip() is None
    assert media == ["word/media/letterhead-1.png"]
    assert 'Extension="png"' in parts["[Content_Types].xml"]
    headers = {n: t for n, t in parts.items() if n.startswith("word/header")}
    footers = {n: t for n, t in parts.items() if n.startswith("word/footer")}
    assert sum(GROUP in t for t in headers.values()) == 1
    assert sum(FOLLOWING in t for t in headers.values()) == 1
    assert all(ADDRESS in t for t in footers.values())
    # the logo's relationship goes with its header
    logo_header = next(n for n, t in headers.items() if GROUP in t)
    logo_rels = rels["word/_rels/" + logo_header.split("/")[1] + ".rels"]
    assert 'Target="media/letterhead-1.png"' in logo_rels and "External" not in logo_rels
    # the letter's own page number stays on pages 2+, after the letterhead's footer line
    numbered = next(t for t in footers.values() if "PAGE" in t)
    assert numbered.index("Chapel Street") < numbered.index("PAGE")
    document = parts["word/document.xml"]
    assert "<w:titlePg/>" in document
    assert 'w:header="454"' in document  # the letterhead's header distance (8 mm)
    assert 'w:w="11906"' in document  # the letter's own A4 paper


def test_merge_and_sign_on_take_a_docx_letterhead(tmp_path: Path) -> None:
    head = make_docx_letterhead(tmp_path / "group.docx", first_page=False)
    data = tmp_path / "people.csv"
    data.write_text("name,city,country\nA One,Leeds,GB\nB Two,York,GB\n", encoding="utf-8")
    done_args = [
        "merge",
        "pakistan-deportations",
        str(data),
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "o"),
        "--jobs",
        "1",
        "--quiet",
        "--letterhead",
        str(head),
    ]
    done = runner.invoke(app, done_args)
    assert done.exit_code == 0, done.output
    letters = sorted((tmp_path / "o").glob("*.docx"))
    assert len(letters) == 2
    for letter in letters:
        with zipfile.ZipFile(letter) as archive:
            assert GROUP in archive.read("word/header1.xml").decode("utf-8")
    # a re-run with the same letterhead leaves the letters; another letterhead rewrites them
    before = {p: p.read_bytes() for p in letters}
    assert runner.invoke(app, done_args).exit_code == 0
    assert {p: p.read_bytes() for p in letters} == before
    make_docx_letterhead(head, first_page=False, logo_mm=20)
    assert runner.invoke(app, done_args).exit_code == 0
    assert all(p.read_bytes() != before[p] for p in letters)
    signatories = tmp_path / "signatories.csv"
    signatories.write_text("name,kind\nLeeds Refugee Support Group,organisation\n", "utf-8")
    done = runner.invoke(
        app,
        [
            "sign-on",
            "afghan-deportations-open-letter",
            str(signatories),
            "--format",
            "docx",
            "--out",
            str(tmp_path / "s"),
            "--letterhead",
            str(head),
        ],
    )
    assert done.exit_code == 0, done.output
    (letter,) = (tmp_path / "s").glob("*.docx")
    with zipfile.ZipFile(letter) as archive:
        headers = [n for n in archive.namelist() if n.startswith("word/header")]
        assert any(GROUP in archive.read(n).decode("utf-8") for n in headers)


def test_a_pdf_and_a_docx_letterhead_together(tmp_path: Path) -> None:
    from test_letterhead import make_letterhead

    pdf_head = make_letterhead(tmp_path / "group.pdf")
    docx_head = make_docx_letterhead(tmp_path / "group.docx")
    code, output = _write(
        tmp_path / "o",
        "--letterhead",
        str(pdf_head),
        "--letterhead",
        str(docx_head),
        fmt="pdf,docx",
    )
    assert code == 0, output
    pdf = tmp_path / "o" / "pakistan-deportations-pm-en.pdf"
    assert "LEEDS REFUGEE SUPPORT GROUP" in pdf_text(pdf, 1)
    with zipfile.ZipFile(tmp_path / "o" / "pakistan-deportations-pm-en.docx") as archive:
        assert "word/media/letterhead-1.png" in archive.namelist()


# -------------------------------------------------------------------------------------------
# the window and the choice of letterheads


def test_a_header_reaching_the_window_is_reported_in_the_pdf_warnings_words(
    tmp_path: Path,
) -> None:
    tall = make_docx_letterhead(tmp_path / "tall.docx", logo_mm=30, extra_lines=2)
    code, output = _write(tmp_path / "o", "--layout", "din5008b", "--letterhead", str(tall))
    assert code == 0, output
    expected = (
        f"{tall}: the letterhead prints inside the din5008b envelope window (20–105 mm from "
        "the left, 45–90 mm from the top): the post may read it; move it, or choose another "
        "--layout"
    )
    assert expected in " ".join(output.split())
    # a slim letterhead is clear of form B's window, not of form A's (27 mm from the top)
    slim = load_docx_letterhead(make_docx_letterhead(tmp_path / "slim.docx"))
    assert window_warnings(slim, get_layout("din5008b"), "a4") == []
    assert any(
        "din5008a envelope window" in w for w in window_warnings(slim, get_layout("din5008a"), "a4")
    )
    floating = load_docx_letterhead(
        make_docx_letterhead(tmp_path / "float.docx", floating_in_window=True)
    )
    assert floating.first_header_bottom_mm < 45  # its text is high up; its logo is not
    assert any(
        "din5008b envelope window" in w
        for w in window_warnings(floating, get_layout("din5008b"), "a4")
    )
    assert any(
        "the letterhead is a4, the letter letter" in w
        for w in window_warnings(slim, get_layout("us10"), "letter")
    )


def test_which_letterhead_for_which_format(tmp_path: Path) -> None:
    both = choose_letterheads([Path("g.pdf"), Path("g.docx")], ["pdf", "docx"])
    assert (both.pdf, both.docx) == (Path("g.pdf"), Path("g.docx"))
    assert choose_letterheads([Path("g.pdf")], ["pdf", "docx"]).docx is None
    with pytest.raises(ChoiceError, match="two PDF letterheads"):
        choose_letterheads([Path("a.pdf"), Path("b.PDF")], ["pdf"])
    with pytest.raises(ChoiceError, match="add docx to --format"):
        choose_letterheads([Path("g.docx")], ["pdf"])
    with pytest.raises(DataError, match=r"a \.pdf \(for PDF letters\) or a \.docx"):
        choose_letterheads([Path("g.odt")], ["docx"])
    head = make_docx_letterhead(tmp_path / "group.docx")
    code, output = _write(tmp_path / "o", "--letterhead", str(head), fmt="pdf")
    assert code == 2
    lines = [line for line in output.splitlines() if "error" in line]
    assert len(lines) == 1 and "a .docx letterhead is for DOCX letters" in lines[0]


# -------------------------------------------------------------------------------------------
# untrusted files


def _rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        items = {n: archive.read(n) for n in archive.namelist()}
    for name, data in change.items():
        if data is None:
            items.pop(name, None)
        else:
            items[name] = data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    return target


def _external_image(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as archive:
        name = next(n for n in archive.namelist() if n.startswith("word/_rels/header"))
        rels = archive.read(name).decode("utf-8")
    rels = rels.replace('Target="media/', 'TargetMode="External" Target="https://tracker.example/')
    return _rezip(source, target, {name: rels.encode("utf-8")})


BAD = {
    "not-a-zip.docx": "not a readable .docx letterhead",
    "macros.docm": "macro-enabled document",
    "vba.docx": "contains macros",
    "external.docx": "outside the file (an external relationship)",
    "bomb.docx": "would expand",
    "many-parts.docx": "parts in the letterhead",
    "broken-xml.docx": "not well-formed XML",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_docx_letterhead_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    good = make_docx_letterhead(tmp_path / "good.docx")
    bad = tmp_path / name
    if name == "not-a-zip.docx":
        bad.write_bytes(b"%PDF-1.4 not really a docx")
    elif name == "macros.docm":
        shutil.copy(good, bad)
    elif name == "vba.docx":
        _rezip(good, bad, {"word/vbaProject.bin": b"\0" * 100})
    elif name == "external.docx":
        _external_image(good, bad)
    elif name == "bomb.docx":
        _rezip(good, bad, {"word/padding.xml": b" " * (8 * 1024 * 1024)})
    elif name == "many-parts.docx":
        _rezip(good, bad, {f"word/extra/{i}.xml": b"<x/>" for i in range(500)})
    elif name == "broken-xml.docx":
        with zipfile.ZipFile(good) as archive:
            header = next(n for n in archive.namelist() if n.startswith("word/header"))
        _rezip(good, bad, {header: b"<w:hdr><w:p></w:hdr>"})
    code, output = _write(tmp_path / "o", "--letterhead", str(bad), fmt="docx")
    assert code == 2, output
    errors = [line for line in output.splitlines() if line.startswith("letterkit: error")]
    assert len(errors) == 1 and BAD[name] in errors[0], output
    assert str(bad) in errors[0] or bad.name in errors[0]
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("*.docx"))


def test_the_letterhead_is_read_once_per_file_version(tmp_path: Path) -> None:
    head = make_docx_letterhead(tmp_path / "group.docx")
    assert load_docx_letterhead(head) is load_docx_letterhead(head)
