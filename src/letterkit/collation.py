"""Sorting names as a reader of a language expects: ICU's Unicode Collation Algorithm with the
CLDR tailoring of the letter's locale (PyICU).

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

from .i18n import babel_locale


@cache
def _collator(language: str) -> Any:
    import icu  # PyICU: imported on first use (it loads the ICU data, ~30 MB mapped)

    collator = icu.Collator.createInstance(icu.Locale(babel_locale(language)))
    return collator


def sort_key(language: str) -> Callable[[str], bytes]:
    """A key function ordering text as ``language``'s alphabet does (ICU, CLDR data)."""
    collator = _collator(language)

    def key(text: str) -> bytes:
        return bytes(collator.getSortKey(text))

    return key


def sorted_names(names: list[str], language: str) -> list[str]:
    """``names`` in the alphabetical order of ``language``."""
    return sorted(names, key=sort_key(language))
