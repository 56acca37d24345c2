"""Compose a letter: campaign + target + sender (+ data row) → :class:`~letterkit.model.Letter`.

One module per job:

* :mod:`.language` — which language the letter is in, and why;
* :mod:`.front_matter` — a template file: TOML front matter between ``+++`` lines, then the body;
* :mod:`.sandbox` — the sandboxed Jinja2 environment (strict, with
  :mod:`letterkit.template_limits`) that escapes every value a template prints;
* :mod:`.template` — what a template sees, and the rendered :class:`LetterText`;
* :mod:`.markdown` — the body's Markdown subset → paragraphs and lists;
* :mod:`.assembly` — the letter itself: parties, date line, labels (:func:`compose_letter`);
* :mod:`.edit` — the ``--edit`` round trip.
"""

from __future__ import annotations

from .assembly import (
    compose_letter,
    default_closing,
    default_salutation,
    recipient_party,
    sender_party,
)
from .edit import letter_text_for_editing, parse_edited
from .front_matter import FRONT_MATTER, ParsedTemplate, split_front_matter
from .language import LanguageChoice, choose_language
from .markdown import parse_body, parse_inline
from .template import LetterText, Variants, render_letter_text, template_context

__all__ = [
    "FRONT_MATTER",
    "LanguageChoice",
    "LetterText",
    "ParsedTemplate",
    "Variants",
    "choose_language",
    "compose_letter",
    "default_closing",
    "default_salutation",
    "letter_text_for_editing",
    "parse_body",
    "parse_edited",
    "parse_inline",
    "recipient_party",
    "render_letter_text",
    "sender_party",
    "split_front_matter",
    "template_context",
]
