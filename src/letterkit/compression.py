"""Deflate (RFC 1951) and zlib (RFC 1950) streams for PDF contents, font files and DOCX parts,
with one compressor per thread and level, kept.

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

__all__ = ["FINAL_BLOCK", "ZLIB_HEADER", "deflate", "deflate_piece", "zlib_stream"]

FINAL_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman codes): the end of a stream
ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window, fastest compression claimed
_LOCAL = threading.local()


def _compressor(level: int) -> zlib._Compress:
    kept: dict[int, zlib._Compress] | None = getattr(_LOCAL, "compressors", None)
    if kept is None:
        kept = _LOCAL.compressors = {}
    found = kept.get(level)
    if found is None:
        # memory level 6: a smaller state than the default 8, the same sizes within a few bytes
        found = kept[level] = zlib.compressobj(level, zlib.DEFLATED, -15, 6)
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
