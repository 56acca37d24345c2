"""Atomic writes and the one overwrite guard: every writer refuses an existing file with the
same message; a written file has open()'s permissions; nothing is left over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from letterkit.errors import OutputError
from letterkit.fileio import refuse_existing, write_atomic


def test_an_existing_file_is_refused_without_force_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    refuse_existing(path, force=False)  # nothing there: nothing to refuse
    path.write_text("my own edits", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        refuse_existing(path, force=False)
    assert str(caught.value) == f"{path}: file exists; use --force to overwrite it"
    refuse_existing(path, force=True)
    with pytest.raises(OutputError, match="use --force to overwrite it"):
        write_atomic(path, b"new")
    assert path.read_text(encoding="utf-8") == "my own edits"
    write_atomic(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.txt"]  # no part file left


def test_a_written_file_has_the_permissions_open_would_give(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        path = write_atomic(tmp_path / "letter.pdf", b"%PDF-1.4")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b"%PDF-1.4"


def test_a_part_file_left_by_another_process_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterkit import fileio

    monkeypatch.setattr(fileio, "_LINKING", False)  # the .part way (as on macOS)
    monkeypatch.setattr(fileio, "_PART_NUMBERS", iter(range(3)))
    stale = tmp_path / f".letter.pdf.{os.getpid()}.0.part"
    stale.write_bytes(b"left by a killed run")
    write_atomic(tmp_path / "letter.pdf", b"%PDF-1.4")
    assert (tmp_path / "letter.pdf").read_bytes() == b"%PDF-1.4"
    assert stale.read_bytes() == b"left by a killed run"


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_a_missing_letterhead_is_one_line_naming_it(tmp_path: Path, suffix: str) -> None:
    from letterkit.errors import DataError
    from letterkit.pdf.letterhead import load_letterhead
    from letterkit.writers.docx_letterhead import load_docx_letterhead

    path = tmp_path / f"group{suffix}"
    load = load_letterhead if suffix == ".pdf" else load_docx_letterhead
    with pytest.raises(DataError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read the letterhead") and "\n" not in message


@pytest.mark.parametrize("linking", [True, False])
def test_both_ways_of_writing_leave_only_the_complete_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linking: bool
) -> None:
    """Linked into place (Linux) or renamed from a .part file: the same file, the same guard,
    a missing folder made, nothing else left in the folder."""
    from letterkit import fileio

    monkeypatch.setattr(fileio, "_LINKING", linking and fileio._LINKING)
    path = tmp_path / "new" / "letter.pdf"
    write_atomic(path, b"%PDF-1.4 one")
    with pytest.raises(OutputError, match="file exists; use --force"):
        write_atomic(path, b"%PDF-1.4 two")
    write_atomic(path, b"%PDF-1.4 three", force=True)
    write_atomic(tmp_path / "new" / "other.pdf", b"%PDF-1.4 four")
    assert path.read_bytes() == b"%PDF-1.4 three"
    assert sorted(p.name for p in path.parent.iterdir()) == ["letter.pdf", "other.pdf"]


def test_a_system_that_refuses_the_link_falls_back_to_the_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterkit import fileio

    supported = fileio._LINKING
    if not supported:
        pytest.skip("this system writes through .part files anyway")

    def no_proc(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(fileio, "_LINKING", True)  # restored after the test
    monkeypatch.setattr(os, "link", no_proc)
    path = write_atomic(tmp_path / "letter.pdf", b"%PDF-1.4")
    assert path.read_bytes() == b"%PDF-1.4" and not fileio._LINKING
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]
