"""The local tally of letters for report-back: how many, to whom, by which channel, in what
language.

Urgent actions ask supporters to tell the organisers how many letters, emails and faxes they
sent. letterkit counts every letter written, printed or sent, per campaign, target, channel
(``post``, ``email``, ``fax``) and language, and nothing else: no names, no addresses. Each count
is keyed by a salted hash of what makes the letter that letter (the campaign, the target, the
channel and the supporter), so writing or merging the same letter again does not count it twice;
the salt is made once per installation and never leaves it, so the keys say nothing about a
supporter either.

The tally is an SQLite file in the user data folder (``LETTERKIT_DATA_DIR`` overrides it), each
count one transaction (WAL, synchronous FULL): a crash loses nothing counted before it. Counting
is switched off with ``tally = false`` in the profile (``letterkit init --no-tally``) or
``LETTERKIT_TALLY=0``.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHANNEL_OF_FORMAT",
    "TallyRow",
    "Written",
    "counting_enabled",
    "counts",
    "record",
    "record_sent",
    "tally_path",
]

ENV_DIR, ENV_SWITCH = "LETTERKIT_DATA_DIR", "LETTERKIT_TALLY"
# the channel by which a letter in each output format reaches the official
CHANNEL_OF_FORMAT: dict[str, str] = {
    "pdf": "post",
    "docx": "post",
    "txt": "post",
    "envelope": "post",
    "eml": "email",
    "fax": "fax",
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS letters (
    key TEXT PRIMARY KEY, campaign TEXT NOT NULL, target TEXT NOT NULL, channel TEXT NOT NULL,
    language TEXT NOT NULL, action TEXT NOT NULL, day TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    message TEXT PRIMARY KEY, campaign TEXT NOT NULL, target TEXT NOT NULL,
    language TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS salt (value TEXT NOT NULL);
"""


def tally_path() -> Path:
    base = os.environ.get(ENV_DIR)
    if base:
        return Path(base) / "tally.sqlite"
    from platformdirs import user_data_dir

    return Path(user_data_dir("letterkit")) / "tally.sqlite"


def counting_enabled(profile_setting: bool | None = None) -> bool:
    """Whether letters are counted: ``LETTERKIT_TALLY`` (0 turns it off), then the sender's
    ``tally`` setting, or (``None``: merge and send, which have no one sender) the saved
    profile's, counting when there is none."""
    switch = os.environ.get(ENV_SWITCH, "").strip().lower()
    if switch in ("0", "no", "off", "false"):
        return False
    if profile_setting is not None:
        return profile_setting
    import tomllib

    from .sender import profile_path

    try:
        with profile_path().open("rb") as fh:
            return bool(tomllib.load(fh).get("tally", True))
    except (OSError, tomllib.TOMLDecodeError):
        return True


@contextmanager
def _db() -> Iterator[sqlite3.Connection]:
    path = tally_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_SCHEMA)
        with db:  # one transaction
            yield db


def _salt(db: sqlite3.Connection) -> str:
    row = db.execute("SELECT value FROM salt").fetchone()
    if row is not None:
        return str(row[0])
    value = secrets.token_hex(16)
    db.execute("INSERT INTO salt VALUES (?)", (value,))
    return value


def _key(salt: str, *parts: str) -> str:
    return hashlib.sha256("\x1f".join((salt, *parts)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Written:
    """One letter to count: ``who`` identifies the supporter (hashed, never stored)."""

    campaign: str
    target: str
    language: str
    formats: tuple[str, ...]
    who: str
    day: str
    message_ids: tuple[str, ...] = ()  # of the emails among the formats, for ``send``


def record(letters: Iterable[Written], *, action: str = "written") -> int:
    """Count letters (in one transaction) in each channel their formats reach; returns how
    many counts were new (a letter counted before is not counted again)."""
    with _db() as db:
        salt = _salt(db)
        rows, messages = [], []
        for one in letters:
            channels = sorted({CHANNEL_OF_FORMAT[f] for f in one.formats if f in CHANNEL_OF_FORMAT})
            for channel in channels:
                key = _key(salt, one.campaign, one.target, channel, action, one.who)
                rows.append((key, one.campaign, one.target, channel, one.language, action, one.day))
            for message_id in one.message_ids:
                key = _key(salt, "message", message_id)
                messages.append((key, one.campaign, one.target, one.language))
        before = db.total_changes
        db.executemany("INSERT OR IGNORE INTO letters VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        added = db.total_changes - before  # rows new to the tally (the others were counted)
        db.executemany("INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?)", messages)
    return added


def record_sent(message_id: str, *, day: str) -> bool:
    """Count an email a server accepted, if letterkit wrote it here; once per Message-ID."""
    with _db() as db:
        salt = _salt(db)
        row = db.execute(
            "SELECT campaign, target, language FROM messages WHERE message = ?",
            (_key(salt, "message", message_id),),
        ).fetchone()
        if row is None:
            return False
        key = _key(salt, "sent", message_id)
        cursor = db.execute(
            "INSERT OR IGNORE INTO letters VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, row[0], row[1], "email", row[2], "sent", day),
        )
        return cursor.rowcount > 0


@dataclass(frozen=True)
class TallyRow:
    campaign: str
    target: str
    channel: str
    language: str
    action: str
    count: int


def counts(campaign: str | None = None) -> list[TallyRow]:
    """The tally, one row per campaign, target, channel, language and action."""
    if not tally_path().exists():
        return []
    with _db() as db:
        query = (
            "SELECT campaign, target, channel, language, action, COUNT(*) FROM letters "
            + ("WHERE campaign = ? " if campaign else "")
            + "GROUP BY campaign, target, channel, language, action "
            "ORDER BY campaign, target, channel, language, action"
        )
        rows = db.execute(query, (campaign,) if campaign else ()).fetchall()
    return [TallyRow(str(a), str(b), str(c), str(d), str(e), int(n)) for a, b, c, d, e, n in rows]
