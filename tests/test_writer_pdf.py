"""The PDF letter writer, checked the way a reader sees the PDF: extracted text (poppler's
pdftotext), fonts (pdffonts), metadata and page boxes (pypdf), content-stream operators."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from letterkit.address import PostalAddress
from letterkit.errors import ChoiceError, OutputError
from letterkit.model import Labels, Letter, ListBlock, Paragraph, Party, Signatory, Span
from letterkit.pdf.letter import PdfOptions, draw_letter, render_pdf, write_pdf

pypdf = pytest.importorskip("pypdf")
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils missing"
)

PT_PER_MM = 72 / 25.4


def pdftotext(data: bytes, tmp_path: Path, *args: str) -> str:
    src = tmp_path / "in.pdf"
    src.write_bytes(data)
    return subprocess.run(
        ["pdftotext", *args, str(src), "-"], check=True, capture_output=True, text=True
    ).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def long_body(paragraphs: int = 14) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(
            (
                Span(
                    f"Paragraph {n}: families who fled in 2021 now face arrest and removal "
                    "to a country where they are in danger. Their children go to school "
                    "here, and many have applied for resettlement elsewhere, waiting for "
                    "years for an answer that has not come."
                ),
            )
        )
        for n in range(1, paragraphs + 1)
    )


def us_sender() -> Party:
    return Party(
        name="Lena Ortiz",
        lines=("Lena Ortiz", "410 Example Avenue", "Springfield, IL 62701"),
        address=PostalAddress(("410 Example Avenue",), "Springfield", "IL", "62701", "US"),
        email="lena@example.org",
    )


# ------------------------------------------------------------------------------------- content
@needs_poppler
def test_english_letter_reads_in_order(make_letter, tmp_path):
    text = squash(pdftotext(render_pdf(make_letter("en")), tmp_path, "-layout"))
    expected = [
        "Amina Rahimi · 12 Example Street · 10115 Berlin",  # return-address line
        "H.E. Anwaar-ul-Haq Kakar",
        "Berlin, 24 November 2026",
        "Ref.: UA 109.23",
        "Subject: Stop the deportation of Afghan refugees",
        "Dear Prime Minister,",
        "I am writing about the Afghan refugees in Pakistan.",
        "1. Halt the deportations.",
        "2. Release those detained.",
        "Thank you for your attention.",
        "Yours sincerely,",
    ]
    positions = [text.find(piece) for piece in expected]
    assert -1 not in positions, [p for p, i in zip(expected, positions, strict=True) if i < 0]
    assert positions == sorted(positions)
    assert text.rfind("Amina Rahimi") > text.find("Yours sincerely,")  # signed under the closing


@needs_poppler
def test_sender_block_has_contact_lines_and_a_single_page_has_no_page_number(make_letter, tmp_path):
    text = pdftotext(render_pdf(make_letter("en")), tmp_path, "-layout")
    assert "amina@example.org" in text and "+49 30 1234567" in text
    assert "Page 1" not in text


@needs_poppler
def test_long_letter_breaks_pages_with_numbers_and_continuation_header(make_letter, tmp_path):
    letter = make_letter("en", body=long_body(14))
    data = render_pdf(letter)
    reader = pypdf.PdfReader(__import__("io").BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 2
    texts = [
        pdftotext(data, tmp_path, "-layout", "-f", str(n), "-l", str(n))
        for n in range(1, pages + 1)
    ]
    for n, page_text in enumerate(texts, start=1):
        assert f"Page {n} of {pages}" in page_text
    for page_text in texts[1:]:
        assert "H.E. Anwaar-ul-Haq Kakar · 24 November 2026" in page_text  # continuation header
    assert "H.E. Anwaar-ul-Haq Kakar · 24" not in texts[0]
    joined = squash(" ".join(texts))
    order = [joined.find(f"Paragraph {n}:") for n in range(1, 15)]
    assert -1 not in order and order == sorted(order)  # nothing lost or repeated out of order
    assert "Yours sincerely," in texts[-1]


@needs_poppler
def test_signatories_flow_onto_further_pages(make_letter, tmp_path):
    names = tuple(
        Signatory(f"Supporter Number {i}", "Example Group", "Hamburg") for i in range(1, 91)
    )
    letter = make_letter("en", signatories=names)
    data = render_pdf(letter)
    text = squash(pdftotext(data, tmp_path, "-layout"))
    assert "Signed by:" in text
    for i in (1, 45, 90):
        assert f"Supporter Number {i}, Example Group, Hamburg" in text
    assert len(pypdf.PdfReader(__import__("io").BytesIO(data)).pages) >= 2


@needs_poppler
def test_enclosures_and_copies_are_printed_with_their_labels(make_letter, tmp_path):
    letter = make_letter(
        "en",
        enclosures=("Amnesty urgent action UA 109.23",),
        cc=("UNHCR Representation in Pakistan",),
    )
    text = squash(pdftotext(render_pdf(letter), tmp_path, "-layout"))
    assert text.find("Enclosures:") < text.find("Amnesty urgent action UA 109.23")
    assert text.find("Copy to:") < text.find("UNHCR Representation in Pakistan")
    assert text.find("Yours sincerely,") < text.find("Enclosures:")


@needs_poppler
def test_field_values_are_data_not_markup(make_letter, tmp_path):
    odd = 'Dr. <b>Tom</b> & "Jerry"\nO\'Neil\u200f'
    recipient = Party(
        name=odd, lines=(odd, "Ministry of <Interior> & Narcotics Control", "R Block", "Islamabad")
    )
    letter = make_letter(
        "en",
        recipient=recipient,
        subject="Rights & <duties>",
        salutation='Dear "Minister" <&>,',
        sender=Party(name="A\tB", lines=("A\tB", "Line\r\nbreak")),
    )
    data = render_pdf(letter)
    text = squash(pdftotext(data, tmp_path, "-layout"))
    assert 'Dr. <b>Tom</b> & "Jerry" O\'Neil' in text  # newline became a space, nothing lost
    assert "Ministry of <Interior> & Narcotics Control" in text
    assert "Subject: Rights & <duties>" in text
    assert 'Dear "Minister" <&>,' in text


def test_renders_without_optional_parts(make_letter):
    sender = Party(name="A. R.", lines=("A. R.", "Berlin"), address=None)  # safety mode
    letter = make_letter(
        "en",
        sender=sender,
        reference="",
        place="",
        enclosures=(),
        cc=(),
        signature=("A. R., Berlin",),
        labels=Labels(subject=""),
    )
    data = render_pdf(letter)
    assert data.startswith(b"%PDF")


# ---------------------------------------------------------------------------- paper, metadata
def media_box_mm(data: bytes) -> tuple[float, float]:
    page = pypdf.PdfReader(__import__("io").BytesIO(data)).pages[0]
    return (
        round(float(page.mediabox.width) / PT_PER_MM, 1),
        round(float(page.mediabox.height) / PT_PER_MM, 1),
    )


def test_paper_a4_by_default_letter_for_us_senders_and_override(make_letter):
    assert media_box_mm(render_pdf(make_letter("en"))) == (210.0, 297.0)
    us = make_letter("en", sender=us_sender())
    assert media_box_mm(render_pdf(us)) == (215.9, 279.4)
    assert media_box_mm(render_pdf(us, PdfOptions(paper="a4"))) == (210.0, 297.0)
    assert media_box_mm(render_pdf(make_letter("en"), PdfOptions(paper="letter"))) == (215.9, 279.4)
    assert media_box_mm(render_pdf(make_letter("en"), PdfOptions(layout="us10"))) == (215.9, 279.4)


def test_unknown_paper_or_layout_lists_the_choices(make_letter):
    with pytest.raises(ChoiceError, match="a4 or letter"):
        render_pdf(make_letter("en"), PdfOptions(paper="a5"))
    with pytest.raises(ChoiceError, match="din5008a"):
        render_pdf(make_letter("en"), PdfOptions(layout="nope"))


@pytest.mark.parametrize(
    "language,lang_tag", [("en", "en-GB"), ("ur", "ur-PK"), ("fa_AF", "prs-AF")]
)
def test_metadata_and_document_language(make_letter, language, lang_tag):
    letter = make_letter(language)
    from dataclasses import replace

    letter = replace(letter, meta=replace(letter.meta, keywords=("UA 109.23", "Afghanistan")))
    reader = pypdf.PdfReader(__import__("io").BytesIO(render_pdf(letter)))
    info = reader.metadata
    assert info.title == letter.meta.title
    assert info.author == letter.meta.author
    assert info.subject == letter.meta.subject
    assert info["/Keywords"] == "UA 109.23, Afghanistan"
    assert info["/Creator"] == "letterkit"
    assert reader.trailer["/Root"]["/Lang"] == lang_tag


# ----------------------------------------------------------------------------------- fonts
@needs_poppler
@pytest.mark.parametrize("language", ["en", "ur", "fa_AF"])
def test_fonts_are_embedded_and_subset(make_letter, language, tmp_path):
    src = tmp_path / "l.pdf"
    src.write_bytes(render_pdf(make_letter(language)))
    out = subprocess.run(["pdffonts", str(src)], check=True, capture_output=True, text=True).stdout
    rows = [line for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row


# ------------------------------------------------------------------------------------- fax
def content_operations(data: bytes) -> list[tuple[list, bytes]]:
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(__import__("io").BytesIO(data))
    ops = []
    for page in reader.pages:
        ops.extend(ContentStream(page.get_contents(), reader).operations)
    return ops


def font_sizes(ops: list[tuple[list, bytes]]) -> list[float]:
    return [float(args[1]) for args, op in ops if op == b"Tf"]


def test_fax_mode_black_text_of_at_least_11pt_no_thin_strokes(make_letter):
    letter = make_letter("en", body=long_body(10))
    normal = content_operations(render_pdf(letter))
    assert min(font_sizes(normal)) < 11  # the ordinary letter has small print (sanity check)
    fax = content_operations(render_pdf(letter, PdfOptions(fax=True)))
    assert min(font_sizes(fax)) >= 11
    for args, op in fax:
        if op == b"w":
            assert float(args[0]) >= 1.0
        if op in (b"g", b"G"):
            assert float(args[0]) == 0.0
        if op in (b"rg", b"RG"):
            assert [float(a) for a in args] == [0.0, 0.0, 0.0]
        if op in (b"k", b"K"):
            assert [float(a) for a in args[:3]] == [0.0, 0.0, 0.0]


def test_fold_marks_are_thin_lines_and_can_be_switched_off(make_letter):
    letter = make_letter("en")
    with_marks = content_operations(render_pdf(letter))
    strokes = [op for _, op in with_marks if op == b"S"]
    assert len(strokes) == 3  # two fold marks and the punch mark (DIN 5008 B)
    assert [float(a[0]) for a, op in with_marks if op == b"w"] == [0.25]
    without = content_operations(render_pdf(letter, PdfOptions(fold_marks=False)))
    assert not [op for _, op in without if op == b"S"]


# ---------------------------------------------------------------------------------- writing
def test_write_pdf_refuses_to_overwrite_without_force(make_letter, tmp_path):
    target = tmp_path / "out" / "letter.pdf"
    assert write_pdf(make_letter("en"), target) == target
    assert target.read_bytes().startswith(b"%PDF")
    target.write_bytes(b"my own notes")
    with pytest.raises(OutputError, match="letter.pdf"):
        write_pdf(make_letter("en"), target)
    assert target.read_bytes() == b"my own notes"
    write_pdf(make_letter("en"), target, force=True)
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in target.parent.iterdir()) == ["letter.pdf"]  # no temp files


def test_write_pdf_keeps_the_old_file_when_rendering_fails(make_letter, tmp_path):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"previous")
    crowded = make_letter(
        "en", recipient=Party(name="X", lines=tuple(f"Line {i}" for i in range(12)))
    )
    with pytest.raises(OutputError, match="recipient address"):
        write_pdf(crowded, target, force=True)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_draw_letter_appends_letters_to_one_canvas(make_letter):
    import io

    from letterkit.pdf.document import open_canvas, save_canvas

    buffer = io.BytesIO()
    canvas = open_canvas(buffer)
    first = draw_letter(canvas, make_letter("en"), PdfOptions())
    second = draw_letter(
        canvas, make_letter("en", body=long_body(14), sender=us_sender()), PdfOptions()
    )
    save_canvas(canvas)
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    assert first == 1 and second >= 2
    assert len(reader.pages) == first + second
    assert round(float(reader.pages[0].mediabox.height) / PT_PER_MM) == 297
    assert round(float(reader.pages[1].mediabox.height) / PT_PER_MM) == 279  # US Letter


def test_too_many_address_lines_name_the_field(make_letter):
    crowded = Party(name="X", lines=tuple(f"Address line {i}" for i in range(1, 12)))
    with pytest.raises(OutputError, match="recipient address: 11 lines do not fit"):
        render_pdf(make_letter("en", recipient=crowded))
    # a fax travels in no envelope: the same block is allowed to grow
    assert render_pdf(make_letter("en", recipient=crowded), PdfOptions(fax=True))


def test_a_too_wide_address_line_is_an_error_naming_it(make_letter):
    wide = Party(name="X", lines=("Ministry of " + "Very " * 30 + "Long Names", "Islamabad"))
    with pytest.raises(OutputError, match="too wide"):
        render_pdf(make_letter("en", recipient=wide))


# ----------------------------------------------------------------------- lists and digits
def numbered(language: str) -> ListBlock:
    return ListBlock(True, ((Span("alpha"),), (Span("beta"),), (Span("gamma"),)), start=8)


@needs_poppler
def test_list_numbers_follow_start_and_the_letters_digits(make_letter, tmp_path):
    en = make_letter("en", body=(Paragraph((Span("Intro."),)), numbered("en")))
    text = squash(pdftotext(render_pdf(en), tmp_path, "-layout"))
    assert "8. alpha" in text and "9. beta" in text and "10. gamma" in text


def test_invariant_output_is_byte_for_byte_reproducible(make_letter):
    letter = make_letter("ur")
    first = render_pdf(letter, PdfOptions(invariant=True))
    assert render_pdf(letter, PdfOptions(invariant=True)) == first


def test_open_canvas_gives_batches_embedded_fonts_only(make_letter, tmp_path):
    import io

    from letterkit.pdf.document import open_canvas, save_canvas

    buffer = io.BytesIO()
    canvas = open_canvas(buffer, paper="letter")
    draw_letter(canvas, make_letter("en"))
    draw_letter(canvas, make_letter("fa_AF"))
    save_canvas(canvas)
    src = tmp_path / "batch.pdf"
    src.write_bytes(buffer.getvalue())
    if shutil.which("pdffonts"):
        out = subprocess.run(
            ["pdffonts", str(src)], check=True, capture_output=True, text=True
        ).stdout
        assert "Helvetica" not in out
        assert all(
            row.split()[-5:-3] == ["yes", "yes"] for row in out.splitlines()[2:] if row.strip()
        )
    assert len(pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages) == 2


@needs_poppler
def test_page_numbers_use_the_letters_digits_and_labels(make_letter, tmp_path):
    labels = Labels(page="صفحهٔ {page} از {pages}", continuation="{recipient} — {date}")
    letter = make_letter("fa_AF", labels=labels)
    from dataclasses import replace

    letter = replace(letter, body=letter.body * 8)
    data = render_pdf(letter)
    pages = len(pypdf.PdfReader(__import__("io").BytesIO(data)).pages)
    assert pages >= 2
    # without bidi controls and spaces: poppler moves the space next to a digit run around
    text = re.sub("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", pdftotext(data, tmp_path))
    for n in range(1, pages + 1):
        assert f"صفحهٔ{'۰۱۲۳۴۵۶۷۸۹'[n]}از{'۰۱۲۳۴۵۶۷۸۹'[pages]}" in text
    assert "Page" not in text and not re.search("[0-9]of", text)
    assert "جلالتمآبانوارالحقکاکړ—۲۴نوامبر۲۰۲۶" in text  # continuation header


@needs_poppler
def test_a_paragraph_longer_than_a_page_splits_without_losing_a_word(make_letter, tmp_path):
    words = [f"w{n}" for n in range(1, 1601)]
    letter = make_letter("en", body=(Paragraph((Span(" ".join(words)),)),))
    data = render_pdf(letter)
    pages = len(pypdf.PdfReader(__import__("io").BytesIO(data)).pages)
    assert pages >= 3
    found = re.findall(r"\bw(\d+)\b", pdftotext(data, tmp_path))
    assert [int(n) for n in found] == list(range(1, 1601))


def test_long_sender_lines_shrink_to_stay_inside_the_page(make_letter, tmp_path):
    sender = Party(
        name="X",
        lines=("X", "Street 1", "City"),
        email="someone.with.a.rather.long.address@organisation.example.org",
    )
    data = render_pdf(make_letter("en", sender=sender))
    if shutil.which("pdftotext"):
        html = pdftotext(data, tmp_path, "-bbox-layout")
        m = re.search(r'xMax="([\d.]+)"[^>]*>someone', html)
        assert m and float(m.group(1)) <= (210 - 20) * PT_PER_MM + 1


def test_a_letter_spilling_a_few_lines_is_set_tighter_to_fit_one_page(make_letter, monkeypatch):
    import io

    from letterkit.pages import composer

    def page_count(letter: Letter) -> int:
        return len(pypdf.PdfReader(io.BytesIO(render_pdf(letter))).pages)

    short = (
        Paragraph(
            (
                Span(
                    "A short paragraph that takes about two lines on the page, "
                    "written to fill the letter step by step."
                ),
            )
        ),
    )
    tight, loose = [], []
    for k in range(6, 24):
        letter = make_letter("en", body=short * k)
        tight.append(page_count(letter))
        with monkeypatch.context() as m:
            m.setattr(composer, "SPACINGS", composer.SPACINGS[:1])
            loose.append(page_count(letter))
    assert all(t <= lo for t, lo in zip(tight, loose, strict=True))
    assert any(t == 1 and lo == 2 for t, lo in zip(tight, loose, strict=True)), (tight, loose)
    assert 2 in tight  # and a letter that really is long still gets its second page


@needs_poppler
def test_a_line_break_inside_a_body_paragraph_breaks_the_line_only(make_letter, tmp_path):
    body = (Paragraph((Span("Families are waiting\r\nfor an answer.\x00\x07 Thank you."),)),)
    text = pdftotext(render_pdf(make_letter("en", body=body)), tmp_path, "-layout")
    lines = [line.strip() for line in text.splitlines()]
    at = lines.index("Families are waiting")
    assert re.sub(r"\s+", " ", lines[at + 1]) == "for an answer. Thank you."


@needs_poppler
def test_an_overlong_return_address_is_cut_to_one_line(make_letter, tmp_path):
    sender = Party(name="N" * 40, lines=("N" * 40, "Street " * 200, "Berlin"))
    data = render_pdf(make_letter("en", sender=sender))
    first_line = pdftotext(data, tmp_path, "-layout").lstrip().splitlines()[0]
    assert first_line.startswith("N" * 40 + " · Street") and first_line.rstrip().endswith("…")


def test_a_sender_block_that_fills_the_page_is_an_error_naming_it(make_letter):
    sender = Party(name="X", lines=tuple(f"Line {i}" for i in range(200)))
    with pytest.raises(OutputError, match="sender block"):
        render_pdf(make_letter("en", sender=sender))


def test_page_count_predicts_the_drawn_pages(make_letter):
    import io

    from letterkit.pdf.letter import page_count

    for letter, options in (
        (make_letter("en"), PdfOptions()),
        (make_letter("en", body=long_body(14)), PdfOptions()),
        (make_letter("ur", body=long_body(14)), PdfOptions(fax=True)),
    ):
        drawn = len(pypdf.PdfReader(io.BytesIO(render_pdf(letter, options))).pages)
        assert page_count(letter, options) == drawn
    assert drawn >= 2


@needs_poppler
def test_packed_pages_print_the_same_and_hold_only_compressed_content(make_letter, tmp_path):
    """merge --combine compresses each finished page at once (memory of a long batch PDF);
    the pages a reader sees must not change."""
    import io

    from letterkit.pdf.document import open_canvas, pack_finished_pages, save_canvas

    def batch(pack: bool) -> bytes:
        buffer = io.BytesIO()
        canvas = open_canvas(buffer, invariant=True)
        for language in ("ur", "en", "fa_AF"):
            draw_letter(canvas, make_letter(language))
            if pack:
                pack_finished_pages(canvas)
                assert all(page.text is None for page in canvas.pages)
        save_canvas(canvas)
        return buffer.getvalue()

    plain, packed = batch(False), batch(True)
    assert pdftotext(packed, tmp_path) == pdftotext(plain, tmp_path)
    images = []
    for name, data in (("plain", plain), ("packed", packed)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "40",
                "-gray",
                "-png",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
        )
        images.append(sorted(p.read_bytes() for p in tmp_path.glob(f"{name}-*.png")))
    assert images[0] == images[1] and len(images[0]) >= 3
