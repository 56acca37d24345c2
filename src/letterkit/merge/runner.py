"""Running a merge: worker processes, the manifest, the report, the combined PDF and the zip.

Jobs are planned in the main process and rendered by ``--jobs`` worker processes through
``Pool.imap``, which hands results back in job order: the report, the manifest and the combined
PDF come out the same whatever the number of workers. The task feeder is held back by a
semaphore, so only a bounded window of jobs is in flight (``Pool.imap`` alone would read the
whole generator ahead) and memory stays flat however many rows there are.

Workers write the letter files themselves (atomically); the main process appends each finished
letter to the manifest as its result arrives. A file that exists but is not recorded (the run
was killed between the rename and the manifest line) is recognised by content: rendering is
deterministic (a fixed date for the run, invariant documents), so identical bytes
mean the letter is complete.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import itertools
import multiprocessing
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..campaign import Campaign, load_campaign
from ..errors import ExitStatus, OutputError
from ..fileio import write_atomic
from ..model import Letter
from ..output import FORMATS, RenderOptions, render
from .jobs import (
    Job,
    MergePlan,
    compose_job,
    copy_formats,
    copy_job,
    describe_error,
    iter_jobs,
)
from .manifest import MANIFEST_NAME, Manifest, read_batch, recorded_letters, remove_stray_parts
from .report import ReportLine, ReportWriter

# letters per message to a worker: a message each carries the pickling and the wake-ups of the
# pool's threads in the main process, which shares the machine with the workers (4: the main
# process took 0.57 ms of CPU per letter, 16: 0.38 ms, of ~3.5 ms a letter costs in all)
CHUNKSIZE = 16
# letters counted in the tally at a time: a batch's memory must not grow with its length (each
# entry is recorded once per supporter and target, so counting in parts counts nothing twice)
TALLY_BATCH = 500
COMBINE_KEY = "combined-pdf"
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class DiskFullError(OutputError):
    """The disk (or the user's quota) is full: the batch stops; re-running carries on."""

    def __init__(self, where: object):
        self.where = str(where)
        super().__init__(
            f"{where}: the disk is full (no space left on device); free some "
            "space and run the same command again (the letters already written "
            "are kept)"
        )


@dataclass(frozen=True)
class WorkerConfig:
    """What every worker needs, sent once when the pool starts."""

    campaign: str
    out: Path
    formats: tuple[str, ...]
    today: _dt.date
    paper: str | None
    layout: str | None
    force: bool
    keep_letters: bool  # send composed letters back (for --combine)
    source_name: str
    parent_pid: int = 0  # the main process: workers end when it is gone
    letterhead: Path | None = None  # under every PDF letter
    docx_letterhead: Path | None = None  # its header and footer in every DOCX letter


@dataclass(frozen=True)
class Outcome:
    line: ReportLine
    key: str = ""
    hash: str = ""
    record: bool = False  # new or rewritten: append to the manifest
    letter: Letter | None = None
    disk_full: str = ""  # the file that could not be written: the batch stops
    copy_language: str = ""  # the letter has a copy in this language to read (Job.copy_language)


@dataclass
class MergeResult:
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    report_csv: Path | None = None
    report_json: Path | None = None
    manifest: Path | None = None
    combined: Path | None = None
    combined_pages: int = 0
    envelopes: Path | None = None
    labels: Path | None = None
    zip: Path | None = None
    removed_parts: list[Path] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # letter files of rows no longer in the data
    stale_letters: int = 0
    pruned: bool = False  # the stale files were removed (--prune)
    seconds: float = 0.0
    copies: dict[str, int] = field(default_factory=dict)  # letters with a copy, per its language

    @property
    def letters(self) -> int:
        return self.written + self.unchanged

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.BATCH_FAILED if self.failed else ExitStatus.OK


# --------------------------------------------------------------------------------------------
# the worker side

_STATE: dict[str, Any] = {}


def _init_worker(config: WorkerConfig) -> None:
    """Load the campaign once per process. Rendering is ``invariant`` (fixed PDF dates and
    document ids): the same inputs give the same bytes, whichever process renders them."""
    _STATE["config"] = config
    _STATE["campaign"] = load_campaign(config.campaign)
    _STATE["options"] = RenderOptions(
        paper=config.paper,
        layout=config.layout,
        invariant=True,
        letterhead=config.letterhead,
        docx_letterhead=config.docx_letterhead,
    )


def _init_pool_worker(config: WorkerConfig) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool and keeps what is done
    (otherwise every worker prints its own KeyboardInterrupt traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(config.parent_pid)
    _init_worker(config)


def _end_with_parent(parent: int) -> None:
    """An orphaned worker (its main process killed) ends at once and quietly, instead of
    finishing its letter and printing a BrokenPipeError traceback when it hands it back."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
        watch = False
    except (OSError, AttributeError):
        watch = True
    if parent and os.getppid() != parent:  # gone before the line above took effect
        os._exit(0)
    if watch and parent:

        def watch_parent() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)

        threading.Thread(target=watch_parent, daemon=True).start()


@contextlib.contextmanager
def _in_process(config: WorkerConfig) -> Iterator[None]:
    _init_worker(config)
    try:
        yield
    finally:
        _STATE.clear()


def _put(path: Path, data: bytes, *, may_replace: bool) -> bool:
    """Write ``data`` unless the same bytes are there already; return whether it wrote."""
    try:
        try:
            write_atomic(path, data)
            return True
        except OutputError:
            if not path.is_file():
                raise
        if path.read_bytes() == data:
            return False
        if not may_replace:
            raise OutputError(
                f"{path}: a different file of that name is in the output folder and this merge "
                "did not write it; move it away or use --force"
            )
        write_atomic(path, data, force=True)
        return True
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise DiskFullError(path) from None
        raise


def work(item: Job | ReportLine) -> Outcome:
    """Compose and write one letter (in a worker); never raises for a bad row."""
    if isinstance(item, ReportLine):
        return Outcome(item)
    job = item
    config: WorkerConfig = _STATE["config"]
    campaign: Campaign = _STATE["campaign"]
    if job.done and not config.keep_letters:
        return Outcome(_line(job, "unchanged"), job.key, job.hash, copy_language=job.copy_language)
    written: list[Path] = []
    try:
        letter = compose_job(campaign, job, config.today)
        status = "unchanged"
        if not job.done:
            count = len(config.formats)
            outputs = [
                (letter, fmt, name)
                for fmt, name in zip(config.formats, job.files[:count], strict=True)
            ]
            if job.copy_language:  # the copy to read, in the files after the letter's
                copy = copy_job(campaign, job, config.today)
                kinds = copy_formats(config.formats)
                outputs += [
                    (copy, fmt, name) for fmt, name in zip(kinds, job.files[count:], strict=True)
                ]
            for made, fmt, name in outputs:
                data = render(made, fmt, _STATE["options"])
                if _put(config.out / name, data, may_replace=config.force or name in job.ours):
                    status = "written"
                    written.append(config.out / name)
    except Exception as exc:  # noqa: BLE001 - one bad letter must not stop the batch
        for path in written:  # the report says failed: leave none of its files behind
            path.unlink(missing_ok=True)
        error = describe_error(exc, job, config.source_name)
        return Outcome(
            ReportLine(job.row, job.target, "failed", job.language, job.reason, error=error),
            disk_full=exc.where if isinstance(exc, DiskFullError) else "",
        )
    return Outcome(
        _line(job, status),
        job.key,
        job.hash,
        record=not job.done,
        letter=letter if config.keep_letters else None,
        copy_language=job.copy_language,
    )


def _line(job: Job, status: str) -> ReportLine:
    return ReportLine(job.row, job.target, status, job.language, job.reason, job.files)


# --------------------------------------------------------------------------------------------
# the main side


def _outcomes(
    items: Iterator[Job | ReportLine], config: WorkerConfig, jobs: int
) -> Iterator[Outcome]:
    if jobs <= 1:
        with _in_process(config):
            for item in items:
                yield work(item)
        return
    window = threading.Semaphore(jobs * CHUNKSIZE * 4)
    stop = threading.Event()

    def feed() -> Iterator[Job | ReportLine]:
        # runs in the pool's task-handler thread; it must be able to end, or terminate() hangs
        for item in items:
            while not window.acquire(timeout=0.1):
                if stop.is_set():
                    return
            if stop.is_set():
                return
            yield item

    _preload(config.formats, config.keep_letters)  # imported once, shared by forked workers
    first = next(items, None)
    if first is None:
        return
    _warm_up(first, config)  # fonts, layouts and templates made once, before the fork
    items = itertools.chain([first], items)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = context.Pool(jobs, initializer=_init_pool_worker, initargs=(config,))
    try:
        for outcome in pool.imap(work, feed(), chunksize=CHUNKSIZE):
            window.release()
            yield outcome
        pool.close()
    except BaseException:
        stop.set()
        pool.terminate()
        raise
    finally:
        stop.set()
        pool.join()


def _tally_entry(plan: MergePlan, line: ReportLine, key: str) -> Any:
    """One letter of the batch for the local tally (:mod:`letterkit.tally`): keyed by the
    supporter's job key, so a re-run counts nothing twice."""
    from ..letters import message_id_of
    from ..tally import Written

    out = plan.options.out
    ids: list[str] = []
    for name in line.files:
        if name.endswith(".eml"):
            with contextlib.suppress(OSError):
                with (out / name).open("rb") as fh:
                    found = message_id_of(fh.read(8192))
                if found:
                    ids.append(found)
    return Written(
        plan.campaign.id,
        line.target,
        line.language,
        plan.formats,
        key,
        plan.today.isoformat(),
        tuple(ids),
    )


def _count(entries: list[Any]) -> None:
    from ..tally import record

    record(entries)


def _warm_up(item: Job | ReportLine, config: WorkerConfig) -> None:
    """Render the first letter in the main process without writing it: forked workers then
    start with its fonts parsed and its layouts and drawing plans made (copy-on-write), instead
    of each making them again. Errors are left to the worker that renders it for real."""
    if not isinstance(item, Job) or item.done:
        return
    with _in_process(config), contextlib.suppress(Exception):
        campaign: Campaign = _STATE["campaign"]
        letter = compose_job(campaign, item, config.today)
        for fmt in config.formats:
            render(letter, fmt, _STATE["options"])


def _preload(formats: tuple[str, ...], pdf: bool) -> None:
    """Import the writers' heavy libraries in the parent, before workers fork."""
    import importlib

    for name in {*formats, *(("pdf",) if pdf else ())}:
        for module in FORMATS[name].preload:
            importlib.import_module(module)


class _CanvasFile:
    """One PDF that grows letter by letter on one canvas, then is renamed into place."""

    def __init__(self, path: Path, paper: str = "a4"):
        from ..pdf.document import open_canvas

        self.path = path
        self.tmp = path.with_name(f".{path.name}.combine.part")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.canvas = open_canvas(str(self.tmp), paper=paper, invariant=True)
        self.canvas.setCreator("letterkit merge")
        self.pages = 0

    def add(self, letter: Letter) -> None:
        """Draw ``letter``'s pages (or buffer it) and compress the pages finished."""
        from ..pdf.document import pack_finished_pages

        self.draw(letter)
        pack_finished_pages(self.canvas)

    def draw(self, letter: Letter) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Draw what is still buffered (before saving)."""

    def finish(self) -> None:
        self.flush()
        if not self.pages:
            self.abort()
            return
        from ..pdf.document import save_canvas

        save_canvas(self.canvas)
        self.tmp.replace(self.path)

    def abort(self) -> None:
        self.tmp.unlink(missing_ok=True)


class _Envelopes(_CanvasFile):
    """An envelope per letter, in letter order."""

    def __init__(self, path: Path, size: str):
        super().__init__(path)
        self.size = size

    def draw(self, letter: Letter) -> None:
        from ..pdf.envelope import envelope_pages

        self.pages += envelope_pages(self.canvas, [letter], self.size)


class _Labels(_CanvasFile):
    """Address labels in letter order, drawn a sheet at a time (memory stays flat)."""

    def __init__(self, path: Path, sheet: str):
        from ..layouts import get_label_sheet

        super().__init__(path)
        self.sheet = get_label_sheet(sheet)
        self.buffer: list[Letter] = []

    def draw(self, letter: Letter) -> None:
        self.buffer.append(letter)
        if len(self.buffer) == self.sheet.per_sheet:
            self.flush()

    def flush(self) -> None:
        from ..pdf.labels import label_pages

        if self.buffer:
            label_pages(self.canvas, self.buffer, self.sheet)
            self.pages += 1
            self.buffer = []


class _Combiner(_CanvasFile):
    """All letters in one PDF, drawn on one canvas; ``duplex`` starts each on an odd page."""

    def __init__(self, path: Path, duplex: bool, options: RenderOptions):
        super().__init__(path, options.paper or "a4")
        self.duplex = duplex
        self.options = options

    def draw(self, letter: Letter) -> None:
        from ..pdf.letter import PdfOptions, draw_letter

        if self.duplex and self.pages % 2:
            self.canvas.showPage()  # a blank back, so the next letter starts on a new sheet
            self.pages += 1
        options = PdfOptions(paper=self.options.paper, layout=self.options.layout, invariant=True)
        self.pages += draw_letter(self.canvas, letter, options)


class _Zipper:
    """The letters (and the report) in one zip, built as results arrive; same bytes each run."""

    def __init__(self, path: Path, folder: Path, day: _dt.date):
        self.path = path
        self.folder = folder
        self.tmp = path.with_name(f".{path.name}.part")
        self.stamp = (day.year, day.month, day.day, 0, 0, 0)
        self.zip = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_DEFLATED)

    def add(self, name: str) -> None:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, (self.folder / name).read_bytes())

    def finish(self) -> None:
        self.zip.close()
        self.tmp.replace(self.path)

    def abort(self) -> None:
        self.zip.close()
        self.tmp.unlink(missing_ok=True)


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def run_merge(
    plan: MergePlan,
    items: Iterator[Job | ReportLine],
    *,
    jobs: int | None = None,
    on_result: Callable[[ReportLine], None] | None = None,
) -> MergeResult:
    """Write every job of ``items`` (from :func:`letterkit.merge.jobs.iter_jobs`), record each
    in the manifest as it finishes, and write the report; the exit status says if any failed.
    Letters of rows no longer in the data are listed in :attr:`MergeResult.stale` (and removed
    with ``prune``). A full disk stops the batch with :class:`DiskFullError`.

    ``plan.manifest`` must be loaded before ``items`` is created (see :func:`start`).
    """
    try:
        return _run_merge(plan, items, jobs=jobs, on_result=on_result)
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise DiskFullError(exc.filename or plan.out) from None
        raise


def _run_merge(
    plan: MergePlan,
    items: Iterator[Job | ReportLine],
    *,
    jobs: int | None,
    on_result: Callable[[ReportLine], None] | None,
) -> MergeResult:
    started = time.monotonic()
    options = plan.options
    out = plan.out
    assert plan.manifest is not None, "call start(plan) first"
    manifest = plan.manifest
    result = MergeResult(manifest=manifest.path)
    config = WorkerConfig(
        campaign=str(plan.campaign.path),
        out=out,
        formats=plan.formats,
        today=plan.today,
        paper=options.paper,
        layout=options.layout,
        force=options.force,
        keep_letters=bool(options.combine or options.envelopes or options.labels),
        source_name=plan.source.path.name,
        parent_pid=os.getpid(),
        letterhead=options.letterhead,
        docx_letterhead=options.docx_letterhead,
    )
    report = ReportWriter(out, plan.report_stem)
    combiner = (
        _Combiner(
            options.combine,
            options.duplex,
            RenderOptions(
                paper=options.paper, layout=options.layout, letterhead=options.letterhead
            ),
        )
        if options.combine
        else None
    )

    def beside_report(kind: str) -> Path:  # envelopes.pdf, labels-shard-1-of-2.pdf, …
        return out / (plan.report_stem.replace("results", kind) + ".pdf")

    printed: list[_CanvasFile] = []  # envelopes and labels, in letter order
    if options.envelopes:
        printed.append(_Envelopes(beside_report("envelopes"), options.envelopes))
    if options.labels:
        printed.append(_Labels(beside_report("labels"), options.labels))
    zip_path = out / (plan.report_stem.replace("results", "letters") + ".zip")
    zipper = _Zipper(zip_path, out, plan.today) if options.zip else None
    from ..tally import counting_enabled

    counted: list[Any] | None = [] if counting_enabled() else None

    workers = jobs or default_jobs()

    def announced() -> Iterator[Job | ReportLine]:
        # a letter's intent reaches the operating system before the letter is written: before
        # each letter in this process, before each message of CHUNKSIZE letters to the workers
        # (the pool sends one once it has taken CHUNKSIZE of them, or the last ones)
        for count, item in enumerate(items, start=1):
            if isinstance(item, Job) and not item.done:
                manifest.intend(item.key, item.files, flush=False)
            if workers <= 1 or count % CHUNKSIZE == 0:
                manifest.flush()
            yield item
        manifest.flush()

    recorded = 0
    try:
        for outcome in _outcomes(announced(), config, workers):
            if outcome.disk_full:
                raise DiskFullError(outcome.disk_full)
            line = outcome.line
            if outcome.record:
                recorded += 1
                manifest.record(  # flushed every CHUNKSIZE letters and at the end
                    outcome.key,
                    outcome.hash,
                    line.files,
                    flush=recorded % CHUNKSIZE == 0,
                    row=line.row,
                    target=line.target,
                    language=line.language,
                )
            if outcome.copy_language and line.status != "failed":
                result.copies[outcome.copy_language] = (
                    result.copies.get(outcome.copy_language, 0) + 1
                )
            if line.status == "written":
                result.written += 1
            elif line.status == "unchanged":
                result.unchanged += 1
            else:
                result.failed += 1
            report.add(line)
            if counted is not None and outcome.key and line.status in ("written", "unchanged"):
                counted.append(_tally_entry(plan, line, outcome.key))
                if len(counted) >= TALLY_BATCH:
                    with contextlib.suppress(Exception):  # a busy tally never stops a batch:
                        _count(counted)  # what is not counted now is counted at the end
                        counted.clear()
            if combiner is not None and outcome.letter is not None:
                combiner.add(outcome.letter)
            if outcome.letter is not None:
                for pdf in printed:
                    pdf.add(outcome.letter)
            if zipper is not None:
                for name in line.files if line.status != "failed" else ():
                    zipper.add(name)
            if on_result is not None:
                on_result(line)
    except BaseException:
        report.abort()
        if combiner is not None:
            combiner.abort()
        for pdf in printed:
            pdf.abort()
        if zipper is not None:
            zipper.abort()
        manifest.close()
        if counted:  # the letters written before the stop are letters all the same
            with contextlib.suppress(Exception):
                _count(counted)
        raise
    manifest.close()
    if counted:
        _count(counted)
    result.seconds = time.monotonic() - started
    report.close(
        {
            "written": result.written,
            "unchanged": result.unchanged,
            "failed": result.failed,
            "campaign": plan.campaign.id,
            "date": plan.today.isoformat(),
            "formats": list(plan.formats),
            "shard": f"{options.shard[0]}/{options.shard[1]}",
        }
    )
    result.report_csv, result.report_json = report.csv_path, report.json_path
    if plan.index is not None and plan.index.complete:
        result.stale, result.stale_letters = find_stale(plan)
        if result.stale and options.prune:
            for name in result.stale:
                (out / name).unlink(missing_ok=True)
            result.pruned = True
    if combiner is not None:
        check_combine_target(plan)
        combiner.finish()
        if combiner.pages:
            result.combined, result.combined_pages = combiner.path, combiner.pages
            record_combined(plan, result)
    for pdf in printed:
        pdf.finish()
        if pdf.pages:
            if isinstance(pdf, _Envelopes):
                result.envelopes = pdf.path
            else:
                result.labels = pdf.path
    if zipper is not None:
        zipper.add(report.csv_path.name)
        zipper.finish()
        result.zip = zipper.path
    return result


def _describe_batch(batch: dict[str, str]) -> str:
    return f"campaign {batch.get('campaign', '?')!r}, data file {batch.get('data', '?')!r}"


def check_batch(plan: MergePlan) -> None:
    """Refuse (without ``--force``) a folder whose manifests belong to another batch: another
    campaign's or another data file's letters are never replaced by accident."""
    if not plan.out.is_dir() or plan.options.force:
        return
    stem = MANIFEST_NAME.partition(".")[0]
    for path in sorted(plan.out.glob(f"{stem}*.jsonl")):
        batch = read_batch(path)
        if batch is not None and batch != plan.batch:
            raise OutputError(
                f"{plan.out}: holds the letters of another batch ({_describe_batch(batch)}; "
                f"this merge is {_describe_batch(plan.batch)}); nothing was written: use "
                "another --out folder, or --force to write this batch's letters over them"
            )


def check_combine_target(plan: MergePlan) -> None:
    """``--combine`` never replaces a letter of this batch (not even with ``--force``), nor
    any other file it did not write itself without ``--force``."""
    combine, manifest = plan.options.combine, plan.manifest
    if combine is None or manifest is None or not combine.exists():
        return
    in_out = combine.resolve().parent == plan.out.resolve()
    letter = in_out and (
        bool(manifest.ours([combine.name]))
        or (plan.index is not None and plan.index.names.owns_file(combine.name))
    )
    if letter:
        raise OutputError(
            f"--combine {combine}: that is a letter of this batch; give the "
            "combined PDF another name"
        )
    if not plan.options.force and not manifest.has(COMBINE_KEY + ":" + combine.name):
        raise OutputError(
            f"{combine}: file exists and this merge did not write it; use "
            "--force to replace it, or give --combine another name"
        )


def start(plan: MergePlan) -> list[Path]:
    """Prepare the output folder: refuse one that holds another batch's letters (without
    ``--force``), create it, remove stray ``.part`` files a killed run left, load the manifest
    (a damaged one is kept as a copy and rebuilt: see ``plan.notices``), and refuse to replace
    a combined PDF this merge did not write."""
    check_batch(plan)
    plan.out.mkdir(parents=True, exist_ok=True)
    removed = remove_stray_parts(plan.out)
    combine = plan.options.combine
    if combine is not None:
        combine.with_name(f".{combine.name}.combine.part").unlink(missing_ok=True)
    earlier = read_batch(plan.manifest_path) if plan.manifest_path.exists() else None
    if earlier is not None and earlier != plan.batch:  # --force: start this batch afresh
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = plan.manifest_path.with_name(f"{plan.manifest_path.name}.replaced-{stamp}")
        os.replace(plan.manifest_path, aside)
        plan.notices.append(
            f"{plan.out} held the letters of another batch "
            f"({_describe_batch(earlier)}); --force: its manifest is kept as "
            f"{aside.name}"
        )
    plan.manifest = Manifest(plan.manifest_path)
    if plan.manifest.damaged is not None:
        plan.notices.append(
            f"{plan.manifest_path}: damaged (lines that are not letterkit's); a copy is kept "
            f"as {plan.manifest.damaged.name} and the readable lines were kept; letters it no "
            "longer records are checked again"
        )
    try:
        plan.manifest.set_batch(plan.batch)
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise DiskFullError(plan.manifest_path) from None
        raise
    check_combine_target(plan)
    return removed


def _plain_name(name: str) -> bool:
    return (
        bool(name)
        and name == Path(name).name
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
    )


def find_stale(plan: MergePlan) -> tuple[list[str], int]:
    """Letter files this folder's manifest records for supporters no longer in the data (and
    not the name of any letter of this batch): (file names, number of letters)."""
    index = plan.index
    if index is None:
        return [], 0
    files: dict[str, None] = {}
    letters: set[str] = set()
    # the lines this run appended are its own letters' (supporters in the data): only the
    # earlier runs' lines are read again
    limit = plan.manifest.earlier_bytes if plan.manifest is not None else None
    for job, names in recorded_letters(plan.manifest_path, limit):
        if job.startswith(COMBINE_KEY):
            continue
        supporter = job.rsplit("/", 1)[0]
        if supporter.startswith(("id:", "key:")) and index.has_supporter(supporter):
            continue
        for name in names:
            if (
                _plain_name(name)
                and name not in files
                and not index.names.owns_file(name)
                and (plan.out / name).is_file()
            ):
                files[name] = None
                letters.add(job)
    return sorted(files), len(letters)


def record_combined(plan: MergePlan, result: MergeResult) -> None:
    """Remember the combined PDF, so the next run may replace it without --force."""
    if result.combined is not None:
        manifest = Manifest(plan.manifest_path)
        manifest.record(COMBINE_KEY + ":" + result.combined.name, "", [str(result.combined)])
        manifest.close()


def preview_text(plan: MergePlan, job: Job) -> str:
    """One job's letter as plain text (``--dry-run`` shows the first), without writing it."""
    from ..writers.text import render_text

    letter = compose_job(plan.campaign, job, plan.today)
    return render_text(letter)


def check_templates(plan: MergePlan, *, rows: int = 200) -> None:
    """Compose the first letter in each language (among the first ``rows`` letters) before any
    is written, so a template that uses a column the data lacks (``row.note``) stops the batch
    at once instead of failing every row. Raises :class:`~letterkit.errors.TemplateError`."""
    from ..errors import TemplateError

    seen: set[str] = set()
    for index, item in enumerate(iter_jobs(plan)):
        if index >= rows:
            break
        if isinstance(item, ReportLine) or item.language in seen:
            continue
        seen.add(item.language)
        try:
            compose_job(plan.campaign, item, plan.today)
        except TemplateError as exc:
            found = ", ".join(repr(h) for h in plan.source.headers)
            raise TemplateError(f"{exc} (row {item.row}; the data's columns: {found})") from None
