"""Glyph codes that carry their own text, for extractors that read only the ToUnicode map.

reportlab gives each glyph without a cmap entry (a contextual Arabic form, a ligature) a
private-use code point and maps it to that code point in the font's ToUnicode CMap, so viewers
that ignore ``/ActualText`` (browsers' PDF viewers, pypdf) copy private-use garbage. Here a
glyph can get a *virtual* code point (plane 15, U+F0000…, clear of reportlab's own allocations)
per (glyph, text) pair, and the ToUnicode CMap maps that code to the text — possibly empty, for
the drawn glyphs of right-to-left runs, whose text comes from the invisible overlay.

This wraps ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap`` once per process; fonts with no
virtual codes get reportlab's own CMap unchanged.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

_LOCK = threading.Lock()
_CODES: dict[tuple[str, int, str], str] = {}  # (PostScript name, glyph id, text) -> code point
_TEXTS: dict[str, dict[int, str]] = {}  # PostScript name -> {virtual code point: text}
_NEXT: dict[str, int] = {}
_FIRST = 0xF0000
_LAST = 0xFFFFD
_installed = False
_CMAPS: OrderedDict[tuple[str, tuple[int, ...]], str] = OrderedDict()  # ToUnicode CMaps made
_CMAP_LIMIT = 128  # entries of a few kB


def _ps_name(ttf: Any) -> str:
    name = ttf.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def virtual_char(ttf: Any, gid: int, text: str) -> str | None:
    """A code point drawing glyph ``gid`` of ``ttf`` whose extracted text is ``text``.

    ``None`` when the plane is used up (then the caller keeps reportlab's code point).
    """
    key = (_ps_name(ttf), gid, text)
    found = _CODES.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _CODES.get(key)
        if found is not None:
            return found
        _install()
        face = ttf.face
        code = _NEXT.get(key[0], _FIRST)
        while code in face.charToGlyph:
            code += 1
        if code > _LAST:
            return None
        face.charToGlyph[code] = gid
        face.charWidths[code] = face.hmetrics[gid][0] * 1000.0 / face.unitsPerEm
        _NEXT[key[0]] = code + 1
        _TEXTS.setdefault(key[0], {})[code] = text
        found = _CODES[key] = chr(code)
        return found


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _install() -> None:
    """Wrap reportlab's ToUnicode CMap builder (idempotent)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        # the same subsets recur in every letter of a batch, and a CMap depends only on the
        # subset (virtual codes are never reassigned): made once, kept in a small LRU
        key = (fontname, tuple(subset))
        with _LOCK:
            found = _CMAPS.get(key)
            if found is not None:
                _CMAPS.move_to_end(key)
                return found
        made = _make(fontname, subset)
        with _LOCK:
            _CMAPS[key] = made
            while len(_CMAPS) > _CMAP_LIMIT:
                _CMAPS.popitem(last=False)
        return made

    def _make(fontname: str, subset: list[int]) -> str:
        texts = _TEXTS.get(fontname.split("+", 1)[-1])
        if not texts or not any(code in texts for code in subset):
            return original(fontname, subset)
        entries = []
        for index, code in enumerate(subset):
            target = texts[code] if code in texts else chr(code)
            entries.append(f"<{index:02X}> <{_hex(target)}>")
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
            "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
            "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
            f"{len(entries)} beginbfchar", *entries, "endbfchar", "endcmap",
            "CMapName currentdict /CMap defineresource pop", "end", "end",
        ])

    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    _installed = True
