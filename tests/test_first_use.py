"""First use: fonts the wheel does not ship ready are prepared once, and the user is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from letterkit.fonts import instancing
from letterkit.fonts.registry import FAMILIES, _resolve_path
from pdfread import pdf_text


def test_a_prepared_font_is_used_as_it_is_and_nothing_is_announced(tmp_path, monkeypatch):
    """A face shipped in the wheel under the name letterkit looks for is taken without work."""
    import fontpkg

    info = FAMILIES["serif"]
    source = Path(fontpkg.path(info.name, 700, "normal"))
    name = f"{info.ps_stem}-Bold-{instancing._source_tag(source)}.ttf"
    prepared = tmp_path / "prepared"
    prepared.mkdir()
    (prepared / name).write_bytes(b"shipped")
    monkeypatch.setattr(instancing, "PREPARED_DIR", prepared)
    monkeypatch.setenv("LETTERKIT_CACHE_DIR", str(tmp_path / "cache"))
    told: list[str] = []
    instancing.set_notice(told.append)
    try:
        assert _resolve_path(info, True, False) == prepared / name
    finally:
        instancing.set_notice(None)
    assert told == []
    assert not list((tmp_path / "cache" / "fonts").glob("*.ttf"))


@pytest.mark.slow
def test_first_letter_with_an_empty_cache_says_what_it_prepares(tmp_path):
    """A letter written with an empty cache folder is complete; every font prepared for it was
    announced on stderr (none in an installed wheel, some in a checkout), once."""
    config = tmp_path / "config"
    env = {
        **os.environ,
        "LETTERKIT_CACHE_DIR": str(tmp_path / "cache"),
        "LETTERKIT_CONFIG_DIR": str(config),
    }
    letterkit = [sys.executable, "-m", "letterkit"]
    subprocess.run(
        [
            *letterkit,
            "init",
            "--name",
            "Amina Rahimi",
            "--city",
            "Berlin",
            "--street",
            "1 Example Street",
            "--postal-code",
            "10115",
            "--country",
            "DE",
            "--language",
            "en",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    write = [
        *letterkit,
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--out",
        str(tmp_path),
        "--force",
    ]
    first = subprocess.run(write, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "Prime Minister" in pdf_text(tmp_path / "pakistan-deportations-pm-en.pdf")
    made = sorted((tmp_path / "cache" / "fonts").glob("*.ttf"))
    notices = [line for line in first.stderr.splitlines() if "for first use" in line]
    assert len(notices) == len(made), (first.stderr, made)
    if not instancing.PREPARED_DIR.is_dir():  # a checkout: the Noto Serif faces were cut
        assert any("Noto Serif Regular" in line for line in notices)
    again = subprocess.run(write, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "for first use" not in again.stderr
