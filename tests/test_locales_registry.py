"""Every locale holds every fact, and the writers print what the registry says.

The registry (``letterkit.locales.registry``) is the one home of per-locale facts; a new locale
that leaves one out, or names a font, calendar or review level letterkit does not have, fails
here before it reaches a letter.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from babel import Locale

from letterkit import compose_letter, load_campaign, make_sender, render
from letterkit.compose import LetterText
from letterkit.fonts.registry import FAMILIES
from letterkit.locales import (
    DIGIT_TABLES,
    LOCALES,
    REVIEW_LEVELS,
    LocaleInfo,
    format_date,
    format_date_line,
    list_marker,
)
from letterkit.locales.calendars import CALENDARS, month_names
from letterkit.writers.email import html_body

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdfread import pdf_text

DAY = dt.date(2026, 11, 24)
ZWNJ = "\u200c"


@pytest.mark.parametrize("info", LOCALES.values(), ids=lambda info: info.code)
def test_every_locale_has_every_fact(info: LocaleInfo) -> None:
    assert info.english_name and info.hb_language and info.docx_lang
    assert info.direction == ("rtl" if info.script == "Arab" else "ltr")
    assert info.script in ("Latn", "Cyrl", "Arab")
    Locale.parse(info.babel)  # Babel knows the locale that names its dates and numbers
    # digits: a known system, printable in the locale's symbols
    assert set(DIGIT_TABLES[info.digits]) <= set(info.symbols)
    # calendars: known ones, with month names for the non-Gregorian, and a date line of them
    assert "gregorian" in info.calendars and set(info.calendars) <= set(CALENDARS)
    for calendar in info.calendars:
        if calendar != "gregorian":
            assert len(month_names(calendar, info.code)) == 12
        assert format_date(DAY, info.code, calendar=calendar)
    assert info.date_line and set(info.date_line) <= set(info.calendars)
    assert format_date_line(DAY, info.code)
    # letters and symbols for the font coverage check
    assert info.alphabet and len(set(info.alphabet)) == len(info.alphabet)
    assert info.symbols
    # a font family that draws the locale's own script
    family = FAMILIES[info.font_family]
    assert ("Arab" if info.script == "Arab" else "Latn") in family.scripts
    # the list stop and the punctuation a translation is told to use are printable
    assert info.list_stop in info.symbols
    for wrong, right, what in info.punctuation:
        assert wrong and what
        assert set(right.replace(" ", "")) <= set(info.symbols), (wrong, right)
    assert not info.uses_zwnj or ZWNJ in info.symbols
    assert info.review in REVIEW_LEVELS
    if info.long_date:  # day, month, year, as letters write them
        assert format_date(DAY, info.code, digits="latn").startswith("24 ")


def test_the_urdu_style_locales_close_list_numbers_with_the_urdu_full_stop() -> None:
    stops = {code: info.list_stop for code, info in LOCALES.items() if info.list_stop != "."}
    assert stops == dict.fromkeys(("ur", "pa_Arab", "bal"), "۔")
    assert list_marker(12, "ur") == "12۔" and list_marker(3, "fa_AF") == "۳."


@pytest.fixture(scope="module")
def numbered_letters() -> dict[str, object]:
    """A letter with a numbered list in Urdu and in Dari (the supporter's own words)."""
    campaign = load_campaign("pakistan-deportations")
    sender = make_sender(
        name="Amina Rahimi",
        street="12 Example Street",
        city="Berlin",
        postal_code="10115",
        country="DE",
    )
    text = LetterText("موضوع", "", "", "1. پہلی بات\n2. دوسری بات", "edited")
    return {
        lang: compose_letter(campaign, "pm", sender, language=lang, text=text, today=DAY)
        for lang in ("ur", "fa_AF")
    }


@pytest.mark.parametrize(("lang", "first", "second"), [("ur", "1۔", "2۔"), ("fa_AF", "۱.", "۲.")])
def test_writers_number_lists_as_the_registry_says(
    numbered_letters: dict[str, object], tmp_path: Path, lang: str, first: str, second: str
) -> None:
    letter = numbered_letters[lang]
    text = render(letter, "txt").decode()  # type: ignore[arg-type]
    assert f"{first} پہلی بات" in text and f"{second} دوسری بات" in text
    page = html_body(letter)  # type: ignore[arg-type]
    assert f"{first} پہلی بات" in page and f"{second} دوسری بات" in page and "<ol" not in page
    numbering = zipfile.ZipFile(io.BytesIO(render(letter, "docx"))).read(  # type: ignore[arg-type]
        "word/numbering.xml"
    )
    levels = re.findall(r'w:lvlText w:val="([^"]*)"', numbering.decode())
    assert first in levels and second in levels
    if lang == "ur":  # pdftotext reads the Urdu item's line with its marker
        pdf = tmp_path / "letter.pdf"
        pdf.write_bytes(render(letter, "pdf"))  # type: ignore[arg-type]
        items = [line for line in pdf_text(pdf).splitlines() if "پہلی بات" in line]
        assert items and "۔" in items[0] and "1" in items[0] and "1." not in items[0]
