"""From logical text to shaped pieces: levels, scripts, faces, words.

A *piece* is a stretch of one word with one embedding level, one script and one face: the unit
HarfBuzz shapes. A *word* ends after a run of spaces: lines break only between words, so never
inside a cluster. Joining never crosses a space, so shaping word by word gives the same glyphs as
shaping whole runs, and words repeat across letters, which makes the shaping cache effective.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import FontCoverageError
from ..fonts.registry import Face
from ..fonts.selection import ARABIC, COMMON, LATIN, face_for_char, is_ignorable, script_class
from ..locales import LOCALES, normalize_code
from ..textclean import has_arabic_script
from .shaping import BREAK_SPACES, Shaped, shape


def is_break_space(char: str) -> bool:
    """A space after which a line may break (ZWSP too; not no-break spaces)."""
    return char in BREAK_SPACES


def hb_script(char: str) -> str:
    """ISO 15924 script of a character as HarfBuzz wants it (Arab, Latn, Cyrl, Grek, Zyyy)."""
    cls = script_class(char)
    if cls == ARABIC:
        return "Arab"
    if cls == COMMON:
        return "Zyyy"
    name = unicodedata.name(char, "")
    if name.startswith("CYRILLIC"):
        return "Cyrl"
    if name.startswith("GREEK"):
        return "Grek"
    return "Latn"


# Pieces and words are made by the thousand per batch: plain slotted classes (a frozen
# dataclass costs four times as much to make). They are never changed once made (laid-out
# lines are cached and shared): a different piece is a new one (``dataclasses.replace``).
@dataclass(slots=True)
class Piece:
    """One shaped stretch of text: logical ``[start, end)`` of the paragraph."""

    start: int
    end: int
    text: str
    level: int
    face: Face
    shaped: Shaped
    bold: bool
    italic: bool

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


@dataclass(slots=True)
class Word:
    """Pieces up to and including the spaces after them; ``content_end`` excludes the spaces.

    Widths in 1/1000 em are summed once, when the word is made: line breaking asks for them
    several times per word."""

    pieces: tuple[Piece, ...]
    start: int
    end: int
    content_end: int
    units: float = field(init=False, repr=False, compare=False)
    content_units: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        total = content = 0.0
        for piece in self.pieces:
            width = piece.shaped.width
            total += width
            if piece.end <= self.content_end:
                content += width
            elif piece.start < self.content_end:
                content += piece.shaped.width_before(self.content_end - piece.start)
        self.units = total
        self.content_units = content

    def width(self, size: float) -> float:
        return self.units * size / 1000.0

    def content_width(self, size: float) -> float:
        """Width without the trailing spaces (the word at the end of a line)."""
        return self.content_units * size / 1000.0


# Script per character as one letter per character (``str.translate`` over a table filled on
# first sight of each character): a paragraph's scripts cost one C-level pass instead of two
# Python calls per character. Bounded: cleared if a process meets an absurd number of characters.
_SCRIPT_LETTERS = {"Arab": "A", "Latn": "L", "Cyrl": "C", "Grek": "G", "Zyyy": "Z"}
_SCRIPT_NAMES = {letter: name for name, letter in _SCRIPT_LETTERS.items()}
_COMMON_RUN = re.compile("Z+")
_EUROPEAN_DIGIT = re.compile("[0-9]")
_ARABIC_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_TABLE_LIMIT = 50_000


class _ScriptTable(dict[int, str]):
    def __missing__(self, code_point: int) -> str:
        if len(self) > _TABLE_LIMIT:
            self.clear()
        letter = self[code_point] = _SCRIPT_LETTERS[hb_script(chr(code_point))]
        return letter


_SCRIPTS = _ScriptTable()


def _resolve_scripts(text: str) -> str:
    """Script per character, one letter each (``A`` Arab, ``L`` Latn, ``C`` Cyrl, ``G`` Grek,
    ``Z`` Zyyy); digits, punctuation and spaces take the previous strong script (else the
    next), so ``2023`` after an Urdu word is shaped as Arabic-script text."""
    letters = text.translate(_SCRIPTS)
    strong = set(letters)
    strong.discard("Z")
    if len(strong) <= 1:  # one script (most paragraphs): the neutrals take it
        if not strong and _EUROPEAN_DIGIT.search(text) and not _ARABIC_DIGIT.search(text):
            # a line of European digits and signs only (a phone number, "+49 30 …") is set
            # like the Latin lines beside it, not in the letter's Arabic face (Nastaliq digits
            # beside a Serif email address in one sender block)
            return "L" * len(letters)
        return (strong.pop() * len(letters)) if strong else letters
    if "Z" not in letters:
        return letters

    def fill(match: re.Match[str]) -> str:
        start, end = match.span()
        if start:
            return letters[start - 1] * (end - start)
        return letters[end] * (end - start)  # a strong letter follows: the run is not all

    return _COMMON_RUN.sub(fill, letters)


def _class_of(script: str) -> str:
    if script == "A":
        return ARABIC
    if script == "Z":
        return COMMON
    return LATIN


# (language, family, script letter, (bold, italic)) -> {char: (face, ignorable, mark)}
_FACE_TABLES: dict[
    tuple[str, str | None, str, tuple[bool, bool]], dict[str, tuple[Face | None, bool, bool]]
] = {}


def _face_table(
    code: str, family: str | None, script: str, style: tuple[bool, bool]
) -> dict[str, tuple[Face | None, bool, bool]]:
    """The faces found so far for ``script`` in ``style`` (see :func:`_face_entry`)."""
    key = (code, family, script, style)
    table = _FACE_TABLES.get(key)
    if table is None:
        table = _FACE_TABLES[key] = {}
    return table


def _face_entry(
    char: str, script: str, style: tuple[bool, bool], code: str, family: str | None
) -> tuple[Face | None, bool, bool]:
    """(the face drawing ``char``, whether it is ignorable, whether it is a mark), found once."""
    table = _face_table(code, family, script, style)
    entry = table.get(char)
    if entry is None:
        if len(table) > _TABLE_LIMIT:
            table.clear()
        entry = table[char] = (
            face_for_char(char, _class_of(script), code, family, style[0], style[1]),
            is_ignorable(char),
            unicodedata.category(char)[0] == "M",
        )
    return entry


def itemize(
    text: str,
    levels: list[int],
    styles: list[tuple[bool, bool]],
    language: str,
    family: str | None,
    *,
    max_width: float = float("inf"),
    size: float = 11.0,
) -> list[Word]:
    """Split a paragraph (no newlines) into words of shaped pieces.

    A word wider than ``max_width`` pt (a long web or email address in an address block) is cut
    into parts that fit, preferably after ``/ . @ - _ ? & =``, else between characters (never
    inside a cluster: not before a combining mark or a joiner).

    Raises :class:`~letterkit.errors.FontCoverageError` for a character no face can draw.
    """
    code = normalize_code(language)
    info = LOCALES.get(code)
    locale_script = info.script if info else "Latn"
    hb_lang = info.hb_language if info else code
    scripts = _resolve_scripts(text)

    faces = _uniform_faces(text, scripts, levels, styles, code, family)
    if faces is not None:  # one face, level, script and style: a word is one piece
        return _clear_script_boundaries(
            _uniform_words(
                text, levels, scripts, faces, styles, locale_script, hb_lang, max_width, size
            )
        )
    faces = []
    previous: Face | None = None
    for index, char in enumerate(text):
        chosen, ignorable, mark = _face_entry(char, scripts[index], styles[index], code, family)
        if previous is not None and (ignorable or (mark and previous.has(char))):
            faces.append(previous)  # marks and ZWNJ stay with their base
            continue
        if chosen is None:
            if not (ignorable or char in BREAK_SPACES):
                # never a box in a letter: the caller (or `letterkit fonts check`) must know
                context = text[max(0, index - 15) : index + 15]
                raise FontCoverageError(
                    f"no font for U+{ord(char):04X} {unicodedata.name(char, 'unnamed')} "
                    f"({char!r}) in {code} text {context!r}"
                )
            bold, italic = styles[index]
            chosen = previous or face_for_char(" ", LATIN, code, family, bold, italic)
        faces.append(chosen)
        previous = chosen

    words: list[Word] = []
    start = 0
    length = len(text)
    while start < length:
        content_end = start
        while content_end < length and text[content_end] not in BREAK_SPACES:
            content_end += 1
        end = content_end
        while end < length and text[end] in BREAK_SPACES:
            end += 1
        word = _make_word(
            text, start, end, content_end, levels, scripts, faces, styles, locale_script, hb_lang
        )
        if word.content_width(size) > max_width:
            words.extend(
                _cut(
                    word,
                    text,
                    max_width,
                    size,
                    levels,
                    scripts,
                    faces,
                    styles,
                    locale_script,
                    hb_lang,
                )
            )
        else:
            words.append(word)
        start = end
    return _clear_script_boundaries(words)


def _uniform_faces(
    text: str,
    scripts: str,
    levels: list[int],
    styles: list[tuple[bool, bool]],
    code: str,
    family: str | None,
) -> list[Face | None] | None:
    """The faces of a paragraph set in one face, at one level, in one script and style (most
    lines of a letter: an address line, a name), found per distinct character instead of per
    character; ``None`` when the paragraph is mixed (then :func:`itemize` goes character by
    character)."""
    first_style, first_level = styles[0], levels[0]
    if (
        scripts.count(scripts[0]) != len(scripts)
        or styles.count(first_style) != len(styles)
        or levels.count(first_level) != len(levels)
    ):
        return None
    table = _face_table(code, family, scripts[0], first_style)
    # one (face, ignorable, mark) for every distinct character: the same plain face throughout
    entries = {
        table.get(char) or _face_entry(char, scripts[0], first_style, code, family)
        for char in set(text)
    }
    if len(entries) != 1:
        return None
    chosen, ignorable, mark = entries.pop()
    if ignorable or mark:
        return None  # joiners and marks follow their neighbour: the general path
    return [chosen] * len(text) if chosen is not None else None


def _uniform_words(
    text: str,
    levels: list[int],
    scripts: str,
    faces: list[Face | None],
    styles: list[tuple[bool, bool]],
    locale_script: str,
    hb_lang: str,
    max_width: float,
    size: float,
) -> list[Word]:
    """Words of a paragraph of one face, level, script and style (see :func:`_uniform_faces`):
    each word is one piece, as :func:`_make_word` would make it."""
    face = faces[0]
    assert face is not None
    level, (bold, italic) = levels[0], styles[0]
    script, language = _harfbuzz_script(scripts[0], locale_script, hb_lang)
    words: list[Word] = []
    bounded = max_width != float("inf")
    rtl = level % 2 == 1
    for match in _WORD.finditer(text):
        start, end = match.span()
        if start == end:
            continue  # the empty match at the end of the text
        context = text[start:end]  # the word is its own shaping context (as _piece shapes it)
        shaped = shape(context, 0, end - start, face, rtl, script, language)
        piece = Piece(start, end, context, level, face, shaped, bold, italic)
        word = Word((piece,), start, end, match.end(1))
        if bounded and word.content_width(size) > max_width:
            args = (levels, scripts, faces, styles, locale_script, hb_lang)
            words.extend(_cut(word, text, max_width, size, *args))
        else:
            words.append(word)
    return words


# a word: what is not a breaking space, then the breaking spaces after it (a paragraph may
# start with spaces: they are a word of their own, as itemize's loop makes them)
_SPACE_CLASS = "".join(re.escape(c) for c in sorted(BREAK_SPACES))
_WORD = re.compile(f"([^{_SPACE_CLASS}]*)[{_SPACE_CLASS}]*")


# Clear ink between a right-to-left word and a following Latin word, in 1/1000 em: a Latin
# word space (Noto Serif's is 260), not Nastaliq's narrow 132.
SCRIPT_BOUNDARY_GAP = 250.0
INTRUSION = 0.75  # act when the ink reaches into the last quarter of the space or beyond


def _clear_script_boundaries(words: list[Word]) -> list[Word]:
    """Room for ink that runs past a right-to-left word's end into a following Latin word.

    Nastaliq's ``ر`` and ``ے`` tails reach far to the left of their advance: in Urdu text the
    next Urdu word's shape leaves them room, but "اور UNHCR" shows no visible gap. Where a
    right-to-left Arabic-script piece ends with a space, the next word starts with a Latin
    letter and the ink reaches into the space, the space grows until the ink (HarfBuzz glyph
    extents) keeps a Latin word space (:data:`SCRIPT_BOUNDARY_GAP`) clear of the Latin word.
    """
    for index in range(len(words) - 1):
        word, following = words[index], words[index + 1]
        last, first = word.pieces[-1], following.pieces[0]
        if not (
            last.rtl
            and last.end > word.content_end
            and has_arabic_script(last.text)
            and _starts_with_latin_letter(first.text)
        ):
            continue
        widened = _widen_leading_space(last)
        if widened is not last:
            words[index] = replace(word, pieces=word.pieces[:-1] + (widened,))
    return words


def _starts_with_latin_letter(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0].isalpha() and not has_arabic_script(stripped[0])


def _widen_leading_space(piece: Piece) -> Piece:
    """``piece`` (right to left: its trailing space is its leftmost glyph) with that space
    widened so that its ink stays :data:`SCRIPT_BOUNDARY_GAP` from the piece's left edge."""
    shaped = piece.shaped
    spaces = [i for i, is_space in enumerate(shaped.spaces) if is_space]
    if not spaces or spaces[0] != 0:
        return piece
    scale = 1000.0 / piece.face.upem
    font = piece.face.hb_font
    pen, ink_left = 0.0, float("inf")
    for gid, pos in zip(shaped.gids, shaped.data, strict=True):
        extents = font.get_glyph_extents(gid)
        if extents is not None and extents.width:
            ink_left = min(ink_left, pen + pos.x_offset + extents.x_bearing * scale)
        pen += pos.x_advance
    space = shaped.data[0].x_advance
    if ink_left == float("inf") or ink_left >= space * INTRUSION:
        return piece  # the ink keeps (nearly) the whole space clear: nothing to fix
    delta = max(space, SCRIPT_BOUNDARY_GAP) - ink_left
    data = (shaped.data[0]._replace(x_advance=space + delta),) + shaped.data[1:]
    return replace(piece, shaped=replace(shaped, data=data, width=shaped.width + delta))


