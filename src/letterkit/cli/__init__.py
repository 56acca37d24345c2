"""The ``letterkit`` command line: a thin client of the library.

Each command group lives in its own module with a ``register(app)`` function; this module only
assembles them. Commands parse options, call the library, and print.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from .common import SHOW_TRACEBACK

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = ["profile", "campaigns", "write", "merge", "send", "fonts", "preview",
                   "serve"]

app = typer.Typer(
    name="letterkit",
    help="Write letters to officials for advocacy campaigns: one letter in a minute, or "
    "thousands from a spreadsheet, in PDF, DOCX, text, email or fax, in left-to-right and "
    "right-to-left languages (Urdu, Dari, Pashto…). Nothing leaves your computer unless you "
    "send it.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # letters carry home addresses
    add_completion=False,
)


@app.callback()
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


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:  # a command group still being built
        if _exc.name != f"{__name__}.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    app(prog_name="letterkit")
