"""The documentation tells the truth: the CLI reference is generated and current."""

from __future__ import annotations

from pathlib import Path

import typer.main

from letterkit.cli import app
from letterkit.cli.reference import _walk, cli_reference

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_is_current():
    expected = cli_reference()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is stale: python -m letterkit.cli.reference > docs/cli.md"
    )


def test_every_command_and_option_has_help():
    for path, command in _walk(typer.main.get_command(app), ["letterkit"]):
        if len(path) > 1:
            assert (command.help or "").strip(), f"{' '.join(path)} has no help"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{' '.join(path)} {param.opts} has no help"


def test_readme_starts_with_the_two_fresh_machine_commands():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line for line in readme[:12] if line and not line.startswith(("#", "`"))]
    assert commands[0].startswith("python3 -m venv .venv && .venv/bin/pip install .")
    assert "letterkit write pakistan-deportations" in commands[0]
    assert commands[1] == "bash .ci/run"
