"""Signatories that may be one and the same, reported for a person to decide, never merged.

Two rows are reported when, after folding case, spacing, punctuation and diacritics, one of
their forms is equal: the whole name, the part outside brackets or the part inside them
(``AWN (Afghan Women's Network)`` has the forms "awn afghan womens network", "awn" and
"afghan womens network"), the parts on either side of a slash, a spaced dash or a dash between
two scripts (``Women's Voices Now/Heidi Basch-Harod``, ``VPO-سازمان حمایت از قربانیان``),
or when one's short form (one word, such as ``AHRDO``) is the initials
of the other's long form (``Afghanistan Human Rights and Democracy Organization``; small words
such as "and", "of", "for", "the" are skipped).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .signatories import SignatoryRow

_SMALL_WORDS = frozenset(
    {
        "and",
        "of",
        "for",
        "the",
        "in",
        "on",
        "a",
        "an",
        "to",
        "with",
        "e",
        "v",
        "ev",
        "و",
        "از",
        "برای",
    }
)
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")
_PIECES = re.compile(
    r"\s[-–]\s|/|(?<=[A-Za-z])[-–](?=[\u0600-\u06ff])|(?<=[\u0600-\u06ff])[-–](?=[A-Za-z])"
)


@dataclass(frozen=True)
class Duplicate:
    first: SignatoryRow
    second: SignatoryRow
    reason: str

    def line(self, file_name: str) -> str:
        return (
            f"{file_name}: rows {self.first.row} and {self.second.row} may be the same "
            f"signatory ({self.reason}): {self.first.name!r} / {self.second.name!r}"
        )


def fold(text: str) -> str:
    """Lower case, no diacritics or punctuation, single spaces: "Women's  Network" → "womens
    network". Apostrophes vanish (womens); other punctuation separates words."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`ʼ\u200c\u200d]", "", text)  # apostrophes, ZWNJ: inside a word
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def forms(name: str) -> set[str]:
    """The folded name, and the parts outside and inside its brackets."""
    found = {fold(name)}
    inside = _BRACKETS.findall(name)
    outside = _BRACKETS.sub(" ", name)
    found.update(fold(x) for x in inside)
    found.add(fold(outside))
    # "Name - ABC", "Women's Voices Now/Heidi Basch-Harod" (an organisation and its person, as
    # seed lists write them), "VPO-سازمان …" (an acronym joined to the name in another script):
    # a spaced dash, a slash, or a dash between scripts also separates forms
    for piece in _PIECES.split(outside):
        found.add(fold(piece))
    return {f for f in found if len(f.replace(" ", "")) >= 2}


def initials(form: str) -> str:
    words = [w for w in form.split() if w not in _SMALL_WORDS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def find_duplicates(rows: list[SignatoryRow]) -> list[Duplicate]:
    """Pairs of rows that may name the same signatory, in row order (anonymous rows skipped)."""
    named = [
        (r, forms(r.name) | (forms(r.name_local) if r.name_local else set()))
        for r in rows
        if r.name and not r.anonymous
    ]
    out: list[Duplicate] = []
    for i, (a, fa) in enumerate(named):
        short_a = {f for f in fa if " " not in f}
        long_a = {initials(f) for f in fa} - {""}
        for b, fb in named[i + 1 :]:
            same = fa & fb
            if same:
                reason = (
                    "the same name"
                    if fold(a.name) == fold(b.name)
                    else f"both are {sorted(same, key=len)[-1]!r}"
                )
                out.append(Duplicate(a, b, reason))
                continue
            short_b = {f for f in fb if " " not in f}
            long_b = {initials(f) for f in fb} - {""}
            hit = (short_a & long_b) or (short_b & long_a)
            if hit:
                out.append(Duplicate(a, b, f"{sorted(hit)[0].upper()} may be the initials"))
    return out
