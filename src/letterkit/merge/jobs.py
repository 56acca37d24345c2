"""From rows to letters: the batch's settings, row validation, and the stream of jobs.

A job is one letter: one row (one supporter) to one target, with its language, file names and
the hash of its inputs. Jobs are planned in the main process, in row order, so file names (made
unique in that order) and results are the same whatever the number of workers or shards.
Rows that cannot become letters are yielded as failed :class:`ReportLine` s naming the row and
the field; the other rows go on.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..campaign import Campaign, Target, load_campaign
from ..compose import LanguageChoice, choose_language, compose_letter
from ..deadlines import deadline_status
from ..errors import ChoiceError, DataError, LetterkitError
from ..layouts import check_paper
from ..letters import REFERENCE_FORMATS, copy_name
from ..locales import LOCALES, normalize_code
from ..model import Letter
from ..output import FORMATS, batch_formats, parse_formats
from ..sender import Sender, make_sender
from .columns import ColumnMap, map_columns, parse_map
from .encodings import check_encoding
from .identity import Identity, supporter_identity
from .manifest import MANIFEST_NAME, Manifest, digest, files_digest
from .naming import DEFAULT_PATTERN, UniqueNames, check_pattern, fill_pattern
from .report import ReportLine
from .sources import MAX_ROWS, DataSource, RowProblem, count_rows, open_source


@dataclass(frozen=True)
class MergeOptions:
    """Everything ``letterkit merge`` is asked to do (the CLI fills it from its options)."""

    campaign: str | Path
    data: Path
    out: Path
    to: str | None = None  # "all", "id,id"; rows may name their own
    lang: str | None = None
    formats: tuple[str, ...] = ("pdf",)
    name: str = DEFAULT_PATTERN
    column_map: tuple[str, ...] = ()  # "Header=field" specs
    sheet: str | None = None
    today: _dt.date | None = None
    paper: str | None = None
    layout: str | None = None
    safe: bool = False
    # a letter not in its sender's language gets a copy in that language to read, not to send
    reference_copy: bool = True
    force: bool = False
    shard: tuple[int, int] = (1, 1)
    combine: Path | None = None
    duplex: bool = False
    zip: bool = False
    envelopes: str | None = None  # envelope size (DL, C5, 10): one PDF, in letter order
    labels: str | None = None  # label sheet (L7163, 5160): one PDF, in letter order
    encoding: str | None = None  # the data file's encoding (default: detected)
    max_rows: int = MAX_ROWS
    prune: bool = False  # remove letters whose rows are no longer in the data
    letterhead: Path | None = None  # a PDF under every PDF letter (letterkit.pdf.letterhead)
    docx_letterhead: Path | None = None  # its header and footer in every DOCX letter


@dataclass(frozen=True)
class Job:
    """One letter to write. Picklable: it travels to a worker process."""

    key: str  # "<supporter identity>/pm": unique within the batch, the manifest's key
    row: int
    target: str
    language: str
    reason: str
    sender: Sender
    template_row: Mapping[str, str]
    stem: str
    files: tuple[str, ...]
    hash: str
    ours: tuple[str, ...] = ()  # files an earlier run of this merge wrote (may be replaced)
    done: bool = False  # recorded with the same hash and present: nothing to write
    # the sender's language, when the letter is in another and the campaign has a letter in it:
    # ``files`` end with a copy in that language to read (see copy_formats), not to send
    copy_language: str = ""


@dataclass
class MergePlan:
    """A checked batch: campaign, data source and columns, ready to stream jobs."""

    options: MergeOptions
    campaign: Campaign
    source: DataSource
    columns: ColumnMap
    targets: tuple[Target, ...]  # from --to; empty when rows name their targets
    formats: tuple[str, ...]
    today: _dt.date
    manifest_path: Path
    report_stem: str
    base_hash: str
    manifest: Manifest | None = field(default=None, repr=False)
    index: BatchIndex | None = field(default=None, repr=False)  # of the last iter_jobs
    notices: list[str] = field(default_factory=list)  # warnings for the user (start, run)

    @property
    def batch(self) -> dict[str, str]:
        """What makes this batch this batch: campaign and data file (recorded in the
        manifest; a folder holding another batch's letters is refused without --force)."""
        return {"campaign": self.campaign.id, "data": self.source.path.name}

    @property
    def out(self) -> Path:
        return self.options.out


def parse_shard(value: str) -> tuple[int, int]:
    """``"2/5"`` → ``(2, 5)``."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value or "")
    if not match:
        raise ChoiceError(f"--shard {value!r}: write it as I/N, e.g. 1/4")
    i, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= i <= n:
        raise ChoiceError(f"--shard {value!r}: I must be between 1 and N")
    return i, n


def _letterkit_version() -> str:
    from .._version import __version__

    return __version__


def campaign_digest(campaign: Campaign) -> str:
    files = [
        campaign.path / "campaign.toml",
        campaign.path / "targets.toml",
        *campaign.letters.values(),
    ]
    return files_digest(p for p in files if p.is_file())


def prepare(options: MergeOptions) -> MergePlan:
    """Load and check everything that can be checked before the first letter: campaign,
    targets, formats, file-name pattern, data file and columns. Raises on any problem."""
    campaign = load_campaign(options.campaign)
    if not campaign.targets:  # an open letter: signed by a list, not merged per supporter
        campaign.select_targets(options.to)  # raises, pointing to `letterkit sign-on`
    formats = tuple(f.name for f in parse_formats(",".join(options.formats)))
    batch = [f.name for f in batch_formats()]
    for name in formats:
        if name not in batch:
            raise ChoiceError(f"merge writes {', '.join(batch)}; not {name!r}")
    check_paper(options.paper)
    check_pattern(options.name)
    if options.envelopes:
        from ..layouts import get_envelope

        get_envelope(options.envelopes)  # an unknown size lists the choices before any letter
    if options.labels:
        from ..layouts import get_label_sheet

        get_label_sheet(options.labels)
    if options.lang:
        choose_language(campaign, campaign.targets[0], _NOBODY, options.lang)  # validates
    targets: tuple[Target, ...] = ()
    if options.to:
        targets = campaign.select_targets(options.to, "--to")
    elif len(campaign.targets) == 1:
        targets = campaign.targets  # nothing to choose
    encoding = check_encoding(options.encoding) if options.encoding else None
    source = open_source(options.data, sheet=options.sheet, encoding=encoding)
    columns = map_columns(
        source.headers,
        parse_map(options.column_map),
        source=source.path.name,
        need_target=not targets,
    )
    count_rows(source, options.max_rows)  # none, or too many: stop before the folder is made
    if options.out.exists() and not options.out.is_dir():
        raise DataError(f"--out {options.out}: exists and is not a folder")
    today = options.today or _dt.date.today()
    if options.combine is not None and not options.combine.is_absolute():
        # beside envelopes.pdf and labels.pdf, in the batch's folder
        options = replace(options, combine=options.out / options.combine)
    i, n = options.shard
    suffix = f"-shard-{i}-of-{n}" if n > 1 else ""
    if suffix and options.combine is not None:  # shards must not write the same combined PDF
        combine = options.combine
        options = replace(
            options, combine=combine.with_name(combine.stem + suffix + combine.suffix)
        )
    base = {
        "letterkit": _letterkit_version(),
        "campaign": campaign_digest(campaign),
        "formats": formats,
        "today": today.isoformat(),
        "paper": options.paper,
        "layout": options.layout,
        "safe": options.safe,
    }
    notices: list[str] = []
    if options.letterhead is not None:  # a new letterhead rewrites the letters
        from ..layouts import resolve_page
        from ..pdf.letterhead import load_letterhead, window_warnings

        head = load_letterhead(options.letterhead)
        base["letterhead"] = hashlib.sha256(head.data).hexdigest()
        if options.layout or options.paper:
            notices += window_warnings(head, *resolve_page("", options.layout, options.paper))
    if options.docx_letterhead is not None:  # so does a new DOCX letterhead
        from ..layouts import resolve_page
        from ..writers.docx_letterhead import load_docx_letterhead
        from ..writers.docx_letterhead import window_warnings as docx_warnings

        docx_head = load_docx_letterhead(options.docx_letterhead)
        base["docx_letterhead"] = docx_head.digest
        if options.layout or options.paper:
            page = resolve_page("", options.layout, options.paper)
            notices += docx_warnings(docx_head, *page)
    status, closed = deadline_status(campaign, today)
    if closed:
        notices.append(f"deadline {status}")
    return MergePlan(
        options=options,
        campaign=campaign,
        source=source,
        columns=columns,
        targets=targets,
        notices=notices,
        formats=formats,
        today=today,
        manifest_path=options.out / _with_suffix(MANIFEST_NAME, suffix),
        report_stem=f"results{suffix}",
        base_hash=digest(base),
    )


def _with_suffix(name: str, suffix: str) -> str:
    stem, dot, ext = name.partition(".")
    return f"{stem}{suffix}{dot}{ext}"


_NOBODY = Sender(name="-")


def language_code(value: str) -> str | None:
    """A row's language as a letterkit code: ``ur``, ``fa-AF``, ``Urdu``, ``Dari`` all work."""
    code = normalize_code(value)
    if code in LOCALES:
        return code
    wanted = value.strip().casefold()
    for info in LOCALES.values():
        if info.english_name.casefold() == wanted:
            return info.code
    return None


# --------------------------------------------------------------------------------------------
# rows → jobs


def _row_sender(plan: MergePlan, values: Mapping[str, str], language: str, where: str) -> Sender:
    name = values.get("name", "")
    if not name.strip():
        name = " ".join(
            x for x in (values.get("first_name", ""), values.get("last_name", "")) if x.strip()
        )
    # a cell may hold several lines (Alt+Enter in Excel): each is one address line
    street = [
        line.strip()
        for key in ("street", "street2")
        for line in values.get(key, "").splitlines()
        if line.strip()
    ]
    return make_sender(
        name=name,
        street=street,
        city=values.get("city", ""),
        region=values.get("region", ""),
        postal_code=values.get("postal_code", ""),
        country=values.get("country", ""),
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        language=language,
        safe=plan.options.safe,
        source=where,
    )


@dataclass
class BatchIndex:
    """What one pass over the rows learnt about the whole batch (every shard reads every
    row): the file names given out and the supporters seen (64-bit fingerprints each)."""

    names: UniqueNames = field(default_factory=UniqueNames)
    seen: dict[int, int] = field(default_factory=dict)  # identity fingerprint → row number
    complete: bool = False  # every row was read

    def has_supporter(self, key: str) -> bool:
        return Identity(key, "", "").fingerprint in self.seen


def _row_jobs(
    plan: MergePlan, number: int, cells: tuple[str, ...], index: BatchIndex
) -> Iterator[Job | ReportLine]:
    where = f"{plan.source.path.name}: row {number}"
    values = plan.columns.values(cells)
    identity = supporter_identity(values)
    first = index.seen.setdefault(identity.fingerprint, number)
    if first != number:
        yield ReportLine(
            number,
            "",
            "failed",
            error=(
                f"{where}: the same supporter as row {first} ({identity.basis}); remove one of "
                "the two rows, or give each supporter its own id in an 'id' column"
            ),
        )
        return
    requested: str | None = plan.options.lang
    reason = "asked for with --lang"
    raw_lang = values.get("language", "").strip()
    if raw_lang:
        code = language_code(raw_lang)
        if code is None:
            yield ReportLine(
                number,
                "",
                "failed",
                error=(
                    f"{where}: field 'language': unknown language {raw_lang!r}; known: "
                    + ", ".join(LOCALES)
                ),
            )
            return
        requested, reason = code, "the row's language column"
    sender_language = requested or plan.campaign.default_language
    try:
        sender = _row_sender(plan, values, sender_language, where)
    except DataError as exc:
        yield ReportLine(number, "", "failed", error=str(exc))
        return
    raw_target = values.get("target", "").strip()
    if raw_target:
        try:
            targets = plan.campaign.select_targets(raw_target, where)
        except ChoiceError as exc:
            yield ReportLine(number, raw_target, "failed", error=f"{where}: field 'target': {exc}")
            return
    elif plan.targets:
        targets = plan.targets
    else:
        yield ReportLine(
            number, "", "failed", error=(f"{where}: field 'target' is empty and no --to was given")
        )
        return
    template_row = plan.columns.template_row(cells)
    for target in targets:
        try:
            choice = choose_language(plan.campaign, target, sender, requested)
        except ChoiceError as exc:
            yield ReportLine(number, target.id, "failed", error=f"{where}: field 'language': {exc}")
            continue
        if requested:
            choice = LanguageChoice(choice.code, reason)
        yield _make_job(plan, number, target, choice, sender, template_row, index.names, identity)


def _make_job(
    plan: MergePlan,
    number: int,
    target: Target,
    choice: LanguageChoice,
    sender: Sender,
    template_row: Mapping[str, str],
    names: UniqueNames,
    identity: Identity,
) -> Job:
    stem = names.claim(
        fill_pattern(
            plan.options.name,
            {
                "row": number,
                "target": target.id,
                "lang": choice.code,
                "name": sender.name,
                "first_name": sender.first_name,
                "last_name": sender.last_name,
                "city": sender.city,
                "campaign": plan.campaign.id,
                "id": identity.label,
            },
        )
    )
    files = tuple(stem + FORMATS[f].extension for f in plan.formats)
    copy_language = (
        sender.language
        if plan.options.reference_copy
        and sender.language != choice.code
        and sender.language in plan.campaign.letters
        else ""
    )
    if copy_language:  # named as `write` names a copy
        files += tuple(
            copy_name(stem, copy_language, FORMATS[f].extension) for f in copy_formats(plan.formats)
        )
    names.claim_files(files)
    key = f"{identity.key}/{target.id}"
    inputs = {
        "base": plan.base_hash,
        "row": dict(template_row),
        "target": target.id,
        "language": choice.code,
        "files": files,
    }
    hash_ = digest(inputs)
    manifest = plan.manifest
    done = manifest is not None and manifest.is_done(key, hash_, files, plan.out)
    ours = manifest.ours(files) if manifest is not None else ()
    return Job(
        key,
        number,
        target.id,
        choice.code,
        choice.reason,
        sender,
        dict(template_row),
        stem,
        files,
        hash_,
        ours,
        done,
        copy_language,
    )


def copy_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats of a batch a reference copy is written in (those ``write`` gives one)."""
    return tuple(f for f in formats if f in REFERENCE_FORMATS)


def compose_job(campaign: Campaign, job: Job, today: _dt.date | None) -> Letter:
    """The letter of one job: its target, sender, language and row, dated ``today``."""
    return compose_letter(
        campaign,
        campaign.target(job.target),
        job.sender,
        language=job.language,
        row=job.template_row,
        today=today,
    )


def copy_job(campaign: Campaign, job: Job, today: _dt.date | None) -> Letter:
    """The copy of a job's letter in its sender's language, to read and not to send (as
    ``write`` makes it: :func:`letterkit.letters.reference_letter`)."""
    from ..letters import reference_letter

    return reference_letter(
        campaign,
        campaign.target(job.target),
        job.sender,
        job.copy_language,
        job.language,
        row=job.template_row,
        today=today,
    )


def iter_jobs(plan: MergePlan) -> Iterator[Job | ReportLine]:
    """Every letter of this shard, in row order, and every bad row as a failed line.

    All rows are read in every shard (file names are made unique across the whole batch, so
    each shard names its files exactly as a single run would); a shard keeps rows whose
    position among the data rows, counted from 0, is ``i - 1`` modulo ``n``.
    """
    index = plan.index = BatchIndex()
    shard_i, shard_n = plan.options.shard
    for ordinal, (number, cells) in enumerate(plan.source.rows()):
        mine = ordinal % shard_n == shard_i - 1
        if isinstance(cells, RowProblem):
            if mine:
                yield ReportLine(
                    number, "", "failed", error=f"{plan.source.path.name}: {cells.message}"
                )
            continue
        for item in _row_jobs(plan, number, cells, index):
            if mine:
                yield item
    index.complete = True


def count_jobs(plan: MergePlan) -> tuple[int, int]:
    """(letters, bad rows or letters) this shard would produce: a cheap pass for progress."""
    letters = failed = 0
    for item in iter_jobs(plan):
        if isinstance(item, Job):
            letters += 1
        else:
            failed += 1
    return letters, failed


def describe_error(exc: BaseException, job: Job, source: str) -> str:
    """A row's error as one line naming the row (and what failed)."""
    if isinstance(exc, LetterkitError):
        message = str(exc)
    elif isinstance(exc, OSError):  # a full disk, a read-only folder: no bug, say what failed
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"cannot write: {where}{exc.strerror or exc}"
    else:
        message = f"unexpected {type(exc).__name__}: {exc} (please report this)"
    prefix = f"{source}: row {job.row}"
    return message if message.startswith(prefix) else f"{prefix}, target {job.target}: {message}"


def job_summary(job: Job) -> dict[str, Any]:
    return {
        "row": job.row,
        "target": job.target,
        "language": job.language,
        "reason": job.reason,
        "files": list(job.files),
    }
