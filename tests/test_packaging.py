"""templates/ and locales/ reach users: a non-editable install and a built wheel carry them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import letterkit
from letterkit.resources import locales_dir, templates_dir

REPO = Path(__file__).resolve().parent.parent


def test_bundled_data_is_found():
    assert (templates_dir() / "campaigns" / "pakistan-deportations" / "campaign.toml").is_file()
    assert any(locales_dir().glob("*/LC_MESSAGES/letterkit.po"))


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="CI installs letterkit non-editable")
def test_ci_tests_the_installed_package_not_the_checkout():
    package = Path(letterkit.__file__).resolve().parent
    assert REPO / "src" not in package.parents, package
    assert templates_dir() == package / "templates"
    assert locales_dir() == package / "locales"


def test_public_api_is_importable():
    for name in letterkit.__all__:
        assert hasattr(letterkit, name), name


@pytest.mark.slow
def test_built_wheel_contains_templates_locales_and_fonts(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
         str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0 and "hatchling" in (done.stderr + done.stdout):
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(REPO)],
            capture_output=True, text=True, timeout=300,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    wheel = next(tmp_path.glob("letterkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "letterkit/templates/campaigns/pakistan-deportations/letters/ur.md.j2" in names
    assert any(n.startswith("letterkit/locales/") and n.endswith("letterkit.po") for n in names)
    assert any(n.startswith("letterkit/fonts/data/") and n.endswith(".ttf") for n in names)
    assert any(n.endswith("OFL.txt") for n in names)
    assert "letterkit/py.typed" in names  # type checkers read letterkit's annotations
    assert "letterkit/delivery/send.py" in names
