"""Limits for untrusted campaign templates: no template can hang letterkit or eat its memory.

Campaign folders come from anywhere. Jinja2's sandbox stops a template from reaching Python's
internals, and bounds one ``range()`` to 100 000 items, but nested loops multiply, ``"x" * 10**9``
and ``"x" | center(10**9)`` build a gigabyte string, and a loop can run for hours. letterkit adds,
per render:

* a budget of loop iterations across all ``{% for %}`` loops, nested or not, and ``range()``
  calls (:data:`MAX_ITERATIONS`): every loop's iterable passes through a counting filter that
  :class:`LoopCounter` puts there when the template is read, so even an empty inner loop over a
  long string counts and the time is checked without any signal (renders may run in threads),
* a bound on every number a template computes with ``*``, ``**`` or ``%`` and on every string
  or list such an operation makes (:data:`MAX_SIZE` characters or items), and on the numbers
  given to filters (a width, a count),
* a bound on the output (:data:`MAX_OUTPUT` characters),
* a time limit (:data:`MAX_SECONDS`), checked at each output, call, attribute, filter and loop
  step,
* strings kept in a ``namespace()`` (the only place a template can grow a value step by step,
  as in ``{% set ns.s = ns.s ~ ns.s %}``) are bounded like the other values, and a macro that
  calls itself too deeply is a limit, not a crash.

Exceeding one raises :class:`TemplateLimitError`, which ``compose`` reports as one line naming the
template and its line, in well under a second.
"""

from __future__ import annotations

import operator
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.utils import Namespace

__all__ = [
    "MAX_ITERATIONS",
    "MAX_OUTPUT",
    "MAX_SECONDS",
    "MAX_SIZE",
    "LoopCounter",
    "TemplateLimitError",
    "budget",
    "guard_environment",
]

MAX_ITERATIONS = 100_000
MAX_SIZE = 100_000
MAX_OUTPUT = 1_000_000
MAX_SECONDS = 5.0


class TemplateLimitError(RuntimeError):
    """A template went past one of the limits; the message says which."""


class _Budget(threading.local):
    deadline: float = 0.0
    iterations: int = 0
    output: int = 0
    active: bool = False


_BUDGET = _Budget()


class budget:
    """The limits for one render (thread-local: renders in parallel threads don't share it).

    In the main thread (the command line, merge's worker processes) a timer signal also
    interrupts a loop that does nothing the hooks see (``{% for a in s %}{% for b in s %}``);
    elsewhere the hooks alone keep the time.
    """

    def __enter__(self) -> None:
        _BUDGET.deadline = time.monotonic() + MAX_SECONDS
        _BUDGET.iterations = 0
        _BUDGET.output = 0
        _BUDGET.active = True
        self._previous: Any = None
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS + 0.5)

    def __exit__(self, kind: object, exc: object, tb: Any) -> None:
        _BUDGET.active = False
        if self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
        if isinstance(exc, RecursionError):  # a macro calling itself without end
            raise TemplateLimitError(
                "the template's macros call themselves too deeply"
            ).with_traceback(tb) from None  # the traceback keeps the template's line


def _on_alarm(signum: int, frame: Any) -> None:
    if _BUDGET.active:
        raise TemplateLimitError(f"the template ran for more than {MAX_SECONDS:g} s")


def check_time() -> None:
    if _BUDGET.active and time.monotonic() > _BUDGET.deadline:
        raise TemplateLimitError(f"the template ran for more than {MAX_SECONDS:g} s")


def _step(n: int = 1) -> None:
    if not _BUDGET.active:
        return
    _BUDGET.iterations += n
    if _BUDGET.iterations > MAX_ITERATIONS:
        raise TemplateLimitError(f"the template's loops ran more than {MAX_ITERATIONS} times")
    if _BUDGET.iterations % 256 == 0:
        check_time()


def counted_output(text: str) -> str:
    """Count ``text`` against the output limit (the environment's ``finalize`` calls this)."""
    if _BUDGET.active:
        _BUDGET.output += len(text)
        if _BUDGET.output > MAX_OUTPUT:
            raise TemplateLimitError(f"the template wrote more than {MAX_OUTPUT} characters")
        check_time()
    return text


def bounded_range(*args: int) -> Iterator[int]:
    """``range()`` for templates: each item counts against the iteration budget."""
    if len(range(*args)) > MAX_ITERATIONS:
        raise TemplateLimitError(f"range() of more than {MAX_ITERATIONS} items")
    for value in range(*args):
        _step()
        yield value


