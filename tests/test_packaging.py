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
    assert locales_dir() == package / "locales" / "catalogs"


def test_public_api_is_importable():
    for name in letterkit.__all__:
        assert hasattr(letterkit, name), name


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """letterkit's wheel, built once for this module's tests (the build prepares the fonts)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "hatchling" in (done.stderr + done.stdout):
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return next(out.glob("letterkit-*.whl"))


@pytest.mark.slow
def test_built_wheel_contains_templates_locales_and_fonts(built_wheel):
    wheel = built_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "letterkit/templates/campaigns/pakistan-deportations/letters/ur.md.j2" in names
    assert any(
        n.startswith("letterkit/locales/catalogs/") and n.endswith("letterkit.po") for n in names
    )
    assert any(n.startswith("letterkit/fonts/data/") and n.endswith(".ttf") for n in names)
    assert any(n.endswith("OFL.txt") for n in names)
    assert "letterkit/py.typed" in names  # type checkers read letterkit's annotations
    assert "letterkit/delivery/send.py" in names
    assert "letterkit/locales/registry.py" in names  # the catalogs sit beside the code


@pytest.mark.slow
def test_built_wheel_ships_the_prepared_fonts_under_the_names_letterkit_looks_for(built_wheel):
    """The build hook (hatch_build.py) cuts every static instance into the wheel, named as the
    run time names them for the installed font packages: a first letter after `pip install`
    then prepares nothing."""
    import fontpkg

    from letterkit.fonts.instancing import _source_tag
    from letterkit.fonts.registry import _BUNDLED_FILES, _FIXES, FAMILIES, _style_name
    from letterkit.resources import font_data_dir

    names = {
        Path(n).name
        for n in zipfile.ZipFile(built_wheel).namelist()
        if n.startswith("letterkit/fonts/prepared/")
    }
    expected = set()
    for info in FAMILIES.values():
        if info.source != "fontpkg-vf":
            continue
        for bold in (False, True) if info.has_bold else (False,):
            for italic in (False, True) if info.has_italic else (False,):
                source = Path(
                    fontpkg.path(info.name, 700 if bold else 400, "italic" if italic else "normal")
                )
                expected.add(
                    f"{info.ps_stem}-{_style_name(bold, italic)}-{_source_tag(source)}.ttf"
                )
    for family, bold in _FIXES:
        source = font_data_dir() / _BUNDLED_FILES[(family, bold)]
        expected.add(f"{source.stem}-fixed-{_source_tag(source)}.ttf")
    assert len(expected) == 11
    assert expected <= names, sorted(expected - names)
    # the facts the PDF writer reads from each face, for instances and bundled faces alike
    facts = {n for n in names if n.endswith(".facts")}
    for ttf in expected:
        assert any(n.startswith(ttf.removesuffix(".ttf") + "-") for n in facts), ttf
    assert any(n.startswith("NotoNastaliqUrdu-Regular-") for n in facts)
