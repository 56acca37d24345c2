"""The edit round trip (``write --edit``): the rendered letter as a file the supporter edits in
their own words, and read back (no template rendering: their text is data)."""

from __future__ import annotations

from ..errors import TemplateError
from ..textclean import plain_line
from .front_matter import FRONT_MATTER, split_front_matter
from .template import LetterText


def letter_text_for_editing(text: LetterText) -> str:
    """The rendered letter as an editable file: front matter + body (see :func:`parse_edited`)."""
    import json

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        FRONT_MATTER,
        "# Put the letter in your own words. Keep the two +++ lines; the body follows them.",
        f"subject = {q(text.subject)}",
    ]
    if text.salutation:
        lines.append(f"salutation = {q(text.salutation)}")
    if text.closing:
        lines.append(f"closing = {q(text.closing)}")
    lines += [FRONT_MATTER, "", text.body, ""]
    return "\n".join(lines)


def parse_edited(content: str, source: str) -> LetterText:
    """Read back a letter edited by the supporter (their own words: no template rendering)."""
    parsed = split_front_matter(content, source)

    def get(key: str) -> str:
        value = parsed.front.get(key, "")
        if not isinstance(value, str):
            raise TemplateError(f"{source}: field '{key}' must be text")
        return plain_line(value)

    if not get("subject"):
        raise TemplateError(f"{source}: the subject is empty")
    if not parsed.body.strip():
        raise TemplateError(f"{source}: the letter's body is empty")
    return LetterText(
        get("subject"), get("salutation"), get("closing"), parsed.body.strip(), source
    )
