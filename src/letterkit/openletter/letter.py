"""An open (sign-on) letter: the campaign's text, its addressees at the head, and the numbered
list of signatories after it — composed into one :class:`~letterkit.model.Letter` that the PDF,
DOCX and text writers render like any other letter.

The library side of ``letterkit sign-on``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..address import country_name
from ..campaign import Campaign, Target
from ..compose import choose_language, parse_body, render_letter_text
from ..errors import ChoiceError
from ..fileio import refuse_existing, write_atomic
from ..letters import count_letter, safe_file_part
from ..locales import format_date_line, list_marker, locale_info, localize_digits, normalize_code
from ..model import Letter, Meta, Party, Signatory, SignatoryGroup, SignatoryList, labels_for
from ..output import Format, RenderOptions, render
from ..sender import make_sender
from ..tally import counting_enabled
from ..textclean import has_arabic_script
from .duplicates import Duplicate, find_duplicates
from .signatories import SignatoryRow
from .texts import counts_line, words_for

SORTS = ("given", "name")
ADDRESSEES_ID = "addressees"


@dataclass(frozen=True)
class ListOptions:
    """How the signatory list is printed: ``sort`` ``given`` (the file's order) or ``name``
    (alphabetical in the letter's language, ICU collation); ``group``: organisations first,
    then individuals, each under a heading; ``columns``: 1 or 2."""

    sort: str = "given"
    group: bool = False
    columns: int = 1

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ChoiceError(f"--sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.columns not in (1, 2):
            raise ChoiceError(f"--columns must be 1 or 2, not {self.columns!r}")


def _script_language(text: str, letter_language: str) -> str:
    """The locale of a name whose script differs from the letter's ("" when it is the same):
    Arabic script in a Latin letter is taken as Persian, Latin in an Arabic-script one as
    English (for shaping and the DOCX run language only)."""
    arabic = has_arabic_script(text)
    rtl_letter = locale_info(letter_language).is_rtl
    if arabic and not rtl_letter:
        return "fa"
    if not arabic and rtl_letter and any(ch.isalpha() for ch in text):
        return "en"
    return ""


def _place(country: str, language: str) -> str:
    if len(country) == 2 and country.isalpha():
        return country_name(country.upper(), language)
    return country


def order_rows(
    rows: Sequence[SignatoryRow], language: str, options: ListOptions
) -> list[list[SignatoryRow]]:
    """The rows in printing order, as groups (one group unless ``options.group``)."""
    ordered = list(rows)
    if options.sort == "name":
        from ..collation import sort_key

        key = sort_key(language)
        # anonymous signatories have no name to sort by: they come last, in the file's order
        ordered.sort(key=lambda r: (r.anonymous, key(r.name) if not r.anonymous else b""))
    if not options.group:
        return [ordered]
    groups = [
        [r for r in ordered if r.kind == "organisation"],
        [r for r in ordered if r.kind == "individual"],
    ]
    return [g for g in groups if g]


def signatory_list(
    rows: Sequence[SignatoryRow], language: str, options: ListOptions, digits: str
) -> SignatoryList:
    """The printed list: numbered in ``digits``, in order, grouped, with the counts line."""
    words = words_for(language)
    groups: list[SignatoryGroup] = []
    number = 0
    for group in order_rows(rows, language, options):
        members = []
        for row in group:
            number += 1
            name = words.anonymous if row.anonymous else row.name
            local = "" if row.anonymous or row.name_local == row.name else row.name_local
            members.append(
                Signatory(
                    name=name,
                    organisation="" if row.anonymous else row.affiliation,
                    place=_place(row.country, language),
                    language="" if row.anonymous else _script_language(row.name, language),
                    number=list_marker(number, language, digits=digits),
                    name_local=local,
                )
            )
        heading = ""
        if options.group:
            heading = words.organisations if group[0].kind == "organisation" else words.individuals
        groups.append(SignatoryGroup(heading, tuple(members)))
    organisations = sum(1 for r in rows if r.kind == "organisation")
    counts = counts_line(organisations, len(rows) - organisations, language, digits)
    return SignatoryList(words.heading, counts, tuple(groups), options.columns)


def addressee_target(campaign: Campaign, language: str) -> Target:
    """The addressees as one template ``target`` (``target.name``: all of them, joined)."""
    names = [a.name_in(language) for a in campaign.addressees]
    sep = "، " if locale_info(language).script == "Arab" else "; "
    return Target(id=ADDRESSEES_ID, name=sep.join(names), languages=(language,))


def open_letter_language(campaign: Campaign, language: str | None) -> str:
    if not language:
        return campaign.default_language
    code = normalize_code(language)
    if code not in campaign.letters:
        raise ChoiceError(
            f"campaign {campaign.id!r} has no letter in {language!r}; "
            "languages: " + ", ".join(campaign.languages)
        )
    return code


def compose_open_letter(
    campaign: Campaign,
    rows: Sequence[SignatoryRow],
    *,
    language: str | None = None,
    options: ListOptions = ListOptions(),
    today: _dt.date | None = None,
    digits: str | None = None,
    calendars: Sequence[str] | None = None,
) -> Letter:
    """The open letter in ``language`` (default: the campaign's) with ``rows`` as its list."""
    if not campaign.is_open_letter:
        raise ChoiceError(
            f'campaign {campaign.id!r} is not an open letter (campaign.toml: kind = "open-letter")'
        )
    code = open_letter_language(campaign, language)
    info = locale_info(code)
    day = today or _dt.date.today()
    if digits is not None:
        localize_digits("", digits)  # an unknown name raises ChoiceError listing the choices
    chosen_digits = digits or info.digits
    signer = campaign.organisation or campaign.title
    sender = make_sender(
        name=signer, language=code, source=str(campaign.path / "campaign.toml"), tally=False
    )
    target = addressee_target(campaign, code)
    choose_language(campaign, target, sender, code)  # the same checks as a letter's
    text = render_letter_text(campaign, target, sender, code, today=day, digits=digits)
    return Letter(
        language=code,
        direction=info.direction,
        sender=Party(name=signer, lines=()),
        recipient=Party(name=text.subject, lines=()),  # the continuation header's name
        date=format_date_line(day, code, calendars=calendars, digits=digits),
        subject=text.subject,
        salutation=text.salutation,
        body=parse_body(text.body),
        closing=text.closing,
        signature=(),
        meta=Meta(
            title=text.subject,
            author=signer,
            subject=f"{campaign.reference} {campaign.title}".strip(),
            keywords=tuple(x for x in (campaign.reference, campaign.id) if x),
            campaign_id=campaign.id,
            target_id=ADDRESSEES_ID,
        ),
        labels=labels_for(code),
        reference=campaign.reference,
        date_iso=day.isoformat(),
        digits=chosen_digits,
        addressees=tuple(a.name_in(code) for a in campaign.addressees),
        signatory_list=signatory_list(rows, code, options, chosen_digits),
    )


@dataclass(frozen=True)
class WrittenOpenLetter:
    letter: Letter
    paths: tuple[Path, ...]
    duplicates: tuple[Duplicate, ...]


def write_open_letter(
    campaign: Campaign,
    rows: Sequence[SignatoryRow],
    formats: Sequence[Format],
    out_dir: Path,
    *,
    language: str | None = None,
    options: ListOptions = ListOptions(),
    render_options: RenderOptions = RenderOptions(),
    force: bool = False,
    today: _dt.date | None = None,
) -> WrittenOpenLetter:
    """Compose the open letter once, write it in every format (nothing is overwritten unless
    ``force``), and report possible duplicate signatories (they are printed, not merged)."""
    letter = compose_open_letter(campaign, rows, language=language, options=options, today=today)
    stem = f"{safe_file_part(campaign.id)}-{letter.language}"
    paths = [Path(out_dir) / f"{stem}{fmt.extension}" for fmt in formats]
    for path in paths:
        refuse_existing(path, force)
    rendered = [
        (path, render(letter, fmt, render_options))
        for fmt, path in zip(formats, paths, strict=True)
    ]
    for path, data in rendered:
        write_atomic(path, data, force=force)
    if counting_enabled():  # the saved profile's setting: an open letter has no one sender
        # one open letter per campaign, language and channel, however often it is rewritten
        # (a longer list is the same letter; the Dari version another): its signer is the
        # campaign's organisation, its target the addressees together
        count_letter(
            campaign.id,
            ADDRESSEES_ID,
            letter,
            [(fmt.name, data) for fmt, (_path, data) in zip(formats, rendered, strict=True)],
            who="\x1f".join(("sign-on", campaign.organisation or campaign.title, letter.language)),
        )
    return WrittenOpenLetter(letter, tuple(paths), tuple(find_duplicates(list(rows))))
