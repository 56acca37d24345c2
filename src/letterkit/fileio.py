"""Safe file output: atomic writes that never replace a user's file unless asked."""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path

from .errors import DataError, OutputError


def refuse_existing(path: Path, force: bool) -> None:
    """The one overwrite guard: an :class:`OutputError` if ``path`` exists and ``force`` is
    false. Callers that write several files check them all before writing any."""
    if not force and Path(path).exists():
        raise OutputError(f"{path}: file exists; use --force to overwrite it")


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written file, and a killed process leaves either the old file or
    none (no fsync: that guards against power loss, at a cost batches of thousands cannot pay).
    An existing file is replaced only when ``force`` is true. A missing folder is created.
    """
    path = Path(path)
    refuse_existing(path, force)
    try:
        fd, tmp_name = _open_part(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder first (once per batch)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = _open_part(path)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        refuse_existing(path, force)  # again: another process may have written it meanwhile
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_PART_NUMBERS = itertools.count()


def _open_part(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (``.<name>.<pid>.<n>.part``), created exclusively
    with the permissions ``open()`` would give (the umask applies, unlike ``mkstemp``'s 0600)."""
    folder, name = os.path.split(path)
    start = f"{folder}{os.sep}.{name}.{os.getpid()}." if folder else f".{name}.{os.getpid()}."
    while True:
        tmp = f"{start}{next(_PART_NUMBERS)}.part"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue  # left by an earlier process of the same number: take the next


def file_version(path: Path, what: str) -> int:
    """``path``'s modification time in ns, the key of a cache per version of a file; a file that
    cannot be read is one line naming it and ``what`` it is (:class:`DataError`)."""
    try:
        return Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise DataError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None
