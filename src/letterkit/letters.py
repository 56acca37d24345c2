"""Writing one supporter's letter to one target in several formats: the library side of
``letterkit write``."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .campaign import Campaign, Target
from .compose import (
    LanguageChoice,
    LetterText,
    choose_language,
    compose_letter,
)
from .errors import DeliveryError
from .fileio import refuse_existing, write_atomic
from .model import Letter
from .output import Format, RenderOptions, render
from .sender import Sender
from .tally import counting_enabled


@dataclass(frozen=True)
class WrittenLetter:
    letter: Letter
    choice: LanguageChoice
    paths: tuple[Path, ...]
    skipped: tuple[str, ...] = ()  # one line per format the target has no channel for
    reference: tuple[Path, ...] = ()  # a copy in the sender's own language, to read, not send
    reference_language: str = ""
    bilingual: tuple[Path, ...] = ()  # letters followed by their translation into that language


# formats a reference copy is written in: to read, not to send
REFERENCE_FORMATS = ("pdf", "docx", "txt")


def safe_file_part(text: str, limit: int = 60) -> str:
    """A piece of a file name that is safe on every file system (letters kept, any script)."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "-", text)
    text = re.sub(r"\s+", "-", text).strip(".- ")
    return text[:limit] or "letter"


def letter_file_stem(campaign: Campaign, target: Target, language: str) -> str:
    return f"{safe_file_part(campaign.id)}-{safe_file_part(target.id)}-{language}"


def write_letter(
    campaign: Campaign,
    target: Target | str,
    sender: Sender,
    formats: list[Format],
    out_dir: Path,
    *,
    language: str | None = None,
    options: RenderOptions = RenderOptions(),
    force: bool = False,
    today: _dt.date | None = None,
    safe: bool | None = None,
    text: LetterText | None = None,
    digits: str | None = None,
    calendars: Sequence[str] | None = None,
    reference_copy: bool = True,
    bilingual: bool = False,
) -> WrittenLetter:
    """Compose the letter once and write it in every format; nothing is overwritten unless
    ``force``, and all files are checked before the first one is written.

    A format whose channel the target lacks (a fax without a fax number, an email without an
    address) is skipped and reported in ``skipped``, unless it is the only format asked for.

    When the letter is not in the sender's own language and the campaign has a letter in it,
    ``reference_copy`` also writes that letter, marked as a copy to read and not to send
    (``<stem>-copy-<lang>.pdf``…): nobody should sign a text they cannot read. With
    ``bilingual``, the PDF and text letters are instead one document each, the letter then its
    translation (:mod:`letterkit.bilingual`); other formats keep a separate copy."""
    if isinstance(target, str):
        target = campaign.target(target)
    sender = sender.with_safety(safe)
    choice = choose_language(campaign, target, sender, language)
    letter = compose_letter(
        campaign,
        target,
        sender,
        language=choice.code,
        today=today,
        text=text,
        digits=digits,
        calendars=calendars,
    )
    stem = letter_file_stem(campaign, target, choice.code)
    paths = [Path(out_dir) / f"{stem}{fmt.extension}" for fmt in formats]
    copy_language = (
        sender.language
        if (
            reference_copy
            and text is None
            and sender.language != choice.code
            and sender.language in campaign.letters
        )
        else ""
    )
    from .bilingual import BILINGUAL_FORMATS

    joined = [f.name for f in formats if f.name in BILINGUAL_FORMATS] if bilingual else []
    copy_formats = (
        [f for f in formats if f.name in REFERENCE_FORMATS and f.name not in joined]
        if copy_language
        else []
    )
    copy_paths = [Path(out_dir) / copy_name(stem, copy_language, f.extension) for f in copy_formats]
    paths_to_check = paths + copy_paths
    for path in paths_to_check:
        refuse_existing(path, force)
    rendered: list[tuple[Path, bytes, str]] = []  # all before any is written
    skipped: list[str] = []
    for fmt, path in zip(formats, paths, strict=False):
        try:
            rendered.append((path, render(letter, fmt, options), fmt.name))
        except DeliveryError as exc:
            if len(formats) == 1:
                raise
            skipped.append(f"{fmt.name}: {exc}")
    if copy_language and joined:
        from .bilingual import join_rendered, translation_letter

        after = translation_letter(
            campaign, target, sender, copy_language, choice.code, today=today
        )
        by_name = {f.name: f for f in formats}
        rendered = [
            (path, join_rendered(name, data, render(after, by_name[name], options)), name)
            if name in joined
            else (path, data, name)
            for path, data, name in rendered
        ]
    if copy_formats:
        # the copy keeps its own language's digits and calendars: --digits and --calendar are
        # the letter's
        copy = reference_letter(campaign, target, sender, copy_language, choice.code, today=today)
        for fmt, path in zip(copy_formats, copy_paths, strict=True):
            rendered.append((path, render(copy, fmt, options), ""))
    for path, data, _name in rendered:
        write_atomic(path, data, force=force)
    if counting_enabled(sender.tally):
        count_letter(
            campaign.id,
            target.id,
            letter,
            [(name, data) for _, data, name in rendered if name],
            who="\x1f".join((sender.name, sender.email, sender.city)),
        )
    return WrittenLetter(
        letter,
        choice,
        tuple(p for p, _, name in rendered if name),
        tuple(skipped),
        tuple(copy_paths),
        copy_language,
        tuple(p for p, _, name in rendered if name in joined) if copy_language else (),
    )


def copy_name(stem: str, language: str, extension: str) -> str:
    """The file name of a letter's copy to read in ``language``: ``pm-ur-copy-en.pdf``."""
    return f"{stem}-copy-{language}{extension}"


def reference_letter(
    campaign: Campaign, target: Target, sender: Sender, language: str, sent_in: str, **compose: Any
) -> Letter:
    """The letter in ``language``, its first paragraph saying that it is a copy to read of the
    letter sent in ``sent_in``, not to be sent."""
    from .parallel_letter import marked_letter

    return marked_letter(
        campaign,
        target,
        sender,
        language,
        sent_in,
        "Copy for you to read, in {language}: the letter you send is "
        "in {sent_in}. Do not send this copy.",
        "copy",
        **compose,
    )


def count_letter(
    campaign: str, target: str, letter: Letter, written: Sequence[tuple[str, bytes]], *, who: str
) -> None:
    """Count a letter written in these formats in the local tally (:mod:`letterkit.tally`);
    an email's Message-ID is remembered so that ``send`` can count it as sent."""
    from . import tally

    day = letter.date_iso or _dt.date.today().isoformat()
    ids = tuple(i for i in (message_id_of(data) for name, data in written if name == "eml") if i)
    tally.record(
        [
            tally.Written(
                campaign, target, letter.language, tuple(name for name, _ in written), who, day, ids
            )
        ]
    )


def message_id_of(eml: bytes) -> str:
    """The Message-ID header of an email's bytes ("" without one)."""
    from email.parser import BytesHeaderParser

    return str(BytesHeaderParser().parsebytes(eml).get("Message-ID", "")).strip()
