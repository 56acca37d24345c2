"""``letterkit write``: one supporter's letter to one (or each) target, in every format asked."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from ..campaign import load_campaign
from ..compose import (
    LetterText,
    choose_language,
    letter_text_for_editing,
    parse_edited,
    render_letter_text,
)
from ..deadlines import deadline_status, parse_day
from ..delivery import advise_channel
from ..delivery.hints import advice_text, delivery_lines
from ..errors import ConfigError, LetterkitError
from ..letterhead_choice import choose_letterheads, letterhead_warnings
from ..letterhead_overlap import letterhead_overlap_warnings
from ..letters import WrittenLetter, write_letter
from ..output import RenderOptions, parse_formats
from ..sender import Sender, load_sender
from ..ui_language import N_, _, language_name
from .common import (
    SHOW_TRACEBACK,
    DateOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    LayoutOpt,
    LetterheadOpt,
    PaperOpt,
    SafeOpt,
    SenderOpt,
    command,
    echo,
    error,
    warn,
)


def edit_in_editor(text: LetterText) -> LetterText:
    """Open the rendered letter in ``$VISUAL``/``$EDITOR``; read back the supporter's words."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise ConfigError(
            "--edit needs an editor: set the EDITOR environment variable (e.g. EDITOR=nano)"
        )
    with tempfile.TemporaryDirectory(prefix="letterkit-edit-") as tmp:
        path = Path(tmp) / "letter.md"
        path.write_text(letter_text_for_editing(text), encoding="utf-8")
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if result.returncode != 0:
            raise ConfigError(
                f"the editor ({editor}) exited with status {result.returncode}; nothing was written"
            )
        return parse_edited(path.read_text(encoding="utf-8"), source=str(path))


# Why the letter's language was chosen: compose.choose_language's reasons, as it words them.
CHOICE_REASONS = (
    N_("asked for with --lang"),
    N_("your profile's language"),
    N_("the campaign's default language"),
)


def reason_text(reason: str, target_id: str, preferred: Sequence[str]) -> str:
    """The language choice's reason in the CLI language (compose words it in English)."""
    for rank in range(1, len(preferred) + 1):
        where = "first" if rank == 1 else f"number {rank}"
        if reason == f"{where} of {target_id}'s preferred languages the campaign has a letter in":
            if rank == 1:
                return _(
                    "first of {target}'s preferred languages the campaign has a letter in"
                ).format(target=target_id)
            return _(
                "number {rank} of {target}'s preferred languages the campaign has a letter in"
            ).format(rank=rank, target=target_id)
    return _(reason)


