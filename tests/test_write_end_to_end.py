"""`letterkit init` then `letterkit write <example> --to <each target>`: PDF, DOCX and TXT, checked
as a reader sees them (text pulled out of the PDF by poppler, paragraphs and styles of the DOCX)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from pdfread import pdf_text

runner = CliRunner()
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SUBJECTS = {
    "en": "Halt the deportation of Afghan refugees from Pakistan",
    "ur": "پاکستان سے افغان پناہ گزینوں کی ملک بدری روکی جائے",
    "fa_AF": "اخراج اجباری پناهجویان افغان از پاکستان را متوقف سازید",
}


@pytest.fixture
def profile():
    result = runner.invoke(
        app,
        [
            "init",
            "--name",
            "Amina Rahimi",
            "--street",
            "12 Example Street",
            "--city",
            "Berlin",
            "--postal-code",
            "10115",
            "--country",
            "DE",
            "--email",
            "amina@example.org",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0


def docx_paragraphs(path) -> list[tuple[str, str]]:
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    found = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        found.append((style.get(f"{W}val") if style is not None else "", text))
    return found


@needs_poppler
@pytest.mark.parametrize("target", ["pm", "ambassador-us"])
@pytest.mark.parametrize("lang", ["en", "ur", "fa_AF"])
def test_write_each_target_in_pdf_docx_txt(profile, tmp_path, target, lang):
    result = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            target,
            "--lang",
            lang,
            "--out",
            str(tmp_path),
            "--date",
            "2024-01-20",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    stem = tmp_path / f"pakistan-deportations-{target}-{lang}"
    subject = SUBJECTS[lang]

    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    assert subject in text and "Amina Rahimi" in text

    pdf = pdf_text(stem.with_suffix(".pdf"))
    flat = " ".join(pdf.split())
    assert subject in flat, flat[:500]
    assert "Amina Rahimi" in flat
    assert "UNHCR" in flat  # the acronym reads forwards, in every language
    assert "RCHNU" not in flat

    paragraphs = docx_paragraphs(stem.with_suffix(".docx"))
    texts = [t for _, t in paragraphs]
    assert any(subject in t for t in texts)
    styles = {s for s, _ in paragraphs if s}
    assert len(styles) >= 5, styles  # named paragraph styles, not direct formatting
    body = "\n".join(texts)
    assert "UNHCR" in body and "Amina Rahimi" in body


@needs_poppler
def test_write_an_envelope_for_the_letter(profile, tmp_path):
    result = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--format",
            "envelope",
            "--envelope",
            "C5",
            "--out",
            str(tmp_path),
            "--date",
            "2024-01-20",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "pakistan-deportations-pm-ur.envelope.pdf"
    text = pdf_text(pdf)
    assert "ISLAMABAD" in text and "عزت مآب انوار الحق کاکڑ" in text and "Amina Rahimi" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and round(float(size.group(1)) / 72 * 25.4) == 229  # C5 lies landscape


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("target_id", ["pm", "ambassador-us"])
def test_every_channel_a_target_has_gets_its_output(profile, tmp_path, target_id, lang):
    """Email for targets with an address, fax for those with a number, letter and envelope for
    post: decided by the bundled campaign's data, not by the test."""
    from email import policy
    from email.parser import BytesParser

    from letterkit.campaign import load_campaign

    target = load_campaign("pakistan-deportations").target(target_id)
    channels = target.channels()
    formats = [
        f
        for f, c in (("eml", "email"), ("fax", "fax"), ("pdf", "post"), ("envelope", "post"))
        if c in channels
    ]
    result = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            target_id,
            "--lang",
            lang,
            "--format",
            ",".join(formats),
            "--attach",
            "--out",
            str(tmp_path),
            "--date",
            "2024-01-20",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    stem = tmp_path / f"pakistan-deportations-{target_id}-{lang}"
    subject = SUBJECTS[lang]
    if "email" in channels:
        message = BytesParser(policy=policy.default).parse(stem.with_suffix(".eml").open("rb"))
        assert message["To"].addresses[0].addr_spec == target.email
        assert message["Subject"] == subject
        body = message.get_body(("plain",)).get_content()
        assert "UNHCR" in body
        attachment = next(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content().startswith(b"%PDF")
        assert "mailto:" + target.email in result.stdout
    if "fax" in channels:
        assert subject in " ".join(pdf_text(Path(f"{stem}.fax.pdf")).split())
    if "post" in channels:
        envelope = pdf_text(Path(f"{stem}.envelope.pdf"))
        assert target.field_in("name", lang) in envelope
        assert target.address.city.upper() in envelope


@needs_poppler
def test_urdu_is_offered_in_naskh_as_well_as_nastaliq(profile, tmp_path):
    def fonts(pdf: Path) -> str:
        return subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout

    def cs_fonts(docx: Path) -> set[str]:
        with zipfile.ZipFile(docx) as archive:
            xml = (
                archive.read("word/styles.xml").decode()
                + archive.read("word/document.xml").decode()
            )
        return set(re.findall(r'w:cs="([^"]+)"', xml))

    base = [
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "ur",
        "--format",
        "pdf,docx",
        "--date",
        "2024-01-20",
    ]
    assert runner.invoke(app, [*base, "--out", str(tmp_path / "a")]).exit_code == 0
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "b"), "--font", "naskh"])
    assert result.exit_code == 0, result.output
    stem = "pakistan-deportations-pm-ur"
    default, naskh = fonts(tmp_path / "a" / f"{stem}.pdf"), fonts(tmp_path / "b" / f"{stem}.pdf")
    assert "NotoNastaliqUrdu" in default
    assert "NotoNastaliqUrdu" not in naskh and "NotoNaskhArabic" in naskh
    assert "Noto Nastaliq Urdu" in cs_fonts(tmp_path / "a" / f"{stem}.docx")
    assert "Noto Nastaliq Urdu" not in cs_fonts(tmp_path / "b" / f"{stem}.docx")
    bad = runner.invoke(app, [*base, "--out", str(tmp_path / "c"), "--font", "comic"])
    assert bad.exit_code == 2 and "nastaliq" in bad.stderr
