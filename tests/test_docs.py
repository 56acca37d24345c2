"""The documentation tells the truth: the CLI reference is generated and current."""

from __future__ import annotations

import glob
import importlib
import re
import subprocess
from pathlib import Path

import pytest
import typer.main

from letterkit.cli import app
from letterkit.cli.reference import _walk, cli_reference

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_is_current() -> None:
    expected = cli_reference()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is stale: python -m letterkit.cli.reference > docs/cli.md"
    )


def test_every_command_and_option_has_help() -> None:
    for path, command in _walk(typer.main.get_command(app), ["letterkit"]):
        if len(path) > 1:
            assert (command.help or "").strip(), f"{' '.join(path)} has no help"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{' '.join(path)} {param.opts} has no help"


def test_readme_starts_with_the_two_fresh_machine_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line for line in readme[:12] if line and not line.startswith(("#", "`"))]
    assert commands[0].startswith("python3 -m venv .venv && .venv/bin/pip install .")
    assert "letterkit write pakistan-deportations" in commands[0]
    assert commands[1] == "bash .ci/run"


NAMED_IN = (
    "README.md",
    "architecture.md",
    "api.md",
    "text-engine.md",
    "localization.md",
    "translating.md",
)
_DOTTED = re.compile(r"(?<![\w/.-])letterkit(?:\.[A-Za-z_]\w*)+")
_FILE_TYPES = (".mo", ".po", ".pot")  # letterkit.mo is a file, not a module
_TICKED_PATH = re.compile(r"`([\w*.-]+(?:/[\w*.-]*)+|[\w*-]+\.py)`")


def _resolves(dotted: str) -> bool:
    """``letterkit.a.b.c``: a module, then attributes of it."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def _matches(base: Path, pattern: str) -> bool:
    # glob.glob, not Path.glob: the docs quote babel.cfg's patterns (``src/letterkit/**.py``)
    return bool(glob.glob(str(base / pattern.rstrip("/"))))  # noqa: PTH207


def _path_exists(named: str) -> bool:
    """A path as the docs write it: from the repository root, from ``src/letterkit`` (the
    package's folders: ``pages/``, ``locales/registry.py``), or a module's bare file name."""
    repo, package = DOCS.parent, DOCS.parent / "src" / "letterkit"
    if "/" not in named:
        folders = (package, repo / "tests", repo / "benchmarks")
        return (repo / named).exists() or any(next(f.rglob(named), None) for f in folders)
    first = named.split("/", 1)[0]
    bases = [base for base in (repo, package) if _repository_folder(base / first)]
    return not bases or any(_matches(base, named) for base in bases)


def _repository_folder(path: Path) -> bool:
    """A folder of the repository, not one a user's run made in the checkout (README's first
    command writes ``letters/``, the name the docs give a campaign's folder too)."""
    if not path.is_dir():
        return False
    try:
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", str(path)], cwd=DOCS.parent, check=False, timeout=30
        ).returncode
    except OSError:  # no git (an unpacked source archive): every folder is the repository's
        return True
    return ignored != 0


@pytest.mark.parametrize("name", NAMED_IN)
def test_modules_functions_and_paths_named_in_the_docs_exist(name: str) -> None:
    """Every ``letterkit.x.y`` and every source path a page names is there (a moved module or
    a renamed function leaves the docs behind otherwise). Paths outside the repository (a
    campaign's ``letters/``, the wheel's ``letterkit/...``) are not checked."""
    path = DOCS.parent / name if name == "README.md" else DOCS / name
    text = path.read_text(encoding="utf-8")
    dotted = {d.rstrip(".") for d in _DOTTED.findall(text)}
    missing = [d for d in dotted if not d.endswith(_FILE_TYPES) and not _resolves(d)]
    missing += [p for p in _TICKED_PATH.findall(text) if not _path_exists(p.rstrip("."))]
    missing += [
        p
        for p in re.findall(r"(?<![\w/.-])src/letterkit/[\w/.*-]*[\w/*]", text)
        if not _matches(DOCS.parent, p)
    ]
    assert sorted(set(missing)) == [], f"{name} names what is not there"
