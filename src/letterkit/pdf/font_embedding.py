"""Faces embedded in a PDF as CID-keyed fonts (Type0, Identity-H), one per face and document.

Why not reportlab's ``TTFont``: it embeds a face as simple TrueType fonts of 256 glyphs each and
gives glyphs their one-byte codes per document in order of first use, so the same line of an
Urdu letter has different bytes in every letter of a batch, and a Nastaliq letter carries
several font subsets. Here a glyph's code is fixed by the glyph and the text it stands for, so
the operators of a line are made once per process (:mod:`.text_operators`) and each document embeds
each face once.

Codes (CIDs; the font's ``CIDToGIDMap`` takes each back to its glyph) for a font of ``n`` glyphs:

* ``gid`` — the glyph standing for its own character (the smallest code point the font maps
  to it): most Latin text, and the invisible text layer of right-to-left runs;
* ``n + gid`` — the glyph standing for no text: glyphs drawn for right-to-left or raised runs
  (their text comes from the invisible layer) and the second and later glyphs of a cluster
  whose first glyph stands for all of it (ToUnicode: a zero width space, see ``NO_TEXT``);
* ``2n`` and up, per document in order of first use — a glyph standing for other text: the
  first glyph of a ligature ("ﬁ" for "fi") or of a contextual form.

The ``ToUnicode`` map gives each code its text, so extractors that ignore ``/ActualText``
(pdfium in Chrome and Edge, pypdf) still read real Unicode.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..compression import FAST_LEVEL, zlib_stream
from ..errors import OutputError
from ..fonts.program import FontProgram, compressed_subset
from ..fonts.registry import Face
from .syntax import dictionary, indirect_object, num, stream_object

# what a glyph standing for no text maps to: an empty ToUnicode entry is not enough, pdfium
# (Chrome's viewer) then copies the glyph's code as if it were a character; a zero width space
# is invisible wherever it ends up
NO_TEXT = "\u200b"
_ATTRIBUTE = "_letterkit_fonts"  # on the canvas's font registry: {face key: DocumentFont}
MAX_CID = 0xFFFF


def fixed_cid(program: FontProgram, gid: int, text: str) -> int | None:
    """The code of glyph ``gid`` standing for ``text``, when it is the same in every document."""
    if not text:
        return int(program.glyph_count) + gid
    if program.natural[gid] == text:
        return gid
    return None


def resource_name(face: Face) -> str:
    """The face's font resource name, the same in every document."""
    return f"LK-{face.key}"


class DocumentFont:
    """One face in one PDF document: the codes its pages use, and at save time what its font
    objects hold (:meth:`font_parts`; :mod:`.file_writer` writes them)."""

    def __init__(self, face: Face) -> None:
        self.face = face
        self.program: FontProgram = face.program
        self.name = resource_name(face)
        self.used: set[int] = set()  # fixed codes drawn
        self.extra: dict[tuple[int, str], int] = {}  # (gid, text) -> per-document code

    def code(self, gid: int, text: str) -> int:
        """The code of a glyph standing for ``text`` in this document (allocated on first use)."""
        found = fixed_cid(self.program, gid, text)
        if found is not None:
            self.used.add(found)
            return found
        key = (gid, text)
        found = self.extra.get(key)
        if found is None:
            found = 2 * self.program.glyph_count + len(self.extra)
            if found > MAX_CID:
                raise OutputError(
                    f"{self.program.path.name}: too many distinct glyph codes for one PDF document"
                )
            self.extra[key] = found
        return found

    # ----------------------------------------------------------------------------------------
    # saving

    def _glyphs(self) -> frozenset[int]:
        count = self.program.glyph_count
        return frozenset({cid % count for cid in self.used} | {gid for gid, _ in self.extra})

    def addObjects(self, doc: Any) -> None:  # reportlab's name for it
        """reportlab's ``canvas.save()`` asks for this when a caller saves a canvas of their
        own that letterkit drew on (letterkit's own canvases are written by
        :func:`letterkit.pdf.document.save_canvas`): the same font objects, as reportlab's."""
        from .reportlab_fonts import add_font

        add_font(doc, self.name, self.font_parts(), descriptor_entries(self.program))

    def font_parts(self) -> FontParts:
        """The font objects' contents for the codes this document uses (made once per set of
        codes and face, see :data:`_PARTS`)."""
        return _font_parts(self.program, frozenset(self.used), tuple(self.extra.items()), self)

    def parts(self) -> FontParts:
        """What the font objects hold besides the face's fixed values (made afresh, but for
        the pieces of ``/W`` and ``ToUnicode`` remembered per block of codes)."""
        program = self.program
        glyphs = self._glyphs()
        count = program.glyph_count
        cid_to_gid = None
        if self.extra or not all(cid < count for cid in self.used):
            cid_to_gid = _cid_to_gid_map(count, tuple(g for g, _ in self.extra))
        blocks = [
            _code_block(program, tuple(codes))
            for _, codes in itertools.groupby(sorted(self.used), CODE_BLOCK.__rfloordiv__)
        ]
        to_unicode = _to_unicode_cmap(blocks, self.extra).encode("ascii")
        return FontParts(
            name=f"/{_subset_tag(program.ps_name, glyphs)}+{program.ps_name}",
            font_file=compressed_subset(program, glyphs),
            widths=self._widths(blocks),
            cid_to_gid=cid_to_gid,
            to_unicode=zlib_stream(to_unicode, FAST_LEVEL),
        )

    def _widths(self, blocks: list[_CodeBlock]) -> str:
        """The ``/W`` array: each code's advance, consecutive codes grouped (within a block of
        codes; the per-document codes after the fixed ones)."""
        parts = [block.widths for block in blocks]
        if self.extra:
            advances = self.program.advances
            parts.append(
                _width_runs([(cid, num(advances[gid])) for (gid, _), cid in self.extra.items()])
            )
        return f"[{' '.join(parts)}]"


