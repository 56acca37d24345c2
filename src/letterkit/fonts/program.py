"""A TrueType face as the PDF writer embeds it: glyph advances, the text each glyph stands for,
and subsets of the font file that keep every glyph id.

letterkit embeds each face once per document as a CID-keyed font whose codes are glyph ids
(see :mod:`letterkit.pdf.font_embedding`). The font file embedded with it is a *glyph-id-preserving*
subset: the glyphs the document draws (and the components of composite glyphs) keep their
outlines, every other glyph is left empty. Ids never change, so the content stream of a line is
the same in every document, and a subset is a join of byte slices rather than a rebuilt font:
compressed, of pieces remembered per block of 32 glyph ids (:func:`compressed_subset`).

Only the tables a PDF viewer reads from an embedded TrueType font are kept (``head``, ``hhea``,
``maxp``, ``hmtx``, ``loca``, ``glyf``, the hinting tables, ``OS/2`` and a version 3 ``post``):
the shaping tables have done their work before the PDF is written.
"""

from __future__ import annotations

import functools
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

from ..compression import FAST_LEVEL, FINAL_BLOCK, ZLIB_HEADER, deflate_piece
from ..errors import ConfigError

# tables copied into the subset unchanged (when the font has them)
_COPIED = ("OS/2", "cvt ", "fpgm", "prep")
# a subset's tables in file order (its directory lists them by tag): those a glyph set changes
# (but glyf), the same in every subset of a face, glyf (see compressed_subset)
_VARYING_ORDER = ("head", "hhea", "maxp", "hmtx", "loca")
_FIXED_ORDER = ("OS/2", "cvt ", "fpgm", "prep", "post")
_FILE_ORDER = (*_VARYING_ORDER, *_FIXED_ORDER, "glyf")
SHORT_LOCA_LIMIT = 2 * 0xFFFF  # the most glyph record bytes short (halved 16-bit) offsets reach
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
        self._closures: dict[int, frozenset[int]] = {}  # see closure

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
        closures = self._closures
        gids = set(gids)
        for gid in gids - closures.keys():  # (set operations and maps: no loop per glyph)
            closures[gid] = self._glyph_closure(gid)
        return frozenset().union((0,), *map(closures.__getitem__, gids))

    def _glyph_closure(self, gid: int) -> frozenset[int]:
        """Glyph ``gid`` and the components it is made of, all the way down (none for an id
        the font does not have)."""
        if not 0 <= gid < self.glyph_count:
            return frozenset()
        keep = {gid}
        todo = list(self._glyph(gid)[2])
        while todo:
            part = todo.pop()
            if part not in keep and 0 <= part < self.glyph_count:
                keep.add(part)
                todo.extend(self._glyph(part)[2])
        return frozenset(keep)

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType file with the outlines of ``gids`` (closed over composites), every glyph
        at its own id; the other glyphs are empty (no outline, no advance), and the font ends
        after the last glyph kept. Made from scratch: :func:`compressed_subset` makes the same
        file from remembered pieces, compressed."""
        keep = sorted(self.closure(gids))
        count = keep[-1] + 1
        kept = set(keep)
        records = [self._glyph(gid)[0] if gid in kept else b"" for gid in range(count)]
        offsets = list(itertools.accumulate(map(len, records), initial=0))
        short = offsets[-1] <= SHORT_LOCA_LIMIT
        if short:
            loca = struct.pack(f">{count + 1}H", *(offset // 2 for offset in offsets))
        else:
            loca = struct.pack(f">{count + 1}I", *offsets)
        metrics = array("H", bytes(4 * count))  # (advance, left side bearing) per glyph
        for gid in keep:
            metrics[2 * gid : 2 * gid + 2] = self._metrics[2 * gid : 2 * gid + 2]
        if sys.byteorder == "little":
            metrics.byteswap()
        tables = {
            **self._count_tables(count, short),
            "hmtx": metrics.tobytes(),
            "loca": loca,
            **self._fixed.tables,
            "glyf": b"".join(records),
        }
        entries = [
            (tag, tables[tag], _checksum(tables[tag])) for tag in _FILE_ORDER if tag in tables
        ]
        header, adjustment = _directory([(tag, len(data), total) for tag, data, total in entries])
        pieces = [header]
        for tag, data, _ in entries:
            if tag == "head":
                data = data[:8] + struct.pack(">I", adjustment) + data[12:]
            pieces.append(data + b"\0" * (-len(data) % 4))
        return b"".join(pieces)

    def _count_tables(self, count: int, short: bool) -> dict[str, bytes]:
        """``head``, ``hhea`` and ``maxp`` of a subset of ``count`` glyphs whose ``loca`` holds
        short or long offsets (``head``'s checkSumAdjustment left 0)."""
        head = bytearray(self._table("head"))
        head[8:12] = b"\0\0\0\0"
        struct.pack_into(">h", head, 50, 0 if short else 1)  # loca's offsets: short or long
        hhea = bytearray(self._table("hhea"))
        struct.pack_into(">H", hhea, 34, count)  # every glyph has its own metrics
        maxp = bytearray(self._table("maxp"))
        struct.pack_into(">H", maxp, 4, count)
        return {"head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp)}

    @functools.cached_property
    def _fixed(self) -> _FixedTables:
        """The tables every subset of this face holds unchanged."""
        tables = {tag: self._table(tag) for tag in _COPIED if tag in self._tables}
        tables["post"] = _post_v3(self._table("post") if "post" in self._tables else b"")
        run = b"".join(
            tables[tag] + b"\0" * (-len(tables[tag]) % 4) for tag in _FIXED_ORDER if tag in tables
        )
        return _FixedTables(
            tables=tables,
            checksums={tag: _checksum(data) for tag, data in tables.items()},
            deflated=_deflate(run, final=False),
            adler=zlib.adler32(run),
            length=len(run),
        )


@dataclass(frozen=True)
class _FixedTables:
    """The tables a face's subsets hold unchanged, and their run in the file deflated."""

    tables: dict[str, bytes]
    checksums: dict[str, int]
    deflated: bytes  # the run of them in file order, padded, deflated (ending in a full flush)
    adler: int  # Adler-32 of that run
    length: int  # its length


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


def _directory(entries: list[tuple[str, int, int]]) -> tuple[bytes, int]:
    """The sfnt header and table directory of a file holding tables ``(tag, length,
    checksum)`` in that order, each padded to 4 bytes, and the ``head`` table's
    checkSumAdjustment for them (tables with theirs at 0)."""
    count = len(entries)
    power = 1
    while power * 2 <= count:
        power *= 2
    directory = [
        struct.pack(
            ">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
        )
    ]
    offsets = {}
    offset = 12 + 16 * count
    for tag, length, _ in entries:
        offsets[tag] = offset
        offset += length + (-length % 4)
    for tag, length, checksum in sorted(entries):  # the directory lists tables by tag
        directory.append(
            struct.pack(">4sIII", tag.encode("latin-1"), checksum, offsets[tag], length)
        )
    header = b"".join(directory)
    # every table starts 4-byte aligned: the file's checksum is the directory's plus the tables'
    total = _checksum(header) + sum(checksum for _, _, checksum in entries)
    return header, (0xB1B0AFBA - total) & 0xFFFFFFFF


# --------------------------------------------------------------------------------------------
# compressed subsets, remembered: the letters of a batch draw nearly the same glyphs


BLOCK = 32  # glyph ids per remembered piece of a subset (glyf deflated so: 5 % larger)
_CACHE_LIMIT = 1024 * 1024  # bytes of compressed font files and blocks held (least recently
# used out): each new sender's name makes a font file of its own, kept for nothing
_cache: OrderedDict[tuple[Any, ...], tuple[object, int]] = OrderedDict()  # value, its size
_held = 0
_lock = threading.Lock()
# BLOCK offsets as one integer of 16-bit (short loca) or 32-bit (long) big-endian lanes: adding
# n times these adds n to each offset (no lane overflows: offsets fit their lanes)
_LANES_ONE = {
    True: int.from_bytes(b"\0\1" * BLOCK, "big"),
    False: int.from_bytes(b"\0\0\0\1" * BLOCK, "big"),
}
# what adding 1 to each of BLOCK offsets adds to the table's checksum (sum of 32-bit words)
_LANES_CHECKSUM = {True: 0x10001 * (BLOCK // 2), False: BLOCK}


def compressed_subset(program: FontProgram, gids: frozenset[int]) -> bytes:
    """zlib of :meth:`FontProgram.subset`, made once per glyph set while it is used.

    A new glyph set (a new sender's name) is mostly made of what earlier sets held. Its glyph
    ids fall in blocks of :data:`BLOCK`; what a block puts into the file (its glyph records,
    deflated; its ``hmtx`` rows; its ``loca`` offsets relative to the block's first record;
    their checksums and the records' Adler-32) is remembered per set of glyphs it holds
    (:class:`_Block`), and so are the tables that never change (:attr:`FontProgram._fixed`).
    Per glyph set, only ``head``, ``hhea``, ``maxp``, ``hmtx`` and ``loca`` are made: joined
    from the blocks, offsets shifted by one integer addition per block, checksums summed, and
    deflated in one piece. The deflated pieces end in full flushes (byte aligned, no reference
    to earlier data) and join into one zlib stream (RFC 1950/1951), its Adler-32 combined from
    theirs."""
    key = ("file", program.path, gids)
    found = _recall(key)
    if isinstance(found, bytes):
        return found
    keep = sorted(program.closure(gids))
    count = keep[-1] + 1
    blocks = [
        (index, _block(program, index, tuple(group)))
        for index, group in itertools.groupby(keep, BLOCK.__rfloordiv__)
    ]
    total = sum(block.glyf_length for _, block in blocks)
    short = total <= SHORT_LOCA_LIMIT
    unit = 2 if short else 1
    width = 2 if short else 4
    pack = struct.Struct(">H" if short else ">I").pack
    ones, per_block = _LANES_ONE[short], _LANES_CHECKSUM[short]

    hmtx: list[bytes] = []
    loca: list[bytes] = []
    hmtx_checksum = loca_checksum = glyf_checksum = 0
    offset = 0  # of the next block's first record in glyf
    upto = 0  # the first block index not yet joined
    for index, block in blocks:
        base = offset // unit
        if index > upto:  # blocks without glyphs kept
            hmtx.append(bytes(4 * BLOCK * (index - upto)))
            loca.append(pack(base) * (BLOCK * (index - upto)))
            loca_checksum += base * per_block * (index - upto)
        hmtx.append(block.hmtx)
        hmtx_checksum += block.hmtx_checksum
        loca.append((block.loca(short) + base * ones).to_bytes(width * BLOCK, "big"))
        loca_checksum += block.loca_checksum(short) + base * per_block
        glyf_checksum += block.glyf_checksum
        offset += block.glyf_length
        upto = index + 1
    # the last block ends at the last glyph kept (its rows after that are zero, the offsets
    # after it all the final one): cut it there, then loca's final entry
    last = loca[-1][: width * (count - BLOCK * (upto - 1))] + pack(offset // unit)
    loca_checksum += _checksum(last) - block.loca_checksum(short) - base * per_block
    loca[-1] = last
    hmtx_data = b"".join(hmtx)[: 4 * count]
    loca_data = b"".join(loca)

    tables = program._count_tables(count, short)
    fixed = program._fixed
    entries = [(tag, len(data), _checksum(data)) for tag, data in tables.items()]
    entries.append(("hmtx", len(hmtx_data), hmtx_checksum & 0xFFFFFFFF))
    entries.append(("loca", len(loca_data), loca_checksum & 0xFFFFFFFF))
    entries.extend(
        (tag, len(fixed.tables[tag]), fixed.checksums[tag])
        for tag in _FIXED_ORDER
        if tag in fixed.tables
    )
    entries.append(("glyf", total, glyf_checksum & 0xFFFFFFFF))
    header, adjustment = _directory(entries)
    head = tables["head"]
    varying = b"".join(
        [
            header,
            head[:8] + struct.pack(">I", adjustment) + head[12:] + b"\0" * (-len(head) % 4),
            tables["hhea"] + b"\0" * (-len(tables["hhea"]) % 4),
            tables["maxp"] + b"\0" * (-len(tables["maxp"]) % 4),
            hmtx_data,
            loca_data + b"\0" * (-len(loca_data) % 4),
        ]
    )
    adler = _adler32_combine(zlib.adler32(varying), fixed.adler, fixed.length)
    out = [ZLIB_HEADER, _deflate(varying, final=False), fixed.deflated]
    for _, block in blocks:
        out.append(block.glyf)
        adler = _adler32_combine(adler, block.glyf_adler, block.glyf_length)
    out.append(FINAL_BLOCK)
    out.append(struct.pack(">I", adler))
    packed = b"".join(out)
    _remember(key, packed, len(packed))
    return packed


@dataclass(frozen=True, slots=True)
class _Block:
    """What the glyphs kept among :data:`BLOCK` consecutive ids put into a subset."""

    glyf: bytes  # their records, deflated (ending in a full flush)
    glyf_length: int
    glyf_checksum: int
    glyf_adler: int  # Adler-32 of the records
    hmtx: bytes  # (advance, left side bearing) of each id, zero where not kept
    hmtx_checksum: int
    # each id's record offset from the block's first: 16-bit lanes of halved offsets (None
    # when they do not fit: the subset then takes long offsets), 32-bit lanes; their checksums
    short_lanes: int | None
    long_lanes: int
    short_checksum: int
    long_checksum: int

    def loca(self, short: bool) -> int:
        lanes = self.short_lanes if short else self.long_lanes
        assert lanes is not None  # a block's records beyond short offsets make the subset long
        return lanes

    def loca_checksum(self, short: bool) -> int:
        return self.short_checksum if short else self.long_checksum


def _block(program: FontProgram, index: int, gids: tuple[int, ...]) -> _Block:
    """Block ``index`` of a subset keeping ``gids`` in it (made once while it is used)."""
    key = ("block", program.path, gids)
    found = _recall(key)
    if isinstance(found, _Block):
        return found
    first = index * BLOCK
    records: list[bytes] = []
    offsets: list[int] = []  # of each id's record from the block's first
    metrics = array("H", bytes(4 * BLOCK))
    source = program._metrics
    offset = glyf_checksum = 0
    for gid in gids:
        offsets += [offset] * (gid - first + 1 - len(offsets))  # up to and including gid
        data, checksum, _ = program._glyph(gid)
        records.append(data)
        offset += len(data)
        glyf_checksum += checksum
        metrics[2 * (gid - first) : 2 * (gid - first) + 2] = source[2 * gid : 2 * gid + 2]
    offsets += [offset] * (BLOCK - len(offsets))
    if sys.byteorder == "little":
        metrics.byteswap()
    hmtx = metrics.tobytes()
    glyf = b"".join(records)
    short = struct.pack(f">{BLOCK}H", *(o // 2 for o in offsets)) if offset // 2 <= 0xFFFF else b""
    long = struct.pack(f">{BLOCK}I", *offsets)
    block = _Block(
        glyf=_deflate(glyf, final=False),
        glyf_length=len(glyf),
        glyf_checksum=glyf_checksum & 0xFFFFFFFF,
        glyf_adler=zlib.adler32(glyf),
        hmtx=hmtx,
        hmtx_checksum=_checksum(hmtx),
        short_lanes=int.from_bytes(short, "big") if short else None,
        long_lanes=int.from_bytes(long, "big"),
        short_checksum=_checksum(short),
        long_checksum=_checksum(long),
    )
    _remember(key, block, len(block.glyf) + len(block.hmtx) + 200)  # + the object's
    return block


def _deflate(data: bytes, *, final: bool) -> bytes:
    piece = deflate_piece(data, FAST_LEVEL)
    return piece + FINAL_BLOCK if final else piece


def _adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two pieces of data joined, from theirs and the second's ``length`` (as
    zlib's ``adler32_combine``): the sums of bytes add; the second's running sums each also
    hold the first's sum of bytes, ``length`` times in all."""
    base = 65521
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % base
    high = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % base
    return high << 16 | low


def _recall(key: tuple[Any, ...]) -> object | None:
    with _lock:
        found = _cache.get(key)
        if found is None:
            return None
        _cache.move_to_end(key)
        return found[0]


def _remember(key: tuple[Any, ...], value: object, size: int) -> None:
    """Keep ``value`` of about ``size`` bytes (least recently used out first,
    :data:`_CACHE_LIMIT` bytes in all)."""
    global _held
    with _lock:
        if key in _cache or size > _CACHE_LIMIT // 8:
            return
        _cache[key] = (value, size)
        _held += size
        while _held > _CACHE_LIMIT:
            _, (_, dropped) = _cache.popitem(last=False)
            _held -= dropped


def cache_stats() -> tuple[int, int]:
    """(entries, bytes) of compressed subsets and blocks held, for tests and benchmarks."""
    with _lock:
        return len(_cache), _held
