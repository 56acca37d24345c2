"""A TrueType face as the PDF writer embeds it: glyph advances, the text each glyph stands for,
and subsets of the font file that keep every glyph id.

letterkit embeds each face once per document as a CID-keyed font whose codes are glyph ids
(see :mod:`letterkit.pdf.font_embedding`). The font file embedded with it is a *glyph-id-preserving*
subset: the glyphs the document draws (and the components of composite glyphs) keep their
outlines, every other glyph is left empty. Ids never change, so the content stream of a line is
the same in every document, and a subset is a join of byte slices rather than a rebuilt font.

Only the tables a PDF viewer reads from an embedded TrueType font are kept (``head``, ``hhea``,
``maxp``, ``hmtx``, ``loca``, ``glyf``, the hinting tables, ``OS/2`` and a version 3 ``post``):
the shaping tables have done their work before the PDF is written.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import os
import re
import struct
import sys
import tempfile
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError

# tables copied into the subset unchanged (when the font has them)
_COPIED = ("OS/2", "cvt ", "fpgm", "prep")
# composite glyph flags (OpenType glyf table)
_ARG_WORDS, _HAS_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80
# the largest glyph count the CID scheme takes (two codes per glyph, see pdf.font_embedding)
MAX_GLYPHS = 32_000


@dataclass(frozen=True)
class Descriptor:
    """The values of a PDF FontDescriptor, in 1/1000 em."""

    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    stem_v: int
    flags: int


class FontProgram:
    """One TrueType file, parsed once per process (faces are shared by every document)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            data = self.path.read_bytes()
            self._tables = _table_directory(data)
            self._data = data
            self._parse()
        except (OSError, struct.error, KeyError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read font ({exc})") from None

    # ---------------------------------------------------------------------------------------
    # parsing

    def _table(self, tag: str) -> bytes:
        offset, length = self._tables[tag]
        return self._data[offset : offset + length]

    def _parse(self) -> None:
        head = self._table("head")
        self.upem = struct.unpack_from(">H", head, 18)[0]
        bbox = struct.unpack_from(">4h", head, 36)
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.glyph_count = count = struct.unpack_from(">H", self._table("maxp"), 4)[0]
        if count > MAX_GLYPHS:
            raise ValueError(f"{count} glyphs; letterkit embeds fonts of up to {MAX_GLYPHS}")
        hhea = self._table("hhea")
        ascent, descent = struct.unpack_from(">hh", hhea, 4)
        self.hhea_ascent, self.hhea_descent = ascent, descent  # font units
        metrics_count = struct.unpack_from(">H", hhea, 34)[0]

        scale = 1000.0 / self.upem
        hmtx = self._table("hmtx")
        pairs = array("H", hmtx[: 4 * metrics_count])
        start = 4 * metrics_count
        bearings = array("H", hmtx[start : start + 2 * (count - metrics_count)])
        if sys.byteorder == "little":
            pairs.byteswap()
            bearings.byteswap()
        # (advance, left side bearing) per glyph, as uint16 (the bearing's bits unchanged); the
        # glyphs after the last full metric repeat its advance (array slices: no Python loop)
        metrics = array("H", bytes(4 * count))
        metrics[: 2 * metrics_count] = pairs
        if count > metrics_count:
            metrics[2 * metrics_count :: 2] = array("H", [pairs[-2]]) * (count - metrics_count)
            metrics[2 * metrics_count + 1 :: 2] = bearings
        self._metrics = metrics
        # 1/1000 em, rounded as the PDF's /W array states them: positions use the same numbers
        self.advances: list[float] = [round(a * scale, 3) for a in metrics[0::2]]

        loca = self._table("loca")
        offsets = array("I" if long_loca else "H")
        offsets.frombytes(loca[: (count + 1) * offsets.itemsize])
        if sys.byteorder == "little":
            offsets.byteswap()
        self._loca = offsets  # a glyph's record: glyf + [loca[g], loca[g + 1]) * factor
        self._loca_factor = 1 if long_loca else 2
        self._glyf_start = self._tables["glyf"][0]
        self._glyphs: list[tuple[bytes, int, tuple[int, ...]] | None] = [None] * count
        self._closures: dict[int, frozenset[int]] = {}

        facts = _facts(self.path, self._data)
        self.cmap: dict[int, int] = facts["cmap"]
        natural: list[str | None] = [None] * count
        for code in sorted(self.cmap, reverse=True):  # the smallest code point wins
            natural[self.cmap[code]] = chr(code)
        self.natural = natural
        self.ps_name = facts["ps_name"]
        italic_angle = facts["italic_angle"]
        flags = 4  # symbolic: glyphs are addressed by id, not by a standard encoding
        if italic_angle:
            flags |= 64
        if facts["fixed_pitch"]:
            flags |= 1
        self.descriptor = Descriptor(
            bbox=tuple(round(v * scale) for v in bbox),
            ascent=round(ascent * scale),
            descent=round(descent * scale),
            cap_height=round((facts["cap"] or ascent) * scale),
            italic_angle=italic_angle,
            stem_v=round(50 + (facts["weight"] / 65) ** 2),
            flags=flags,
        )

    # ---------------------------------------------------------------------------------------
    # subsets

    def _glyph(self, gid: int) -> tuple[bytes, int, tuple[int, ...]]:
        """Glyph ``gid``'s record padded to 4 bytes, its checksum and its components (made on
        first use: a subset then joins records and adds checksums)."""
        found = self._glyphs[gid]
        if found is None:
            factor, base = self._loca_factor, self._glyf_start
            start, end = base + self._loca[gid] * factor, base + self._loca[gid + 1] * factor
            data = self._data[start:end]
            data += b"\0" * (-len(data) % 4)
            found = self._glyphs[gid] = (data, _checksum(data), _components(data))
        return found

    def closure(self, gids: Iterable[int]) -> frozenset[int]:
        """``gids`` with glyph 0 (.notdef) and every component of their composite glyphs."""
        count = self.glyph_count
        return frozenset().union((0,), *(self._glyph_closure(g) for g in gids if 0 <= g < count))

    def _glyph_closure(self, gid: int) -> frozenset[int]:
        """Glyph ``gid`` and the components it is made of, all the way down (once per glyph)."""
        found = self._closures.get(gid)
        if found is None:
            keep = {gid}
            todo = list(self._glyph(gid)[2])
            while todo:
                part = todo.pop()
                if part not in keep and 0 <= part < self.glyph_count:
                    keep.add(part)
                    todo.extend(self._glyph(part)[2])
            found = self._closures[gid] = frozenset(keep)
        return found

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType file with the outlines of ``gids`` (closed over composites), every glyph
        at its own id; the other glyphs are empty (no outline, no advance), and the font ends
        after the last glyph kept."""
        tables, checksums, _ = self._subset_tables(gids)
        return b"".join(piece for _, piece in _font_file(tables, checksums))

    def _subset_tables(
        self, gids: Iterable[int]
    ) -> tuple[dict[str, bytes], dict[str, int], list[int]]:
        """The subset's tables, the checksums already known, and the glyphs kept (sorted)."""
        keep = sorted(self.closure(gids))
        count = keep[-1] + 1
        glyf: list[bytes] = []
        glyf_checksum = 0  # records are 4-byte aligned: the table's sum is theirs
        hmtx_checksum = 0  # each glyph's metrics are one 4-byte word: the table's sum is theirs
        metrics = array("H", bytes(4 * count))  # (advance, left side bearing) per glyph
        source = self._metrics
        records: list[tuple[int, int]] = []  # (glyph id, record length) of the glyphs kept
        for gid in keep:
            advance, bearing = source[2 * gid], source[2 * gid + 1]
            metrics[2 * gid], metrics[2 * gid + 1] = advance, bearing
            hmtx_checksum += advance << 16 | bearing
            data, checksum, _ = self._glyph(gid)
            records.append((gid, len(data)))
            if data:
                glyf.append(data)
                glyf_checksum += checksum
        # loca: the offset of every glyph's record, the empty ones between those kept taking
        # the next record's; short offsets (halved, 16 bits) while the records allow
        total = sum(length for _, length in records)
        short = total <= 2 * 0xFFFF
        unit = 2 if short else 1
        code = "H" if short else "I"
        loca = array(code, bytes((2 if short else 4) * (count + 1)))
        offset = 0
        previous = -1
        for gid, length in records:
            if offset:  # (the entries before the first record stay 0)
                loca[previous + 1 : gid + 1] = array(code, [offset // unit]) * (gid - previous)
            offset += length
            previous = gid
        loca[count] = offset // unit
        if sys.byteorder == "little":
            loca.byteswap()
            metrics.byteswap()

        head = bytearray(self._table("head"))
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
        struct.pack_into(">h", head, 50, 0 if short else 1)  # loca's offsets: short or long
        hhea = bytearray(self._table("hhea"))
        struct.pack_into(">H", hhea, 34, count)  # every glyph has its own metrics
        maxp = bytearray(self._table("maxp"))
        struct.pack_into(">H", maxp, 4, count)
        tables = {tag: self._table(tag) for tag in _COPIED if tag in self._tables}
        tables.update(
            {
                "head": bytes(head),
                "hhea": bytes(hhea),
                "maxp": bytes(maxp),
                "hmtx": metrics.tobytes(),
                "loca": loca.tobytes(),
                "glyf": b"".join(glyf),
                "post": _post_v3(self._table("post") if "post" in self._tables else b""),
            }
        )
        checksums = {"glyf": glyf_checksum & 0xFFFFFFFF, "hmtx": hmtx_checksum & 0xFFFFFFFF}
        return tables, checksums, keep


_FACTS_VERSION = 1  # bump when _read_facts changes what it returns


def _facts(path: Path, data: bytes) -> dict[str, Any]:
    """What the writer needs from the font's ``cmap``, ``name``, ``OS/2`` and ``post`` tables,
    read with fontTools once and then kept beside the font instances in the cache folder
    (``marshal``, keyed by the font's contents): parsing them took a third of a one-letter run
    (fontTools' import and ``post`` glyph names included), loading the kept facts takes well
    under a millisecond. A cache that cannot be read or written is skipped, never an error."""
    from .instancing import PREPARED_DIR, cache_dir

    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"{path.stem}-{digest}.v{_FACTS_VERSION}.facts"
    try:
        kept: Path | None = cache_dir() / name
    except ConfigError:
        kept = None
    for place in (PREPARED_DIR / name, kept):  # a built wheel ships the facts of every face
        if place is None:
            continue
        try:
            with place.open("rb") as fh:
                found = marshal.load(fh)
        except (OSError, ValueError, EOFError, TypeError):
            continue
        if isinstance(found, dict) and found.get("digest") == digest:
            return found
    facts = _read_facts(path)
    facts["digest"] = digest
    if kept is not None:
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".facts", dir=kept.parent)
        except OSError:
            return facts
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(facts, fh)
            os.replace(tmp, kept)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
    return facts


def _read_facts(path: Path) -> dict[str, Any]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        glyph_ids = font.getReverseGlyphMap()
        os2 = font.get("OS/2")
        post = font.get("post")
        return {
            "cmap": {code: glyph_ids[name] for code, name in font.getBestCmap().items()},
            # written as a PDF name (BaseFont): only characters that need no escaping there
            "ps_name": re.sub(r"[^A-Za-z0-9._-]", "", font["name"].getDebugName(6) or "")
            or "LetterkitFont",
            "cap": int(getattr(os2, "sCapHeight", 0) or 0) if os2 is not None else 0,
            "weight": int(os2.usWeightClass) if os2 is not None else 400,
            "italic_angle": float(post.italicAngle) if post is not None else 0.0,
            "fixed_pitch": bool(post.isFixedPitch) if post is not None else False,
        }
    finally:
        font.close()


def _components(data: bytes) -> tuple[int, ...]:
    """The glyph ids a composite glyph record refers to (none for a simple glyph)."""
    if len(data) < 10 or struct.unpack_from(">h", data, 0)[0] >= 0:
        return ()
    found = []
    offset = 10
    while True:
        flags, component = struct.unpack_from(">HH", data, offset)
        found.append(component)
        offset += 4 + (4 if flags & _ARG_WORDS else 2)
        if flags & _HAS_SCALE:
            offset += 2
        elif flags & _XY_SCALE:
            offset += 4
        elif flags & _TWO_BY_TWO:
            offset += 8
        if not flags & _MORE:
            return tuple(found)


def _table_directory(data: bytes) -> dict[str, tuple[int, int]]:
    version, count = struct.unpack_from(">IH", data, 0)
    if version not in (0x00010000, 0x74727565):  # TrueType outlines ("true" on old Macs)
        raise ValueError("not a TrueType font with glyf outlines")
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _post_v3(post: bytes) -> bytes:
    """A version 3 ``post`` table (no glyph names) keeping the italic angle and pitch."""
    header = bytearray(post[:32].ljust(32, b"\0"))
    header[0:4] = b"\x00\x03\x00\x00"
    return bytes(header)


def _checksum(data: bytes) -> int:
    words = array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _font_file(tables: dict[str, bytes], checksums: dict[str, int]) -> list[tuple[str, bytes]]:
    """An sfnt file of ``tables`` with directory, padding and checksums (``checksums`` holds
    those already known), as its pieces: ``("", directory)``, then ``(tag, padded table)`` in
    file order."""
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    directory = [
        struct.pack(
            ">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
        )
    ]
    pieces: list[tuple[str, bytes]] = []
    offset = 12 + 16 * count
    total = 0
    for tag in tags:
        data = tables[tag]
        checksum = checksums[tag] if tag in checksums else _checksum(data)
        total += checksum
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset, len(data)))
        pieces.append((tag, data + b"\0" * (-len(data) % 4)))
        offset += len(pieces[-1][1])
    header = b"".join(directory)
    # every table starts 4-byte aligned: the file's checksum is the directory's plus the tables'
    adjustment = (0xB1B0AFBA - _checksum(header) - total) & 0xFFFFFFFF
    for index, (tag, data) in enumerate(pieces):
        if tag == "head":
            head = bytearray(data)
            struct.pack_into(">I", head, 8, adjustment)
            pieces[index] = (tag, bytes(head))
    return [("", header), *pieces]


