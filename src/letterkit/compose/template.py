"""Render a campaign's letter template: the values a template sees, and the rendered text."""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..campaign import Campaign, Target
from ..errors import TemplateError
from ..sender import Sender
from ..textclean import plain_line
from .front_matter import read_template
from .sandbox import Fields, render


@dataclass(frozen=True)
class LetterText:
    """A rendered template: plain values, body still in the Markdown subset."""

    subject: str
    salutation: str
    closing: str
    body: str
    source: str  # the template file, for messages
    variants: Mapping[str, int] = field(default_factory=dict)  # passage → alternative chosen


def template_context(
    campaign: Campaign,
    target: Target,
    sender: Sender,
    language: str,
    *,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
    follow: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Everything a letter template can use: ``sender``, ``target``, ``campaign``, ``row``.

    ``follow`` makes ``one_of`` take the alternatives another letter chose (see
    :class:`Variants`)."""
    day = today or _dt.date.today()
    target_fields = {
        "id": target.id,
        "honorific": target.field_in("honorific", language),
        "name": target.field_in("name", language),
        "position": target.field_in("position", language),
        "organisation": target.field_in("organisation", language),
        "country": target.address.country,
        "city": target.address.city,
        "email": target.email,
    }
    campaign_fields = {
        "id": campaign.id,
        "title": campaign.title,
        "reference": campaign.reference,
        "organisation": campaign.organisation,
        "deadline": campaign.deadline,
    }
    values = dict(row or {})
    return {
        "sender": Fields("sender", sender.for_template()),
        "target": Fields("target", target_fields),
        "campaign": Fields("campaign", campaign_fields),
        "row": Fields("row", values),
        "today": day,
        "language": language,
        "one_of": Variants(campaign.id, (sender.name, sender.email, sender.city), follow),
        "personal": lambda name, question="": plain_line(values.get(name, "")),
    }


class Variants:
    """``one_of("opening", "text A", "text B", …)`` in a template: one of the alternatives for a
    passage, the same every time for the same supporter (a stable hash of the campaign, the
    passage's name and the supporter), different from one supporter to the next — personal
    letters, not identical form letters. The request itself stays fixed text in the template.

    A reference copy in another language follows (``follow``) the letter it copies: each passage
    takes the alternative of the same number as the letter (a translation's alternatives
    translate the source's first ones, in order), the first where the letter had a single text.
    ``chosen`` records what was taken.

    >>> pick = Variants("c", ("Amina Rahimi", "", "Berlin"))
    >>> pick("opening", "A", "B", "C") == pick("opening", "A", "B", "C")
    True
    >>> Variants("c", ("Amina Rahimi", "", "Berlin"), follow={"opening": 1})("opening", "A", "B")
    'B'
    """

    def __init__(
        self, campaign: str, who: Sequence[str], follow: Mapping[str, int] | None = None
    ) -> None:
        self._seed = "\x1f".join((campaign, *who))
        self._follow = follow
        self.chosen: dict[str, int] = {}

    def __call__(self, passage: str, *alternatives: str) -> str:
        if not alternatives:
            return ""
        if self._follow is not None:
            index = self._follow.get(passage, 0)
            if index >= len(alternatives):
                index = self._hash(passage) % len(alternatives)
        else:
            index = self._hash(passage) % len(alternatives)
        self.chosen[passage] = index
        return alternatives[index]

    def _hash(self, passage: str) -> int:
        digest = hashlib.sha256(f"{self._seed}\x1f{passage}".encode()).digest()
        return int.from_bytes(digest[:8], "big")


def render_letter_text(
    campaign: Campaign,
    target: Target,
    sender: Sender,
    language: str,
    *,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
    template_path: Path | None = None,
    digits: str | None = None,
    follow: Mapping[str, int] | None = None,
) -> LetterText:
    """Render the campaign's template for ``language`` (values substituted, body as Markdown).

    ``digits`` (``latn``, ``arabext``, ``arab``) overrides the locale's digits in dates and
    numbers the template formats; ``follow`` takes the variant passages another letter chose
    (its :attr:`LetterText.variants`), for a reference copy."""
    path = template_path or campaign.letters[language]
    source = str(path)
    parsed = read_template(path)
    context = template_context(
        campaign, target, sender, language, row=row, today=today, follow=follow
    )

    def front(key: str, required: bool = False) -> str:
        value = parsed.front.get(key, "")
        if not isinstance(value, str):
            raise TemplateError(f"{source}: front matter field '{key}' must be text")
        if not value.strip():
            if required:
                raise TemplateError(f"{source}: front matter field '{key}' is missing")
            return ""
        if "{" not in value:  # no Jinja2 syntax at all (a fixed subject or closing): as is
            return plain_line(value)
        rendered = render(
            "text", language, value, source, context, 1, f"front matter '{key}'", digits
        )
        return plain_line(rendered)

    subject = front("subject", required=True)
    salutation = front("salutation")
    closing = front("closing")
    body = render(
        "markdown", language, parsed.body, source, context, parsed.body_line, "body", digits
    )
    return LetterText(subject, salutation, closing, body, source, dict(context["one_of"].chosen))