CODE_BLOCK = 32  # fixed codes per remembered piece of /W and ToUnicode


@dataclass(frozen=True, slots=True)
class _CodeBlock:
    """What a run of fixed codes (all in one block of :data:`CODE_BLOCK`) puts into /W and
    ToUnicode."""

    widths: str  # the /W array's entries for them
    cmap: str  # their ToUnicode bfchar entries, one a line
    count: int  # how many codes


@lru_cache(maxsize=1024)  # a few hundred bytes each; a batch repeats most blocks
def _code_block(program: FontProgram, codes: tuple[int, ...]) -> _CodeBlock:
    """The /W and ToUnicode pieces of fixed codes ``codes`` (sorted; see the module doc)."""
    count = program.glyph_count
    natural = program.natural
    advances = program.advances  # in 1/1000 em, as /W states them
    return _CodeBlock(
        widths=_width_runs([(cid, num(advances[cid % count])) for cid in codes]),
        cmap="\n".join(
            _cmap_entry(cid, (natural[cid] if cid < count else "") or NO_TEXT) for cid in codes
        ),
        count=len(codes),
    )


def _width_runs(entries: list[tuple[int, str]]) -> str:
    """``/W`` array entries for (code, width) pairs in ascending order: ``c [w1 w2 ...]`` per
    run of consecutive codes."""
    parts: list[str] = []
    previous = -2
    for cid, width in entries:
        if cid != previous + 1:
            if previous >= 0:
                parts.append("] ")
            parts.append(f"{cid} [")
        else:
            parts.append(" ")
        parts.append(width)
        previous = cid
    if previous >= 0:
        parts.append("]")
    return "".join(parts)


@dataclass(frozen=True)
class FontParts:
    """A face's font objects in one document, as far as they depend on the codes it uses."""

    name: str  # /ABCDEF+PostScriptName (the subset's tag names its glyphs)
    font_file: bytes  # zlib of the subset
    widths: str  # the /W array
    cid_to_gid: bytes | None  # zlib of the CIDToGIDMap, None for /Identity
    to_unicode: bytes  # zlib of the ToUnicode CMap
    # the objects as written, by the number of the first (most letters of a batch number their
    # fonts alike); a few at most
    _written: dict[int, tuple[tuple[bytes, ...], ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @property
    def object_count(self) -> int:
        """How many indirect objects the font takes: Type0 font, CID font, descriptor, font
        file, ToUnicode map, and the CIDToGIDMap unless it is ``/Identity``."""
        return 5 if self.cid_to_gid is None else 6

    def dictionaries(
        self,
        own_entries: str,
        *,
        cid_font: str,
        descriptor: str,
        font_file: str,
        to_unicode: str,
        cid_to_gid: str | None,
    ) -> tuple[str, str, str]:
        """The Type0 font, CID font and font descriptor dictionaries, given the references of
        the objects they point to (``own_entries``: :func:`descriptor_entries`). Written here
        once for letterkit's file writer and for a caller's reportlab canvas."""
        font = dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": self.name,
                "Encoding": "/Identity-H",
                "DescendantFonts": f"[{cid_font}]",
                "ToUnicode": to_unicode,
            }
        )
        cid = dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": self.name,
                "CIDSystemInfo": "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>",
                "FontDescriptor": descriptor,
                "W": self.widths,
                "CIDToGIDMap": "/Identity" if cid_to_gid is None else cid_to_gid,
            }
        )
        described = (
            f"<< /Type /FontDescriptor /FontName {self.name} {own_entries}"
            f" /FontFile2 {font_file} >>"
        )
        return font, cid, described

    def objects(self, program: FontProgram, first: int) -> tuple[tuple[bytes, ...], ...]:
        """The font's objects numbered from ``first``, each as the pieces of the file it is
        written as (a stream's data is a piece of its own, written without a copy)."""
        found = self._written.get(first)
        if found is not None:
            return found
        font, cid_font, descriptor = self.dictionaries(
            descriptor_entries(program),
            cid_font=f"{first + 1} 0 R",
            descriptor=f"{first + 2} 0 R",
            font_file=f"{first + 3} 0 R",
            to_unicode=f"{first + 4} 0 R",
            cid_to_gid=None if self.cid_to_gid is None else f"{first + 5} 0 R",
        )
        pieces = [
            (indirect_object(first, font),),
            (indirect_object(first + 1, cid_font),),
            (indirect_object(first + 2, descriptor),),
            stream_object(first + 3, self.font_file),
            stream_object(first + 4, self.to_unicode),
        ]
        if self.cid_to_gid is not None:
            pieces.append(stream_object(first + 5, self.cid_to_gid))
        found = tuple(pieces)
        if len(self._written) >= 4:
            self._written.clear()
        self._written[first] = found
        return found


