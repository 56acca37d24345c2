"""The manifest that makes a merge resumable.

One JSON object per line, appended and flushed as each letter is finished, in the output folder.
A line records the letter's job (``row/target``), a hash of everything that went into it (the
row's data, the campaign's files, letterkit's version, the options) and the files written. A
re-run skips a letter whose hash is unchanged and whose files are all still there, and rewrites
the rest.

Before a letter is handed to a worker, an *intent* line names the files it is about to write.
After a ``kill -9`` a file can exist without its letter being recorded (renamed into place, but
the process died before the line was appended); the intent line shows that this merge wrote it,
so the re-run may replace it, while a file of the same name that is nobody's intent — the
user's own — is never touched without ``--force``.

A ``kill -9`` can also cut the last line short; such a line is ignored when reading, and the
next append starts on a fresh line. A manifest that is damaged otherwise (bytes that are not
UTF-8, lines that are not JSON objects) is not silently replaced: a copy is kept beside it, the
readable lines are written back, and :attr:`Manifest.damaged` says so.

The first line names the batch (``{"batch": {"campaign": …, "data": …}}``): a folder belongs to
one batch, and a merge of another campaign or data file into it is refused without ``--force``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MANIFEST_NAME = "merge-manifest.jsonl"
PART_SUFFIXES = (".part", ".tmp")


@dataclass(frozen=True)
class Entry:
    job: str
    hash: str
    files: tuple[str, ...]


def digest(value: Any) -> str:
    """A stable SHA-256 of JSON-able data (keys sorted, no whitespace)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """A SHA-256 over file names and contents, e.g. a campaign folder's files."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode("utf-8") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def short_key(text: str) -> int:
    """A 64-bit fingerprint of a string: an index entry costs a few dozen bytes, not hundreds,
    so the index of a million-letter manifest stays small."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _fingerprint(hash_: str, files: Iterable[str]) -> bytes:
    text = hash_ + "\0" + "\0".join(files)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Manifest:
    """Read the finished letters of earlier runs; append new ones as they finish.

    Only earlier runs' lines are held in memory (as fingerprints); lines appended during this
    run go to the file alone, so memory does not grow with the batch.
    """

    def __init__(self, path: Path):
        self.path = path
        self._done: dict[int, bytes] = {}  # job → fingerprint of (input hash, files)
        self._ours: set[int] = set()  # files this merge wrote or set out to write
        self._fh: IO[str] | None = None
        self._needs_newline = False
        self._lock = threading.Lock()  # the job feeder thread writes intents
        self.batch: dict[str, str] | None = None
        self.damaged: Path | None = None  # the backup copy, when the file was damaged
        # how much of the file earlier runs wrote: the lines after it are this run's own
        self.earlier_bytes = 0
        if path.exists():
            raw = path.read_bytes()
            self.earlier_bytes = len(raw)
            self._needs_newline = bool(raw) and not raw.endswith(b"\n")
            good: list[bytes] = []
            bad = 0
            for line in raw.splitlines():
                if not line.strip():
                    continue
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError:
                    bad += 1
                    continue
                if not text.startswith("{"):
                    bad += 1
                    continue
                good.append(line)
                entry = _parse(text)  # None also for a line a kill cut short: not damage
                if isinstance(entry, Entry):
                    self._done[short_key(entry.job)] = _fingerprint(entry.hash, entry.files)
                    self._ours.update(short_key(name) for name in entry.files)
                elif isinstance(entry, dict):
                    self.batch = self.batch or entry
                elif entry is not None:
                    self._ours.update(short_key(name) for name in entry)
            if bad:
                self._rebuild(good)

    def _rebuild(self, good: list[bytes]) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        shutil.copyfile(self.path, backup)
        tmp = self.path.with_name(f".{self.path.name}.rebuild.part")
        data = b"".join(line + b"\n" for line in good)
        tmp.write_bytes(data)
        os.replace(tmp, self.path)
        self.earlier_bytes = len(data)
        self._needs_newline = False
        self.damaged = backup

    def set_batch(self, batch: Mapping[str, str]) -> None:
        """Record which batch the folder belongs to (once, as the first line written)."""
        if self.batch != dict(batch):
            self._append({"batch": dict(batch)})
            self.batch = dict(batch)

    def has(self, job: str) -> bool:
        """Whether an earlier run recorded ``job`` as finished."""
        return short_key(job) in self._done

    def is_done(self, job: str, hash_: str, files: tuple[str, ...], folder: Path) -> bool:
        """Recorded with the same inputs and the same files, and the files are all there."""
        return self._done.get(short_key(job)) == _fingerprint(hash_, files) and all(
            (folder / name).is_file() for name in files
        )

    def ours(self, names: Iterable[str]) -> tuple[str, ...]:
        """Those of ``names`` that an earlier run of this merge wrote or set out to write."""
        return tuple(name for name in names if short_key(name) in self._ours)

    def intend(self, job: str, files: Iterable[str], *, flush: bool = True) -> None:
        """Note the files a letter is about to be written to. The line must reach the
        operating system before a worker writes them: with ``flush=False`` the caller calls
        :meth:`flush` before it hands the letter on."""
        self._append({"intent": job, "files": list(files)}, flush=flush)

    def record(
        self, job: str, hash_: str, files: Iterable[str], *, flush: bool = True, **extra: Any
    ) -> None:
        """Append one finished letter, flushed to the operating system at once unless
        ``flush`` is false (a letter finished but not yet recorded when a run is killed is
        found again by the next run: its files are there with the same bytes)."""
        self._append({"job": job, "hash": hash_, "files": list(files), **extra}, flush=flush)

    def flush(self) -> None:
        """Hand the lines appended so far to the operating system."""
        with self._lock:
            if self._fh is not None:
                self._fh.flush()

    def _append(self, line: dict[str, Any], *, flush: bool = True) -> None:
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = self.path.open("a", encoding="utf-8")
                if self._needs_newline:
                    self._fh.write("\n")
            self._fh.write(text)
            if flush:
                self._fh.flush()

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None


