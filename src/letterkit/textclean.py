"""Text cleaning, and script tests: the one module for both (outside the PDF code).

Plain text from untrusted values: what a profile, a spreadsheet row or a form may hold.

A supporter's name is data, never layout: control characters (C0 and C1, NUL included), line and
paragraph separators, and the invisible formatting characters that steer the bidirectional
algorithm (embeddings, overrides, isolates, LRM/RLM/ALM) or hide text (BOM, word joiners,
interlinear annotation) are removed; line breaks and tabs become spaces. A right-to-left override
inside a name would otherwise turn "gpj.exe" into "exe.jpg" in the signature, and a NUL would
reach the text file. Zero-width non-joiner and joiner stay: Persian, Dari and Urdu spelling needs
them (می‌نویسم).

Each output has its own rule, named here: :func:`plain_line` (letter fields, strict),
:func:`xml_line` (DOCX: what XML 1.0 allows, bidi marks kept), :func:`printable_line` (postal
lines: controls become spaces, LRM/RLM kept), :func:`no_controls` (email bodies: inner spacing
kept). :func:`has_arabic_script` and :func:`is_arabic_letter` are the script tests.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "BIDI_CONTROLS",
    "KEEP_FORMAT",
    "body_text",
    "first_strong_direction",
    "has_arabic_script",
    "is_arabic_letter",
    "no_controls",
    "plain_line",
    "plain_lines",
    "printable_line",
    "single_line",
    "without_bidi_controls",
    "xml_line",
]

# format characters (category Cf) that are part of spelling, not of layout
KEEP_FORMAT = frozenset("\u200c\u200d\u00ad")  # ZWNJ, ZWJ, soft hyphen
_BREAKS = frozenset("\r\n\t\v\f\u2028\u2029\x85")
_SPACES = re.compile(r"\s{2,}")


def _keep(ch: str) -> str:
    if ch in _BREAKS:
        return " "
    category = unicodedata.category(ch)
    if category == "Cc" or (category == "Cf" and ch not in KEEP_FORMAT):
        return ""
    return ch


def plain_line(value: object) -> str:
    """One line of plain text, safe in any output (see the module's doc).

    >>> plain_line("Amina\\u202e gpj.exe\\x00 \\n Rahimi")
    'Amina gpj.exe Rahimi'
    >>> plain_line("می\\u200cنویسم\\u200f")
    'می\\u200cنویسم'
    """
    text = "" if value is None else str(value)
    if text.isprintable():  # no control, format or separator character; no space but " "
        return " ".join(text.split())
    return _SPACES.sub(" ", "".join(_keep(ch) for ch in text)).strip()


def plain_lines(values: object) -> tuple[str, ...]:
    """Each value a :func:`plain_line`; empty ones dropped."""
    if isinstance(values, str):
        values = values.splitlines()
    out = (plain_line(v) for v in values)  # type: ignore[attr-defined]
    return tuple(line for line in out if line)


# What the writers lay out keeps the bidi marks and isolates a field may carry (the layout
# engine resolves them), unlike plain_line; only what would break the line or the layout goes.
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")
_BODY_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f]+")
_BODY_BREAKS = re.compile("[\u0085\u2028]")
_BODY_CHANGES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # what body_text changes


def single_line(text: str) -> str:
    """A field value made safe for one printed line.

    Values are data: a line break, tab or other control character inside a name or address
    becomes a single space (it must not add a line to an address block that has to fit a
    window), leading/trailing spaces go. Bidi marks (LRM, RLM, embeddings) are kept: the text
    engine resolves them within the line, and each line is its own bidi paragraph.

    >>> single_line(" 12 Example\\r\\n\\tStreet\\x00 ")
    '12 Example Street'
    >>> single_line("\\u2067کابل\\u2069\\u200f, 2024")
    '\\u2067کابل\\u2069\\u200f, 2024'
    """
    return _LINE_CONTROLS.sub(" ", text).strip()


def body_text(text: str) -> str:
    """A paragraph's text: every line break (CR LF, CR, NEL, line and paragraph separator)
    becomes ``\\n`` (the engine breaks the line, within the same paragraph), other control
    characters a space; bidi marks stay.

    >>> body_text("Families are waiting\\r\\nfor an answer.\\x00\\x07 Thank you.")
    'Families are waiting\\nfor an answer.  Thank you.'
    """
    if _BODY_CHANGES.search(text) is None:  # most paragraphs: nothing to do (one C-level scan)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BODY_BREAKS.sub("\n", text).replace("\u2029", "\n")
    return _BODY_CONTROLS.sub(" ", text)


# embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI); not the
# marks LRM, RLM and ALM, which are strong characters
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def without_bidi_controls(text: str) -> str:
    """``text`` without :data:`BIDI_CONTROLS` (the marks stay).

    >>> without_bidi_controls("\\u2066UNHCR\\u2069\\u200f")
    'UNHCR\\u200f'
    """
    return "".join(c for c in text if c not in BIDI_CONTROLS) if text else text


def first_strong_direction(text: str, default: str) -> str:
    """The direction of ``text``'s first strong character (UAX #9 rules P2/P3), else ``default``.

    Used for address and sender lines: in an Urdu letter the street line "12 Example Street" is
    an English line (an RTL base would print "Example Street 12"), an Urdu name an RTL line.

    >>> first_strong_direction("12 Example Street", "rtl"), first_strong_direction("۱۲ کوچه", "ltr")
    ('ltr', 'rtl')
    >>> first_strong_direction("+49 30 1234567", "rtl")
    'rtl'
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


# Line and paragraph separators, tabs and page breaks become one space in a DOCX: the letter's
# structure comes from the model, never from characters inside a value.
_XML_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
# What XML 1.0 forbids (and C1 controls, which no letter needs), after _XML_BREAKS has run.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_line(text: str) -> str:
    """``text`` as one line of printable Unicode for WordprocessingML: breaks become spaces,
    XML-illegal characters go (XML 1.0 forbids most C0 controls, lone surrogates and
    U+FFFE/U+FFFF; one ``\\x0b`` makes Word refuse the file).

    Bidi marks (LRM, RLM, embeddings, isolates), ZWNJ and ZWJ are legitimate text and stay.

    >>> xml_line("Amina\\nRahimi\\x0b& Co\\x00")
    'Amina Rahimi & Co'
    """
    if not text:
        return ""
    return _XML_ILLEGAL.sub("", _XML_BREAKS.sub(" ", text))


# kept in a postal line: ZWNJ, ZWJ (spelling) and LRM, RLM (an address's own direction marks)
_POSTAL_FORMAT = frozenset("\u200c\u200d\u200f\u200e")


def printable_line(text: object) -> str:
    """One printable line for an address: control and format characters become spaces (ZWNJ,
    ZWJ, LRM and RLM stay), runs of spaces one space.

    >>> printable_line("10115\\x00Berlin\\u202e  Mitte")
    '10115 Berlin Mitte'
    """
    line = str(text or "")
    if not line.isprintable():  # printable: no character of category C (most lines)
        line = "".join(
            " " if unicodedata.category(c)[0] == "C" and c not in _POSTAL_FORMAT else c
            for c in line
        )
    return " ".join(line.split())


def no_controls(value: object) -> str:
    """Controls and line separators become spaces, bidi overrides (which could disguise an
    address) are dropped; inner spacing is kept.

    >>> no_controls("a\\tb\\u202e  c")
    'a b  c'
    """
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch in BIDI_CONTROLS:  # they could disguise an address
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


# the Arabic script's blocks: Arabic, Supplement (Shahmukhi ݨ), Extended-B and -A, Presentation
# Forms-A and -B, Rumi numerals, Arabic mathematical letters (one character class: the test
# runs on every line the PDF writer lays out)
_ARABIC_SCRIPT = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u089f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    "\U00010e60-\U00010e7f\U0001ee00-\U0001eeff]"
)


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds a character of the Arabic script (Urdu, Dari, Pashto, Shahmukhi…).

    >>> has_arabic_script("Islamabad"), has_arabic_script("ہݨ")
    (False, True)
    """
    return _ARABIC_SCRIPT.search(text) is not None


def is_arabic_letter(char: str) -> bool:
    """Whether ``char`` is a letter of the Arabic script (not its punctuation or digits).

    >>> is_arabic_letter("ݨ"), is_arabic_letter("،"), is_arabic_letter("a")
    (True, False, False)
    """
    return has_arabic_script(char) and unicodedata.category(char).startswith("L")
