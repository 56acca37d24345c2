"""Which language the command line speaks, and why; its gettext; its right-to-left output.

The CLI language is chosen once, before typer builds ``--help``, in this order:

1. ``--ui-lang CODE`` on the command line;
2. the ``LETTERKIT_LANG`` environment variable;
3. the saved profile's ``ui_language`` (or, failing that, its ``language``);
4. ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (the POSIX order; ``C``/``POSIX`` skipped);
5. English.

A language letterkit has no catalog for falls back to English quietly. Click's and typer's own
words ("Usage:", "Options", "Show this message and exit.") come through the same catalogs: their
modules call ``gettext.gettext``, which :func:`activate` points at letterkit's translations.

Right-to-left output (Urdu, Dari, Pashto…) on a terminal: most terminals do not run the Unicode
bidi algorithm. ``LETTERKIT_TERMINAL_BIDI`` says what the terminal needs: ``logical`` (default:
each line starts with a RIGHT-TO-LEFT MARK so terminals that do bidi set the line right-to-left,
and paths and numbers stay isolated in their own left-to-right order), ``visual`` (letterkit
reorders each line itself, for terminals that show characters in the order received) or ``off``.
Output that is not a terminal (a pipe, a file, a test) is always logical text without marks.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any, NamedTuple

import click

from .locales import LOCALES, gettext_for, is_rtl, normalize_code, placeholders

ENV_VAR = "LETTERKIT_LANG"
BIDI_ENV_VAR = "LETTERKIT_TERMINAL_BIDI"
POSIX_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

RLM = "\u200f"
LRI, PDI = "\u2066", "\u2069"


def N_(message: str) -> str:
    """Mark a string (a ``--help`` text) for extraction; it is translated when help is built."""
    return message


# Click's and typer's own words, listed so ``pybabel extract`` puts them in letterkit's
# catalogs (click and typer mark them with ``gettext.gettext``, domain "messages").
FRAMEWORK_MESSAGES: tuple[str, ...] = (
    N_("Usage:"),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error"),
    N_("Show this message and exit."),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("Aborted."),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
    N_("(deprecated) "),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument '{param_hint}'."),
    N_("Missing option '{param_hint}'."),
    N_("Missing parameter '{param_hint}'."),
    N_("No such option: {name}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument ({args})"),
    N_("{name!r} is not a valid integer."),
)


class UiChoice(NamedTuple):
    """The language the CLI speaks (a code with a catalog, or ``en``) and where it came from."""

    code: str
    source: str  # "--ui-lang", "LETTERKIT_LANG", "profile", "LANG"…, or "default"


def _known(value: str) -> str | None:
    """``ur_PK.UTF-8`` → ``ur``; ``de_AT`` → ``de``; ``C``/unknown → None."""
    value = value.split(".")[0].split("@")[0].strip()
    if not value or value in ("C", "POSIX"):
        return None
    try:
        code = normalize_code(value)
    except Exception:  # noqa: BLE001 - any unparsable value is simply not a choice
        code = value.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if candidate in LOCALES:
            return candidate
    return None


def argv_ui_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--ui-lang X`` / ``--ui-lang=X`` in ``argv`` (before ``--``), if any."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--ui-lang="):
            return arg.split("=", 1)[1]
        if arg == "--ui-lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def profile_ui_language() -> str | None:
    """The saved profile's ``ui_language`` (or its ``language``), read without validating it."""
    import tomllib

    from .sender import profile_path

    try:
        with profile_path().open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = data.get("ui_language") or data.get("language")
    return value if isinstance(value, str) else None


def choose_ui_language(
    argv: Sequence[str],
    environ: Mapping[str, str],
    profile: Callable[[], str | None] = profile_ui_language,
) -> UiChoice:
    """The CLI language: --ui-lang > LETTERKIT_LANG > profile > LANGUAGE/LC_ALL/LC_MESSAGES/LANG
    > English. A value naming no known language is passed over."""
    asked = argv_ui_lang(argv)
    if asked and (code := _known(asked)):
        return UiChoice(code, "--ui-lang")
    if code := _known(environ.get(ENV_VAR, "")):
        return UiChoice(code, ENV_VAR)
    if code := _known(profile() or ""):
        return UiChoice(code, "profile")
    for var in POSIX_VARS:
        value = environ.get(var, "")
        if not value:
            continue
        # LANGUAGE is a colon-separated priority list; the others hold one locale name.
        for part in value.split(":"):
            if code := _known(part):
                return UiChoice(code, var)
        if var != "LANGUAGE":
            break  # the first set one of LC_ALL/LC_MESSAGES/LANG decides
    return UiChoice("en", "default")


