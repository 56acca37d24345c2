"""letterkit's own PDF file writer (pdf/file_writer.py), checked as readers see its files: qpdf's
structure check, pypdf and pdfium opening them, poppler's metadata and page sizes; and refusing a
canvas that holds what it does not write."""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from letterkit.model import Party
from letterkit.pdf.document import open_canvas, pack_finished_pages, save_canvas
from letterkit.pdf.envelope import render_envelopes
from letterkit.pdf.labels import render_labels
from letterkit.pdf.letter import PdfOptions, draw_letter, render_pdf
from letterkit.pdf.syntax import date_string, dimension, name, text_string
from letterkit.pdf.text_drawing import draw_block
from letterkit.text import TextStyle, layout_paragraph

pypdf = pytest.importorskip("pypdf")
needs_qpdf = pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf missing")
needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils missing")


def qpdf_check(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _fax_letter(letter: Any) -> Any:
    from dataclasses import replace

    recipient = replace(letter.recipient, fax="+1 202-555-0147", organisation="Ministry")
    return replace(letter, recipient=recipient)


def _documents(make_letter: Any) -> dict[str, bytes]:
    from letterkit.pdf.fax import render_fax

    letters = [make_letter(language) for language in ("en", "ur", "fa_AF")]
    return {
        "en": render_pdf(letters[0], PdfOptions(invariant=True)),
        "ur": render_pdf(letters[1], PdfOptions(invariant=True)),
        "fa_AF": render_pdf(letters[2]),
        "fax": render_fax(_fax_letter(letters[1])),
        "envelopes": render_envelopes(letters, "DL"),
        "labels": render_labels(letters * 2, "L7163"),
    }


@needs_qpdf
def test_every_kind_of_file_passes_qpdf_and_opens_in_pypdf_and_pdfium(
    make_letter: Any, tmp_path: Path
) -> None:
    import pypdfium2 as pdfium

    for kind, data in _documents(make_letter).items():
        report = qpdf_check(data, tmp_path)
        assert "No syntax or stream encoding errors" in report, kind
        assert "WARNING" not in report, kind
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        assert reader.pages and reader.pages[0].extract_text().strip(), kind
        document = pdfium.PdfDocument(data)
        assert len(document) == len(reader.pages), kind
        text = document[0].get_textpage().get_text_range()
        assert text.strip(), kind
        document.close()


def test_the_file_is_the_pdf_reportlab_is_not_asked_to_write(make_letter: Any) -> None:
    """What the writer owes a reader: header with a binary comment, Catalog with /Lang, one
    Info, the xref offsets pointing at their objects, and an /ID that is the digest of the
    body but the font files (their subset names stand for them), the same in both entries."""
    data = render_pdf(make_letter("ur"), PdfOptions(invariant=True))
    assert data.startswith(b"%PDF-1.4\n%") and all(b >= 0x80 for b in data[10:14])
    assert b"ReportLab" not in data
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)[1])  # type: ignore[index]
    table = data[start:].split(b"trailer")[0].split(b"\n")
    assert table[0] == b"xref" and table[1].startswith(b"0 ")
    size = int(table[1].split()[1])
    offsets = {}
    for number, entry in enumerate(table[3 : 2 + size], 1):
        offset = offsets[number] = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj\n" % number), number
    (digest,) = set(re.findall(rb"/ID \[<([0-9a-f]{32})> <\1>\]", data))
    font_files = {int(n) for n in re.findall(rb"/FontFile2 (\d+) 0 R", data)}
    assert font_files
    bounds = sorted(offsets.values()) + [start]
    kept = [data[: bounds[0]]] + [
        data[at:end]
        for at, end in itertools.pairwise(bounds)
        if at not in {offsets[n] for n in font_files}
    ]
    assert digest == hashlib.md5(b"".join(kept)).hexdigest().encode()
    catalog = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert catalog["/Lang"] == "ur-PK" and catalog["/Type"] == "/Catalog"


def test_pages_hold_exactly_what_was_drawn_with_each_face_embedded_once(make_letter: Any) -> None:
    """The contents of each page are the operators the canvas holds, and every face the
    pages name is a font resource of the file (embedded, with its ToUnicode map)."""
    import zlib

    buffer = io.BytesIO()
    canvas = open_canvas(buffer, invariant=True)
    for language in ("en", "ur", "fa_AF"):
        draw_letter(canvas, make_letter(language))
    pack_finished_pages(canvas)
    drawn = [zlib.decompress(page.compressed or b"") for page in canvas.pages]
    save_canvas(canvas)
    reader = pypdf.PdfReader(buffer)
    assert [page.get_contents().get_data() for page in reader.pages] == drawn
    for page, contents in zip(reader.pages, drawn, strict=True):
        named = set(re.findall(rb"/(LK-[\w-]+) [\d.]+ Tf", contents))
        fonts = page["/Resources"]["/Font"]
        assert named and {n.encode() for n in fonts} >= {b"/" + n for n in named}
        for font in fonts.values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert font["/Subtype"] == "/Type0" and "/ToUnicode" in font
            assert descendant["/FontDescriptor"]["/FontFile2"].get_data()[:4] == b"\0\1\0\0"