def counted_loop(iterable: Any) -> Iterator[Any]:
    """The iterable of a ``{% for %}`` loop, each item counted against the iteration budget."""
    for value in iterable:
        _step()
        yield value


COUNTED_LOOP_FILTER = "_letterkit_counted_loop"


class LoopCounter(Extension):
    """Rewrites ``{% for x in ITER ... %}`` to ``{% for x in (ITER)|<counting filter> ... %}``.

    Jinja2 compiles a loop to a plain Python ``for``, which no sandbox hook sees; this makes
    every iteration of every loop count, whatever it iterates over. The iterable of a ``for``
    tag ends at its ``if`` filter, ``recursive`` or the tag's end (Jinja2's parser does not
    allow an inline ``if`` there without parentheses), so the rewrite is exact.
    """

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        previous: Token | None = None
        in_for = in_iterable = False
        depth = 0
        for token in stream:
            if previous is not None and previous.type == "block_begin" and token.test("name:for"):
                in_for, depth = True, 0
            elif in_for and not in_iterable and depth == 0 and token.test("name:in"):
                yield token
                yield Token(token.lineno, "lparen", "(")
                in_iterable, previous = True, token
                continue
            elif (
                in_iterable
                and depth == 0
                and (
                    token.type == "block_end"
                    or token.test("name:if")
                    or token.test("name:recursive")
                )
            ):
                yield Token(token.lineno, "rparen", ")")
                yield Token(token.lineno, "pipe", "|")
                yield Token(token.lineno, "name", COUNTED_LOOP_FILTER)
                in_for = in_iterable = False
            if in_for:
                if token.type in ("lparen", "lbracket", "lbrace"):
                    depth += 1
                elif token.type in ("rparen", "rbracket", "rbrace"):
                    depth -= 1
                elif token.type == "block_end":
                    in_for = False
            previous = token
            yield token


class _SizedNamespace(Namespace):
    """``namespace()`` whose values are bounded like every other value a template makes."""

    def __setitem__(self, name: str, value: Any) -> None:
        check_time()
        super().__setitem__(name, _sized(value))


def _size(value: Any, cap: int = MAX_SIZE) -> int:
    """Characters and items in ``value``, nested lists and dicts included; stops past ``cap``.

    ``[l] * 9999`` holds one list many times: its top-level length is small but its text is
    not, so nested containers count in full (the walk stops as soon as the cap is passed).
    """
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
    return total