_PREFERRED_CUTS = frozenset("/.@-_?&=")


def _cut(word: Word, text: str, max_width: float, size: float, *args: Any) -> list[Word]:
    """Emergency breaks inside an over-wide word, greedily, preferring cuts after URL
    punctuation."""
    parts: list[Word] = []
    start = word.start
    while start < word.content_end:
        best: int | None = None
        preferred: int | None = None
        for position in range(start + 1, word.content_end):
            if not _can_cut(text, position):
                continue
            trial = _make_word(text, start, position, position, *args)
            if trial.content_width(size) > max_width:
                break
            best = position
            if text[position - 1] in _PREFERRED_CUTS:
                preferred = position
        chosen = preferred or best
        if chosen is None:  # not even one cluster fits: take the smallest piece possible
            chosen = next(
                (c for c in range(start + 1, word.content_end) if _can_cut(text, c)),
                word.content_end,
            )
        cut = chosen
        if cut >= word.content_end:
            break
        parts.append(_make_word(text, start, cut, cut, *args))
        start = cut
    parts.append(_make_word(text, start, word.end, word.content_end, *args))
    return parts


def _can_cut(text: str, index: int) -> bool:
    """A cut before ``text[index]`` does not split a cluster or a joined Arabic word."""
    char, before = text[index], text[index - 1]
    if unicodedata.category(char)[0] == "M" or unicodedata.category(char) == "Cf":
        return False
    if unicodedata.category(before) == "Cf" or 0xD800 <= ord(char) <= 0xDFFF:
        return False
    return script_class(char) != ARABIC or script_class(before) != ARABIC


