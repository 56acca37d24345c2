"""File names from a pattern, safe on every file system people print from.

``--name "{target}-{row}-{last_name}"`` is filled per letter, then made safe: no path
separators or characters Windows forbids, no control or bidi-override characters (``U+202E``
can make a name ending in ``fdp.exe`` look like a PDF), no leading dot, no trailing dot or
space, no reserved device name (``CON``, ``NUL``, ``COM1``…), at most :data:`MAX_STEM_BYTES`
bytes of UTF-8 and unique within the batch, ignoring case (macOS and Windows do). Letters of
every script are kept.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from ..errors import ChoiceError

DEFAULT_PATTERN = "{target}-{last_name}-{id}"
PLACEHOLDERS = {
    "id": "the supporter's id column, else a key made from name and email or address",
    "row": "row number in the data file (changes when rows move: prefer {id})",
    "target": "target id",
    "lang": "language of the letter",
    "name": "supporter's full name",
    "first_name": "first name",
    "last_name": "last name",
    "city": "supporter's town",
    "campaign": "campaign id",
}
# 255 bytes is the common limit; the atomic writer adds ".NAME.<pid>.<n>.part" and uniqueness
# adds "-NNN", so stems stay well below it.
MAX_STEM_BYTES = 120
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "clock$",
    "conin$",
    "conout$",
    *(f"com{i}" for i in "123456789¹²³"),
    *(f"lpt{i}" for i in "123456789¹²³"),
}
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_INVISIBLE = dict.fromkeys(
    [
        0x200E,
        0x200F,
        0x061C,
        0x202A,
        0x202B,
        0x202C,
        0x202D,
        0x202E,
        0x2066,
        0x2067,
        0x2068,
        0x2069,
        0xFEFF,
    ]
)


def check_pattern(pattern: str) -> None:
    """Refuse unknown ``{placeholders}`` before the batch starts."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ChoiceError(f"--name {pattern!r}: {exc}") from None
    for _, name, _, _ in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise ChoiceError(
                f"--name {pattern!r}: unknown placeholder {{{name}}}; use: "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
    if not any(name for _, name, _, _ in parsed):
        raise ChoiceError(f"--name {pattern!r}: needs at least one placeholder such as {{row}}")


def safe_file_stem(text: str, *, limit: int = MAX_STEM_BYTES) -> str:
    """One file name stem (no extension) that every common file system accepts."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # a printable text holds none of these (most names)
        text = text.translate(_INVISIBLE)
        text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = _FORBIDDEN.sub("-", text)
    text = _SPACES.sub("-", text)
    text = _DASHES.sub("-", text)
    text = _cut_utf8(text, limit)
    text = text.strip(" .-_")
    if not text:
        text = "letter"
    if text.split(".")[0].casefold() in _RESERVED:
        text = f"{text}_"
    return text


def _cut_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    cut = encoded[:limit].decode("utf-8", errors="ignore")
    while cut and unicodedata.combining(cut[-1]):  # do not leave a mark without its letter
        cut = cut[:-1]
    return cut


def fill_pattern(pattern: str, values: Mapping[str, object]) -> str:
    """The pattern filled and made safe; empty values leave no doubled separators."""
    cleaned = dict.fromkeys(PLACEHOLDERS, "")
    for key in _placeholders_in(pattern):  # only those used: this runs once per letter
        text = str(values.get(key, ""))
        cleaned[key] = safe_file_stem(text, limit=60) if text.strip() else ""
    if "row" in values:
        cleaned["row"] = values["row"]  # type: ignore[assignment] # keeps {row:04d} working
    try:
        filled = pattern.format(**cleaned)
    except (ValueError, TypeError) as exc:
        raise ChoiceError(f"--name {pattern!r}: {exc}") from None
    return safe_file_stem(filled)


@lru_cache(maxsize=16)
def _placeholders_in(pattern: str) -> frozenset[str]:
    try:
        return frozenset(
            name for _, name, _, _ in string.Formatter().parse(pattern) if name in PLACEHOLDERS
        )
    except ValueError:  # reported by format() below, with the pattern
        return frozenset(PLACEHOLDERS)


class UniqueNames:
    """Hands out stems unique within one batch, case-insensitively, in a deterministic order:
    the second ``pm-rahimi`` becomes ``pm-rahimi-2``."""

    def __init__(self) -> None:
        self._taken: set[int] = set()  # 64-bit fingerprints: a few dozen bytes per name
        self._files: set[int] = set()  # the file names of the batch's letters

    @staticmethod
    def _key(name: str) -> int:
        digest = hashlib.blake2b(name.casefold().encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def claim(self, stem: str) -> str:
        candidate, number = stem, 1
        while self._key(candidate) in self._taken:
            number += 1
            suffix = f"-{number}"
            candidate = _cut_utf8(stem, MAX_STEM_BYTES - len(suffix)).rstrip(" .-_") + suffix
        self._taken.add(self._key(candidate))
        return candidate

    def claim_files(self, names: tuple[str, ...]) -> None:
        """Note the file names a letter of this batch is written to."""
        self._files.update(self._key(name) for name in names)

    def owns_file(self, name: str) -> bool:
        """Whether ``name`` is a letter file of this batch (claimed with :meth:`claim_files`)."""
        return self._key(name) in self._files
