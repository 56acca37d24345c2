"""Locales: which languages letterkit knows, every fact about each, and localized text.

One module per job:

* :mod:`.registry` — :class:`LocaleInfo`, one per language in :data:`LOCALES`: direction,
  script, Babel locale, digits, calendars, alphabet and symbols, font family, list stop,
  punctuation rules, review status. Add a locale here.
* :mod:`.formatting` — dates, numbers, date lines and list markers (Babel, then the locale's
  digits).
* :mod:`.calendars` — Solar and lunar Hijri dates and their month names.
* :mod:`.catalogs` — gettext catalogs of letterkit's own strings (``_``, ``N_``, ``translate``).
* :mod:`.labels` — the letter's boilerplate (the model builds its ``Labels`` from it).
* :mod:`.catalog_health` — how complete and sound a catalog is (``letterkit locale status``).

``from letterkit.locales import X`` works for every public name below.
"""

from __future__ import annotations

from .catalog_health import DOCUMENT_SOURCES, CatalogReport, catalog_report, document_messages
from .catalogs import (
    DOMAIN,
    N_,
    _,
    catalog_path,
    gettext_for,
    placeholders,
    read_catalog,
    template_path,
    translate,
)
from .formatting import (
    DATE_LINE_SEPARATOR,
    FIELD_SEPARATOR,
    FIELD_SEPARATOR_ARABIC,
    field_separator,
    format_date,
    format_date_line,
    format_number,
    list_marker,
    localize_digits,
)
from .labels import LABEL_MESSAGES, LETTER_MESSAGES, fill_label, label_texts
from .registry import (
    DIGIT_TABLES,
    LOCALES,
    REVIEW_LEVELS,
    Digits,
    LocaleInfo,
    PunctuationRule,
    babel_locale,
    is_rtl,
    locale_info,
    normalize_code,
)

__all__ = [
    "DATE_LINE_SEPARATOR",
    "DIGIT_TABLES",
    "DOCUMENT_SOURCES",
    "DOMAIN",
    "FIELD_SEPARATOR",
    "FIELD_SEPARATOR_ARABIC",
    "LABEL_MESSAGES",
    "LETTER_MESSAGES",
    "LOCALES",
    "N_",
    "REVIEW_LEVELS",
    "CatalogReport",
    "Digits",
    "LocaleInfo",
    "PunctuationRule",
    "_",
    "babel_locale",
    "catalog_path",
    "catalog_report",
    "document_messages",
    "field_separator",
    "fill_label",
    "format_date",
    "format_date_line",
    "format_number",
    "gettext_for",
    "is_rtl",
    "label_texts",
    "list_marker",
    "locale_info",
    "localize_digits",
    "normalize_code",
    "placeholders",
    "read_catalog",
    "template_path",
    "translate",
]
