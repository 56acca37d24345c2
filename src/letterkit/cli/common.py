"""What every command shares: the error boundary, console output and reusable options.

This package is the only place in letterkit that prints or exits. Library errors
(:class:`~letterkit.errors.LetterkitError`) become one line on stderr, ``letterkit: error: …``,
and their exit status; a traceback only with ``--traceback`` (or ``LETTERKIT_TRACEBACK=1``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..errors import ExitStatus, LetterkitError
from ..layouts import layout_help, paper_help
from ..output import format_help
from ..ui_language import N_, _, lazy_help
from ..ui_language import echo as _ui_echo

F = TypeVar("F", bound=Callable[..., Any])

SHOW_TRACEBACK = {"on": bool(os.environ.get("LETTERKIT_TRACEBACK"))}


def echo(message: str = "") -> None:
    _ui_echo(message)


def warn(message: str) -> None:
    _ui_echo(_("letterkit: warning: {message}").format(message=message), err=True)


def error(message: str) -> None:
    """Print one error line and go on (a batch reports each failure, then exits non-zero)."""
    _ui_echo(_("letterkit: error: {message}").format(message=message), err=True)


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> typer.Exit:
    error(message)
    return typer.Exit(int(status))


def command(func: F) -> F:
    """Wrap a command: library errors → one line and the error's exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..fonts.instancing import set_notice

        set_notice(lambda message: typer.echo(f"letterkit: {message}", err=True))
        try:
            return func(*args, **kwargs)
        except LetterkitError as exc:
            if SHOW_TRACEBACK["on"]:
                raise
            raise fail(str(exc), exc.exit_status) from None
        except KeyboardInterrupt:
            _ui_echo(_("letterkit: interrupted"), err=True)
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except OSError as exc:
            if SHOW_TRACEBACK["on"]:
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise fail(f"{where}{exc.strerror or exc}", ExitStatus.ERROR) from None

    return wrapper  # type: ignore[return-value]


def is_interactive() -> bool:
    return sys.stdin.isatty()


# ------------------------------------------------------------------------------------------
# shared options, defined once

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help=N_(
            "Letter language (e.g. en, ur, fa_AF); default: chosen "
            "from the target's preferred languages."
        ),
    ),
]
SenderOpt = Annotated[
    Path | None,
    typer.Option(
        "--sender",
        help=N_("Sender profile file to use instead of the saved profile."),
        exists=False,
        dir_okay=False,
    ),
]
SafeOpt = Annotated[
    bool | None,
    typer.Option(
        "--safe/--no-safe",
        help=N_(
            "Sign with initials and town only; leave out street, "
            "email and phone (default: as in the profile)."
        ),
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help=lazy_help(lambda: format_help(translate=_))),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help=N_("Output folder."), file_okay=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help=N_("Overwrite existing files."))]
PaperOpt = Annotated[
    str | None,
    typer.Option("--paper", help=lazy_help(lambda: paper_help(_))),
]
LayoutOpt = Annotated[
    str | None,
    typer.Option("--layout", help=lazy_help(lambda: layout_help(_))),
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help=N_("Date of the letter, YYYY-MM-DD (default: today).")),
]
LetterheadOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--letterhead",
        help=N_(
            "Your group's letterhead: a PDF goes under every PDF letter (its page 1 under the "
            "first page, its page 2, if any, under the others); a .docx gives every DOCX letter "
            "its header and footer. Give the option twice for both."
        ),
        dir_okay=False,
        exists=True,
    ),
]
