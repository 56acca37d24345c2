"""``letterkit merge``: one letter per spreadsheet row and target, with progress and a summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..deadlines import parse_day
from ..errors import ExitStatus
from ..folderlock import FolderLock
from ..letterhead_choice import choose_letterheads
from ..locales import LOCALES
from ..merge import (
    Job,
    MergeOptions,
    MergePlan,
    MergeResult,
    ReportLine,
    check_templates,
    count_jobs,
    default_jobs,
    iter_jobs,
    parse_shard,
    prepare,
    preview_text,
    run_merge,
    start,
)
from ..merge.naming import DEFAULT_PATTERN, PLACEHOLDERS
from ..merge.sources import MAX_ROWS
from ..output import format_help
from ..ui_language import N_, _
from .common import DateOpt, LangOpt, LayoutOpt, LetterheadOpt, PaperOpt, command, echo, warn

MAX_ERRORS_SHOWN = 20


def _describe_plan(plan: MergePlan) -> None:
    echo(_("Data: {file} ({kind})").format(file=plan.source.path, kind=plan.source.describe()))
    echo(_("Columns:"))
    for line in plan.columns.describe():
        echo(f"  {line}")


def _dry_run(plan: MergePlan) -> int:
    _describe_plan(plan)
    letters = failed = 0
    first: Job | None = None
    by_language: dict[str, int] = {}
    for item in iter_jobs(plan):
        if isinstance(item, ReportLine):
            failed += 1
            echo(f"  row {item.row}: " + _("error: {error}").format(error=item.error))
            continue
        letters += 1
        first = first or item
        by_language[item.language] = by_language.get(item.language, 0) + 1
        echo(
            f"  row {item.row} → {item.target}: {item.language} ({item.reason}) → "
            + ", ".join(item.files)
        )
    languages = ", ".join(f"{code} {n}" for code, n in sorted(by_language.items()))
    echo(
        _("{letters} letters would be written ({languages}); {failed} bad rows or letters").format(
            letters=letters, languages=languages or "-", failed=failed
        )
    )
    if first is not None:
        echo("")
        echo(_("First letter (row {row}, to {target}):").format(row=first.row, target=first.target))
        echo("")
        echo(preview_text(plan, first).rstrip())
    return int(ExitStatus.BATCH_FAILED) if failed else 0


def _run(plan: MergePlan, jobs: int, quiet: bool) -> MergeResult:
    from rich.console import Console

    console = Console(stderr=True)
    check_templates(plan)
    with FolderLock(plan.out, "merge") as lock:  # one run per folder; a killed run's is taken
        if lock.taken_over:
            warn(lock.taken_over)
        return _run_locked(plan, jobs, quiet, console)


def _run_locked(plan: MergePlan, jobs: int, quiet: bool, console: Any) -> MergeResult:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    removed = start(plan)
    for notice in plan.notices:
        warn(notice)
    errors: list[str] = []
    hidden = 0

    def remember(line: ReportLine) -> None:
        nonlocal hidden
        if line.status == "failed":
            if len(errors) < MAX_ERRORS_SHOWN:
                errors.append(line.error)
            else:
                hidden += 1

    if quiet:
        result = run_merge(plan, iter_jobs(plan), jobs=jobs, on_result=remember)
    else:
        if removed:
            console.print(
                _("Removed {n} half-written files left by an interrupted run.").format(
                    n=len(removed)
                )
            )
        letters, bad = count_jobs(plan)
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} letters/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        )
        # no refresh thread: worker processes are forked, and forking a threaded process
        # can deadlock the child; the bar is redrawn from the result loop instead
        with Progress(*columns, console=console, transient=False, auto_refresh=False) as progress:
            task = progress.add_task(_("Writing"), total=letters + bad, rate="-")
            shown = [0.0]

            def advance(line: ReportLine) -> None:
                remember(line)
                progress.advance(task)
                now = time.monotonic()
                if now - shown[0] >= 0.1 or progress.finished:
                    speed = progress.tasks[0].speed
                    progress.update(task, rate=f"{speed:.1f}" if speed else "-")
                    progress.refresh()
                    shown[0] = now

            result = run_merge(plan, iter_jobs(plan), jobs=jobs, on_result=advance)
    for error in errors:
        console.print(
            f"letterkit: row error: {error}", markup=False, highlight=False, soft_wrap=True
        )
    if hidden:
        console.print(
            _("… and {n} more errors: see {report}").format(n=hidden, report=result.report_csv),
            markup=False,
        )
    _stale(result)
    if not quiet:
        _summary(console, result)
    return result


def _stale(result: MergeResult) -> None:
    if not result.stale:
        return
    shown = ", ".join(result.stale[:5]) + (", …" if len(result.stale) > 5 else "")
    if result.pruned:
        warn(
            _("removed {n} letters of rows no longer in the data (--prune): {files}").format(
                n=result.stale_letters, files=shown
            )
        )
    else:
        warn(
            _(
                "{n} letters belong to rows no longer in the data: {files}; use --prune to "
                "remove them"
            ).format(n=result.stale_letters, files=shown)
        )


def _summary(console: object, result: MergeResult) -> None:
    from rich.table import Table

    table = Table(title=_("letterkit merge"), show_header=True)
    table.add_column(_("written"), justify="right")
    table.add_column(_("skipped (unchanged)"), justify="right")
    table.add_column(_("failed"), justify="right")
    table.add_column(_("time"), justify="right")
    table.add_row(
        str(result.written), str(result.unchanged), str(result.failed), f"{result.seconds:.1f} s"
    )
    console.print(table)  # type: ignore[attr-defined]
    for code, n in sorted(result.copies.items()):
        console.print(  # type: ignore[attr-defined]
            _(
                "Letters not in their senders' language: {n}; beside each is a copy in "
                "{language} to read, not to send (its name ends in -copy-{code})."
            ).format(n=n, language=LOCALES[code].english_name, code=code),
            markup=False,
            highlight=False,
        )
    console.print(  # type: ignore[attr-defined]
        _("Report: {csv} and {json}").format(csv=result.report_csv, json=result.report_json),
        markup=False,
        highlight=False,
    )
    if result.combined is not None:
        console.print(  # type: ignore[attr-defined]
            _("Combined PDF: {path} ({pages} pages)").format(
                path=result.combined, pages=result.combined_pages
            ),
            markup=False,
        )
    for kind, path in ((_("Envelopes"), result.envelopes), (_("Labels"), result.labels)):
        if path is not None:
            console.print(f"{kind}: {path}", markup=False)  # type: ignore[attr-defined]
    if result.zip is not None:
        console.print(_("Zip: {path}").format(path=result.zip), markup=False)  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    @app.command()
    @command
    def merge(
        campaign: Annotated[str, typer.Argument(help=N_("Bundled campaign id or folder path."))],
        data: Annotated[
            Path,
            typer.Argument(
                help=N_(
                    "Supporters: CSV (any Excel/LibreOffice export), XLSX, JSON or JSON Lines; "
                    "one row per supporter."
                ),
                dir_okay=False,
            ),
        ],
        to: Annotated[
            str | None,
            typer.Option(
                "--to",
                "-t",
                help=N_(
                    "Target ids separated by commas, or 'all'. A 'target' column "
                    "in a row overrides it for that row."
                ),
            ),
        ] = None,
        lang: LangOpt = None,
        format: Annotated[
            str, typer.Option("--format", "-f", help=format_help(batch=True))
        ] = "pdf",
        out: Annotated[
            Path, typer.Option("--out", "-o", help=N_("Output folder."), file_okay=False)
        ] = Path("letters"),
        name: Annotated[
            str,
            typer.Option(
                "--name",
                help="File name pattern; placeholders: "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                + ".",
            ),
        ] = DEFAULT_PATTERN,
        column_map: Annotated[
            list[str] | None,
            typer.Option(
                "--map",
                help=N_(
                    'Column for a field, e.g. --map "Full name=name" (repeatable; '
                    "'=-' ignores a column)."
                ),
            ),
        ] = None,
        sheet: Annotated[
            str | None, typer.Option("--sheet", help=N_("XLSX sheet (default: the first)."))
        ] = None,
        date: DateOpt = None,
        paper: PaperOpt = None,
        layout: LayoutOpt = None,
        safe: Annotated[
            bool,
            typer.Option("--safe", help=N_("Every letter signed with initials and town only.")),
        ] = False,
        jobs: Annotated[
            int | None,
            typer.Option(
                "--jobs", "-j", help=N_("Worker processes (default: the number of CPUs)."), min=1
            ),
        ] = None,
        shard: Annotated[
            str,
            typer.Option(
                "--shard", help=N_("Write only slice I of N (rows I, I+N, I+2N…), e.g. 2/4.")
            ),
        ] = "1/1",
        combine: Annotated[
            Path | None,
            typer.Option(
                "--combine",
                help=N_(
                    "Also put all letters into this one PDF, for printing (a "
                    "relative path is inside --out, beside envelopes.pdf and labels.pdf)."
                ),
                dir_okay=False,
            ),
        ] = None,
        duplex: Annotated[
            bool,
            typer.Option(
                "--duplex",
                help=N_("--combine for double-sided printing: each letter starts on a new sheet."),
            ),
        ] = False,
        envelopes: Annotated[
            str | None,
            typer.Option(
                "--envelopes",
                help=N_(
                    "Also print an envelope per letter, in letter order, into "
                    "envelopes.pdf: DL, C5 or 10 (#10)."
                ),
            ),
        ] = None,
        labels: Annotated[
            str | None,
            typer.Option(
                "--labels",
                help=N_(
                    "Also print address labels, in letter order, into labels.pdf: "
                    "L7163 (A4) or 5160 (US Letter)."
                ),
            ),
        ] = None,
        make_zip: Annotated[
            bool,
            typer.Option(
                "--zip", help=N_("Also pack the letters and the report into letters.zip.")
            ),
        ] = False,
        dry_run: Annotated[
            bool,
            typer.Option(
                "--dry-run",
                help=N_(
                    "Write nothing: count the letters, show each row's language and "
                    "why, and the first letter."
                ),
            ),
        ] = False,
        quiet: Annotated[
            bool,
            typer.Option(
                "--quiet", "-q", help=N_("No progress bar or summary (errors still go to stderr).")
            ),
        ] = False,
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding",
                help=N_(
                    "The data file's encoding, e.g. cp1252, cp1256, utf-8 "
                    "(default: detected; asked for when it cannot be told)."
                ),
            ),
        ] = None,
        max_rows: Annotated[
            int,
            typer.Option(
                "--max-rows", min=1, help=N_("Refuse data files with more rows than this.")
            ),
        ] = MAX_ROWS,
        prune: Annotated[
            bool,
            typer.Option(
                "--prune",
                help=N_(
                    "Remove the letters of rows no longer in the data (they are listed otherwise)."
                ),
            ),
        ] = False,
        letterhead: LetterheadOpt = None,
        reference_copy: Annotated[
            bool,
            typer.Option(
                "--reference-copy/--no-reference-copy",
                help=N_(
                    "When a letter is not in its sender's language, also write a copy in that "
                    "language to read (not to send), if the campaign has one."
                ),
            ),
        ] = True,
        report_similarity: Annotated[
            bool,
            typer.Option(
                "--report-similarity",
                help=N_(
                    "Also count how many letters are identical or nearly "
                    "so (officials set form letters aside): in the summary and similarity.json."
                ),
            ),
        ] = False,
        force: Annotated[
            bool,
            typer.Option(
                "--force", help=N_("Overwrite existing files, also another batch's letters.")
            ),
        ] = False,
    ) -> None:
        """Write one letter per data row and target: a whole letter-writing evening at once."""
        heads = choose_letterheads(letterhead, [f.strip().lower() for f in format.split(",")])
        options = MergeOptions(
            campaign=campaign,
            data=data,
            out=out,
            to=to,
            lang=lang,
            formats=tuple(format.split(",")),
            name=name,
            column_map=tuple(column_map or ()),
            sheet=sheet,
            today=parse_day(date),
            paper=paper,
            layout=layout,
            safe=safe,
            force=force,
            shard=parse_shard(shard),
            combine=combine,
            duplex=duplex,
            zip=make_zip,
            envelopes=envelopes,
            labels=labels,
            encoding=encoding,
            max_rows=max_rows,
            prune=prune,
            letterhead=heads.pdf,
            docx_letterhead=heads.docx,
            reference_copy=reference_copy,
        )
        plan = prepare(options)
        if dry_run:
            raise typer.Exit(_dry_run(plan))
        result = _run(plan, jobs or default_jobs(), quiet)
        if report_similarity:
            from ..merge.similarity import write_similarity

            alike, path = write_similarity(plan)
            echo(_("Similarity: {summary} ({path})").format(summary=alike.summary(), path=path))
        raise typer.Exit(int(result.exit_status))