_ACTIVE: dict[str, str | None] = {"code": None}


def active_code() -> str:
    """The language chosen by :func:`activate`; before that, from the environment alone."""
    code = _ACTIVE["code"]
    if code is None:
        return choose_ui_language((), os.environ, profile=lambda: None).code
    return code


def gettext(message: str) -> str:
    """``message`` in the CLI language (English when untranslated or the catalog is missing).
    A translation with a placeholder the English lacks is ignored."""
    code = active_code()
    if code == "en":
        return message
    translated = gettext_for(code).gettext(message)
    if translated != message and not placeholders(translated) <= placeholders(message):
        return message
    return translated


_ = gettext


def _framework_gettext(message: str) -> str:
    return gettext(message)


def activate(code: str) -> None:
    """Speak ``code`` from now on, click's and typer's own words included."""
    _ACTIVE["code"] = code
    # The library's own messages (letterkit.locales._, e.g. delivery advice) read LETTERKIT_LANG:
    # keep them in the same language as the CLI, in merge's worker processes too.
    os.environ[ENV_VAR] = code
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    modules: list[Any] = [
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ]
    try:
        import typer.core

        modules.append(typer.core)
    except ImportError:  # pragma: no cover - typer is a dependency
        pass
    for module in modules:
        if getattr(module, "_", None) is not None:
            module._ = _framework_gettext
    _patch_typer_click()
    if code == "en" and "typer.rich_utils" not in sys.modules:
        return  # its words are English already; importing rich would slow every start
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is optional for typer
        return
    for name, message in _RICH_CONSTANTS.items():
        setattr(rich_utils, name, gettext(message))


def _patch_typer_click() -> None:
    """typer (0.2x) ships its own copy of click with "Usage:" and the help option's text in
    English, not through gettext: translate those two where they are made."""
    try:
        from typer._click import core, formatting
    except ImportError:  # another typer: click's gettext covers it
        return
    command_class: Any = core.Command
    formatter_class: Any = formatting.HelpFormatter
    if not getattr(command_class, "_letterkit_localized", False):
        get_help_option = command_class.get_help_option

        def localized_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None and option.help:
                option.help = gettext("Show this message and exit.")
            return option

        command_class.get_help_option = localized_help_option
        command_class._letterkit_localized = True
    if not getattr(formatter_class, "_letterkit_localized", False):
        write_usage = formatter_class.write_usage

        def localized_usage(
            self: Any, prog: str, args: str = "", prefix: str | None = None
        ) -> None:
            if prefix is None:
                prefix = gettext("Usage:") + " "
            write_usage(self, prog, args, prefix)

        formatter_class.write_usage = localized_usage
        formatter_class._letterkit_localized = True


# typer.rich_utils evaluates these at import: set again on every activate().
_RICH_CONSTANTS: dict[str, str] = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def language_name(code: str) -> str:
    """The name of language ``code`` in the CLI language ("Urdu", "اردو"); English when Babel
    has no name for it."""
    from babel import Locale, UnknownLocaleError

    from .locales import babel_locale

    english = LOCALES[code].english_name if code in LOCALES else code
    ui = active_code()
    if ui == "en":
        return english
    try:
        names = Locale.parse(babel_locale(ui)).languages
    except (UnknownLocaleError, ValueError):
        return english
    return str(names.get(code) or names.get(code.split("_")[0]) or english)


# Help texts built from data (the list of formats, paper sizes…): rendered text → how to render
# it again in the active language.
_LAZY_HELP: dict[str, Callable[[], str]] = {}


def lazy_help(render: Callable[[], str]) -> str:
    """``render()`` now, remembered so :func:`localize_command` renders it again in the CLI
    language (``render`` passes its words through :func:`gettext`)."""
    text = render()
    _LAZY_HELP[text] = render
    return text


