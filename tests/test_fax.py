"""The fax writer: cover sheet content, page count, black-on-white rendering, type sizes, RTL.

Everything is read back from the PDF with poppler (pdftotext, pdftoppm, pdfinfo) or by reading
the content streams with pypdf, never from letterkit's own data structures.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from letterkit.address import PostalAddress
from letterkit.campaign import load_campaign
from letterkit.compose import compose_letter
from letterkit.errors import DeliveryError, OutputError
from letterkit.locales import translate
from letterkit.model import Paragraph, Span, labels_for
from letterkit.pdf.fax import FAX_MESSAGES, render_fax, write_fax
from letterkit.pdf.letter import PdfOptions, render_pdf
from letterkit.sender import Sender

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")

FICTIONAL_FAX = "+1 202-555-0147"  # 555-01xx: reserved for fiction


def urdu(message: str) -> str:
    """The Urdu catalog's translation of a cover msgid (must exist: the cover is localized)."""
    translated = translate("ur", message)
    assert translated != message, f"no Urdu translation for {message!r}"
    return translated


def with_fax(letter, number: str = FICTIONAL_FAX, organisation: str = "Ministry of Fiction"):
    return replace(
        letter, recipient=replace(letter.recipient, fax=number, organisation=organisation)
    )


def pdf_text(path: Path, page: int, *extra: str) -> str:
    return subprocess.run(
        ["pdftotext", *extra, "-f", str(page), "-l", str(page), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def grey_levels(path: Path, dpi: int = 100) -> dict[int, int]:
    """Histogram of grey levels over all pages, rendered without anti-aliasing."""
    out = subprocess.run(
        ["pdftoppm", "-gray", "-aa", "no", "-aaVector", "no", "-r", str(dpi), str(path)],
        check=True,
        capture_output=True,
    ).stdout
    counts: dict[int, int] = {}
    i = 0
    while i < len(out):
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out[i:])
        assert m, "pdftoppm did not write PGM"
        w, h = int(m.group(1)), int(m.group(2))
        start = i + m.end()
        for value in set(out[start : start + w * h]):
            counts[value] = counts.get(value, 0) + out.count(bytes([value]), start, start + w * h)
        i = start + w * h
    return counts


def content_streams(data: bytes) -> list[bytes]:
    import io

    from pypdf import PdfReader

    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages]


def test_english_cover_says_who_what_and_how_many_pages(make_letter, tmp_path):
    letter = with_fax(make_letter("en"))
    path = write_fax(letter, tmp_path / "pm.fax.pdf", cover_note="Urgent: deadline tomorrow.")
    cover = pdf_text(path, 1, "-layout")
    lines = [" ".join(line.split()) for line in cover.splitlines() if line.strip()]
    assert lines[0] == "Fax"
    assert "To: H.E. Anwaar-ul-Haq Kakar" in lines
    assert "Caretaker Prime Minister" in lines and "Ministry of Fiction" in lines
    assert "Fax: +1 202-555-0147" in lines
    assert "From: Amina Rahimi" in lines and "amina@example.org" in lines
    assert "Date: 24 November 2026" in lines
    assert f"Pages (including this cover): {page_count(path)}" in lines
    assert "Subject: Stop the deportation of Afghan refugees" in lines
    assert "Note: Urgent: deadline tomorrow." in lines
    # then the letter itself
    assert "Dear Prime Minister," in pdf_text(path, 2)
    with pytest.raises(OutputError, match="exists"):
        write_fax(letter, path)


def test_page_count_on_the_cover_matches_a_long_letter(make_letter, tmp_path):
    words = (
        "The families we met in the holding centres asked us to write to you again, "
        "because their relatives have not been allowed visits for many weeks. "
    )
    body = tuple(Paragraph((Span(words * 4),)) for _ in range(14))
    letter = with_fax(make_letter("en", body=body))
    path = tmp_path / "long.fax.pdf"
    path.write_bytes(render_fax(letter))
    pages = page_count(path)
    assert pages >= 4  # cover + at least three letter pages
    assert f"Pages (including this cover): {pages}" in " ".join(
        pdf_text(path, 1, "-layout").split()
    )
    letter_only = tmp_path / "letter.pdf"
    letter_only.write_bytes(render_pdf(letter, PdfOptions(fax=True)))
    assert page_count(letter_only) == pages - 1


