"""Deflate and zlib streams from kept compressors (letterkit.compression): what the standard
decompressors read back, pieces that join into one stream, and the same bytes as a fresh
compressor gives."""

from __future__ import annotations

import os
import sys
import threading
import zlib
from typing import Any

import pytest
from isal import isal_zlib

from letterkit.compression import FAST_LEVEL, deflate, deflate_piece, zlib_stream

SAMPLES = [b"", b"a", os.urandom(3000), b"BT /LK-serif-Regular 11 Tf (Dear Minister) Tj ET\n" * 200]


@pytest.mark.parametrize("data", SAMPLES, ids=["empty", "one", "random", "operators"])
@pytest.mark.parametrize("level", [1, FAST_LEVEL, 6])
def test_streams_read_back_with_the_standard_decompressors(data: bytes, level: int) -> None:
    assert zlib.decompress(zlib_stream(data, level)) == data  # checks the Adler-32 too
    assert zlib.decompress(deflate(data, level), -15) == data


@pytest.mark.parametrize(
    ("level", "library"),
    [(FAST_LEVEL, isal_zlib), (1, isal_zlib), (6, zlib), (9, zlib)],
    ids=["fast-isal", "isal-1", "zlib-6", "zlib-9"],
)
def test_pieces_join_into_one_stream_and_do_not_depend_on_what_came_before(
    level: int, library: Any
) -> None:
    first = deflate_piece(SAMPLES[3], level)
    deflate_piece(SAMPLES[2], level)  # the kept compressor saw other data in between
    assert deflate_piece(SAMPLES[3], level) == first
    # levels up to 3 are ISA-L's, above zlib's: the bytes a fresh compressor of that kind gives
    fresh = library.compressobj(level, library.DEFLATED, -15, 6)
    assert first == fresh.compress(SAMPLES[3]) + fresh.flush(library.Z_FULL_FLUSH)
    joined = deflate_piece(SAMPLES[2], level) + first + deflate(b"tail", level)
    assert zlib.decompress(joined, -15) == SAMPLES[2] + SAMPLES[3] + b"tail"


def test_each_thread_has_its_own_compressor() -> None:
    results: list[bool] = []

    def work() -> None:
        results.append(all(zlib.decompress(zlib_stream(d, 1)) == d for d in SAMPLES * 50))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 4


def test_without_isal_zlib_level_1_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """letterkit installed with --no-deps: the fast level is zlib's level 1 (a new thread has
    no compressor kept yet)."""
    monkeypatch.setitem(sys.modules, "isal", None)  # `from isal import …` raises ImportError
    found: list[bytes] = []
    thread = threading.Thread(target=lambda: found.append(deflate_piece(SAMPLES[3], FAST_LEVEL)))
    thread.start()
    thread.join()
    fresh = zlib.compressobj(1, zlib.DEFLATED, -15, 6)
    assert found == [fresh.compress(SAMPLES[3]) + fresh.flush(zlib.Z_FULL_FLUSH)]