def report_written(
    written: WrittenLetter, target_id: str = "", preferred: Sequence[str] = ()
) -> None:
    letter = written.letter
    echo(
        _("Language: {code} ({name}), {reason}").format(
            code=letter.language,
            name=language_name(letter.language),
            reason=reason_text(written.choice.reason, target_id, preferred),
        )
    )
    echo(_("Wrote:"))
    for path in written.paths:
        echo(f"  {path}")
    for line in written.skipped:
        warn(_("skipped {what}").format(what=line))
    if written.bilingual:
        echo(
            _(
                "The letter is in {language}, the official's language; its translation into "
                "{own} follows it in:"
            ).format(
                language=language_name(letter.language),
                own=language_name(written.reference_language),
            )
        )
        for path in written.bilingual:
            echo(f"  {path}")
    if written.reference:
        echo(
            _(
                "The letter is in {language}, the official's language. A copy in {own} for you "
                "to read (do not send it):"
            ).format(
                language=language_name(letter.language),
                own=language_name(written.reference_language),
            )
        )
        for path in written.reference:
            echo(f"  {path}")
    echo(_("How to deliver it:"))
    for line in delivery_lines(letter):
        echo(f"  {line}")


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def write(
        campaign: Annotated[str, typer.Argument(help=N_("Bundled campaign id or folder path."))],
        to: Annotated[
            str | None,
            typer.Option(
                "--to",
                "-t",
                help=N_("Target id (see `letterkit show`), several separated by commas, or 'all'."),
            ),
        ] = None,
        lang: LangOpt = None,
        format: FormatOpt = "pdf,docx,txt",
        out: Annotated[
            Path, typer.Option("--out", "-o", help=N_("Output folder."), file_okay=False)
        ] = Path(),
        edit: Annotated[
            bool,
            typer.Option(
                "--edit",
                help=N_("Open the letter in $EDITOR to put it in your own words before layout."),
            ),
        ] = False,
        sender_file: SenderOpt = None,
        safe: SafeOpt = None,
        paper: PaperOpt = None,
        layout: LayoutOpt = None,
        attach: Annotated[
            bool, typer.Option("--attach", help=N_("eml: attach the letter as PDF."))
        ] = False,
        html: Annotated[
            bool, typer.Option("--html", help=N_("eml: add an HTML version beside the text."))
        ] = False,
        from_addr: Annotated[
            str | None,
            typer.Option(
                "--from",
                help=N_(
                    "eml: the From address, e.g. when safe "
                    "mode leaves your email out of the letter."
                ),
            ),
        ] = None,
        digits: Annotated[
            str | None,
            typer.Option(
                "--digits",
                help=N_(
                    "Digits for dates and numbers: latn "
                    "(123), arabext (۱۲۳) or arab (١٢٣); default: the "
                    "language's custom."
                ),
            ),
        ] = None,
        calendar: Annotated[
            str | None,
            typer.Option(
                "--calendar",
                help=N_(
                    "Calendars for the date line, in "
                    "order, comma-separated: gregorian, solar_hijri, "
                    "lunar_hijri; default: the language's custom."
                ),
            ),
        ] = None,
        font: Annotated[
            str | None,
            typer.Option(
                "--font",
                help=N_(
                    "Font family for the letter's script: "
                    "nastaliq or naskh for Urdu (default nastaliq), naskh, "
                    "amiri or sans-arabic for other Arabic-script letters, "
                    "serif or sans for Latin and Cyrillic."
                ),
            ),
        ] = None,
        envelope: Annotated[
            str | None,
            typer.Option(
                "--envelope",
                help=N_("envelope format: DL, C5 or 10 (#10); default from your country."),
            ),
        ] = None,
        reference_copy: Annotated[
            bool,
            typer.Option(
                "--reference-copy/--no-reference-copy",
                help=N_(
                    "When the letter is not in your language, also write a "
                    "copy in your language to read (not to send), if the campaign "
                    "has one."
                ),
            ),
        ] = True,
        bilingual: Annotated[
            bool,
            typer.Option(
                "--bilingual",
                help=N_(
                    "Instead of a separate copy: one PDF and one text file each, the letter "
                    "in the official's language first, then its translation into yours, "
                    "marked as such (to send together)."
                ),
            ),
        ] = False,
        letterhead: LetterheadOpt = None,
        date: DateOpt = None,
        force: ForceOpt = False,
    ) -> None:
        """Write a letter to a campaign's target official as PDF, DOCX, text (or eml, fax)."""
        loaded = load_campaign(campaign)
        sender: Sender = load_sender(sender_file).with_safety(safe)
        formats = parse_formats(format)
        heads = choose_letterheads(letterhead, [f.name for f in formats])
        today = parse_day(date)
        options = RenderOptions(
            paper=paper,
            layout=layout,
            attach_pdf=attach,
            html=html,
            from_addr=from_addr,
            envelope=envelope,
            family=font,
            letterhead=heads.pdf,
            docx_letterhead=heads.docx,
        )
        for problem in letterhead_warnings(heads, sender.address.country, layout, paper):
            warn(problem)
        calendars = [c.strip() for c in calendar.split(",") if c.strip()] if calendar else None
        targets = loaded.select_targets(to)
        status, closed = deadline_status(loaded, today)
        if closed:
            warn(_("deadline {status}").format(status=status))
        failed: list[LetterkitError] = []
        checked_overlap = False
        for index, target in enumerate(targets):
            text = None
            try:
                if edit:
                    choice = choose_language(loaded, target, sender, lang)
                    text = edit_in_editor(
                        render_letter_text(loaded, target, sender, choice.code, today=today)
                    )
                written = write_letter(
                    loaded,
                    target,
                    sender,
                    formats,
                    out,
                    language=lang,
                    options=options,
                    force=force,
                    today=today,
                    text=text,
                    digits=digits,
                    calendars=calendars,
                    reference_copy=reference_copy,
                    bilingual=bilingual,
                )
            except LetterkitError as exc:
                if len(targets) == 1 or SHOW_TRACEBACK["on"]:
                    raise
                # one target's failure does not cost the others their letters
                error(f"{target.id}: {exc}")
                failed.append(exc)
                continue
            if index:
                echo("")
            echo(f"{target.id}: {target.display_name}")
            report_written(written, target.id, target.languages)
            if not checked_overlap and heads.pdf is not None and "pdf" in [f.name for f in formats]:
                checked_overlap = True  # every target's letter has the same blocks
                for problem in letterhead_overlap_warnings(written.letter, options):
                    warn(problem)
            advice = advise_channel(target, loaded.deadline, today)
            if advice.channel or advice.reason:
                echo(_("Advice: {advice}").format(advice=advice_text(advice, with_warning=False)))
        if failed:
            raise typer.Exit(max(int(exc.exit_status) for exc in failed))
