"""Previews for translators and reviewers: a letter per locale, rendered to PNG.

Each locale's letter comes from the bundled example campaign where it has one (en, ur, fa_AF)
and otherwise from ``templates/testletters/<code>.md.j2``, addressed to the example campaign's
first target from a fictional sender. The PNG is rasterized from the real PDF letter with
PDFium (pypdfium2), so it shows exactly what a printed letter shows.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path

from .campaign import Campaign, load_campaign
from .compose import compose_letter
from .errors import ChoiceError
from .fileio import write_atomic
from .locales import LOCALES, normalize_code
from .model import Letter
from .resources import templates_dir
from .sender import Sender, make_sender

EXAMPLE_CAMPAIGN = "pakistan-deportations"


def preview_sender(language: str) -> Sender:
    """The sender of every preview letter, writing in ``language``."""
    return make_sender(
        name="Amina Rahimi",
        street="12 Example Street",
        city="Berlin",
        postal_code="10115",
        country="DE",
        email="amina@example.org",
        language=language,
    )


def test_letter_path(code: str) -> Path:
    return templates_dir() / "testletters" / f"{code}.md.j2"


def preview_campaign() -> Campaign:
    """The example campaign, with a test letter added for every locale it has no letter in."""
    campaign = load_campaign(EXAMPLE_CAMPAIGN)
    letters = dict(campaign.letters)
    for code in LOCALES:
        path = test_letter_path(code)
        if not path.is_file():  # a pseudo-locale: `letterkit locale pseudo` wrote its letter
            path = templates_dir() / "pseudo" / f"{code}.md.j2"
        if code not in letters and path.is_file():
            letters[code] = path
    return dataclasses.replace(campaign, letters=letters)


def preview_letter(
    code: str, *, today: _dt.date | None = None, sender: Sender | None = None
) -> Letter:
    campaign = preview_campaign()
    normalized = normalize_code(code)
    if normalized not in campaign.letters:
        raise ChoiceError(
            f"no preview letter for {code!r}; available: " + ", ".join(sorted(campaign.letters))
        )
    who = sender or preview_sender(normalized)
    return compose_letter(campaign, campaign.targets[0], who, language=normalized, today=today)


def pdf_to_png(pdf: bytes, *, page: int = 0, dpi: int = 72) -> bytes:
    """One page of a PDF as PNG bytes (PDFium, no system tools needed)."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


def write_previews(
    out_dir: Path,
    languages: list[str] | None = None,
    *,
    dpi: int = 72,
    today: _dt.date | None = None,
    force: bool = False,
) -> list[Path]:
    """``preview-<code>.png`` (first page) for each locale; returns the files written."""
    from .output import render

    codes = [normalize_code(c) for c in languages] if languages else list(LOCALES)
    written = []
    for code in codes:
        letter = preview_letter(code, today=today)
        png = pdf_to_png(render(letter, "pdf"), dpi=dpi)
        written.append(write_atomic(Path(out_dir) / f"preview-{code}.png", png, force=force))
    return written


def page_count_of(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def write_campaign_previews(
    campaign_ref: str | Path,
    out_dir: Path,
    languages: list[str] | None = None,
    *,
    dpi: int = 72,
    today: _dt.date | None = None,
    force: bool = False,
) -> list[Path]:
    """For each language (default: every letter of the campaign) and each target, the letter
    for a sample sender as ``<campaign>-<lang>-<target>.pdf`` and one PNG per page
    (``...-p1.png``); returns the files written."""
    from .output import render

    campaign = load_campaign(campaign_ref)
    codes = [normalize_code(c) for c in languages] if languages else list(campaign.letters)
    written: list[Path] = []
    for code in codes:
        if code not in campaign.letters:
            raise ChoiceError(
                f"campaign {campaign.id!r} has no {code} letter; it has: "
                + ", ".join(campaign.letters)
            )
        for target in campaign.targets:
            letter = compose_letter(
                campaign, target, preview_sender(code), language=code, today=today
            )
            pdf = render(letter, "pdf")
            stem = f"{campaign.id}-{code}-{target.id}"
            written.append(write_atomic(Path(out_dir) / f"{stem}.pdf", pdf, force=force))
            for page in range(page_count_of(pdf)):
                png = pdf_to_png(pdf, page=page, dpi=dpi)
                written.append(
                    write_atomic(Path(out_dir) / f"{stem}-p{page + 1}.png", png, force=force)
                )
    return written
