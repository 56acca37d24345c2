"""Which encoding a text data file is in: Unicode when it says so or is valid UTF-8, else one of
the Windows code pages Excel saves "CSV" in — or, when that cannot be told, nothing.

Excel's plain "CSV" is written in the Windows ANSI code page of the machine: 1252 in Western
Europe and the Americas, 1256 on Urdu and Persian Windows, 1250/1251/1253-1258 elsewhere in
Europe and the Middle East, 874 (Thai), 932/936/949/950 (Japanese, Chinese, Korean). Bytes alone
cannot always tell them apart (``0xE8`` is ``è`` in 1252 and ``č`` in 1250), so the candidates
come from charset-normalizer, a few implausible ones are dropped (a symbol or a letter of
another script inside a word: ``£ukasz`` is 1250 read as 1252), and when several different
readings remain, :class:`UnsureEncoding` is raised: the caller asks for ``--encoding``. A file
is never read as mojibake without a word.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from ..errors import ChoiceError

# Excel's ANSI code pages, as Python codecs, with what they are for (for messages).
CODE_PAGES: dict[str, str] = {
    "cp1252": "Western European",
    "cp1256": "Arabic, Urdu, Persian",
    "cp1250": "Central European",
    "cp1251": "Cyrillic",
    "cp1253": "Greek",
    "cp1254": "Turkish",
    "cp1255": "Hebrew",
    "cp1257": "Baltic",
    "cp1258": "Vietnamese",
    "cp874": "Thai",
    "cp932": "Japanese",
    "cp936": "Simplified Chinese",
    "cp949": "Korean",
    "cp950": "Traditional Chinese",
}
_DETECTOR_NAMES = {
    "gbk": "cp936",
    "gb2312": "cp936",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "windows-1252": "cp1252",
    "windows-1256": "cp1256",
}
_OURS = {codecs.lookup(name).name: name for name in CODE_PAGES}  # "gbk" is Python's cp936
DETECT_BYTES = 256 * 1024  # enough text to judge; charset-normalizer samples it again
_CHAOS_MARGIN = 0.05
_COHERENCE_MARGIN = 0.1


class UnsureEncoding(Exception):
    """The bytes read sensibly in more than one code page (or in none); ``candidates`` lists
    the plausible ones, best first."""

    def __init__(self, candidates: list[str]):
        super().__init__(", ".join(candidates))
        self.candidates = candidates


def check_encoding(name: str) -> str:
    """``--encoding`` as a Python codec name (``windows-1256`` → ``cp1256``), or an error."""
    try:
        found = codecs.lookup(name.strip()).name
    except LookupError:
        raise ChoiceError(
            f"--encoding {name!r}: unknown encoding; e.g. utf-8, cp1252, cp1256, utf-16"
        ) from None
    return _OURS.get(found, found)


def describe(codec: str) -> str:
    """``cp1256`` → ``cp1256 (Arabic, Urdu, Persian)``."""
    what = CODE_PAGES.get(codec)
    return f"{codec} ({what})" if what else codec


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in (
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "HANGUL",
        "HALFWIDTH",
        "FULLWIDTH",
        "IDEOGRAPHIC",
        "BOPOMOFO",
    ):
        return "CJK"
    return first


def implausible(text: str) -> int:
    """How many characters look like mojibake: a symbol or a control character touching a
    letter (``£ukasz``, ``¯ó³æ``), or a letter next to a letter of another script."""
    count = 0
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if category in _ODD or (category == "Cc" and ch not in "\r\n\t"):
            count += before.isalpha() or after.isalpha()
        elif category[0] == "L" and before.isalpha() and _script(before) != _script(ch):
            count += 1
    return count


_ODD = ("So", "Sk", "Sc", "No", "Co", "Cn")


@dataclass(frozen=True)
class _Reading:
    codec: str
    chaos: float
    coherence: float
    odd: int
    text: str


def detect_code_page(raw: bytes) -> str:
    """The Windows code page ``raw`` (not UTF-8) is in; :class:`UnsureEncoding` when unsure."""
    from charset_normalizer import from_bytes

    cut = raw.rfind(b"\n")  # whole lines only: a double-byte character may be cut at the end
    sample = raw[: cut + 1] if cut > 0 and len(raw) >= DETECT_BYTES else raw
    readings: list[_Reading] = []
    for match in from_bytes(sample, cp_isolation=list(CODE_PAGES)):
        # the detector reports one of the code pages that read the bytes the same way
        for name in (match.encoding, *match.could_be_from_charset):
            codec = _DETECTOR_NAMES.get(name, name)
            try:
                codec = _OURS.get(codecs.lookup(codec).name, codec)
                text = sample.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue
            if codec not in CODE_PAGES or any(r.codec == codec for r in readings):
                continue
            readings.append(_Reading(codec, match.chaos, match.coherence, implausible(text), text))
    if not readings:
        raise UnsureEncoding([])
    least_odd = min(r.odd for r in readings)
    plain = [r for r in readings if r.odd == least_odd]
    least_chaos = min(r.chaos for r in plain)
    plausible = [r for r in plain if r.chaos <= least_chaos + _CHAOS_MARGIN]
    plausible.sort(key=lambda r: (-r.coherence, list(CODE_PAGES).index(r.codec)))
    if len({r.text for r in plausible}) == 1:  # they all read the same: name the commonest
        return min((r.codec for r in plausible), key=list(CODE_PAGES).index)
    best, second = plausible[0], plausible[1]
    if best.coherence - second.coherence >= _COHERENCE_MARGIN:
        return best.codec
    raise UnsureEncoding([r.codec for r in plausible])
