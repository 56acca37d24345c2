"""Sorting names as a reader of a language expects: ICU's Unicode Collation Algorithm with the
CLDR tailoring of the letter's locale (PyICU, optional), else pyuca's UCA with Persian's order.

Code-point order is wrong for every script: Persian ``پ`` (U+067E), ``چ``, ``ژ`` and ``گ`` lie
far beyond ``ی`` in Unicode, but the Persian alphabet puts them after ``ب``, ``ج``, ``ز`` and
``ک``; Latin ``É`` and ``ū`` belong beside ``E`` and ``u``, not after ``z``. ICU's collator for
``fa_AF`` (or ``en``) knows both; a list in several scripts is ordered script by script as CLDR
orders them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from .locales import babel_locale

# Where the Persian alphabet differs from DUCET (the untailored UCA order pyuca has): و comes
# before ه (DUCET has the Arabic order ه before و). CLDR's fa tailoring says the same; ICU applies
# it itself.
_PERSIAN_TAILORING = {"\u0648": "\u0647", "\u0647": "\u0648"}  # و ↔ ه
_PERSIAN = frozenset({"fa", "fa_AF", "ps"})
# ICU's data for fa_AF has no Persian tailoring (it sorts ه before و, as Arabic does); Dari
# dictionaries follow the Persian alphabet, so Dari lists are sorted with Persian's collator
_ICU_LOCALE = {"fa_AF": "fa"}


@cache
def _collator(language: str) -> Any:
    """ICU's collator for the locale (PyICU, when installed), else ``None``."""
    try:
        import icu  # PyICU: optional (it builds against the system's ICU)
    except ImportError:
        return None
    return icu.Collator.createInstance(
        icu.Locale(_ICU_LOCALE.get(language) or babel_locale(language))
    )


@cache
def _uca() -> Any:
    from pyuca import Collator  # pure Python, the Unicode Collation Algorithm with DUCET

    return Collator()


def sort_key(language: str) -> Callable[[str], Any]:
    """A key function ordering text as ``language``'s alphabet does: ICU with CLDR's tailoring
    when PyICU is installed (``pip install 'letterkit[icu]'``), else the Unicode Collation
    Algorithm (pyuca, DUCET) with the Persian letters' order tailored here."""
    collator = _collator(language)
    if collator is not None:

        def icu_key(text: str) -> bytes:
            return bytes(collator.getSortKey(text))

        return icu_key
    uca = _uca()
    table = str.maketrans(_PERSIAN_TAILORING) if language in _PERSIAN else None

    def uca_key(text: str) -> tuple[int, ...]:
        return tuple(uca.sort_key(text.translate(table) if table else text))

    return uca_key


def sorted_names(names: list[str], language: str) -> list[str]:
    """``names`` in the alphabetical order of ``language``."""
    return sorted(names, key=sort_key(language))
