"""Letterhead .docx files for the tests, made as a group would make them (python-docx here;
LibreOffice's own save in the tests that need one)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

GROUP = "LEEDS REFUGEE SUPPORT GROUP"
FOLLOWING = "Leeds Refugee Support Group, continued"
ADDRESS = "12 Chapel Street, Leeds LS1 4AB · Registered charity 123456"


def logo_png(colour: tuple[int, int, int] = (20, 90, 160)) -> bytes:
    """A 300×120 px logo: a filled block with a white bar (ink a renderer cannot miss)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 120), colour)
    ImageDraw.Draw(image).rectangle((30, 50, 270, 70), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_docx_letterhead(
    path: Path,
    *,
    logo_mm: float = 12.0,
    first_page: bool = True,
    extra_lines: int = 0,
    floating_in_window: bool = False,
) -> Path:
    """A letterhead: a header with the logo and the group's name, a footer with its address;
    with ``first_page`` a distinct first page (pages 2+ carry a short header line)."""
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.header_distance = Mm(8)
    section.different_first_page_header_footer = first_page
    header = section.first_page_header if first_page else section.header
    run = header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(logo_png()), height=Mm(logo_mm))
    name = header.add_paragraph().add_run(GROUP)
    name.bold, name.font.size = True, Pt(14)
    for index in range(extra_lines):
        header.add_paragraph(f"Trustee line {index + 1}").runs[0].font.size = Pt(12)
    footer = section.first_page_footer if first_page else section.footer
    footer.paragraphs[0].add_run(ADDRESS).font.size = Pt(8)
    if first_page:
        section.header.paragraphs[0].add_run(FOLLOWING).font.size = Pt(9)
        section.footer.paragraphs[0].add_run(ADDRESS).font.size = Pt(8)
    document.add_paragraph("(letterhead)")
    document.save(str(path))
    if floating_in_window:
        _float_logo(path)
    return path


def _float_logo(path: Path) -> None:
    """Turn the header's inline logo into one floating 70 mm down the page (in a window)."""
    with zipfile.ZipFile(path) as archive:
        items = {name: archive.read(name) for name in archive.namelist()}
    for name, data in items.items():
        if name.startswith("word/header") and b"<wp:inline" in data:
            text = data.decode("utf-8")
            head, rest = text.split("<wp:inline", 1)
            attrs, rest = rest.split(">", 1)
            body, tail = rest.split("</wp:inline>", 1)
            extent, body = body.split("/>", 1)
            namespaces = " ".join(re.findall(r'xmlns:\w+="[^"]*"', attrs))
            anchor = (
                f'<wp:anchor {namespaces} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
                'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
                '<wp:simplePos x="0" y="0"/>'
                '<wp:positionH relativeFrom="page"><wp:posOffset>1080000</wp:posOffset>'
                "</wp:positionH>"
                '<wp:positionV relativeFrom="page"><wp:posOffset>2520000</wp:posOffset>'
                "</wp:positionV>" + extent + "/>" + "<wp:wrapNone/>" + body + "</wp:anchor>"
            )
            items[name] = (head + anchor + tail).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)


def resave_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """``source`` opened and saved again as .docx by LibreOffice (as a user's file would be):
    converted to .odt, then back to .docx."""
    out_dir.mkdir(parents=True, exist_ok=True)
    odt_dir = out_dir / "odt"
    for target, folder, file in (("odt", odt_dir, source), ("docx", out_dir, None)):
        src = file if file is not None else odt_dir / (source.stem + ".odt")
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / (source.stem + ".docx")


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """The DOCX as LibreOffice lays it out, converted to PDF."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out_dir / (docx.stem + ".pdf")
