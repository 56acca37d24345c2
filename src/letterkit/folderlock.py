"""One letterkit run per output folder at a time: ``with FolderLock(folder, "merge"): ...``.

The lock is ``FOLDER/.letterkit.lock``, held with ``fcntl.flock`` for as long as the run lasts
and holding the holder's pid, host, purpose and start time (for the message another run shows).
The operating system releases a ``flock`` when its process dies, however it dies (``kill -9``,
a crash, a power cut of the machine that held it), so a lock is never left stale: a lock file
that is still there but no longer locked is taken over, and the run that takes it over says so
(:attr:`FolderLock.taken_over`). A second run that finds the lock held fails at once with one
line naming the folder and the other process (:class:`FolderBusyError`).

Where ``flock`` does not exist (Windows), the file is created with ``O_EXCL`` instead, and a
lock whose pid no longer runs on this host is taken over.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import OutputError

LOCK_NAME = ".letterkit.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class FolderBusyError(OutputError):
    """Another letterkit run holds the folder's lock."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe(holder: dict[str, Any]) -> str:
    purpose = holder.get("purpose") or "letterkit"
    pid, host, since = holder.get("pid", "?"), holder.get("host", "?"), holder.get("since", "?")
    return f"letterkit {purpose} (pid {pid} on {host}, since {since})"


def _read_holder(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class FolderLock:
    """Hold ``folder``'s lock for one run (a context manager); the folder is created."""

    def __init__(self, folder: Path | str, purpose: str, *, create: bool = True):
        self.folder = Path(folder)
        self.purpose = purpose
        self.create = create  # False: a missing folder is not locked (nothing to protect)
        self.path = self.folder / LOCK_NAME
        self.taken_over: str | None = None  # "a lock left by … was taken over" when stale
        self._fd: int | None = None

    def _me(self) -> bytes:
        since = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": self.purpose,
            "since": since,
        }
        return (json.dumps(holder) + "\n").encode("utf-8")

    def _busy(self, text: str) -> FolderBusyError:
        holder = _read_holder(text)
        who = _describe(holder) if holder else "another letterkit run"
        return FolderBusyError(
            f"{self.folder}: in use by {who}; wait for it to finish, or use another folder"
        )

    def acquire(self) -> FolderLock:
        if not self.create and not self.folder.is_dir():
            return self
        self.folder.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_excl()  # type: ignore[unreachable]
            return self
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    raise self._busy(text) from None
                # a file system without flock (some network shares): a lock file alone
                if not text.strip():
                    self.path.unlink(missing_ok=True)
                self._acquire_excl()
                return self
            try:  # the holder before us may have removed the file we opened: try again
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            break
        old = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        if old.strip():  # a holder that ended without removing its file: it was killed
            self.taken_over = (
                f"{self.folder}: took over the lock left by "
                f"{_describe(_read_holder(old))}, which no longer runs"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, self._me(), 0)
        self._fd = fd
        return self

    def _acquire_excl(self) -> None:
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                try:
                    text = self.path.read_text(encoding="utf-8", errors="replace")
                except FileNotFoundError:
                    continue
                holder = _read_holder(text)
                pid = holder.get("pid")
                if (
                    isinstance(pid, int)
                    and holder.get("host") == socket.gethostname()
                    and not _pid_alive(pid)
                ):
                    self.taken_over = (
                        f"{self.folder}: took over the lock left by "
                        f"{_describe(holder)}, which no longer runs"
                    )
                    self.path.unlink(missing_ok=True)
                    continue
                raise self._busy(text) from None
            os.write(fd, self._me())
            self._fd = fd
            return
        raise self._busy("")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # while still locked: nobody holds a stale inode
        finally:
            os.close(self._fd)  # releases the flock
            self._fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