def test_urdu_cover_is_translated_and_mirrored(make_letter, tmp_path):
    letter = with_fax(make_letter("ur", labels=labels_for("ur")), organisation="وزارتِ افسانہ")
    path = tmp_path / "ur.fax.pdf"
    path.write_bytes(render_fax(letter))
    raw = pdf_text(path, 1)
    for label in (
        labels_for("ur").to,
        labels_for("ur").from_,
        labels_for("ur").subject,
        *(urdu(m) for m in FAX_MESSAGES),
    ):
        assert label.rstrip(":").rstrip("۔") in " ".join(raw.split()), label
    assert "عزت مآب انوار الحق کاکڑ" in raw and "وزارتِ افسانہ" in raw
    assert "+1 202-555-0147" in raw  # the number stays left-to-right, digits in order
    assert "افغان پناہ گزینوں کی ملک بدری روکیں" in raw

    def words(file: Path) -> list[tuple[float, float, float, str]]:
        xml = pdf_text(file, 1, "-bbox")
        return [
            (float(a), float(b), float(c), w)
            for a, b, c, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                xml,
            )
        ]

    def fax_row(file: Path) -> tuple[float, float, float, float]:
        """(label xMin, label xMax, number xMin, number xMax) on the fax-number row."""
        ws = words(file)
        number = [w for w in ws if "202-555-0147" in w[3]]
        assert len(number) == 1
        _x0, y_number, _x1, _t = number[0]
        row = [
            w
            for w in ws
            if abs(w[1] - y_number) < 12 and "202-555-0147" not in w[3] and w[3] != "+1"
        ]
        label = [w for w in row if w[3] not in ("+1",)]
        assert label, "no label on the fax row"
        numbers = [w for w in ws if abs(w[1] - y_number) < 12 and w not in label]
        return (
            min(w[0] for w in label),
            max(w[2] for w in label),
            min(w[0] for w in numbers),
            max(w[2] for w in numbers),
        )

    en = tmp_path / "en.fax.pdf"
    en.write_bytes(render_fax(with_fax(make_letter("en"))))
    l0, l1, n0, n1 = fax_row(en)
    assert l1 < n0  # English: label left, number right of it
    l0, l1, n0, n1 = fax_row(path)
    assert n1 < l0  # Urdu: label on the right, number to its left
    # and the label column hugs the right margin, as the title does
    assert l1 > 500


def test_fax_is_black_on_white_without_thin_lines_or_small_type(make_letter, tmp_path):
    for language in ("en", "ur"):
        data = render_fax(with_fax(make_letter(language)))
        path = tmp_path / f"{language}.fax.pdf"
        path.write_bytes(data)
        levels = grey_levels(path)
        assert set(levels) <= {0, 255}, f"{language}: grey levels {sorted(levels)}"
        assert levels[0] > 10_000  # there is text
        sizes, widths = [], []
        for stream in content_streams(data):
            sizes += [float(s) for s in re.findall(rb"/[^\s/\[\]()<>]+ ([\d.]+) Tf", stream)]
            widths += [float(w) for w in re.findall(rb"(?:^|\s)([\d.]+) w(?=\s)", stream)]
            for rgb in re.findall(rb"(?:^|\s)([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)(?=\s)", stream):
                assert {float(c) for c in rgb} <= {0.0, 1.0}, rgb
            assert not re.search(rb"(?:^|\s)0?\.\d+ (?:g|G)(?=\s)", stream)  # no grey fills
        assert sizes and min(sizes) >= 11.0, sorted(set(sizes))
        assert all(w >= 1.0 for w in widths), widths


def test_the_checks_above_do_catch_an_ordinary_letter(make_letter, tmp_path):
    """The same checks fail on a normal letter (grey fold marks, small sender block)."""
    data = render_pdf(make_letter("en"))
    path = tmp_path / "plain.pdf"
    path.write_bytes(data)
    assert set(grey_levels(path)) - {0, 255}
    sizes = [
        float(s)
        for stream in content_streams(data)
        for s in re.findall(rb"/[^\s/\[\]()<>]+ ([\d.]+) Tf", stream)
    ]
    assert min(sizes) < 11.0


def test_target_without_fax_gets_a_clear_message(make_letter):
    letter = make_letter("en")  # the sample recipient has post and email only
    with pytest.raises(DeliveryError) as info:
        render_fax(letter)
    assert str(info.value) == (
        "H.E. Anwaar-ul-Haq Kakar (pm) has no fax number; its channels: post, email"
    )


@pytest.mark.parametrize("number", ["+1 555", "12345", "+99 123 456789", "fax me"])
def test_invalid_fax_number_names_field_and_value(make_letter, number):
    with pytest.raises(DeliveryError, match=rf"fax of pm: '{re.escape(number)}'"):
        render_fax(with_fax(make_letter("en"), number))


