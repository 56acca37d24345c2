"""``letterkit sign-on``: an open letter with its numbered list of signatories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..locales import _
from .common import DateOpt, ForceOpt, LetterheadOpt, OutOpt, PaperOpt, command, echo, warn

SIGN_ON_FORMATS = ("pdf", "docx", "txt")


def register(app: typer.Typer) -> None:
    @app.command("sign-on")
    @command
    def sign_on(
        campaign: Annotated[
            str,
            typer.Argument(
                help="Bundled open-letter campaign id or "
                "folder path (campaign.toml: kind = "
                '"open-letter").'
            ),
        ],
        signatories: Annotated[
            Path,
            typer.Argument(
                help="Signatory list, CSV or XLSX: "
                "name, kind, affiliation, country, "
                "name_local, anonymous."
            ),
        ],
        lang: Annotated[
            str | None,
            typer.Option("--lang", "-l", help="Language of the letter (default: the campaign's)."),
        ] = None,
        format: Annotated[
            str, typer.Option("--format", "-f", help="Formats, comma-separated: pdf, docx, txt.")
        ] = "pdf,docx",
        sort: Annotated[
            str,
            typer.Option(
                "--sort",
                help="given: the file's order; name: alphabetical in the letter's "
                "language (ICU collation).",
            ),
        ] = "given",
        group: Annotated[
            bool,
            typer.Option(
                "--group", help="Organisations first, then individuals, each under a heading."
            ),
        ] = False,
        columns: Annotated[
            int,
            typer.Option(
                "--columns",
                help="1 or 2 columns for the list (right-to-left letters fill the "
                "right column first).",
            ),
        ] = 1,
        column_map: Annotated[
            list[str] | None,
            typer.Option(
                "--map",
                help='Column for a field, e.g. --map "Organisation name=name" (repeatable; '
                "'=-' ignores a column). Fields: name, kind, affiliation, country, name_local, "
                "anonymous.",
            ),
        ] = None,
        sheet: Annotated[
            str | None,
            typer.Option("--sheet", help="XLSX: the sheet to read (default: the first)."),
        ] = None,
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding", help="CSV: the file's encoding, when it cannot be detected."
            ),
        ] = None,
        paper: PaperOpt = None,
        letterhead: LetterheadOpt = None,
        out: OutOpt = Path(),
        date: DateOpt = None,
        force: ForceOpt = False,
    ) -> None:
        """Write an open letter with its list of signatories (PDF, DOCX), and report
        signatories that may be listed twice."""
        from ..campaign import load_campaign
        from ..deadlines import parse_day
        from ..errors import ChoiceError
        from ..letterhead_choice import choose_letterheads, letterhead_warnings
        from ..merge.columns import parse_map
        from ..openletter.letter import ListOptions, write_open_letter
        from ..openletter.signatories import COLUMNS, read_signatories
        from ..output import FORMATS, RenderOptions

        names = [f.strip().lower() for f in format.split(",") if f.strip()]
        bad = [n for n in names if n not in SIGN_ON_FORMATS]
        if bad or not names:
            raise ChoiceError(
                f"--format: {', '.join(bad) or '(none)'} is not one of "
                + ", ".join(SIGN_ON_FORMATS)
            )
        heads = choose_letterheads(letterhead, names)
        letterhead_warnings(heads, "", None, paper)  # reads them: a bad file fails here
        render_options = RenderOptions(
            paper=paper, letterhead=heads.pdf, docx_letterhead=heads.docx
        )
        loaded = load_campaign(campaign)
        rows = read_signatories(
            signatories,
            sheet=sheet,
            encoding=encoding,
            column_map=parse_map(column_map or (), COLUMNS),
        )
        written = write_open_letter(
            loaded,
            rows,
            [FORMATS[n] for n in dict.fromkeys(names)],
            out,
            language=lang,
            options=ListOptions(sort=sort, group=group, columns=columns),
            render_options=render_options,
            force=force,
            today=parse_day(date),
        )
        roster = written.letter.signatory_list
        if roster is not None:
            echo(_("Signatories: {counts}").format(counts=roster.counts))
        for duplicate in written.duplicates:
            warn(duplicate.line(signatories.name))
        if heads.pdf is not None:
            from ..letterhead_overlap import letterhead_overlap_warnings

            for problem in letterhead_overlap_warnings(written.letter, render_options):
                warn(problem)
        echo(_("Wrote:"))
        for path in written.paths:
            echo(f"  {path}")
