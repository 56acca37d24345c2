"""Text of field values made safe for WordprocessingML, and split into runs by script.

Field values are data: whatever a spreadsheet cell or a profile holds must neither corrupt the
DOCX (XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF; one ``\\x0b`` makes
Word refuse the file) nor change the letter's structure (a line break inside a name must not
start a new paragraph). :func:`letterkit.textclean.xml_line` handles both; :func:`xml_escape`
makes text safe inside an element or a double-quoted attribute.

:func:`script_runs` splits a paragraph's text into runs that are either Arabic script (written
with ``w:rtl``, so Word and LibreOffice use the complex-script font, size and language) or not.
A Latin acronym such as "UNHCR" inside an Urdu sentence must be its own run *without* ``w:rtl``,
or it is drawn with the complex-script font and treated as right-to-left text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..textclean import first_strong_direction, has_arabic_script, xml_line

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_escape(text: str) -> str:
    """Escape for element content and double-quoted attributes (call
    :func:`letterkit.textclean.xml_line` first)."""
    return text.translate(_ESCAPES)


# ---------------------------------------------------------------------------------------------
# script runs

RTL = True
LTR = False


def _strong_class(char: str) -> bool | None:
    """``RTL`` for Arabic-script (and other right-to-left) letters and Arabic digits, ``LTR`` for
    letters of left-to-right scripts and European digits, ``None`` for neutrals (spaces,
    punctuation, symbols, joiners and bidi marks) that follow their neighbours."""
    if has_arabic_script(char):
        # Arabic punctuation (، ؛ ؟ ٫ ٬) and Extended Arabic-Indic digits are Arabic script
        return RTL
    bidi = unicodedata.bidirectional(char)
    if bidi in ("R", "AL", "AN"):
        return RTL
    if bidi in ("L", "EN"):
        return LTR
    return None


@dataclass(frozen=True)
class ScriptRun:
    text: str
    rtl: bool  # True: Arabic script, written with w:rtl and complex-script properties


def script_runs(text: str, paragraph_rtl: bool) -> list[ScriptRun]:
    """Split ``text`` into maximal runs of one script class, in logical order.

    Neutrals between two characters of the same class join that class (the space in
    "Constitution Avenue" stays in the Latin run); neutrals between different classes, or at
    an edge with nothing strong beyond, take the paragraph's direction (in an Urdu paragraph the
    space and parenthesis around "(UNHCR)" are right-to-left, as a reader expects).

    >>> [(r.text, r.rtl) for r in script_runs("به گفتهٔ UNHCR بیش", True)]
    [('به گفتهٔ ', True), ('UNHCR', False), (' بیش', True)]
    """
    if not text:
        return []
    classes: list[bool | None] = [_strong_class(c) for c in text]
    n = len(text)
    resolved: list[bool] = [paragraph_rtl] * n
    i = 0
    prev: bool | None = None
    while i < n:
        cls = classes[i]
        if cls is not None:
            resolved[i] = cls
            prev = cls
            i += 1
            continue
        j = i
        while j < n and classes[j] is None:
            j += 1
        nxt = classes[j] if j < n else None
        if prev is not None and nxt is not None and prev == nxt:
            fill = prev
        elif prev is None and nxt is not None and nxt == paragraph_rtl:
            fill = nxt
        elif nxt is None and prev is not None and prev == paragraph_rtl:
            fill = prev
        else:
            fill = paragraph_rtl
        for k in range(i, j):
            resolved[k] = fill
        i = j
    runs: list[ScriptRun] = []
    start = 0
    for k in range(1, n + 1):
        if k == n or resolved[k] != resolved[start]:
            runs.append(ScriptRun(text[start:k], resolved[start]))
            start = k
    return runs


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left (Arabic-script) character."""
    return any(_strong_class(c) is RTL for c in text)


def has_ltr(text: str) -> bool:
    """Whether ``text`` holds any left-to-right letter or European digit."""
    return any(_strong_class(c) is LTR for c in text)


def iter_runs(
    spans: Iterable[tuple[str, bool, bool]], paragraph_rtl: bool
) -> Iterator[tuple[str, bool, bool, bool]]:
    """``(text, bold, italic)`` spans → ``(text, bold, italic, rtl)`` runs.

    The script split is decided over the whole paragraph, so a neutral at the edge of a span
    (the space before a bold "UNHCR") sees its neighbour in the next span.
    """
    parts = [(xml_line(t), b, i) for t, b, i in spans]
    joined = "".join(p[0] for p in parts)
    if not joined:
        return
    flat: list[bool] = []
    for run in script_runs(joined, paragraph_rtl):
        flat.extend([run.rtl] * len(run.text))
    pos = 0
    for text, bold, italic in parts:
        end = pos + len(text)
        start = pos
        while start < end:
            stop = start + 1
            while stop < end and flat[stop] == flat[start]:
                stop += 1
            yield joined[start:stop], bold, italic, flat[start]
            start = stop
        pos = end


def first_strong_rtl(text: str) -> bool | None:
    """Whether ``text``'s first strong character is right-to-left (``None``: it has none)."""
    found = first_strong_direction(text, "")
    return found == "rtl" if found else None
