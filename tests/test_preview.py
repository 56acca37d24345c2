"""`letterkit preview`: a PNG per locale, rasterized from the real PDF letter."""

from __future__ import annotations

import io

from PIL import Image
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.locales import LOCALES
from letterkit.preview import preview_campaign

runner = CliRunner()


def test_every_locale_has_a_letter_to_preview():
    assert set(preview_campaign().letters) == set(LOCALES)


def test_preview_writes_one_png_per_locale_with_ink_on_it(tmp_path):
    result = runner.invoke(
        app,
        [
            "preview",
            "--lang",
            "ur",
            "--lang",
            "de",
            "--out",
            str(tmp_path),
            "--dpi",
            "40",
            "--date",
            "2024-01-15",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["preview-de.png", "preview-ur.png"]
    for name in files:
        image = Image.open(io.BytesIO((tmp_path / name).read_bytes())).convert("L")
        assert image.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))  # A4 page
        dark = image.histogram()[:128]
        dark = sum(dark)
        assert dark > 0.01 * image.size[0] * image.size[1]  # a letter's worth of text
    again = runner.invoke(app, ["preview", "--lang", "ur", "--out", str(tmp_path)])
    assert again.exit_code == 1 and "--force" in again.stderr


def test_unknown_locale_lists_choices(tmp_path):
    result = runner.invoke(app, ["preview", "--lang", "xx", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "available: ar, ar_XB, bal, de, en" in result.stderr