def translate_help(text: str) -> str:
    render = _LAZY_HELP.get(text)
    return render() if render is not None else gettext(text)


def localize_command(command: Any) -> Any:
    """Translate the help texts of ``command``, its parameters and subcommands in place (help
    strings are written in English, marked with :func:`N_`, and translated here so the choice
    of language may come after the command modules were imported)."""
    if command.help:
        command.help = translate_help(command.help)
    if command.short_help:
        command.short_help = translate_help(command.short_help)
    if command.epilog:
        command.epilog = translate_help(command.epilog)
    for param in command.params:
        help_text = getattr(param, "help", None)
        if isinstance(help_text, str) and help_text:
            param.help = translate_help(help_text)
    subcommands = getattr(command, "commands", None)  # a group (click's or typer's own click)
    if isinstance(subcommands, dict):
        for sub in subcommands.values():
            localize_command(sub)
    return command


# --------------------------------------------------------------------------------------------
# right-to-left lines on a terminal


def terminal_bidi(environ: Mapping[str, str] | None = None) -> str:
    """``logical`` (default), ``visual`` or ``off``, from ``LETTERKIT_TERMINAL_BIDI``."""
    value = (environ if environ is not None else os.environ).get(BIDI_ENV_VAR, "").strip()
    return value.lower() if value.lower() in ("logical", "visual", "off") else "logical"


def _isolate_ltr_runs(line: str) -> str:
    """Wrap each run of Latin letters, digits and path characters in LRI…PDI, so a path or a
    number inside a right-to-left line keeps its own order in a bidi terminal."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            text = "".join(run)
            stripped = text.rstrip(" ([{<")  # an opening bracket belongs to what follows
            out.append(f"{LRI}{stripped}{PDI}{text[len(stripped) :]}" if stripped.strip() else text)
            run.clear()

    for ch in line:
        starts = ch.isascii() and (ch.isalnum() or ch in "/\\.~-<[{('\"$")
        if starts or (run and ch.isascii() and (ch in "_:@+=,)]}>'\"*#% " or ch in "/\\.-")):
            run.append(ch)
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out)


def for_terminal(
    text: str, *, tty: bool, code: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """``text`` as a terminal should receive it: unchanged unless the CLI speaks a
    right-to-left language and ``tty`` is true (never reorder what goes to a pipe or file)."""
    code = code or active_code()
    if not tty or not text or not is_rtl(code):
        return text
    mode = terminal_bidi(environ)
    if mode == "off":
        return text
    lines = text.split("\n")
    if mode == "visual":
        from bidi import get_display

        return "\n".join(get_display(line, base_dir="R") if line else line for line in lines)
    return "\n".join(RLM + _isolate_ltr_runs(line) if line else line for line in lines)


def stream_is_tty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, AttributeError):
        return False


def echo(message: str = "", *, err: bool = False) -> None:
    """Print one message in the CLI's way (used by :mod:`letterkit.cli.common`)."""
    stream = sys.stderr if err else sys.stdout
    click.echo(for_terminal(message, tty=stream_is_tty(stream)), err=err)


# --------------------------------------------------------------------------------------------
# extraction: command docstrings are the commands' --help


def extract_cli(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor for ``src/letterkit/cli``: the usual ``_``/``N_`` calls, plus the
    docstring of every function decorated as a command (typer makes it the command's help) and
    every literal ``help="…"`` argument (options, arguments, command groups)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    extracted: Iterator[tuple[int, str, str, list[str]]] = extract_python(  # type: ignore[assignment]
        fileobj, keywords, comment_tags, options
    )
    yield from extracted
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.keyword)
            and node.arg == "help"
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            yield node.value.lineno, "N_", node.value.value, []
        if not isinstance(node, ast.FunctionDef):
            continue
        decorated = any(
            ".command" in ast.unparse(d) or ".callback" in ast.unparse(d)
            for d in node.decorator_list
        )
        doc = ast.get_docstring(node, clean=True)
        if decorated and doc:
            yield node.body[0].lineno, "N_", doc, []


__all__ = [
    "N_",
    "UiChoice",
    "_",
    "activate",
    "active_code",
    "choose_ui_language",
    "for_terminal",
    "gettext",
    "localize_command",
]
