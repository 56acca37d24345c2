"""Limits for untrusted campaign templates: no template can hang letterkit or eat its memory.

Campaign folders come from anywhere. Jinja2's sandbox stops a template from reaching Python's
internals, and bounds one ``range()`` to 100 000 items, but nested loops multiply, ``"x" * 10**9``
and ``"x" | center(10**9)`` build a gigabyte string, and a loop can run for hours. letterkit adds,
per render:

* a budget of loop iterations across all ``range()`` calls (:data:`MAX_ITERATIONS`),
* a bound on every number a template computes with ``*``, ``**`` or ``%`` and on every string
  or list such an operation makes (:data:`MAX_SIZE` characters or items), and on the numbers
  given to filters (a width, a count),
* a bound on the output (:data:`MAX_OUTPUT` characters),
* a time limit (:data:`MAX_SECONDS`), checked at each output, call, attribute, filter and loop
  step.

Exceeding one raises :class:`TemplateLimitError`, which ``compose`` reports as one line naming the
template and its line, in well under a second.
"""

from __future__ import annotations

import operator
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["MAX_ITERATIONS", "MAX_OUTPUT", "MAX_SECONDS", "MAX_SIZE", "TemplateLimitError",
           "budget", "guard_environment"]

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
        if threading.current_thread() is threading.main_thread() and hasattr(signal,
                                                                              "setitimer"):
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS + 0.5)

    def __exit__(self, *exc: object) -> None:
        _BUDGET.active = False
        if self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)


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


def _sized(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 12:
        raise TemplateLimitError("a number in the template grew past 10**12")
    if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_SIZE:
        raise TemplateLimitError(f"the template made a string or list of more than "
                                 f"{MAX_SIZE} items")
    return value


def _would_be_too_big(op: str, left: Any, right: Any) -> bool:
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                return len(seq) * max(times, 0) > MAX_SIZE
    if op == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return abs(left) > 1 and right > 64  # 10 ** 10 ** 10 would compute for hours
    if op == "%" and isinstance(left, str):
        numbers = right if isinstance(right, tuple) else (right,)
        return any(isinstance(n, int) and abs(n) > MAX_SIZE for n in numbers)
    return False


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add,
}


# filters whose numeric arguments set the size of what they make (a width, a count of parts)
_SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "batch", "slice", "format"})


def _guarded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    sizing = name in _SIZING_FILTERS

    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        if sizing:
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and not isinstance(value, bool) \
                        and abs(value) > MAX_SIZE:
                    raise TemplateLimitError(
                        f"a size given to the {name} filter is larger than {MAX_SIZE}")
        return _sized(function(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):  # keep Jinja's context/environment passing marks
        if hasattr(function, attribute):
            setattr(guarded, attribute, getattr(function, attribute))
    return guarded


def guard_environment(env: Any) -> Any:
    """Put the limits on a Jinja2 sandboxed environment (call once, after adding filters)."""
    env.intercepted_binops = frozenset(_OPERATORS)

    def call_binop(context: Any, operator_name: str, left: Any, right: Any) -> Any:
        check_time()
        if _would_be_too_big(operator_name, left, right):
            raise TemplateLimitError(f"'{operator_name}' in the template would make a value "
                                     f"too large")
        return _sized(_OPERATORS[operator_name](left, right))

    env.call_binop = call_binop
    original_call = env.call
    original_getattr = env.getattr

    def call(context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        return _sized(original_call(context, obj, *args, **kwargs))

    def getattr_(obj: Any, attribute: str) -> Any:
        check_time()
        return original_getattr(obj, attribute)

    env.call = call
    env.getattr = getattr_
    env.globals["range"] = bounded_range
    env.filters = {name: _guarded_filter(name, f) for name, f in env.filters.items()}
    return env
