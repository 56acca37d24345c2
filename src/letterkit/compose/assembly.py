"""Compose a letter: campaign + target + sender (+ data row) → :class:`~letterkit.model.Letter`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from ..address import PostalAddress, format_postal
from ..campaign import Campaign, Target
from ..locales import format_date_line, locale_info, localize_digits, translate
from ..model import Letter, Meta, Party, labels_for
from ..sender import Sender
from .language import choose_language
from .markdown import parse_body
from .template import LetterText, render_letter_text


def default_salutation(target: Target, language: str) -> str:
    name = target.field_in("name", language)
    honorific = target.field_in("honorific", language)
    template = translate(language, "Dear {honorific} {name},")
    return " ".join(template.format(honorific=honorific, name=name).split())


def default_closing(language: str) -> str:
    return translate(language, "Yours sincerely,")


def sender_party(sender: Sender, language: str, recipient_country: str) -> Party:
    if sender.safe:
        # Town and country only: they decide paper, layout and envelope, and reveal no home.
        lines = tuple(x for x in (sender.initials, sender.city) if x)
        town = PostalAddress(city=sender.city, country=sender.country)
        return Party(name=sender.initials, lines=lines, address=town)
    lines = format_postal(
        sender.address,
        recipient=(sender.name,),
        sender_country=recipient_country,
        posted_in=sender.country,
    )
    return Party(
        name=sender.name,
        lines=lines,
        address=sender.address,
        email=sender.email,
        phone=sender.phone,
    )


def recipient_party(target: Target, language: str, sender_country: str) -> Party:
    """The recipient block: name lines in the letter's language, the postal lines as the
    destination's post writes them, and a foreign country line as the post of the sender's
    country reads it (see :func:`letterkit.address.postal_country_line`)."""
    honorific = target.field_in("honorific", language)
    name = target.field_in("name", language)
    heading = tuple(
        line
        for line in (
            f"{honorific} {name}".strip(),
            target.field_in("position", language),
            target.field_in("organisation", language),
        )
        if line
    )
    lines = format_postal(target.address, recipient=heading, sender_country=sender_country)
    return Party(
        name=f"{honorific} {name}".strip(),
        lines=lines,
        address=target.address,
        email=target.email,
        phone=target.phone,
        fax=target.fax,
        organisation=target.field_in("organisation", language),
        position=target.field_in("position", language),
    )


def compose_letter(
    campaign: Campaign,
    target: Target | str,
    sender: Sender,
    *,
    language: str | None = None,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
    safe: bool | None = None,
    text: LetterText | None = None,
    digits: str | None = None,
    calendars: Sequence[str] | None = None,
    follow: Mapping[str, int] | None = None,
) -> Letter:
    """Compose one letter. ``text`` replaces the rendered template (e.g. after ``--edit``);
    ``follow`` takes the variant passages another letter chose (a reference copy's).

    ``digits`` (``latn``, ``arabext``, ``arab``) and ``calendars`` (e.g. ``("gregorian",)`` or
    ``("solar_hijri", "gregorian")``) override the locale's defaults for numbers and the date."""
    if isinstance(target, str):
        target = campaign.target(target)
    sender = sender.with_safety(safe)
    code = choose_language(campaign, target, sender, language).code
    info = locale_info(code)
    day = today or _dt.date.today()
    if digits is not None:
        localize_digits("", digits)  # an unknown name raises ChoiceError listing the choices
    if text is None:
        text = render_letter_text(
            campaign, target, sender, code, row=row, today=day, digits=digits, follow=follow
        )
    salutation = (
        text.salutation or target.field_in("salutation", code) or default_salutation(target, code)
    )
    signature = (sender.initials, sender.city) if sender.safe else (sender.name,)
    recipient = recipient_party(target, code, sender.country)
    return Letter(
        language=code,
        direction=info.direction,
        sender=sender_party(sender, code, target.address.country),
        recipient=recipient,
        date=format_date_line(day, code, calendars=calendars, digits=digits),
        subject=text.subject,
        salutation=salutation,
        body=parse_body(text.body),
        closing=text.closing or default_closing(code),
        signature=tuple(x for x in signature if x),
        meta=Meta(
            title=text.subject,
            author=sender.initials if sender.safe else sender.name,
            subject=f"{campaign.reference} {campaign.title}".strip(),
            keywords=tuple(x for x in (campaign.reference, campaign.id, target.id) if x),
            campaign_id=campaign.id,
            target_id=target.id,
        ),
        labels=labels_for(code),
        reference=campaign.reference,
        place=sender.city,
        date_iso=day.isoformat(),
        digits=digits or info.digits,
    )
