"""The sandbox letter templates render in: Jinja2's, strict, limited and escaping every value.

Letter templates come from campaign authors and are untrusted: they render in Jinja2's
immutable sandbox with strict undefined variables and the limits of
:mod:`letterkit.template_limits` (time, loops, sizes, output). Field values are data, never
markup: every value a template prints is cleaned (control and bidi-override characters removed,
line breaks folded to spaces) and, in the body, escaped, so a name holding ``**``, ``1.``, ``<``
or a line break cannot change the letter's structure.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..errors import TemplateError
from ..locales import format_date, format_number
from ..template_limits import TemplateLimitError, budget, counted_output, guard_environment
from ..textclean import plain_line

_MARKDOWN_SPECIALS = re.compile(r"([\\*_`])")
_BLOCK_START = re.compile(r"^(\s*)([-+#>]|\d+[.)])")


def _escape_markdown(value: object) -> str:
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", plain_line(value))
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


# --------------------------------------------------------------------------------------------
# sandboxed Jinja2


def _make_environment(finalize: Any) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class FieldUndefined(StrictUndefined):
        """Names the whole field, e.g. ``target.nam``, in the error."""

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            from jinja2.exceptions import UndefinedError

            if self._undefined_exception is not UndefinedError and self._undefined_hint:
                raise self._undefined_exception(self._undefined_hint)  # the sandbox said no
            path = getattr(self._undefined_obj, "path", None)  # a Fields namespace
            if path and self._undefined_name is not None:
                raise UndefinedError(f"undefined field '{path}.{self._undefined_name}'")
            if self._undefined_hint:  # e.g. "'str object' has no attribute 'x'"
                raise UndefinedError(self._undefined_hint)
            raise UndefinedError(f"undefined field '{self._undefined_name}'")

        __str__ = _fail_with_undefined_error
        __iter__ = _fail_with_undefined_error
        __len__ = _fail_with_undefined_error

    def counted(value: Any) -> str:
        return counted_output(finalize(value))

    env = ImmutableSandboxedEnvironment(
        undefined=FieldUndefined,
        autoescape=False,
        finalize=counted,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


class Fields(dict[str, Any]):
    """A template namespace that knows its own name, for error messages."""

    def __init__(self, path: str, values: Mapping[str, Any]):
        super().__init__(values)
        self.path = path

    def __getattr__(self, name: str) -> Any:  # attribute access like target.name
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=64)
def _environments(language: str, digits: str | None = None) -> dict[str, Any]:
    """Two sandboxes per language: one for the Markdown body, one for plain fields."""
    envs = {"markdown": _make_environment(_escape_markdown), "text": _make_environment(plain_line)}
    for env in envs.values():
        env.filters.update(_filters(language, digits))
        guard_environment(env)  # untrusted templates: time, loop, size and output limits
    return envs


def _template_error(exc: Exception, source: str, line: int | None, what: str) -> TemplateError:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    if isinstance(exc, TemplateSyntaxError):
        line = exc.lineno or line
        message = f"syntax error: {exc.message}"
    elif isinstance(exc, UndefinedError):
        message = str(exc.message)
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a letter template: {exc}"
    elif isinstance(exc, TemplateLimitError):
        message = f"stopped: {exc} (a letter template must stay small and quick)"
    else:
        message = f"{type(exc).__name__}: {exc}"
    where = f"{source}:{line}" if line else source
    return TemplateError(f"{where}: {what}: {message}")


def _error_line(exc: BaseException, template_name: str) -> int | None:
    """The template line Jinja2 recorded in the traceback (it rewrites frames to the template)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template_name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=512)
def _compile(
    kind: str,
    language: str,
    source_text: str,
    name: str,
    first_line: int,
    digits: str | None = None,
) -> Any:
    env = _environments(language, digits)[kind]
    padded = "\n" * (first_line - 1) + source_text  # line numbers match the file
    code = _compiled_code(env, padded, name, (kind, language, digits or ""))
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _compiled_code(env: Any, source: str, name: str, setting: tuple[str, ...]) -> Any:
    """Jinja2's Python code for a template, compiled with the file name (tracebacks carry the
    template's own line numbers) and kept in the cache folder: compiling took a twentieth of a
    one-letter run. The key holds everything the code depends on: the source, the environment's
    setting, and the versions of Jinja2, Python and the modules that configure the sandbox."""
    import marshal
    import types

    from ..cachedir import remembered

    def make() -> bytes:
        return marshal.dumps(env.compile(source, name=name, filename=name))

    version = _sandbox_version()
    if not version:  # the sandbox's own code cannot be read (a zipped install): no kept copies
        return env.compile(source, name=name, filename=name)
    key = "\0".join((version, *setting, name, source))
    kept = remembered("templates", key.encode("utf-8", "surrogatepass"), make)
    try:
        code = marshal.loads(kept)
    except (EOFError, ValueError, TypeError):
        code = None
    if not isinstance(code, types.CodeType):  # a damaged kept copy: compile afresh
        code = env.compile(source, name=name, filename=name)
    return code


@lru_cache(maxsize=1)
def _sandbox_version() -> str:
    """What compiled templates depend on besides their source: Jinja2's and Python's versions and
    the code of this module and :mod:`letterkit.template_limits` (filters, intercepted
    operators); empty when that code cannot be read."""
    import hashlib
    import sys
    from pathlib import Path

    import jinja2

    from .. import template_limits

    digest = hashlib.sha256()
    try:
        for module_file in (__file__, template_limits.__file__):
            digest.update(Path(module_file).read_bytes())
    except OSError:
        return ""
    return f"{jinja2.__version__} {sys.version} {digest.hexdigest()}"


def render(
    kind: str,
    language: str,
    source_text: str,
    name: str,
    context: Mapping[str, Any],
    first_line: int,
    what: str,
    digits: str | None = None,
) -> str:
    from jinja2.exceptions import TemplateError as JinjaError

    try:
        template = _compile(kind, language, source_text, name, first_line, digits)
    except JinjaError as exc:
        raise _template_error(exc, name, getattr(exc, "lineno", None), what) from None
    try:
        with budget():
            return str(template.render(context)).strip()
    except TemplateLimitError as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None
    except JinjaError as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError, KeyError) as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None


def _filters(language: str, digits: str | None = None) -> dict[str, Any]:
    def date_filter(value: Any, fmt: str = "long") -> str:
        if isinstance(value, str):
            value = _dt.date.fromisoformat(value)
        if isinstance(value, _dt.datetime):
            value = value.date()
        if not isinstance(value, _dt.date):
            raise TypeError(f"the date filter needs a date, not {value!r}")
        return format_date(value, language, fmt=fmt, digits=digits)

    def number_filter(value: Any) -> str:
        number = float(value) if "." in str(value) else int(value)
        return format_number(number, language, digits)

    return {"date": date_filter, "number": number_filter}
