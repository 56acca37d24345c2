"""What the PDF writer reads from a font with fontTools is kept in the cache folder and reused
unchanged; where the font packages keep a source font is remembered while the file is the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from letterkit.fonts import instancing, program
from letterkit.resources import font_data_dir

NASTALIQ = font_data_dir() / "NotoNastaliqUrdu-Regular.ttf"


def _summary(font: program.FontProgram) -> tuple[object, ...]:
    return (font.cmap, font.ps_name, font.descriptor, font.natural, font.advances)


def test_kept_facts_give_the_same_font_program_without_fonttools(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path))
    # an installed wheel ships the facts (prepared at build time): look only at the cache here
    monkeypatch.setattr(instancing, "PREPARED_DIR", tmp_path / "no-prepared-facts")
    fresh = program.FontProgram(NASTALIQ)
    kept = list((tmp_path / "fonts").glob("NotoNastaliqUrdu-Regular-*.facts"))
    assert len(kept) == 1

    def no_fonttools(path: Path) -> dict[str, object]:
        raise AssertionError("fontTools read the font again")

    monkeypatch.setattr(program, "_read_facts", no_fonttools)
    again = program.FontProgram(NASTALIQ)
    assert _summary(again) == _summary(fresh)
    assert again.ps_name == "NotoNastaliqUrdu-Regular" and 0x0627 in again.cmap  # alef


def test_damaged_kept_facts_are_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(instancing, "PREPARED_DIR", tmp_path / "no-prepared-facts")
    fresh = program.FontProgram(NASTALIQ)
    for kept in (tmp_path / "fonts").glob("*.facts"):
        kept.write_bytes(b"\0garbage")
    assert _summary(program.FontProgram(NASTALIQ)) == _summary(fresh)


def test_a_remembered_source_is_looked_up_again_when_the_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "Font.ttf"
    source.write_bytes(b"one")
    lookups: list[int] = []

    def find() -> Path:
        lookups.append(1)
        return source

    assert instancing.remembered_source("Font|False|False", find) == source
    assert instancing.remembered_source("Font|False|False", find) == source
    assert len(lookups) == 1
    source.write_bytes(b"other size")
    os.utime(source, ns=(1, 1))
    assert instancing.remembered_source("Font|False|False", find) == source
    assert len(lookups) == 2
    source.unlink()
    with pytest.raises(FileNotFoundError):
        instancing.remembered_source("Font|False|False", find)
