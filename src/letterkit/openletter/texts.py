"""The words an open letter's signatory list prints, per language, with CLDR plural rules.

A count is written with the noun form Babel's plural rules choose for the number (``one``,
``few``, ``many``, ``other``…) in the letter's locale, the number in the locale's digits, and
the counts joined with the locale's list pattern (Babel): "51 organisations, 3 individuals",
"۵۱ سازمان و ۳ فرد". A language without its own entry here uses English.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..locales import babel_locale, format_number, normalize_code


@dataclass(frozen=True)
class ListWords:
    heading: str  # above the list
    organisations: str  # group headings
    individuals: str
    anonymous: str
    organisation_forms: dict[str, str]  # CLDR plural category → "{n} organisations"
    individual_forms: dict[str, str]


_WORDS: dict[str, ListWords] = {
    "en": ListWords(
        "Signatories",
        "Organisations",
        "Individuals",
        "Anonymous",
        {"one": "{n} organisation", "other": "{n} organisations"},
        {"one": "{n} individual", "other": "{n} individuals"},
    ),
    # Persian and Dari: the noun stays singular after a number
    "fa": ListWords(
        "امضاکنندگان", "سازمان‌ها", "افراد", "بی‌نام", {"other": "{n} سازمان"}, {"other": "{n} فرد"}
    ),
    "fa_AF": ListWords(
        "امضاکنندگان", "نهادها", "افراد", "بی‌نام", {"other": "{n} نهاد"}, {"other": "{n} فرد"}
    ),
    "ur": ListWords(
        "دستخط کنندگان",
        "تنظیمیں",
        "افراد",
        "گمنام",
        {"one": "{n} تنظیم", "other": "{n} تنظیمیں"},
        {"one": "{n} فرد", "other": "{n} افراد"},
    ),
    "de": ListWords(
        "Unterzeichnende",
        "Organisationen",
        "Einzelpersonen",
        "Anonym",
        {"one": "{n} Organisation", "other": "{n} Organisationen"},
        {"one": "{n} Einzelperson", "other": "{n} Einzelpersonen"},
    ),
    "fr": ListWords(
        "Signataires",
        "Organisations",
        "Particuliers",
        "Anonyme",
        {"one": "{n} organisation", "other": "{n} organisations"},
        {"one": "{n} particulier", "other": "{n} particuliers"},
    ),
}


def words_for(language: str) -> ListWords:
    code = normalize_code(language)
    return _WORDS.get(code) or _WORDS.get(code.split("_")[0]) or _WORDS["en"]


def plural_category(count: int, language: str) -> str:
    """CLDR's plural category of ``count`` in ``language`` (Babel): ``one``, ``other``…"""
    from babel import Locale

    return str(Locale.parse(babel_locale(language)).plural_form(count))


def _counted(forms: dict[str, str], count: int, language: str, digits: str | None) -> str:
    form = forms.get(plural_category(count, language)) or forms["other"]
    return form.format(n=format_number(count, language, digits))


def counts_line(
    organisations: int, individuals: int, language: str, digits: str | None = None
) -> str:
    """ "51 organisations, 3 individuals" in ``language`` (a zero count is left out)."""
    from babel.lists import format_list

    words = words_for(language)
    parts = []
    if organisations or not individuals:
        parts.append(_counted(words.organisation_forms, organisations, language, digits))
    if individuals:
        parts.append(_counted(words.individual_forms, individuals, language, digits))
    return str(format_list(parts, style="unit", locale=babel_locale(language)))
