"""``letterkit merge``: one letter per spreadsheet row and target, at any scale.

The pieces, each with one job: :mod:`.sources` reads CSV/XLSX/JSON rows, :mod:`.columns` finds
which column holds what, :mod:`.naming` makes safe unique file names, :mod:`.jobs` turns rows
into letters to write, :mod:`.runner` writes them with worker processes, :mod:`.manifest` makes
runs resumable and :mod:`.report` writes the results. Typical use::

    plan = prepare(
        MergeOptions(
            campaign="pakistan-deportations",
            data=Path("people.csv"),
            out=Path("letters"),
            to="all",
            formats=("pdf", "txt"),
        )
    )
    start(plan)
    result = run_merge(plan, iter_jobs(plan), jobs=2)
"""

from __future__ import annotations

from .jobs import Job, MergeOptions, MergePlan, count_jobs, iter_jobs, parse_shard, prepare
from .report import ReportLine, neutralise_cell
from .runner import (
    MergeResult,
    check_templates,
    default_jobs,
    preview_text,
    run_merge,
    start,
)

__all__ = [
    "Job",
    "MergeOptions",
    "MergePlan",
    "MergeResult",
    "ReportLine",
    "check_templates",
    "count_jobs",
    "default_jobs",
    "iter_jobs",
    "neutralise_cell",
    "parse_shard",
    "prepare",
    "preview_text",
    "run_merge",
    "start",
]