def _harfbuzz_script(script_code: str, locale_script: str, hb_lang: str) -> tuple[str, str | None]:
    """The script tag to shape a run of ``script_code`` with, and its language (the locale's
    for the locale's own script, else none)."""
    script = _SCRIPT_NAMES[script_code]
    script = "Latn" if script == "Zyyy" else script
    return script, hb_lang if script == locale_script else None


def _piece(
    context: str,
    offset: int,
    start: int,
    end: int,
    level: int,
    face: Face,
    script: str,
    language: str | None,
    bold: bool,
    italic: bool,
) -> Piece:
    """The paragraph's ``[start, end)`` shaped in ``face`` within ``context``, the word, which
    starts at ``offset`` (script and language from :func:`_harfbuzz_script`). Plain positional
    arguments: :func:`_uniform_words` calls it once per word of most paragraphs."""
    shaped = shape(context, start - offset, end - offset, face, level % 2 == 1, script, language)
    text = context[start - offset : end - offset]  # the whole word: context itself
    return Piece(start, end, text, level, face, shaped, bold, italic)


def _make_word(
    text: str,
    start: int,
    end: int,
    content_end: int,
    levels: list[int],
    scripts: str,
    faces: list[Face | None],
    styles: list[tuple[bool, bool]],
    locale_script: str,
    hb_lang: str,
) -> Word:
    context = text[start:end]
    pieces: list[Piece] = []
    piece_start = start
    for index in range(start + 1, end + 1):
        if index < end and (
            levels[index] == levels[piece_start]
            and faces[index] is faces[piece_start]
            and scripts[index] == scripts[piece_start]
            and styles[index] == styles[piece_start]
        ):
            continue
        face = faces[piece_start]
        assert face is not None
        script, language = _harfbuzz_script(scripts[piece_start], locale_script, hb_lang)
        bold, italic = styles[piece_start]
        level = levels[piece_start]
        pieces.append(
            _piece(context, start, piece_start, index, level, face, script, language, bold, italic)
        )
        piece_start = index
    return Word(tuple(pieces), start, end, content_end)
