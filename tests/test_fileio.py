"""Atomic writes: permissions as open() gives them, no file replaced unasked, nothing left over."""

from __future__ import annotations

import os
import stat

import pytest

from letterkit.errors import OutputError
from letterkit.fileio import write_atomic


def test_a_written_file_has_the_permissions_open_would_give(tmp_path):
    mask = os.umask(0o027)
    try:
        path = write_atomic(tmp_path / "letter.pdf", b"%PDF-1.4")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b"%PDF-1.4"


def test_an_existing_file_is_kept_unless_forced_and_no_part_file_is_left(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"mine")
    with pytest.raises(OutputError, match="file exists"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"mine"
    write_atomic(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf"]


def test_a_part_file_left_by_another_process_is_not_reused(tmp_path, monkeypatch):
    from letterkit import fileio

    monkeypatch.setattr(fileio, "_PART_NUMBERS", iter(range(3)))
    stale = tmp_path / f".letter.pdf.{os.getpid()}.0.part"
    stale.write_bytes(b"left by a killed run")
    write_atomic(tmp_path / "letter.pdf", b"%PDF-1.4")
    assert (tmp_path / "letter.pdf").read_bytes() == b"%PDF-1.4"
    assert stale.read_bytes() == b"left by a killed run"
