"""The letter in another language that says what the letter sent says: each variant passage
(``one_of``) as the sent letter chose it, and a note of what it is as its first paragraph. A
reference copy to read (:func:`letterkit.letters.reference_letter`) and the translation of a
bilingual document (:mod:`letterkit.bilingual`) are such letters.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .campaign import Campaign, Target
from .compose import compose_letter, render_letter_text
from .model import Letter
from .sender import Sender

__all__ = ["marked_letter"]


def marked_letter(
    campaign: Campaign,
    target: Target,
    sender: Sender,
    language: str,
    sent_in: str,
    note: str,
    title: str,
    **compose: Any,
) -> Letter:
    """The letter in ``language`` that says what the letter in ``sent_in`` says (each variant
    passage as that letter chose it), ``note`` (translated; ``{language}`` and ``{sent_in}``
    filled in) as its first paragraph, ``(title)`` after its document title."""
    from .locales import LOCALES, translate
    from .model import Paragraph, Span

    sent = render_letter_text(
        campaign, target, sender, sent_in, row=compose.get("row"), today=compose.get("today")
    )
    letter = compose_letter(
        campaign, target, sender, language=language, follow=sent.variants, **compose
    )
    said = translate(language, note).format(
        language=LOCALES[language].english_name, sent_in=LOCALES[sent_in].english_name
    )
    return replace(
        letter,
        body=(Paragraph((Span(said, italic=True),)), *letter.body),
        meta=replace(letter.meta, title=f"{letter.meta.title} ({title})"),
    )
