"""Font subsets made once per batch instead of once per letter.

reportlab embeds, per document, a subset of each TrueType face holding the glyphs the document
uses (``TTFontFace.makeSubset``: a new font file built in pure Python). The letters of a batch
use nearly the same glyphs, and reportlab gives the first 256 code points of a subset in a fixed
order (ASCII where it is), so the same subset recurs letter after letter; building it is a
quarter of the time of writing an Urdu letter. :func:`cache_subsets` memoizes the result per
face and glyph list. The bytes are the same as reportlab's own: a subset depends only on the face
and the list (the code-to-glyph map only ever gains entries).

Bounded by size (:data:`LIMIT_BYTES`, least recently used out first): a batch of any length
holds the same memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

LIMIT_BYTES = 2 * 1024 * 1024

_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[int, tuple[int, ...]], bytes] = OrderedDict()
_held = 0


def cache_subsets(ttf: Any) -> None:
    """Make ``ttf`` (a registered reportlab ``TTFont``) reuse subsets it has built before."""
    face = ttf.face
    if getattr(face, "_letterkit_subsets", False):
        return
    build = face.makeSubset  # reportlab's, bound to this face
    face_id = id(face)  # faces stay registered (and alive) for the whole process

    def make_subset(subset: list[int]) -> bytes:
        global _held
        key = (face_id, tuple(subset))
        with _LOCK:
            found = _CACHE.get(key)
            if found is not None:
                _CACHE.move_to_end(key)
                return found
        data = build(subset)
        with _LOCK:
            if key not in _CACHE and len(data) <= LIMIT_BYTES // 4:
                _CACHE[key] = data
                _held += len(data)
                while _held > LIMIT_BYTES:
                    _, dropped = _CACHE.popitem(last=False)
                    _held -= len(dropped)
        return data

    face.makeSubset = make_subset
    face._letterkit_subsets = True


def cache_stats() -> tuple[int, int]:
    """(entries, bytes) held, for tests and benchmarks."""
    with _LOCK:
        return len(_CACHE), _held
