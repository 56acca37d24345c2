"""A letter template seen as a translator sees it: front matter, paragraphs, fingerprints.

A paragraph is a run of non-blank body lines; a list item (``1.``, ``-``) is its own unit.
Each unit has a *fingerprint*, a short hash of its text with whitespace folded, so a translation
can record which source text it was made from and ``locale status`` can tell when it went stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compose import split_front_matter

_ITEM = re.compile(r"^\s*(\d+[.)]|[-*+•])\s+")
_IGNORE = re.compile(r"\{#-?\s*letterkit:\s*ignore\s+([\w\s,-]+?)\s*-?#\}")
SOURCE_MARK = re.compile(r"\{#\s*letterkit-source:\s*(\w+)\s+fingerprints:\s*([0-9a-f ]*)#\}")


@dataclass(frozen=True)
class Unit:
    """A paragraph or a list item of a letter body."""

    line: int  # 1-based line in the file
    text: str
    is_item: bool

    @property
    def ignored(self) -> frozenset[str]:
        """Checks silenced in this unit with ``{# letterkit: ignore CHECK #}``."""
        names: set[str] = set()
        for match in _IGNORE.finditer(self.text):
            names.update(n for n in re.split(r"[\s,]+", match.group(1)) if n)
        return frozenset(names)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


@dataclass(frozen=True)
class LetterFile:
    path: Path
    text: str
    front: dict[str, Any]
    body_line: int
    units: tuple[Unit, ...]

    @property
    def paragraphs(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if not u.is_item)

    @property
    def items(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.is_item)

    @property
    def recorded_fingerprints(self) -> tuple[str, ...] | None:
        """The source fingerprints written by ``locale add`` (None: the file has none)."""
        match = SOURCE_MARK.search(self.text)
        return tuple(match.group(2).split()) if match else None


def fingerprint(text: str) -> str:
    """Eight hex digits of SHA-256 over the text with whitespace folded and comments removed."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:8]


def split_units(body: str, first_line: int) -> tuple[Unit, ...]:
    units: list[Unit] = []
    current: list[str] = []
    start = first_line
    for offset, raw in enumerate(body.splitlines()):
        number = first_line + offset
        bare = re.sub(r"\{#.*?#\}", "", raw).strip()
        if _ITEM.match(raw):
            if current:
                units.append(Unit(start, "\n".join(current), False))
            current, start = [], number
            units.append(Unit(number, raw, True))
            continue
        if not bare and not raw.strip():
            if current:
                units.append(Unit(start, "\n".join(current), False))
            current = []
            continue
        if not current:
            start = number
        current.append(raw)
    if current:
        units.append(Unit(start, "\n".join(current), False))
    # a unit made only of comments (the header of `locale add`) is not a paragraph
    return tuple(u for u in units if re.sub(r"\{#.*?#\}", "", u.text, flags=re.S).strip())


def read_letter(path: Path, text: str | None = None) -> LetterFile:
    """Read a letter template (raises :class:`TemplateError` naming the file on bad front
    matter)."""
    content = path.read_text(encoding="utf-8") if text is None else text
    parsed = split_front_matter(content, str(path))
    return LetterFile(
        path, content, parsed.front, parsed.body_line, split_units(parsed.body, parsed.body_line)
    )
