"""A letter template file: TOML front matter between ``+++`` lines, then the body.

``subject``, optional ``salutation`` and ``closing`` in the front matter; the body is in the
Markdown subset (:mod:`.markdown`). The supporter's edited letter (:mod:`.edit`) and the
translators' tools read the same shape.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import TemplateError

FRONT_MATTER = "+++"


@dataclass(frozen=True)
class ParsedTemplate:
    front: dict[str, Any]
    body: str
    body_line: int  # line number of the body's first line in the file


def read_template(path: Path) -> ParsedTemplate:
    """The template file, parsed once per version of the file (a batch reads it once)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template: {exc}") from None
    return _parse_template_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parse_template_file(source: str, mtime_ns: int, size: int) -> ParsedTemplate:
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{source}: cannot read the template: {exc}") from None
    return split_front_matter(text, source)


def split_front_matter(text: str, source: str) -> ParsedTemplate:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        raise TemplateError(
            f"{source}:1: a letter template starts with a '+++' line "
            '(TOML front matter with subject = "...")'
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER:
            try:
                front = tomllib.loads("\n".join(lines[1:index]))
            except tomllib.TOMLDecodeError as exc:
                raise TemplateError(f"{source}: front matter is not valid TOML: {exc}") from None
            except RecursionError:
                raise TemplateError(f"{source}: front matter is nested too deeply") from None
            return ParsedTemplate(front, "\n".join(lines[index + 1 :]), index + 2)
    raise TemplateError(f"{source}:1: the front matter has no closing '+++' line")
