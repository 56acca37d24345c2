"""The letter as one structured document.

Composing a letter (see :mod:`letterkit.compose`) produces a :class:`Letter`; every writer (PDF,
DOCX, plain text, email, fax) renders exactly this model and nothing else, so the formats cannot
drift apart. The model holds only finished, localized text: writers never translate, format dates
or look anything up. Plain frozen dataclasses, no I/O.

Text in the model is *logical order* Unicode, exactly as a person would type it. Bidirectional
reordering and shaping are the writers' business (the PDF text engine, or Word/LibreOffice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .address import PostalAddress

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class Span:
    """A piece of inline text with emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: a sequence of spans, wrapped by the writer."""

    spans: Inline

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class ListBlock:
    """A numbered (``ordered``) or bulleted list; each item is inline text."""

    ordered: bool
    items: tuple[Inline, ...]
    start: int = 1


Block = Paragraph | ListBlock


@dataclass(frozen=True)
class Party:
    """A sender or recipient as printed: ``lines`` are the finished address-block lines.

    ``name`` is the person or office as it stands on the first line; ``address`` keeps the
    structured postal address for envelopes and labels (``None`` when withheld for safety).
    """

    name: str
    lines: tuple[str, ...]
    address: PostalAddress | None = None
    email: str = ""
    phone: str = ""
    fax: str = ""
    organisation: str = ""
    position: str = ""


@dataclass(frozen=True)
class Signatory:
    """One name on a sign-on letter's list of signatories."""

    name: str
    organisation: str = ""
    place: str = ""
    language: str = ""  # locale of the name, when it differs from the letter's (e.g. "fa")
    number: str = ""  # the list number as printed, in the letter's digits ("12." or "۱۲.")
    name_local: str = ""  # the name in its own script, printed after ``name`` when it differs


@dataclass(frozen=True)
class SignatoryGroup:
    """A run of a sign-on list under one heading ("Organisations"; ``""``: no heading)."""

    heading: str
    members: tuple[Signatory, ...]


@dataclass(frozen=True)
class SignatoryList:
    """An open letter's list of signatories as printed after the letter.

    ``counts`` is the finished cover line ("51 organisations, 3 individuals"); ``columns`` is 1
    or 2 (right-to-left letters flow their columns from the right).
    """

    heading: str
    counts: str
    groups: tuple[SignatoryGroup, ...]
    columns: int = 1

    @property
    def members(self) -> tuple[Signatory, ...]:
        return tuple(m for g in self.groups for m in g.members)


@dataclass(frozen=True)
class Labels:
    """Localized boilerplate printed around the letter, already translated by gettext.

    Strings with ``{placeholders}`` are filled by the writers with ``str.format``.
    """

    subject: str = "Subject:"
    reference: str = "Ref.:"
    page: str = "Page {page} of {pages}"
    continuation: str = "{recipient} · {date}"
    enclosures: str = "Enclosures:"
    cc: str = "Copy to:"
    signatories: str = "Signed by:"
    to: str = "To:"
    from_: str = "From:"
    date: str = "Date:"


def labels_for(code: str) -> Labels:
    """The letter boilerplate translated into ``code`` (``letterkit.locales.label_texts``)."""
    from .locales import label_texts

    return Labels(**label_texts(code))


@dataclass(frozen=True)
class Meta:
    """Document metadata for PDF/DOCX properties and for reports."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = ()
    campaign_id: str = ""
    target_id: str = ""
    generator: str = "letterkit"


@dataclass(frozen=True)
class Letter:
    """One finished letter, ready for any writer.

    ``language`` is a letterkit locale code (``"en"``, ``"ur"``, ``"fa_AF"``…); ``direction`` is
    the base direction of the whole letter. ``date`` is the localized date line (it may already
    hold a second calendar, e.g. Solar Hijri beside Gregorian). ``signature`` holds the lines
    printed under the closing (name, and town when the sender signs with initials only).
    """

    language: str
    direction: Direction
    sender: Party
    recipient: Party
    date: str
    subject: str
    salutation: str
    body: tuple[Block, ...]
    closing: str
    signature: tuple[str, ...]
    meta: Meta
    labels: Labels = field(default_factory=Labels)
    reference: str = ""
    place: str = ""  # the sender's town, printed before the date where customary
    enclosures: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    # an open letter: addressees listed at its head instead of a window address, and its
    # numbered list of signatories after the signature
    addressees: tuple[str, ...] = ()
    signatory_list: SignatoryList | None = None
    date_iso: str = ""  # the Gregorian date, ISO 8601, for machines (file names, reports)
    digits: str = "latn"  # digits for the numbers writers add (list and page numbers): latn,
    # arabext (۱۲۳, Persian/Dari/Pashto/Urdu) or arab (١٢٣); compose sets the locale's choice

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def dateline(self) -> str:
        """Place and date as printed: ``"Berlin, 24 November 2026"`` (Arabic comma in RTL)."""
        if not self.place:
            return self.date
        # In RTL, a right-to-left mark after the comma keeps a Latin town name from pulling
        # the date's digits over to its side.
        comma = "،\u200f " if self.is_rtl else ", "
        return f"{self.place}{comma}{self.date}"

    def plain_blocks(self) -> list[str]:
        """Body blocks as plain text lines (list items prefixed), for quick checks and email."""
        out: list[str] = []
        for block in self.body:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                for item in block.items:
                    out.append("".join(s.text for s in item))
        return out