def _sender() -> Sender:
    return Sender(
        name="Amina Rahimi",
        email="amina@example.org",
        phone="+49 30 1234567",
        address=PostalAddress(("12 Example Street",), "Berlin", "", "10115", "DE"),
    )


def test_bundled_campaign_targets_have_no_fax():
    campaign = load_campaign("pakistan-deportations")
    for target, channels in (("pm", "post"), ("ambassador-us", "post, email, phone")):
        letter = compose_letter(
            campaign, target, _sender(), language="en", today=dt.date(2024, 1, 20)
        )
        with pytest.raises(
            DeliveryError,
            match=rf"\({target}\) has no fax number; its "
            rf"channels: {channels}$",
        ):
            render_fax(letter)


FICTIONAL_TARGETS = """
[[target]]
id = "fiction-office"
honorific = "Hon."
name = "Jordan Example"
position = "Minister of Examples"
organisation = "Ministry of Fiction"
languages = ["ur", "en"]
address = { street = ["1 Example Road"], city = "Washington", region = "DC", postal_code = "20001", country = "US" }
email = "office@example.org"
fax = "(202) 555-0147"

[target.local.ur]
honorific = "محترم"
name = "جارڈن مثال"
position = "وزیرِ مثال"
organisation = "وزارتِ افسانہ"
salutation = "جنابِ عالی!"
"""


@pytest.fixture
def fictional_campaign(tmp_path):
    source = load_campaign("pakistan-deportations").path
    folder = tmp_path / "fiction"
    shutil.copytree(source, folder)
    (folder / "targets.toml").write_text(FICTIONAL_TARGETS, encoding="utf-8")
    return load_campaign(folder)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_fictional_campaign_target_gets_a_fax(fictional_campaign, tmp_path, language):
    letter = compose_letter(
        fictional_campaign,
        "fiction-office",
        _sender(),
        language=language,
        today=dt.date(2024, 1, 20),
    )
    path = tmp_path / f"{language}.fax.pdf"
    path.write_bytes(render_fax(letter))
    # pdftotext marks right-to-left runs with embeddings (U+202A-U+202E): read past them
    cover = " ".join(re.sub("[\u202a-\u202e]", "", pdf_text(path, 1)).split())
    assert "+1 202-555-0147" in cover  # "(202) 555-0147" read as a US number
    name = {"en": "Hon. Jordan Example", "ur": "محترم جارڈن مثال"}[language]
    assert name in cover
    title = urdu("Fax") if language == "ur" else "Fax"
    assert cover.startswith(title + " ")
    assert letter.subject in cover
    assert set(grey_levels(path)) <= {0, 255}


def test_cover_msgids_are_listed(make_letter):
    assert FAX_MESSAGES == (
        "Fax",
        "Fax:",
        "Pages (including this cover):",
        "Note:",
        "Please pass this letter on to the addressee. Thank you.",
    )


def test_safe_mode_cover_shows_initials_and_town_only(make_letter, tmp_path):
    letter = with_fax(make_letter("en"))
    safe_sender = replace(
        letter.sender, name="A. R.", lines=("A. R.", "Berlin"), email="", phone="", address=None
    )
    path = tmp_path / "safe.fax.pdf"
    path.write_bytes(
        render_fax(
            replace(letter, sender=safe_sender, signature=("A. R.", "Berlin")),
            cover_note="Line one\nLine two",
        )
    )
    cover = [" ".join(line.split()) for line in pdf_text(path, 1, "-layout").splitlines()]
    assert "From: A. R." in cover and "Berlin" in cover
    assert "Note: Line one Line two" in cover  # a note is one paragraph, whatever it holds
    text = " ".join(cover)
    assert "Example Street" not in text and "amina@example.org" not in text


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_font_a_fax_envelope_or_label_sheet_names_is_embedded(
    make_letter, tmp_path, language
):
    """A fax service, a print shop or a PDF/A check sees only embedded fonts: no page names a
    font of reportlab's own (its initial Helvetica) that nothing draws with."""
    from letterkit.pdf.envelope import render_envelopes
    from letterkit.pdf.labels import render_labels

    letter = with_fax(make_letter(language))
    for name, data in (
        ("fax", render_fax(letter)),
        ("envelopes", render_envelopes([letter], "DL")),
        ("labels", render_labels([letter], "L7163")),
    ):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        rows = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert rows, name
        for row in rows:  # name type encoding emb sub uni object ID
            assert row.split()[-5] == "yes", (name, row)