@pytest.mark.parametrize("invariant", [True, False])
def test_info_says_who_made_it_and_when(make_letter: Any, invariant: bool) -> None:
    letter = make_letter("fa_AF")
    before = datetime.now(UTC).replace(microsecond=0)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(letter, PdfOptions(invariant=invariant))))
    info = reader.metadata
    assert info.title == letter.meta.title and info.author == letter.meta.author
    assert info.producer == "letterkit" and info.creator
    created = info.creation_date
    assert created == info.modification_date
    if invariant:
        assert created.replace(tzinfo=None) == datetime(2000, 1, 1)
    else:
        assert before - timedelta(seconds=1) <= created <= datetime.now(UTC)


def test_title_strings_come_back_whatever_their_characters() -> None:
    """Info strings in PDFDocEncoding (with escapes) or UTF-16: every one reads back."""
    titles = [
        "Plain (with parentheses) and a back\\slash",
        "Zürich – “quoted” • €5 — Łódź",  # PDFDocEncoding's own codes above 0x7f
        "صدراعظم موقت ملاقات",
        "unbalanced ) paren",
    ]
    for title in titles:
        buffer = io.BytesIO()
        canvas = open_canvas(buffer)
        canvas.setTitle(title)
        canvas.setKeywords(["one", "two"])
        canvas.line(10, 10, 100, 100)
        save_canvas(canvas)
        info = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).metadata
        assert info.title == title and info["/Keywords"] == "one, two"
        assert info.author is None  # not given: reportlab's "anonymous" is not written


def test_text_strings_use_pdfdocencoding_where_reportlab_does() -> None:
    """The high codes of PDFDocEncoding, checked against reportlab's codec of it."""
    from reportlab.pdfbase.rl_codecs import RL_Codecs

    RL_Codecs.register()  # the "pdfdoc" codec (reportlab's canvas registers it on import)

    for code in list(range(0x20, 0x7F)) + list(range(0x80, 0x100)):
        try:
            char = bytes([code]).decode("pdfdoc")
        except UnicodeDecodeError:
            continue
        if code in (0xAD, 0x9F) or not char.isprintable():
            continue
        expected = bytes([code])
        if expected in (b"\\", b"(", b")"):
            expected = b"\\" + expected
        assert text_string(char) == b"(" + expected + b")", hex(code)
    assert text_string("ا") == b"<FEFF0627>"
    assert text_string("a(b)c\\") == b"(a\\(b\\)c\\\\)"


def test_dates_names_and_page_sizes_are_written_as_pdf_expects() -> None:
    east = timezone(timedelta(hours=4, minutes=30))
    assert date_string(datetime(2026, 3, 1, 9, 5, 7, tzinfo=east)) == b"(D:20260301090507+04'30')"
    west = timezone(-timedelta(hours=5))
    assert date_string(datetime(2026, 3, 1, tzinfo=west)) == b"(D:20260301000000-05'00')"
    assert name("LK-serif-Regular") == "/LK-serif-Regular"
    assert name("a b#(") == "/a#20b#23#28"
    assert [dimension(v) for v in (595.2755905511812, 841.8897637795277, 612, 0.5)] == [
        "595.2756",
        "841.8898",
        "612",
        "0.5",
    ]


@needs_poppler
def test_pages_of_one_file_keep_their_own_sizes(make_letter: Any, tmp_path: Path) -> None:
    """A batch of A4 and US Letter letters, and an envelope, each page its own /MediaBox."""
    buffer = io.BytesIO()
    canvas = open_canvas(buffer, invariant=True)
    draw_letter(canvas, make_letter("en"), PdfOptions(paper="a4"))
    draw_letter(canvas, make_letter("ur"), PdfOptions(paper="letter"))
    canvas.setPageSize((220 * 72 / 25.4, 110 * 72 / 25.4))
    canvas.line(10, 10, 200, 10)
    save_canvas(canvas)
    path = tmp_path / "sizes.pdf"
    path.write_bytes(buffer.getvalue())
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "3", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    assert sizes == [("595.276", "841.89"), ("612", "792"), ("623.622", "311.811")]


