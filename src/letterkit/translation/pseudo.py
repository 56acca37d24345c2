"""Pseudo-locales: letterkit's English made to look foreign, to test layouts without a
translator.

* ``en_XA``: accented, about 40 % longer, left to right (``Šûƀĵéçţ [ĺöŕ]:``): shows text that
  was not translatable, and whether longer languages still fit.
* ``ar_XB``: English transliterated into Arabic letters, right to left (``صوبجهست:``): real
  Arabic-script shaping and bidi, with Latin names and digits mixed in as in a real letter.

Placeholders (``{name}``, ``%(x)s``), Jinja tags, Markdown markers, list numbers and digits
are kept; the alternatives of a ``one_of`` passage are mapped, its name kept. ``letterkit
locale pseudo`` writes the catalogs and letters; this module imports nothing from letterkit but
:mod:`.variants` (itself without imports from letterkit), so :mod:`letterkit.locales` can read
its tables.
"""

from __future__ import annotations

import ast
import json
import re

from .variants import CALL, STRING

PSEUDO_LOCALES = ("en_XA", "ar_XB")

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ACCENTED_LOWER = "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýž"
_ACCENTED_UPPER = "ÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_ARABIC = "ابکدهفگحيجکلمنوپقرستوفوخیز"  # a b c d e ... z, sound-alike Arabic letters
ACCENTED = _ACCENTED_LOWER + _ACCENTED_UPPER
ARABIC_LETTERS = "".join(dict.fromkeys(_ARABIC))

_TO_ACCENTED = str.maketrans(_LOWER + _LOWER.upper(), ACCENTED)
_TO_ARABIC = str.maketrans(_LOWER + _LOWER.upper() + "?,;", _ARABIC + _ARABIC + "؟،؛")
_FILLER = "ĺöŕéɱ îþšûɱ đöĺöŕ šîţ åɱéţ çöñšéçţéţûŕ åđîþîšçîñĝ éĺîţ šéđ đö éîûšɱöđ ţéɱþöŕ "
# kept as they are: placeholders, Jinja tags, Markdown markers and escapes, list numbers
_KEEP = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[^{}\s]*\}|%\(\w+\)[a-z]|%[sd]"
    r"|^\s*\d+[.)]\s|\*+|_+|`|\\.|https?://\S+|[\w.+-]+@[\w.-]+",
    re.S | re.M,
)


def _map(text: str, table: dict[int, int]) -> str:
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(table))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(table))
    return "".join(out)


def pseudo_text(text: str, code: str) -> str:
    """One message or paragraph in the pseudo-locale ``code``."""
    if code == "ar_XB":
        return _map(text, _TO_ARABIC)
    if code != "en_XA":
        raise ValueError(f"{code!r} is not a pseudo-locale: {', '.join(PSEUDO_LOCALES)}")
    mapped = _map(text, _TO_ACCENTED)
    letters = sum(ch.isalpha() for ch in text)
    if letters < 4:  # "To:" grows a little, not into a sentence
        return mapped
    extra = max(2, round(letters * 0.4))
    filler = (_FILLER * (extra // len(_FILLER) + 1))[:extra].rstrip()
    trail = re.search(r"[\s:,.;!?]*$", mapped)
    end = trail.start() if trail else len(mapped)
    return f"{mapped[:end]} [{filler}]{mapped[end:]}"


def pseudo_letter(source: str, code: str) -> str:
    """A letter template in the pseudo-locale: front-matter strings and the body mapped."""
    lines = source.splitlines()
    out: list[str] = []
    fence = 0
    body_at = 0
    for number, line in enumerate(lines):
        if fence >= 2:
            body_at = number
            break
        if line.strip() == "+++":
            fence += 1
            out.append(line)
            continue
        if fence == 1:  # front matter: map the quoted values only
            out.append(
                re.sub(
                    r'"((?:[^"\\]|\\.)*)"',
                    lambda m: '"' + pseudo_text(m.group(1), code) + '"',
                    line,
                )
            )
        elif line.strip():
            out.append(pseudo_text(line, code))
        else:
            out.append(line)
    else:
        return "\n".join(out) + "\n"
    return "\n".join(out) + "\n" + _pseudo_body("\n".join(lines[body_at:]), code) + "\n"


def _pseudo_body(body: str, code: str) -> str:
    """The body line by line, each ``one_of`` call's alternatives mapped (its name kept)."""

    def lines(text: str) -> str:
        return "\n".join(pseudo_text(x, code) if x.strip() else x for x in text.split("\n"))

    def call(match: re.Match[str]) -> str:
        seen = 0

        def literal(found: re.Match[str]) -> str:
            nonlocal seen
            seen += 1
            if seen == 1:  # the passage's name
                return found.group(0)
            value = ast.literal_eval(found.group(0))
            return json.dumps(pseudo_text(value, code), ensure_ascii=False)

        return STRING.sub(literal, match.group(0))

    out: list[str] = []
    last = 0
    for match in CALL.finditer(body):
        out += [lines(body[last : match.start()]), call(match)]
        last = match.end()
    out.append(lines(body[last:]))
    return "".join(out)
