"""The seed-004 open letter as DOCX, opened by LibreOffice (converted to PDF and read back with
poppler): every name there, numbered, the list in a two-column section (right-to-left for
Dari), and the page count."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from letterkit.campaign import load_campaign
from letterkit.openletter.letter import ListOptions, compose_open_letter
from letterkit.openletter.signatories import read_signatories
from letterkit.output import render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CAMPAIGN = "afghan-deportations-open-letter"
SEED_FILE = Path(__file__).parent.parent / "templates" / "campaigns" / CAMPAIGN / "signatories.csv"
CASES = [
    ("en", ListOptions(sort="name", group=True, columns=2)),
    ("fa_AF", ListOptions(sort="name", group=True, columns=2)),
    ("fa_AF", ListOptions(sort="given", columns=1)),
]
_CONTROLS = re.compile("[\\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def letter_for(lang: str, options: ListOptions):
    return compose_open_letter(
        load_campaign(CAMPAIGN),
        read_signatories(SEED_FILE),
        language=lang,
        options=options,
        today=dt.date(2025, 8, 12),
    )


def test_docx_sections_columns_and_direction():
    for lang, options in CASES:
        data = render(letter_for(lang, options), "docx")
        xml = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml").decode()
        sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)
        assert len(sections) == 2  # the letter, then the list (continuous)
        assert '<w:type w:val="continuous"/>' in sections[1]
        cols = '<w:cols w:num="2"' if options.columns == 2 else '<w:cols w:space="720"/>'
        assert cols in sections[1]
        assert ("<w:bidi/>" in sections[1]) == (lang == "fa_AF")
        assert xml.count('w:val="LetterSignatory"') == 51


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are needed to look at the DOCX",
)
def test_libreoffice_shows_every_name_numbered(tmp_path):
    docs = []
    for i, (lang, options) in enumerate(CASES):
        path = tmp_path / f"{i}-{lang}.docx"
        path.write_bytes(render(letter_for(lang, options), "docx"))
        docs.append(path)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, docs),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    for i, (lang, options) in enumerate(CASES):
        pdf = tmp_path / f"{i}-{lang}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {pdf.name}"
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # LibreOffice's PDF interleaves the two columns' lines in poppler's text, and a
        # wrapped name's number stands between its lines: every word of every name must be
        # there (a word split by the script boundary, "VPO-سازمان", on either side of it)
        words = set(_CONTROLS.split(unicodedata.normalize("NFC", text)))
        letter = letter_for(lang, options)
        assert letter.signatory_list is not None
        members = letter.signatory_list.members
        pieces = [re.findall("[\u0600-\u06ff\u200c]+|[^\u0600-\u06ff\u200c]+", w) for w in words]
        known = words | {p for ps in pieces for p in ps}
        found = [
            m
            for m in members
            if all(
                p in known or any(p in x for x in known)
                for w in m.name.split()
                for p in re.findall("[\u0600-\u06ff\u200c]+|[^\u0600-\u06ff\u200c]+", w)
            )
        ]
        assert len(found) == len(members) == 51
        digits = "0123456789" if lang == "en" else "۰۱۲۳۴۵۶۷۸۹"
        numbers = set(re.findall(f"[{digits}]+", text))
        wanted = {str(n).translate(str.maketrans("0123456789", digits)) for n in range(1, 52)}
        assert wanted <= numbers
        pages = int(
            re.search(
                r"Pages:\s+(\d+)",
                subprocess.run(
                    ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
                ).stdout,
            ).group(1)
        )
        # as many pages as the PDF of the same letter: the DOCX sets the list with the PDF's
        # type size, line pitch and indent, and the closing does not pull the list's heading
        from letterkit.pdf.letter import page_count

        pdf_pages = page_count(letter)
        assert pages == pdf_pages, (lang, options, pages, pdf_pages)
        if lang == "en":  # the headings stand on the page where the list starts
            per_page = [
                " ".join(
                    subprocess.run(
                        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout.split()
                )
                for n in range(1, pages + 1)
            ]
            roster = letter.signatory_list
            first = roster.groups[0]
            start, heading, group = (
                next(i for i, page in enumerate(per_page) if text in page)
                for text in (first.members[0].name, roster.heading, first.heading)
            )
            assert heading == group == start, (heading, group, start)
        assert pages >= 2
