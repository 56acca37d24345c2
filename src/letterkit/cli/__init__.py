"""The ``letterkit`` command line: a thin client of the library.

Each command group lives in its own module with a ``register(app)`` function; this module only
assembles them. Commands parse options, call the library, and print.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from .common import SHOW_TRACEBACK

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "profile",
    "campaigns",
    "write",
    "merge",
    "signon",
    "send",
    "report",
    "fonts",
    "preview",
    "locale",
    "serve",
]


def _main(
    traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the full traceback on errors.")
    ] = False,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    if traceback:
        SHOW_TRACEBACK["on"] = True
    if version:
        from importlib.metadata import version as dist_version

        typer.echo(f"letterkit {dist_version('letterkit')}")
        raise typer.Exit(0)


def _command_names(built: typer.Typer) -> set[str]:
    names = {
        info.name or info.callback.__name__.lower().replace("_", "-")
        for info in built.registered_commands
        if info.callback is not None
    }
    return names | {info.name for info in built.registered_groups if info.name}


def build_app(only: str | None = None) -> typer.Typer:
    """The command line, its command modules registered in --help order; with ``only``, up to
    the module that has that command (one command's run then imports no other command module,
    e.g. `write` not the merge machinery: about 5 % of a one-letter run)."""
    built = typer.Typer(
        name="letterkit",
        help="Write letters to officials for advocacy campaigns: one letter in a minute, or "
        "thousands from a spreadsheet, in PDF, DOCX, text, email or fax, in left-to-right and "
        "right-to-left languages (Urdu, Dari, Pashto…). Nothing leaves your computer unless you "
        "send it.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,  # letters carry home addresses
        add_completion=False,
    )
    built.callback()(_main)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # a command group still being built
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.register(built)
        if only is not None and only in _command_names(built):
            break
    return built


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole command line (for tests, docs and callers), built on first use."""
    if name == "app":
        built = globals()["app"] = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    words = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    build_app(words[0] if words else None)(prog_name="letterkit")
