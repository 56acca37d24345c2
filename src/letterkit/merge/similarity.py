"""How alike a batch's letters are: officials set aside identical form letters.

``merge --report-similarity`` composes every letter's body again (composing is cheap; nothing is
laid out or written) and compares them: letters whose text is exactly the same as another's, letters
nearly the same (at least :data:`NEAR` of their word trigrams shared, Jaccard), and the rest.
Letters are compared with the others *to the same target*: an official sets aside the form letters
that reach their own desk, and one supporter's letters to two officials are the same letter by
design (the same supporter always gets the same wording). Each letter is compared with the
representative of every group found so far, so a batch of n letters in g groups costs n × g
comparisons of small sets.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..fileio import write_atomic
from .jobs import Job, MergePlan, compose_job, iter_jobs

__all__ = [
    "NEAR",
    "Similarity",
    "batch_similarity",
    "similarity",
    "text_similarity",
    "write_similarity",
]

NEAR = 0.9
_WORD = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 3:
        return frozenset({tuple(words)})
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word trigrams (1.0: the same words in order).

    >>> text_similarity("I write about the refugees in Pakistan", "I write about the refugees")
    0.6
    """
    sa, sb = _shingles(a), _shingles(b)
    if not sa and not sb:
        return 1.0
    return round(len(sa & sb) / len(sa | sb), 4)


@dataclass(frozen=True)
class Similarity:
    letters: int
    identical: int  # letters whose body is exactly another letter's
    near: int  # letters at least NEAR alike another, not identical
    distinct: int
    groups: int  # groups of identical or near-identical letters (of two or more)
    largest_group: int

    def summary(self) -> str:
        return (
            f"{self.letters} letters: {self.identical} identical to another, {self.near} "
            f"nearly identical (≥ {NEAR:.0%} alike), {self.distinct} distinct; largest "
            f"group of alike letters: {self.largest_group}"
        )


def similarity(texts: list[str]) -> Similarity:
    """Group ``texts`` into identical and near-identical letters."""
    exact: dict[str, int] = {}  # normalized text → group
    groups: list[tuple[frozenset[tuple[str, ...]], list[int]]] = []  # representative, members
    kinds: list[str] = []
    for index, text in enumerate(texts):
        key = " ".join(_WORD.findall(text.casefold()))
        if key in exact:
            groups[exact[key]][1].append(index)
            kinds.append("identical")
            continue
        shingles = _shingles(text)
        for number, (representative, members) in enumerate(groups):
            union = len(shingles | representative)
            if union and len(shingles & representative) / union >= NEAR:
                members.append(index)
                exact[key] = number
                kinds.append("near")
                break
        else:
            exact[key] = len(groups)
            groups.append((shingles, [index]))
            kinds.append("first")
    sizes = [len(members) for _, members in groups]
    identical = kinds.count("identical")
    near = kinds.count("near")
    firsts_alike = sum(1 for size in sizes if size > 1)  # a group's first letter is alike too
    return Similarity(
        letters=len(texts),
        identical=identical,
        near=near,
        distinct=len(texts) - identical - near - firsts_alike,
        groups=firsts_alike,
        largest_group=max(sizes, default=0),
    )


def batch_similarity(texts_by_target: dict[str, list[str]]) -> Similarity:
    """:func:`similarity` within each target's letters, the counts added up (the largest group:
    the largest of any target)."""
    parts = [similarity(texts) for texts in texts_by_target.values()]
    return Similarity(
        letters=sum(p.letters for p in parts),
        identical=sum(p.identical for p in parts),
        near=sum(p.near for p in parts),
        distinct=sum(p.distinct for p in parts),
        groups=sum(p.groups for p in parts),
        largest_group=max((p.largest_group for p in parts), default=0),
    )


def batch_texts(plan: MergePlan) -> dict[str, list[str]]:
    """The body text of every letter of the batch, per target (bad rows left out)."""
    texts: dict[str, list[str]] = {}
    for item in iter_jobs(plan):
        if not isinstance(item, Job):
            continue
        letter = compose_job(plan.campaign, item, plan.today)
        texts.setdefault(item.target, []).append("\n".join(letter.plain_blocks()))
    return texts


def write_similarity(plan: MergePlan) -> tuple[Similarity, Path]:
    """Measure the batch and write ``similarity.json`` beside the report."""
    texts = batch_texts(plan)
    result = batch_similarity(texts)
    path = plan.options.out / (plan.report_stem.replace("results", "similarity") + ".json")
    data: dict[str, Any] = {
        **asdict(result),
        "near_threshold": NEAR,
        "summary": result.summary(),
        "per_target": {target: asdict(similarity(t)) for target, t in texts.items()},
    }
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode(), force=True)
    return result, path
