"""`letterkit fonts check`: a gap is an error before rendering, never a box."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.resources import campaigns_dir

runner = CliRunner()


def test_every_locale_alphabet_is_covered():
    result = runner.invoke(app, ["fonts", "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "ur: Noto Nastaliq Urdu" in result.stdout
    assert "All characters are covered." in result.stdout


def test_bundled_campaign_templates_are_covered():
    result = runner.invoke(app, ["fonts", "check", "pakistan-deportations"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_a_character_no_font_has_is_reported_with_file_and_codepoint(tmp_path):
    folder = tmp_path / "camp"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    letter = folder / "letters" / "ur.md.j2"
    letter.write_text(letter.read_text(encoding="utf-8") + "\n中文\n", encoding="utf-8")
    result = runner.invoke(
        app, ["fonts", "check", str(folder), "--lang", "ur"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert str(letter) in result.stderr
    assert "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in result.stderr
    check = runner.invoke(app, ["check", str(folder)], catch_exceptions=False)
    assert check.exit_code == 2 and "CJK" in check.stderr