def _parse(line: str) -> Entry | tuple[str, ...] | dict[str, str] | None:
    """A finished letter (:class:`Entry`), an intent (its file names), the batch (a dict) or
    ``None``."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None  # a line cut short by a kill
    if isinstance(data, Mapping) and isinstance(data.get("batch"), Mapping):
        return {str(k): str(v) for k, v in data["batch"].items()}
    if not isinstance(data, Mapping) or not isinstance(data.get("files"), list):
        return None
    files = tuple(str(f) for f in data["files"])
    if isinstance(data.get("intent"), str):
        return files
    job, hash_ = data.get("job"), data.get("hash")
    if not isinstance(job, str) or not isinstance(hash_, str):
        return None
    return Entry(job, hash_, files)


def read_batch(path: Path) -> dict[str, str] | None:
    """The batch a manifest file belongs to (its first batch line), or ``None``."""
    try:
        with path.open("rb") as fh:
            for raw in fh:  # first in new manifests; appended to those of older letterkits
                if raw.startswith(b'{"batch"'):
                    entry = _parse(raw.decode("utf-8", errors="replace"))
                    if isinstance(entry, dict):
                        return entry
    except OSError:
        return None
    return None


def recorded_letters(path: Path, limit: int | None = None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(job, files) of every finished or intended letter in a manifest file, streamed; with
    ``limit``, of the lines in its first ``limit`` bytes only."""
    if not path.exists() or limit == 0:
        return
    with path.open("rb") as fh:
        read = 0
        for raw in fh:
            if limit is not None:
                if read >= limit:
                    return
                read += len(raw)
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            if not isinstance(data, Mapping) or not isinstance(data.get("files"), list):
                continue
            job = data.get("job", data.get("intent"))
            if isinstance(job, str):
                yield job, tuple(str(f) for f in data["files"])


def remove_stray_parts(folder: Path) -> list[Path]:
    """Delete temporary files an interrupted run left (``.NAME.XXXX.part``/``.tmp``)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in os.scandir(folder):
        name = entry.name
        if name.startswith(".") and name.endswith(PART_SUFFIXES) and entry.is_file():
            path = Path(entry.path)
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