def test_a_file_path_and_a_file_object_get_the_same_bytes(make_letter: Any, tmp_path: Path) -> None:
    def draw(target: Any) -> None:
        canvas = open_canvas(target, invariant=True)
        draw_letter(canvas, make_letter("en"))
        save_canvas(canvas)

    buffer = io.BytesIO()
    draw(buffer)
    draw(str(tmp_path / "a.pdf"))
    draw(tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == buffer.getvalue()
    assert (tmp_path / "b.pdf").read_bytes() == buffer.getvalue()


class _Recorder(io.RawIOBase):
    """A binary file that remembers the size of each write."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sizes.append(len(data))
        self.data += data
        return len(data)


def test_a_long_batch_is_written_as_it_goes_not_gathered_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """merge --combine's file of thousands of pages goes to its file in pieces of about a
    megabyte (here 64 kB, for a smaller test), never assembled in memory as a whole."""
    import random

    from letterkit.pdf import file_writer

    monkeypatch.setattr(file_writer, "_FLUSH_AT", 1 << 16)
    rng = random.Random(7)
    out = _Recorder()
    canvas = open_canvas(out, invariant=True)
    style = TextStyle("en", 6)
    for _ in range(30):  # pages of text that zlib cannot shrink much
        for row in range(40):
            words = " ".join(f"{rng.getrandbits(40):x}" for _ in range(12))
            draw_block(canvas, layout_paragraph(words, 560, style), 20, 820 - 20 * row)
        canvas.showPage()
        pack_finished_pages(canvas)
    save_canvas(canvas)
    total = len(out.data)
    assert total > 3 * file_writer._FLUSH_AT
    assert max(out.sizes) < file_writer._FLUSH_AT + 50_000  # + the largest single object
    assert len(pypdf.PdfReader(io.BytesIO(bytes(out.data))).pages) == 30


# ------------------------------------------------------------------------------------------------
# the canvas's own graphics


@needs_poppler
def test_the_canvas_draws_its_rules_dashes_and_outlines_where_asked(tmp_path: Path) -> None:
    """The few graphics letterkit draws besides text (fold marks and fax rules, a dashed window
    outline, rounded label outlines) land where they were asked for, in the grey asked for."""
    from PIL import Image

    path = tmp_path / "shapes.pdf"
    canvas = open_canvas(str(path), size=(200, 100))
    canvas.saveState()
    canvas.setLineWidth(2)
    canvas.setStrokeGray(0)
    canvas.line(10, 90, 60, 90)  # a rule near the top left
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setDash(3, 2)
    canvas.rect(100, 10, 40, 30)  # a dashed box at the bottom right
    canvas.restoreState()
    canvas.setLineWidth(1)
    canvas.setStrokeGray(0.5)
    canvas.roundRect(150, 50, 40, 40, 8)
    save_canvas(canvas)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    assert image.size == (200, 100)
    assert image.getpixel((30, 10)) < 60  # the rule, black, 10 pt from the top
    assert image.getpixel((30, 30)) > 200
    bottom = [image.getpixel((x, 90)) for x in range(100, 141)]  # the box's lower edge
    assert min(bottom) < 60 and max(bottom) > 200  # dashed: ink and gaps
    assert 90 < image.getpixel((170, 50)) < 200  # the grey outline's top edge
    assert image.getpixel((150, 10)) > 200  # its corner is rounded off
    assert image.getpixel((170, 30)) > 200  # and it is an outline, not filled


def test_save_canvas_takes_letterkits_canvases_only() -> None:
    from reportlab.pdfgen.canvas import Canvas

    with pytest.raises(TypeError, match="open_canvas"):
        save_canvas(Canvas(io.BytesIO()))


@needs_qpdf
@needs_poppler
def test_a_callers_own_reportlab_canvas_saved_by_reportlab_carries_the_letter(
    make_letter: Any, tmp_path: Path
) -> None:
    """draw_letter onto a canvas someone else owns, saved with reportlab's own
    ``canvas.save()``: a valid file with the letter's text and letterkit's fonts embedded."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "own.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 800, "A cover page of the caller's")
    canvas.showPage()
    pages = draw_letter(canvas, make_letter("ur"))
    canvas.save()
    qpdf_check(path.read_bytes(), tmp_path)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if "CID TrueType" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "cover page" in text and "پاکستان" in text
    assert len(pypdf.PdfReader(str(path)).pages) == 1 + pages


def test_a_canvas_is_saved_once(make_letter: Any) -> None:
    canvas = open_canvas(io.BytesIO())
    draw_letter(canvas, make_letter("en", recipient=Party(name="X", lines=("X", "Y"))))
    save_canvas(canvas)
    with pytest.raises(RuntimeError, match="once"):
        save_canvas(canvas)


def test_writing_a_letter_imports_no_reportlab() -> None:
    """letterkit draws and writes its PDFs itself: reportlab (~45 ms to import) is loaded only
    by a caller who brings a reportlab canvas of their own."""
    script = (
        "import sys, datetime\n"
        "from letterkit import load_campaign, make_sender, compose_letter, render\n"
        "sender = make_sender(name='Sam Example', city='Leeds', country='GB')\n"
        "letter = compose_letter(load_campaign('pakistan-deportations'), 'pm', sender,"
        " language='ur', today=datetime.date(2026, 11, 24))\n"
        "assert render(letter, 'pdf').startswith(b'%PDF')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PIL')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
