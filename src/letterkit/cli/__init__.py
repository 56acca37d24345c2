"""The ``letterkit`` command line: a thin client of the library.

Each command group lives in its own module with a ``register(app)`` function; this module only
assembles them. Commands parse options, call the library, and print.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from ..ui_language import N_, activate, choose_ui_language, localize_command
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


def _show_version() -> None:
    from .._version import __version__

    typer.echo(f"letterkit {__version__}")
    raise typer.Exit(0)


def _main(
    traceback: Annotated[
        bool, typer.Option("--traceback", help=N_("Show the full traceback on errors."))
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=N_("Show the version and exit."),
            is_eager=True,  # before the command is looked for: `letterkit --version` alone
            callback=lambda shown: _show_version() if shown else None,
        ),
    ] = False,
    ui_lang: Annotated[
        str | None,
        typer.Option(
            "--ui-lang",
            metavar="LANG",
            help=N_(
                "Language letterkit speaks (messages and --help), e.g. de, ur; default: "
                "LETTERKIT_LANG, the profile, then LANGUAGE/LC_ALL/LC_MESSAGES/LANG."
            ),
        ),
    ] = None,
) -> None:
    if ui_lang:
        activate(choose_ui_language(["--ui-lang", ui_lang], os.environ).code)
    if traceback:
        SHOW_TRACEBACK["on"] = True


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
        help=N_(
            "Write letters to officials for advocacy campaigns: one letter in a minute, or "
            "thousands from a spreadsheet, in PDF, DOCX, text, email or fax, in left-to-right "
            "and right-to-left languages (Urdu, Dari, Pashto…). Nothing leaves your computer "
            "unless you send it."
        ),
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


def _without_ui_lang(args: list[str]) -> list[str]:
    """``args`` less any ``--ui-lang X`` after the command name (it is read before parsing,
    so it may stand anywhere; click only knows it before the command)."""
    kept: list[str] = []
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg == "--":
            kept.extend(args[index:])
            break
        if arg == "--ui-lang":
            skip = True
            continue
        if arg.startswith("--ui-lang="):
            continue
        kept.append(arg)
    return kept


def main() -> None:
    args = sys.argv[1:]
    # The CLI language is chosen before typer builds any help text.
    activate(choose_ui_language(args, os.environ).code)
    args = _without_ui_lang(args)
    words = [arg for arg in args if not arg.startswith("-")]
    built = typer.main.get_command(build_app(words[0] if words else None))
    localize_command(built).main(args=args, prog_name="letterkit")
