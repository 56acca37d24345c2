"""The evening's queue: SQLite in WAL mode with synchronous=FULL, one transaction per letter.

A restart or ``kill -9`` loses no queued letter; a form submitted twice (same form token) is
queued once. The tally table holds no personal data and outlives :meth:`LetterQueue.close_evening`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "LETTERKIT_DATA_DIR"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS letters (
    id INTEGER PRIMARY KEY,
    form_token TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL DEFAULT (datetime('now')),
    day TEXT NOT NULL,
    target_id TEXT NOT NULL,
    country TEXT NOT NULL,
    language TEXT NOT NULL,
    ui_language TEXT NOT NULL,
    name TEXT,
    city TEXT,
    safe INTEGER NOT NULL,
    sentence TEXT,
    printed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tally (
    form_token TEXT PRIMARY KEY,
    target_id TEXT NOT NULL,
    language TEXT NOT NULL,
    ui_language TEXT NOT NULL,
    channel TEXT NOT NULL
);
"""


def data_dir() -> Path:
    """Where evenings are kept: ``$LETTERKIT_DATA_DIR`` or the user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("letterkit", appauthor=False))


@dataclass(frozen=True)
class QueuedLetter:
    id: int
    day: str
    target_id: str
    country: str
    language: str
    ui_language: str
    name: str
    city: str
    safe: bool
    sentence: str
    printed: bool


class LetterQueue:
    """One evening's queue file; safe to use from the server's threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA secure_delete=ON")  # deleted names are overwritten, not kept
        self._db.executescript(_SCHEMA)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)

    def add(
        self,
        *,
        form_token: str,
        day: str,
        target_id: str,
        country: str,
        language: str,
        ui_language: str,
        name: str,
        city: str,
        safe: bool,
        sentence: str,
    ) -> bool:
        """Queue a letter in one transaction; False if this form token was queued already."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO letters (form_token, day, target_id, country, language,"
                    " ui_language, name, city, safe, sentence) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        form_token,
                        day,
                        target_id,
                        country,
                        language,
                        ui_language,
                        name,
                        city,
                        int(safe),
                        sentence,
                    ),
                )
                added = cursor.rowcount == 1
                if added:
                    self._db.execute(
                        "INSERT INTO tally VALUES (?,?,?,?,?)",
                        (form_token, target_id, language, ui_language, "post"),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return added

    def letters(self, *, printed: bool | None = False) -> list[QueuedLetter]:
        query = (
            "SELECT id, day, target_id, country, language, ui_language, name, city, safe,"
            " sentence, printed FROM letters"
        )
        args: tuple[int, ...] = ()
        if printed is not None:
            query += " WHERE printed = ?"
            args = (int(printed),)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY country, id", args).fetchall()
        return [
            QueuedLetter(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6] or "",
                r[7] or "",
                bool(r[8]),
                r[9] or "",
                bool(r[10]),
            )
            for r in rows
        ]

    def mark_printed(self, ids: list[int], *, forget: bool = True) -> None:
        """Mark letters printed; ``forget`` deletes their personal data at once."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            for letter_id in ids:
                if forget:
                    self._db.execute(
                        "UPDATE letters SET printed=1, name=NULL, city=NULL,"
                        " sentence=NULL WHERE id=?",
                        (letter_id,),
                    )
                else:
                    self._db.execute("UPDATE letters SET printed=1 WHERE id=?", (letter_id,))
            self._db.execute("COMMIT")

    def tally(self) -> list[dict[str, str | int]]:
        """Counts per target, language and channel: no names, no towns."""
        with self._lock:
            rows = self._db.execute(
                "SELECT target_id, language, ui_language, channel, count(*) FROM tally"
                " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
            ).fetchall()
        return [
            {
                "target": r[0],
                "language": r[1],
                "supporter_language": r[2],
                "channel": r[3],
                "count": r[4],
            }
            for r in rows
        ]

    def close_evening(self) -> int:
        """Delete every queued letter with its personal data; returns how many were deleted."""
        with self._lock:
            count = self._db.execute("DELETE FROM letters").rowcount
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.execute("VACUUM")
        return int(count)

    def close(self) -> None:
        with self._lock:
            self._db.close()
