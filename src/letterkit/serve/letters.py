"""Compose a supporter's letter from the form: in the official's language, and beside it in the
supporter's own when the campaign has it; their own sentence becomes a plain-text paragraph."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

from .. import Campaign, Letter, Target, compose_letter, make_sender, render
from ..locales import list_marker
from ..model import ListBlock, Paragraph, Span
from ..preview import pdf_to_png
from .printing import PDFIUM_LOCK


def official_language(campaign: Campaign, target: Target) -> str:
    for code in target.languages:
        if code in campaign.letters:
            return code
    return campaign.default_language


def compose(
    campaign: Campaign,
    target: Target,
    *,
    name: str,
    city: str,
    country: str,
    safe: bool,
    sentence: str,
    language: str,
    ui_language: str,
    day: _dt.date,
) -> Letter:
    sender = make_sender(
        name=name, city=city, country=country, language=ui_language, safe=safe, source="form"
    )
    letter = compose_letter(campaign, target, sender, language=language, today=day, safe=safe)
    if sentence.strip():
        own = Paragraph(spans=(Span(" ".join(sentence.split())),))
        letter = dataclasses.replace(letter, body=letter.body + (own,))
    return letter


def first_page_png(letter: Letter, dpi: int = 60) -> bytes:
    pdf = render(letter, "pdf")
    with PDFIUM_LOCK:
        return pdf_to_png(pdf, dpi=dpi)


@dataclass(frozen=True)
class ReadingView:
    """A letter for reading on screen: its parts as plain text (the page escapes them)."""

    language: str
    direction: str
    recipient: tuple[str, ...]
    date: str
    subject: str
    salutation: str
    # ("p", (text,)) or ("ol"/"ul", items); an "ol" item starts with its number
    blocks: tuple[tuple[str, tuple[str, ...]], ...]
    closing: str
    signature: tuple[str, ...]


def reading_view(letter: Letter) -> ReadingView:
    blocks: list[tuple[str, tuple[str, ...]]] = []
    for block in letter.body:
        if isinstance(block, ListBlock):
            items = tuple("".join(span.text for span in item) for item in block.items)
            if block.ordered:  # the numbers as the letter prints them (a browser's are 1. 2.)
                items = tuple(
                    f"{list_marker(number, letter.language, digits=letter.digits)} {item}"
                    for number, item in enumerate(items, start=block.start)
                )
            blocks.append(("ol" if block.ordered else "ul", items))
        else:
            blocks.append(("p", (block.text,)))
    return ReadingView(
        letter.language.replace("_", "-"),
        letter.direction,
        letter.recipient.lines,
        letter.date,
        letter.subject,
        letter.salutation,
        tuple(blocks),
        letter.closing,
        letter.signature,
    )
