"""One document in two languages: the letter in the official's language first, then its
translation into the sender's, marked as a translation (``write --bilingual``).

The two letters are composed and rendered as usual and joined: a PDF's pages one after the other
(pypdf; each part keeps its own page numbers), a text file's with a rule between them. The
translation's first paragraph says what it is, in its own language.
"""

from __future__ import annotations

import io
from typing import Any

from .campaign import Campaign, Target
from .model import Letter
from .sender import Sender

__all__ = ["BILINGUAL_FORMATS", "join_rendered", "translation_letter"]

# the formats one bilingual document is made in; others keep a separate copy to read
BILINGUAL_FORMATS = ("pdf", "txt")
TEXT_RULE = "\n\n" + "—" * 24 + "\n\n"


def translation_letter(
    campaign: Campaign, target: Target, sender: Sender, language: str, sent_in: str, **compose: Any
) -> Letter:
    """The letter in ``language``, each variant passage as the letter in ``sent_in`` chose it,
    its first paragraph marking it as the translation of that letter."""
    from .parallel_letter import marked_letter

    return marked_letter(
        campaign,
        target,
        sender,
        language,
        sent_in,
        "Translation into {language} of the letter above, which is in {sent_in}; the letter "
        "in {sent_in} is the original.",
        "translation",
        **compose,
    )


def join_rendered(format_name: str, original: bytes, translation: bytes) -> bytes:
    """The original's pages or text, then the translation's."""
    if format_name == "txt":
        return original.rstrip(b"\n") + TEXT_RULE.encode() + translation
    if format_name != "pdf":
        raise ValueError(f"no bilingual {format_name}")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    first = PdfReader(io.BytesIO(original))
    for reader in (first, PdfReader(io.BytesIO(translation))):
        for page in reader.pages:
            writer.add_page(page)
    if first.metadata:
        writer.add_metadata({k: str(v) for k, v in first.metadata.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
