"""letterkit: compose letters to officials for advocacy campaigns, and write them as PDF, DOCX,
plain text, email or fax — correct in right-to-left scripts such as Urdu, Dari and Pashto.

The command line is a thin client of this library; everything it does can be called from
Python::

    from letterkit import load_campaign, make_sender, compose_letter, render

    campaign = load_campaign("pakistan-deportations")  # bundled id or a folder path
    sender = make_sender(name="Amina Rahimi", city="Berlin", country="DE")
    letter = compose_letter(campaign, "pm", sender, language="ur")
    pdf_bytes = render(letter, "pdf")  # or "docx", "txt", "eml", "fax"

See ``docs/api.md`` for the whole API.
"""

from __future__ import annotations

from ._version import __version__
from .address import PostalAddress, format_postal
from .campaign import Campaign, Target, bundled_campaigns, load_campaign
from .checks import check_campaign
from .compose import LanguageChoice, choose_language, compose_letter, render_letter_text
from .errors import (
    CampaignError,
    ChoiceError,
    ConfigError,
    DataError,
    DeliveryError,
    ExitStatus,
    FontCoverageError,
    LetterkitError,
    OutputError,
    TemplateError,
)
from .letters import WrittenLetter, write_letter
from .locales import LOCALES, format_date, format_number, locale_info
from .model import Labels, Letter, ListBlock, Meta, Paragraph, Party, Signatory, Span
from .output import FORMATS, RenderOptions, parse_formats, render, write
from .sender import Sender, load_sender, make_sender, save_sender

__all__ = [
    "FORMATS",
    "LOCALES",
    "Campaign",
    "CampaignError",
    "ChoiceError",
    "ConfigError",
    "DataError",
    "DeliveryError",
    "ExitStatus",
    "FontCoverageError",
    "Labels",
    "LanguageChoice",
    "Letter",
    "LetterkitError",
    "ListBlock",
    "Meta",
    "OutputError",
    "Paragraph",
    "Party",
    "PostalAddress",
    "RenderOptions",
    "Sender",
    "Signatory",
    "Span",
    "Target",
    "TemplateError",
    "WrittenLetter",
    "__version__",
    "bundled_campaigns",
    "check_campaign",
    "choose_language",
    "compose_letter",
    "format_date",
    "format_number",
    "format_postal",
    "load_campaign",
    "load_sender",
    "locale_info",
    "make_sender",
    "parse_formats",
    "render",
    "render_letter_text",
    "save_sender",
    "write",
    "write_letter",
]