# --------------------------------------------------------------------------------------------
# compressed subsets, remembered: the letters of a batch draw nearly the same glyphs


ZLIB_LEVEL = 1  # a fifth off the time of an Urdu letter for files a few percent larger
_CACHE_LIMIT = 1024 * 1024  # bytes of compressed font files and blocks held (least recently
# used out): each new sender's name makes a font file of its own, kept for nothing
_cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()  # font files and glyph blocks
_held = 0
_lock = threading.Lock()


def compressed_subset(program: FontProgram, gids: frozenset[int]) -> bytes:
    """zlib of :meth:`FontProgram.subset`, made once per glyph set while it is used.

    A new glyph set (a new sender's name) compresses only what it changes: the ``glyf`` table
    is deflated in blocks of :data:`BLOCK` glyph ids, each block ending with a full flush (byte
    aligned, no reference to earlier data), so the compressed form of a block is the same
    wherever it occurs and is remembered per set of glyphs it holds. The blocks, and the tables
    around them compressed afresh, join into one zlib stream (RFC 1950/1951)."""
    key = ("file", program.path, gids)
    found = _recall(key)
    if found is not None:
        return found
    tables, checksums, keep = program._subset_tables(gids)
    out = [b"\x78\x01"]  # zlib header: deflate, 32 KiB window, fastest
    adler = 1
    pending: list[bytes] = []
    for tag, piece in _font_file(tables, checksums):
        adler = zlib.adler32(piece, adler)
        if tag != "glyf":
            pending.append(piece)
            continue
        out.append(_deflate(b"".join(pending), final=False))
        pending = []
        for _, block in itertools.groupby(keep, key=lambda gid: gid // BLOCK):
            out.append(_glyph_block(program, tuple(block)))
    out.append(_deflate(b"".join(pending), final=True))
    out.append(struct.pack(">I", adler & 0xFFFFFFFF))
    packed = b"".join(out)
    _remember(key, packed)
    return packed


BLOCK = 32  # glyph ids per separately deflated piece of glyf: 5 % larger than one piece


def _deflate(data: bytes, *, final: bool) -> bytes:
    from ..compression import FINAL_BLOCK, deflate_piece

    piece = deflate_piece(data, ZLIB_LEVEL)
    return piece + FINAL_BLOCK if final else piece


def _glyph_block(program: FontProgram, gids: tuple[int, ...]) -> bytes:
    key = ("block", program.path, gids)
    found = _recall(key)
    if found is not None:
        return found
    packed = _deflate(b"".join(program._glyph(gid)[0] for gid in gids), final=False)
    _remember(key, packed)
    return packed


def _recall(key: tuple[Any, ...]) -> bytes | None:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def _remember(key: tuple[Any, ...], value: bytes) -> None:
    """Keep ``value`` (least recently used out first, :data:`_CACHE_LIMIT` bytes in all)."""
    global _held
    with _lock:
        if key in _cache or len(value) > _CACHE_LIMIT // 8:
            return
        _cache[key] = value
        _held += len(value)
        while _held > _CACHE_LIMIT:
            _, dropped = _cache.popitem(last=False)
            _held -= len(dropped)


def cache_stats() -> tuple[int, int]:
    """(entries, bytes) of compressed subsets and glyph blocks held, for tests and benchmarks."""
    with _lock:
        return len(_cache), _held
