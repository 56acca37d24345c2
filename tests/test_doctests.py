"""The examples in the library's docstrings are run, as Babel runs its own."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "letterkit.address",
    "letterkit.window",
    "letterkit.layouts",
    "letterkit.textclean",
    "letterkit.compose.template",
    "letterkit.compose.markdown",
    "letterkit.locales.registry",
    "letterkit.locales.formatting",
    "letterkit.locales.catalogs",
    "letterkit.locales.labels",
    "letterkit.merge.similarity",
    "letterkit.letterhead_choice",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0, result