@lru_cache(maxsize=32)
def descriptor_entries(program: FontProgram) -> str:
    """The font descriptor's entries that are the face's own (all but its name and file)."""
    d = program.descriptor
    return (
        f"/Flags {d.flags} /FontBBox [{d.bbox[0]} {d.bbox[1]} {d.bbox[2]} {d.bbox[3]}]"
        f" /ItalicAngle {num(d.italic_angle)} /Ascent {d.ascent} /Descent {d.descent}"
        f" /CapHeight {d.cap_height} /StemV {d.stem_v}"
    )


# The letters of a batch draw mostly the same glyphs (the body's, the official's name): their
# font objects repeat, and are made once. Keyed by the face and every code used; ~10-40 kB each.
_PARTS: OrderedDict[tuple[Any, ...], FontParts] = OrderedDict()
_PARTS_LIMIT = 32
_PARTS_LOCK = threading.Lock()


def _font_parts(
    program: FontProgram,
    used: frozenset[int],
    extra: tuple[tuple[tuple[int, str], int], ...],
    font: DocumentFont,
) -> FontParts:
    key = (program.path, used, extra)
    with _PARTS_LOCK:  # documents may be saved in several threads (letterkit serve)
        found = _PARTS.get(key)
        if found is not None:
            _PARTS.move_to_end(key)
            return found
    found = font.parts()
    with _PARTS_LOCK:
        _PARTS[key] = found
        while len(_PARTS) > _PARTS_LIMIT:
            _PARTS.popitem(last=False)
    return found


def document_font(doc: Any, face: Face) -> DocumentFont:
    """The face's :class:`DocumentFont` in document ``doc`` (``canvas._doc``: a page canvas's
    font registry or reportlab's document object), made on first use."""
    fonts = getattr(doc, _ATTRIBUTE, None)
    if fonts is None:
        fonts = {}
        setattr(doc, _ATTRIBUTE, fonts)
    font = fonts.get(face.key)
    if font is None:
        font = fonts[face.key] = DocumentFont(face)
        doc.fontMapping[f"letterkit:{face.key}"] = "/" + font.name
        doc.delayedFonts.append(font)
    return font


def _subset_tag(ps_name: str, glyphs: frozenset[int]) -> str:
    """Six capital letters naming the subset, the same for the same glyphs (PDF 9.6.4)."""
    digest = hashlib.sha1(ps_name.encode() + array("I", sorted(glyphs)).tobytes()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


_CID_MAPS: OrderedDict[tuple[int, tuple[int, ...]], bytes] = OrderedDict()


def _cid_to_gid_map(count: int, extra: tuple[int, ...]) -> bytes:
    """zlib of the CIDToGIDMap for codes ``0 … 2n + len(extra) - 1`` (see the module doc)."""
    key = (count, extra)
    found = _CID_MAPS.get(key)
    if found is None:
        gids = array("H", list(range(count)) * 2 + list(extra))
        if sys.byteorder == "little":
            gids.byteswap()
        found = _CID_MAPS[key] = zlib_stream(gids.tobytes(), FAST_LEVEL)
        while len(_CID_MAPS) > 64:
            _CID_MAPS.popitem(last=False)
    return found


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


@lru_cache(maxsize=8192)  # ~60 bytes each; a batch repeats the same glyphs
def _cmap_entry(cid: int, text: str) -> str:
    return f"<{cid:04X}> <{_utf16(text)}>"


def _to_unicode_cmap(blocks: list[_CodeBlock], extra: dict[tuple[int, str], int]) -> str:
    """A ToUnicode CMap for two-byte codes: the fixed codes' entries from their blocks, then the
    per-document ones (``bfchar`` sections of at most 100 entries, as PDF asks)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    pieces = [(block.cmap, block.count) for block in blocks]
    pieces.extend((_cmap_entry(cid, text or NO_TEXT), 1) for (_, text), cid in extra.items())
    section: list[str] = []
    size = 0
    for text, count in pieces:
        if size + count > 100:
            lines.extend([f"{size} beginbfchar", *section, "endbfchar"])
            section, size = [], 0
        section.append(text)
        size += count
    if size:
        lines.extend([f"{size} beginbfchar", *section, "endbfchar"])
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
