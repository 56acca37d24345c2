"""Safe file output: atomic writes that never replace a user's file unless asked."""

from __future__ import annotations

import contextlib
import errno
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
    """Write ``data`` to ``path`` through a temporary file in the same folder: on Linux a file
    that gets its name only when complete (:func:`_write_linked`), elsewhere (and to replace a
    file, with ``force``) a ``.NAME.PID.N.part`` file renamed into place.

    A reader never sees a half-written file, and a killed process leaves either the old file or
    none (no fsync: that guards against power loss, at a cost batches of thousands cannot pay).
    An existing file is replaced only when ``force`` is true. A missing folder is created.
    """
    path = Path(path)
    if not force and _write_linked(path, data):  # refuses an existing file itself (linkat)
        return path
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


def _write_linked(path: Path, data: bytes) -> bool:
    """Write ``data`` to a new file that has no name until it is complete (Linux's
    ``O_TMPFILE``), then give it ``path`` (``linkat``, which never replaces a file): one
    directory change instead of three, and a kill leaves nothing behind. ``False`` where the
    system or file system cannot (nothing was written): the caller takes the ``.part`` way."""
    global _LINKING
    if not _LINKING:
        return False
    try:  # a missing folder, or a file system without O_TMPFILE: the .part way
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o666)
    except OSError:
        return False
    try:
        _write_all(fd, data)
        try:  # the absolute /proc path ignores src_dir_fd, which makes os.link use linkat
            os.link(f"/proc/self/fd/{fd}", path, src_dir_fd=fd, follow_symlinks=True)
        except FileExistsError:
            raise OutputError(f"{path}: file exists; use --force to overwrite it") from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise
            _LINKING = False  # no /proc, or linking refused: not tried again in this process
            return False
    finally:
        os.close(fd)
    return True


# Linux (O_TMPFILE, linkat through /proc/self/fd); elsewhere every write takes the .part way
_LINKING = hasattr(os, "O_TMPFILE") and os.link in os.supports_dir_fd


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
