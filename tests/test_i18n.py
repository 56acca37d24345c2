"""Localized dates, digits and list markers as a reader sees them in a letter."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from letterkit.errors import ChoiceError
from letterkit.locales import (
    LOCALES,
    format_date,
    format_date_line,
    format_number,
    is_rtl,
    list_marker,
    locale_info,
    localize_digits,
    normalize_code,
)

DAY = dt.date(2026, 11, 24)
PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
ARABIC_DIGITS = set("٠١٢٣٤٥٦٧٨٩")
ASCII_DIGITS = set("0123456789")
ALPHABETS = {code: info.alphabet for code, info in LOCALES.items()}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "24 November 2026"),
        ("de", "24. November 2026"),
        ("fr", "24 novembre 2026"),
        ("es", "24 de noviembre de 2026"),
        ("tr", "24 Kasım 2026"),
        ("ru", "24 ноября 2026\u202fг."),  # CLDR: narrow no-break space
        ("tg", "24 ноябри соли 2026"),  # Tajik press style, not CLDR's "24 Ноябр 2026"
        ("ur", "24 نومبر، 2026ء"),  # Urdu: Latin digits by default, year suffix ء
        ("fa", "۲۴ نوامبر ۲۰۲۶"),
        ("fa_AF", "۲۴ نومبر ۲۰۲۶"),  # Afghan month name, Persian digits
        ("ps", "۲۴ نومبر ۲۰۲۶"),  # day month year, not CLDR's year-first order
        ("sd", "24 نومبر 2026"),
        ("pa_Arab", "24 نومبر 2026"),
        ("ar", "٢٤ نوفمبر ٢٠٢٦"),  # Arabic-Indic digits
    ],
)
def test_gregorian_long_date_per_locale(code: str, expected: str) -> None:
    assert format_date(DAY, code) == expected


def test_babel_output_with_digits_converted() -> None:
    """Babel formats separators only; every digit of a Persian/Dari/Pashto date is converted."""
    from babel.dates import format_date as babel_format_date

    for code in ("fa", "fa_AF"):
        raw = babel_format_date(DAY, format="long", locale=locale_info(code).babel)
        assert set(raw) & ASCII_DIGITS  # Babel leaves ASCII digits
        assert format_date(DAY, code) == raw.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_digits_are_switchable() -> None:
    assert format_date(DAY, "ur", digits="arabext") == "۲۴ نومبر، ۲۰۲۶ء"
    assert format_date(DAY, "fa", digits="latn") == "24 نوامبر 2026"
    assert format_date(DAY, "fa", digits="arab") == "٢٤ نوامبر ٢٠٢٦"
    assert format_number(3_700_000, "fa") == "۳٬۷۰۰٬۰۰۰"
    assert format_number(3.7, "ur", digits="arabext") == "۳.۷"
    with pytest.raises(ChoiceError, match="unknown digits 'roman'"):
        localize_digits("12", "roman")


def test_urdu_year_suffix_only_after_the_year() -> None:
    text = format_date(dt.date(2024, 2, 8), "ur")
    assert text == "8 فروری، 2024ء"
    assert text.count("ء") == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fa", "۳ آذر ۱۴۰۵ هـ.ش. / ۲۴ نوامبر ۲۰۲۶ م"),
        ("fa_AF", "۳ قوس ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م"),
        ("ps", "۳ لیندۍ ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م"),
        ("en", "24 November 2026"),
        ("ur", "24 نومبر، 2026ء"),
    ],
)
def test_default_date_line(code: str, expected: str) -> None:
    assert format_date_line(DAY, code) == expected


def test_date_line_with_lunar_hijri_for_afghan_authorities() -> None:
    line = format_date_line(DAY, "fa_AF", calendars=("lunar_hijri", "solar_hijri", "gregorian"))
    assert line == "۱۴ جمادی‌الثانی ۱۴۴۸ هـ ق / ۳ قوس ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م"
    assert not set(line) & ASCII_DIGITS


def test_date_line_single_calendar_has_no_era_mark() -> None:
    assert format_date_line(DAY, "fa_AF", calendars=["gregorian"]) == "۲۴ نومبر ۲۰۲۶"
    assert format_date_line(DAY, "fa_AF", calendars=["solar_hijri"]) == "۳ قوس ۱۴۰۵"


def test_urdu_and_arabic_hijri_date_lines() -> None:
    assert (
        format_date_line(DAY, "ur", calendars=("gregorian", "lunar_hijri"), digits="arabext")
        == "۲۴ نومبر، ۲۰۲۶ء / ۱۴ جمادی الثانی ۱۴۴۸ھ"
    )
    assert (
        format_date_line(dt.date(2024, 2, 8), "ar", calendars=("lunar_hijri", "gregorian"))
        == "٢٧ رجب ١٤٤٥ هـ / ٨ فبراير ٢٠٢٤ م"
    )


def test_solar_hijri_leap_day_in_dari_and_persian() -> None:
    leap = dt.date(2025, 3, 20)
    assert format_date(leap, "fa_AF", calendar="solar_hijri") == "۳۰ حوت ۱۴۰۳"
    assert format_date(leap, "fa", calendar="solar_hijri") == "۳۰ اسفند ۱۴۰۳"
    assert format_date(dt.date(2024, 3, 20), "ps", calendar="solar_hijri") == "۱ وری ۱۴۰۳"
    assert format_date(leap, "fa", calendar="solar_hijri", fmt="short") == "۱۴۰۳/۱۲/۳۰"
    assert format_date(leap, "fa", calendar="solar_hijri", fmt="full") == "پنجشنبه ۳۰ اسفند ۱۴۰۳"


def test_calendar_not_offered_is_a_choice_error() -> None:
    with pytest.raises(ChoiceError, match="'solar_hijri' is not offered for de"):
        format_date_line(DAY, "de", calendars=("solar_hijri", "gregorian"))
    with pytest.raises(ChoiceError, match="unknown calendar 'julian'"):
        format_date(DAY, "fa", calendar="julian")
    with pytest.raises(ChoiceError, match="no calendar chosen"):
        format_date_line(DAY, "fa", calendars=())


def test_rtl_default_date_lines_use_only_the_locales_digits() -> None:
    for code, info in LOCALES.items():
        line = format_date_line(DAY, code)
        digits = {ch for ch in line if ch.isdigit()}
        expected = {"latn": ASCII_DIGITS, "arabext": PERSIAN_DIGITS, "arab": ARABIC_DIGITS}
        assert digits and digits <= expected[info.digits], (code, line)


def test_list_markers() -> None:
    assert list_marker(2, "en") == "2."
    assert list_marker(2, "fa") == "۲."
    assert list_marker(12, "ur") == "12۔"
    assert list_marker(2, "ur", digits="arabext") == "۲۔"
    assert list_marker(3, "ar") == "٣."


def test_codes_and_directions() -> None:
    assert normalize_code("fa-AF") == "fa_AF" and normalize_code("prs") == "fa_AF"
    assert is_rtl("ps") and not is_rtl("tg")
    assert locale_info("fa_AF").docx_lang == "prs-AF"
    with pytest.raises(ChoiceError, match="unknown language 'xx'"):
        locale_info("xx")


def _script(ch: str) -> str:
    name = unicodedata.name(ch)
    return name.split()[0]  # LATIN, CYRILLIC, ARABIC


def test_alphabets_cover_every_locale_in_its_own_script() -> None:
    scripts = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Arab": "ARABIC"}
    for code, letters in ALPHABETS.items():
        assert len(set(letters)) == len(letters), f"{code}: a letter is listed twice"
        # ۾ (Sindhi "in") is a sign, not a letter, to Unicode; Sindhi writes it as a word
        assert all(ch.isalpha() or ch == "۾" for ch in letters), code
        assert {_script(ch) for ch in letters} == {scripts[LOCALES[code].script]}, code


def test_alphabets_hold_the_letters_that_set_each_language_apart() -> None:
    assert set("ҒӢҚӮҲҶғӣқӯҳҷ") <= set(ALPHABETS["tg"])
    assert set("ټډړښږځڅګڼېۍ") <= set(ALPHABETS["ps"])
    assert set("ڪٻڀٽٿٺڄڃڇڌڏڊڍڙڦڳڱڻ۾") <= set(ALPHABETS["sd"])
    assert set("ٹڈڑںےھ") <= set(ALPHABETS["ur"]) and "ݨ" in ALPHABETS["pa_Arab"]
    assert set("ێۏ") <= set(ALPHABETS["bal"])
    assert "ğ" in ALPHABETS["tr"] and "ı" in ALPHABETS["tr"] and "İ" in ALPHABETS["tr"]
    assert "ك" in ALPHABETS["ar"] and "ک" not in ALPHABETS["ar"]


def test_docs_locale_table_matches_the_code() -> None:
    """docs/localization.md's table: one row per locale, direction, digits and review status."""
    from pathlib import Path

    doc = Path(__file__).resolve().parent.parent / "docs" / "localization.md"
    rows = {}
    for line in doc.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0].startswith("`") and cells[0].strip("`") in LOCALES:
            rows[cells[0].strip("`")] = cells
    assert set(rows) == set(LOCALES)
    digit_words = {"latn": "0–9", "arabext": "۰–۹", "arab": "٠–٩"}
    for code, cells in rows.items():
        info = LOCALES[code]
        assert cells[2] == info.direction, code
        assert cells[4].startswith(digit_words[info.digits]), code
        assert cells[7].strip("*") == info.review, code


def test_fonts_check_reads_the_registry_alphabet() -> None:
    from letterkit.fonts.coverage import alphabet

    for code, info in LOCALES.items():
        assert set(info.alphabet) | set(info.symbols) == set(alphabet(code)), code
    assert "ݨ" in ALPHABETS["pa_Arab"]  # Shahmukhi ṇ, U+0768 (Arabic Supplement)
