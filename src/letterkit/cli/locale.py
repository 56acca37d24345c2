"""``letterkit locale ...``: the translators' commands (add, status, check, compile, pseudo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitStatus
from .common import ForceOpt, command, echo, fail

CampaignOpt = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        "-c",
        help="A campaign folder (or bundled id) to work on; "
        "without it, letterkit's own catalog (locales/LANG/.../letterkit.po).",
    ),
]


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="For translators: add a language, see how far each is, check it "
        "(exit 2 on errors, for CI), compile catalogs, make pseudo-locales.",
        no_args_is_help=True,
    )
    app.add_typer(group, name="locale")

    @group.command()
    @command
    def add(
        lang: Annotated[str, typer.Argument(help="Language code, e.g. ps, fa_AF, de.")],
        campaign: CampaignOpt = None,
        into: Annotated[
            Path | None,
            typer.Option(
                "--into",
                help="With a bundled --campaign: copy it to this new folder first.",
                file_okay=False,
            ),
        ] = None,
        refresh: Annotated[
            bool,
            typer.Option(
                "--refresh",
                help="With --campaign: the letter exists and is up to date again; "
                "record the source's current paragraph fingerprints in it.",
            ),
        ] = False,
        force: ForceOpt = False,
    ) -> None:
        """Start a translation: letterkit's catalog for LANG, or with --campaign a letter
        letters/LANG.md.j2 holding the source text to translate and a targets.LANG.todo.toml
        for the targets' names in LANG."""
        from ..locales import normalize_code
        from ..translation.add import add_catalog, add_letter, copy_campaign, refresh_fingerprints

        code = normalize_code(lang)
        if campaign is None:
            echo(str(add_catalog(code, force=force)))
            echo(f"Translate it (Poedit or any editor), then: letterkit locale check {code}")
            return
        if refresh:
            echo(str(refresh_fingerprints(campaign, code)))
            return
        if into is not None:
            campaign = str(copy_campaign(campaign, into))
            echo(f"copied the campaign to {campaign}")
        added = add_letter(campaign, code, force=force)
        echo(str(added.letter))
        if added.todo is not None:
            echo(f"{added.todo}")
            echo(
                f"to do: names in {code} for "
                + ", ".join(added.targets_todo)
                + " (fill the file above, move its tables into targets.toml)"
            )
        echo(f"Then: letterkit locale check {code} --campaign {campaign}")

    @group.command()
    @command
    def status(
        campaign: CampaignOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Per language: the catalog's translated / fuzzy / missing messages; with --campaign
        its letter, paragraphs changed in the source since translated (stale), lines still
        in the source language, targets without a name in the language."""
        from ..translation.status import locale_status

        rows = locale_status(campaign)
        if as_json:
            echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        echo(
            f"{'code':8} {'language':22} {'review':15} {'done':>5} {'fuzzy':>5} {'missing':>7}"
            + ("  letter / stale / targets without a name" if campaign else "")
        )
        for r in rows:
            line = (
                f"{r.code:8} {r.name:22} {r.review:15} {r.translated:>5} {r.fuzzy:>5} "
                f"{r.missing:>7}"
                if r.catalog
                else f"{r.code:8} {r.name:22} {r.review:15} {'(no catalog)':>19}"
            )
            if campaign is not None:
                letter = Path(r.letter).name if r.letter else "no letter"
                stale = ("stale: " + ", ".join(f"¶{n}" for n in r.stale)) if r.stale else ""
                if r.untranslated:
                    stale += (
                        (" " if stale else "")
                        + "untranslated: lines "
                        + ", ".join(str(n) for n in r.untranslated)
                    )
                if r.fewer_variants:
                    stale += (
                        (" " if stale else "") + "fewer variants: " + ", ".join(r.fewer_variants)
                    )
                names = (
                    "no name: " + ", ".join(r.targets_without_name)
                    if r.targets_without_name
                    else ""
                )
                line += "  " + "  ".join(x for x in (letter, stale, names) if x)
            echo(line)

    @group.command()
    @command
    def check(
        lang: Annotated[
            str | None,
            typer.Argument(
                help="Language code (default: every catalog, or every letter of --campaign), or "
                "the path of a .po file."
            ),
        ] = None,
        campaign: CampaignOpt = None,
        no_fit: Annotated[
            bool, typer.Option("--no-fit", help="Skip laying the letter out with the real fonts.")
        ] = False,
    ) -> None:
        """Check translations: errors and warnings naming file and line; exit 2 on errors.
        Silence a warning with `# letterkit: ignore CHECK` (PO translator comment) or
        `{# letterkit: ignore CHECK #}` in a letter paragraph."""
        from ..locales import LOCALES, catalog_path, normalize_code
        from ..translation.check_campaign import check_campaign_translations
        from ..translation.check_po import check_po
        from ..translation.findings import Finding, has_errors

        findings: list[Finding] = []
        if lang is not None and lang.endswith(".po"):  # a catalog outside locales/
            if not Path(lang).is_file():
                raise fail(f"{lang}: no such file")
            findings = check_po(Path(lang))
        elif campaign is not None:
            findings = check_campaign_translations(campaign, lang, fit=not no_fit)
        else:
            codes = [normalize_code(lang)] if lang else list(LOCALES)
            for code in codes:
                path = catalog_path(code)
                if path.is_file():
                    findings += check_po(path, code)
                elif lang:
                    raise fail(
                        f"{path}: no catalog for {code}; `letterkit locale add {code}` starts one"
                    )
        for finding in findings:
            typer.echo(f"letterkit: {finding}", err=True)
        errors = sum(f.severity == "error" for f in findings)
        notes = sum(f.severity == "note" for f in findings)
        warnings = len(findings) - errors - notes
        counted = f"{warnings} warning(s)" + (f", {notes} note(s)" if notes else "")
        if has_errors(findings):
            raise fail(f"{errors} error(s), {counted}", ExitStatus.USAGE)
        echo(f"OK ({counted})")

    @group.command(name="compile")
    @command
    def compile_(
        lang: Annotated[
            list[str] | None, typer.Argument(help="Language codes (default: every catalog).")
        ] = None,
    ) -> None:
        """Compile catalogs to letterkit.mo beside each .po (Babel; atomic; fuzzy entries left
        out). letterkit itself reads the .po files, so an edited catalog is used without this."""
        from ..translation.compile import compile_catalogs

        for path in compile_catalogs(lang or None):
            echo(str(path))

    @group.command()
    @command
    def pseudo(campaign: CampaignOpt = None) -> None:
        """Write the pseudo-locales en_XA (accented, about 40 % longer) and ar_XB (English in
        Arabic letters, right to left) from the English catalog and letter, for
        `preview --lang en_XA` and, with --campaign, `write --lang ar_XB`."""
        from ..translation.make_pseudo import write_pseudo_locales

        for path in write_pseudo_locales(campaign):
            echo(str(path))