def _sized(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**12:
        raise TemplateLimitError("a number in the template grew past 10**12")
    if (
        isinstance(value, (str, bytes, list, tuple, set, frozenset, dict))
        and _size(value) > MAX_SIZE
    ):
        raise TemplateLimitError(
            f"the template made a string or list of more than {MAX_SIZE} items"
        )
    return value


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")


def _format_too_wide(fmt: object, args: Iterable[object] = ()) -> bool:
    """A ``%`` or ``{}`` format string (or its arguments) asks for a width past the limit."""
    numbers = [a for a in args if isinstance(a, int) and not isinstance(a, bool)]
    if isinstance(fmt, str):
        for match in _PERCENT_SPEC.finditer(fmt):
            numbers += [int(g) for g in match.groups() if g]
        for match in _BRACE_SPEC.finditer(fmt):
            numbers += [int(d) for d in re.findall(r"\d+", match.group(1))]
    return any(abs(n) > MAX_SIZE for n in numbers)


def _grows_too_big(name: str, text: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Would the string method or filter ``name`` on ``text`` make a value past the limit?

    Checked *before* the call: ``'a' * 99999 | replace('', 'b' * 99999)`` would otherwise
    build ten gigabytes before any limit could look at the result.
    """
    values = [*args, *kwargs.values()]
    if name == "replace" and isinstance(text, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = args[2] if len(args) > 2 and isinstance(args[2], int) else -1
        if count < 0:
            count = len(text) + 1 if old == "" else text.count(old)
        return len(text) + count * len(new) > MAX_SIZE
    if name in ("center", "ljust", "rjust", "zfill"):
        return any(isinstance(v, int) and v > MAX_SIZE for v in values)
    if name == "expandtabs" and isinstance(text, str):
        size = values[0] if values and isinstance(values[0], int) else 8
        return len(text) + text.count("\t") * size > MAX_SIZE
    if name == "join":  # str.join(items) or the filter join(items, separator)
        separator, items = (
            (text, values[0] if values else ())
            if isinstance(text, str)
            else (values[0] if values else "", text)
        )
        if isinstance(items, (list, tuple)):
            return len(str(separator)) * len(items) + _size(items) > MAX_SIZE
    if name in ("format", "format_map"):
        return _format_too_wide(text, values)
    if name == "indent" and values and isinstance(values[0], str) and isinstance(text, str):
        return len(values[0]) * (text.count("\n") + 1) + len(text) > MAX_SIZE
    if name == "sum" and isinstance(text, (list, tuple)):
        return _size(text) > MAX_SIZE
    return False


def _would_be_too_big(op: str, left: Any, right: Any) -> bool:
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, (str, bytes, list, tuple))
                and isinstance(times, int)
                and not isinstance(times, bool)
            ):
                return _size(seq) * max(times, 0) > MAX_SIZE
    if op == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return abs(left) > 1 and right > 64  # 10 ** 10 ** 10 would compute for hours
    if op == "%" and isinstance(left, str):
        return _format_too_wide(left, right if isinstance(right, tuple) else (right,))
    if op == "+":
        sized = (str, bytes, list, tuple)
        if isinstance(left, sized) and isinstance(right, sized):
            return _size(left) + _size(right) > MAX_SIZE
    return False


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "%": operator.mod,
    "+": operator.add,
}


# filters whose numeric arguments set the size of what they make (a width, a count of parts)
_SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "batch", "slice", "format"})


def _first_value(function: Callable[..., Any]) -> int:
    """Where the filtered value is in a filter's arguments (after a context or environment)."""
    return 1 if hasattr(function, "jinja_pass_arg") else 0


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    sizing = name in _SIZING_FILTERS

    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        if sizing:
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
                    raise TemplateLimitError(
                        f"a size given to the {name} filter is larger than {MAX_SIZE}"
                    )
        if args and _grows_too_big(
            name, args[_first_value(function)], args[_first_value(function) + 1 :], kwargs
        ):
            raise TemplateLimitError(f"the {name} filter would make a value larger than {MAX_SIZE}")
        return _sized(function(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):  # keep Jinja's context/environment passing marks
        if hasattr(function, attribute):
            setattr(guarded, attribute, getattr(function, attribute))
    return guarded


def _bounded_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    """Jinja2's ``lipsum(n, html, min, max)`` with at most 100 paragraphs of 1000 words: its
    work happens in one call, before any hook could look at the time."""

    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        if (
            not all(isinstance(v, int) for v in (n, min, max))
            or n > 100
            or max > 1000
            or min > 1000
        ):
            raise TemplateLimitError("lipsum() of more than 100 paragraphs of 1000 words")
        return lipsum(n, html, min, max)

    return bounded


def guard_environment(env: Any) -> Any:
    """Put the limits on a Jinja2 sandboxed environment (call once, after adding filters)."""
    env.intercepted_binops = frozenset(_OPERATORS)

    def call_binop(context: Any, operator_name: str, left: Any, right: Any) -> Any:
        check_time()
        if _would_be_too_big(operator_name, left, right):
            raise TemplateLimitError(
                f"'{operator_name}' in the template would make a value too large"
            )
        return _sized(_OPERATORS[operator_name](left, right))

    env.call_binop = call_binop
    original_call = env.call
    original_getattr = env.getattr

    def call(context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str) and _grows_too_big(
            getattr(obj, "__name__", ""), owner, args, kwargs
        ):
            raise TemplateLimitError(
                f"'{obj.__name__}' in the template would make a value larger than {MAX_SIZE}"
            )
        return _sized(original_call(context, obj, *args, **kwargs))

    def getattr_(obj: Any, attribute: str) -> Any:
        check_time()
        found = original_getattr(obj, attribute)
        if isinstance(obj, str) and attribute in ("format", "format_map") and callable(found):

            def checked_format(*args: Any, **kwargs: Any) -> Any:  # the sandbox wraps these
                if _grows_too_big(attribute, obj, args, kwargs):
                    raise TemplateLimitError(
                        f"'{attribute}' in the template would make a value larger than {MAX_SIZE}"
                    )
                return found(*args, **kwargs)

            return checked_format
        return found

    env.call = call
    finalize = env.finalize

    def sized_finalize(value: Any) -> Any:  # before the value is turned into text
        return finalize(_sized(value)) if finalize is not None else _sized(value)

    env.finalize = sized_finalize
    env.getattr = getattr_
    env.globals["range"] = bounded_range
    env.globals["namespace"] = _SizedNamespace
    lipsum = env.globals.get("lipsum")
    if lipsum is not None:
        env.globals["lipsum"] = _bounded_lipsum(lipsum)
    env.filters = {name: _guarded_filter(name, f) for name, f in env.filters.items()}
    env.filters[COUNTED_LOOP_FILTER] = counted_loop
    env.add_extension(LoopCounter)
    return env
