"""The one overwrite guard: every writer refuses an existing file with the same message."""

from __future__ import annotations

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
