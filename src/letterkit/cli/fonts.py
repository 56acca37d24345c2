"""``letterkit fonts check``: a missing glyph is an error before rendering, never a box."""

from __future__ import annotations

from typing import Annotated

import typer

from ..campaign import load_campaign
from ..checks import font_gaps
from ..errors import ExitStatus
from ..locales import LOCALES
from ..ui_language import N_, _
from .common import command, echo, fail


def register(app: typer.Typer) -> None:
    fonts_app = typer.Typer(
        help=N_("Fonts: which font draws which language, and coverage checks."),
        no_args_is_help=True,
    )
    app.add_typer(fonts_app, name="fonts")

    @fonts_app.command("check")
    @command
    def check(
        campaign: Annotated[
            str | None, typer.Argument(help=N_("Also check this campaign's letter templates."))
        ] = None,
        lang: Annotated[
            list[str] | None,
            typer.Option("--lang", "-l", help=N_("Only this locale (repeatable); default: all.")),
        ] = None,
        family: Annotated[
            str | None,
            typer.Option(
                help=N_("Check a family instead of the locale's default, e.g. naskh for Urdu.")
            ),
        ] = None,
    ) -> None:
        """Check that every character of each locale's alphabet (and of a campaign's letter
        templates) is covered by the fonts letterkit chooses for it."""
        from ..fonts import primary_face_name

        loaded = load_campaign(campaign) if campaign else None
        problems = font_gaps(lang, loaded, family=family)
        codes = lang or (list(loaded.languages) if loaded else list(LOCALES))
        for code in codes:
            info = LOCALES.get(code)
            script = info.script if info else "Latn"
            echo(f"{code}: {primary_face_name(code, script, family)}")
        if problems:
            for problem in problems:
                typer.echo(f"letterkit: error: {problem}", err=True)
            raise fail(_("{n} font coverage gap(s)").format(n=len(problems)), ExitStatus.USAGE)
        echo(_("All characters are covered."))
