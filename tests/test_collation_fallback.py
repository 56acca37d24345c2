"""Without PyICU (it needs the system's ICU to build), names still sort by each alphabet."""

from __future__ import annotations

import sys

import pytest

from letterkit import collation

PERSIAN = [
    "ژاله",
    "زهرا",
    "گل",
    "کابل",
    "پروین",
    "بهار",
    "چمن",
    "جواد",
    "هما",
    "وحید",
    "نور",
    "یاسین",
]
PERSIAN_ORDER = [
    "بهار",
    "پروین",
    "جواد",
    "چمن",
    "زهرا",
    "ژاله",
    "کابل",
    "گل",
    "نور",
    "وحید",
    "هما",
    "یاسین",
]


@pytest.fixture
def without_icu(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "icu", None)  # import icu → ImportError
    collation._collator.cache_clear()
    yield
    collation._collator.cache_clear()


def test_persian_and_latin_sort_without_icu(without_icu) -> None:  # type: ignore[no-untyped-def]
    assert collation._collator("fa_AF") is None
    assert collation.sorted_names(PERSIAN, "fa_AF") == PERSIAN_ORDER
    assert collation.sorted_names(["Zoë", "apple", "Émile", "Eve", "zeta"], "en") == [
        "apple",
        "Émile",
        "Eve",
        "zeta",
        "Zoë",
    ]


def test_icu_and_the_fallback_agree_on_persian() -> None:
    pytest.importorskip("icu")
    collation._collator.cache_clear()
    assert collation.sorted_names(PERSIAN, "fa_AF") == PERSIAN_ORDER
