"""Deflate (RFC 1951) and zlib (RFC 1950) streams for PDF contents, font files and DOCX parts,
with one compressor per thread and level, kept.

Levels 0-3 are ISA-L's deflate (``isal``), what a letter compresses as it is made (its pages,
its font subsets): at level 3 the files are the size zlib makes at level 1, in 55-65 % of its
time (an English letter's streams in ~100 µs instead of ~155, an Urdu letter's in ~450 instead
of ~810; levels 1 and 2 are faster still but their English letters are a quarter larger).
Levels 4-9 are zlib's (a DOCX's parts: its text at 6, the fixed parts, made once, at 9);
without isal (installed with ``--no-deps``) zlib's level 1 stands in for levels 0-3. Both
write standard deflate: any reader inflates it.

Setting up a compressor (``zlib.compressobj``, or ``zlib.compress`` inside) costs ~25-35 µs —
more than deflating a page of text — and a letter needs half a dozen streams. A kept compressor
ends each piece with a full flush: the output is byte-aligned and refers to nothing before it,
so pieces are self-contained and join into one stream (font files are joined from cached
pieces, see :func:`letterkit.fonts.program.compressed_subset`); an empty final block ends a
stream.
"""

from __future__ import annotations

import struct
import threading
import zlib
from typing import Protocol

__all__ = ["FAST_LEVEL", "FINAL_BLOCK", "ZLIB_HEADER", "deflate", "deflate_piece", "zlib_stream"]

FAST_LEVEL = 3  # ISA-L's best: what letters are compressed with as they are made
_ISAL_LEVELS = range(4)  # ISA-L's levels; above, zlib's


class _Compressor(Protocol):  # zlib's and isal_zlib's compressobj()
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self, mode: int = ..., /) -> bytes: ...


FINAL_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman codes): the end of a stream
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest compression claimed
_LOCAL = threading.local()


def _compressor(level: int) -> _Compressor:
    kept: dict[int, _Compressor] | None = getattr(_LOCAL, "compressors", None)
    if kept is None:
        kept = _LOCAL.compressors = {}
    found = kept.get(level)
    if found is None:
        # memory level 6: a smaller state than the default 8, the same sizes within a few bytes
        # (and as fast, in ISA-L)
        try:
            if level not in _ISAL_LEVELS:
                raise ImportError
            from isal import isal_zlib
        except ImportError:  # above ISA-L's levels; or isal not installed (--no-deps): zlib
            found = zlib.compressobj(level if level > 3 else 1, zlib.DEFLATED, -15, 6)
        else:
            found = isal_zlib.compressobj(level, isal_zlib.DEFLATED, -15, 6)
        kept[level] = found
    return found


def deflate_piece(data: bytes, level: int) -> bytes:
    """``data`` deflated as a self-contained, byte-aligned piece of a stream (no final block)."""
    compressor = _compressor(level)
    try:
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    except BaseException:  # never leave a half-used compressor for the next piece
        _LOCAL.compressors.pop(level, None)
        raise


def deflate(data: bytes, level: int) -> bytes:
    """A complete raw deflate stream of ``data`` (a ZIP entry's data)."""
    return deflate_piece(data, level) + FINAL_BLOCK


def zlib_stream(data: bytes, level: int) -> bytes:
    """A zlib stream of ``data``: header, deflate stream, Adler-32 (a PDF stream's data)."""
    return ZLIB_HEADER + deflate(data, level) + struct.pack(">I", zlib.adler32(data))
