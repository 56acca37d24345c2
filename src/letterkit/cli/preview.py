"""``letterkit preview``: PNG previews of a letter per locale, for translators and reviewers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..deadlines import parse_day
from ..preview import write_campaign_previews, write_previews
from ..ui_language import N_, _
from .common import DateOpt, ForceOpt, command, echo


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def preview(
        campaign: Annotated[
            str | None,
            typer.Argument(
                help=N_(
                    "A campaign folder or bundled id: its letter for a sample sender and each "
                    "target, as PDF and one PNG per page. Without it: the sample letter per locale."
                )
            ),
        ] = None,
        lang: Annotated[
            list[str] | None,
            typer.Option("--lang", "-l", help=N_("Locale to preview (repeatable).")),
        ] = None,
        all_locales: Annotated[
            bool,
            typer.Option(
                "--all-locales",
                help=N_(
                    "One preview per locale letterkit knows (the default when no --lang is given)."
                ),
            ),
        ] = False,
        out: Annotated[
            Path, typer.Option("--out", "-o", help=N_("Output folder."), file_okay=False)
        ] = Path("previews"),
        dpi: Annotated[int, typer.Option(help=N_("Resolution of the PNG."), min=30, max=300)] = 72,
        date: DateOpt = None,
        force: ForceOpt = False,
    ) -> None:
        """Preview letters: with CAMPAIGN, <campaign>-<lang>-<target>.pdf and one PNG per page
        for each --lang (default: its letters); without, preview-<locale>.png, the first page
        of a sample letter in each locale."""
        languages = None if all_locales or not lang else lang
        if campaign is not None:
            for path in write_campaign_previews(
                campaign, out, languages, dpi=dpi, today=parse_day(date), force=force
            ):
                echo(str(path))
            echo(_("Open the PNG files to check each language reads correctly."))
            return
        for path in write_previews(out, languages, dpi=dpi, today=parse_day(date), force=force):
            echo(str(path))
        echo(_("Open the PNG files to check each language reads correctly."))
