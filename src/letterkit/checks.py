"""``letterkit check``: everything that can be verified about a campaign before anyone writes.

Loading already validates the schema. Here every letter template is rendered for every target,
with a full and a safe-mode sample sender, and the finished text is checked against the fonts
chosen for its language, so that a gap shows up as an error now rather than as a box in a letter
sent to an official.
"""

from __future__ import annotations

import datetime as _dt

from .campaign import Campaign
from .compose import compose_letter
from .errors import LetterkitError
from .model import Letter
from .sender import Sender, make_sender


def sample_sender(*, safe: bool = False) -> Sender:
    """The supporter every template is checked with (``safe``: in safe mode)."""
    return make_sender(
        name="Sample Supporter",
        street="1 Sample Street",
        city="Sampletown",
        postal_code="12345",
        country="DE",
        email="sample@example.org",
        phone="+49 30 000000",
        language="en",
        safe=safe,
    )


def letter_text(letter: Letter) -> str:
    """All text a reader sees in the letter, for coverage checks."""
    parts = [
        *letter.sender.lines,
        *letter.recipient.lines,
        letter.dateline,
        letter.subject,
        letter.salutation,
        *letter.plain_blocks(),
        letter.closing,
        *letter.signature,
        letter.reference,
    ]
    labels = letter.labels
    parts += [labels.subject, labels.reference, labels.page]
    parts += list(letter.addressees)
    if letter.signatory_list is not None:
        roster = letter.signatory_list
        parts += [roster.heading, roster.counts, *(g.heading for g in roster.groups)]
        parts += [
            f"{s.number} {s.name} {s.name_local} {s.organisation} {s.place}" for s in roster.members
        ]
    return "\n".join(p for p in parts if p)


def open_letters(campaign: Campaign, today: _dt.date | None = None) -> list[Letter]:
    """An open letter in each of its languages, with its own signatory list (or a sample of an
    organisation, a person and an anonymous signatory when it has none)."""
    from .openletter.letter import ListOptions, compose_open_letter
    from .openletter.signatories import SignatoryRow, read_signatories

    file = campaign.signatories_file
    rows = (
        read_signatories(file)
        if file is not None
        else [
            SignatoryRow(2, "Sample Organisation", country="DE"),
            SignatoryRow(3, "Sample Person", kind="individual", affiliation="Sample Organisation"),
            SignatoryRow(4, "", kind="individual", anonymous=True),
        ]
    )
    return [
        compose_open_letter(
            campaign,
            rows,
            language=code,
            today=today,
            options=ListOptions(sort="name", group=True, columns=2),
        )
        for code in campaign.languages
    ]


def check_campaign(campaign: Campaign, *, today: _dt.date | None = None) -> list[str]:
    """Problems found, one line each (empty: the campaign is sound): every template rendered
    for every target with a full and a safe-mode sender (an open letter: in every language with
    its signatories), then :func:`font_gaps`."""
    problems: list[str] = []
    day = today or _dt.date.today()
    if campaign.is_open_letter:
        try:
            open_letters(campaign, day)
        except LetterkitError as exc:
            problems.append(str(exc))
    senders = [sample_sender(), sample_sender(safe=True)]
    for language in campaign.languages:
        for target in campaign.targets:
            for sender in senders:
                try:
                    compose_letter(campaign, target, sender, language=language, today=day)
                except LetterkitError as exc:
                    problems.append(str(exc))
    problems += font_gaps(campaign=campaign)
    from .translation.targets import local_name_problems

    problems += local_name_problems(campaign)
    return list(dict.fromkeys(problems))  # a template error shows once, not per target


def font_gaps(
    languages: list[str] | None = None,
    campaign: Campaign | None = None,
    *,
    family: str | None = None,
) -> list[str]:
    """``letterkit fonts check``: gaps in each locale's alphabet and in each letter template.

    Checks every character of each locale's alphabet (all locales, or ``languages``) and, for a
    campaign, every character of each letter template and of the letters composed from it,
    against the faces the PDF engine would choose, in regular and bold.
    """
    from .fonts import alphabet, check_coverage
    from .locales import LOCALES, normalize_code

    problems: list[str] = []
    codes = [normalize_code(x) for x in languages] if languages else None
    if campaign is not None:
        codes = codes or list(campaign.languages)
    for code in codes or list(LOCALES):
        sources: list[tuple[str, str]] = [(f"the {code} alphabet", alphabet(code))]
        if campaign is not None and code in campaign.letters:
            path = campaign.letters[code]
            sources.append((str(path), path.read_text(encoding="utf-8")))
            if campaign.is_open_letter:
                try:
                    sources += [
                        (f"{path} (open letter)", letter_text(letter))
                        for letter in open_letters(campaign)
                        if letter.language == code
                    ]
                except LetterkitError as exc:
                    problems.append(str(exc))
            sender = sample_sender()
            for target in campaign.targets:
                try:
                    letter = compose_letter(campaign, target, sender, language=code)
                except LetterkitError as exc:
                    problems.append(str(exc))
                    continue
                sources.append((f"{path} for {target.id}", letter_text(letter)))
        for where, text in sources:
            for bold in (False, True):
                missing = check_coverage(text, code, family, bold=bold)
                if missing:
                    style = "bold" if bold else "regular"
                    shown = ", ".join(str(m) for m in missing[:6])
                    more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
                    problems.append(f"{where}: no {style} font for {code!r} can draw {shown}{more}")
    return problems
