"""Solar and lunar Hijri dates, checked against references that do not share our code.

Solar Hijri: the Gregorian dates of Nowruz (1 Farvardin/Hamal), fixed by the vernal equinox
before or after noon in Tehran, and the month lengths of the calendar (6 × 31, 5 × 30, then 29 or
30 days). Lunar Hijri: days that Saudi Arabia announced under the Umm al-Qura calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest

from letterkit.errors import ChoiceError, DataError
from letterkit.locales.calendars import (
    LUNAR_HIJRI_MONTHS,
    SOLAR_HIJRI_MONTHS,
    CalendarDate,
    calendars_with_names,
    check_calendar,
    convert,
    format_hijri,
    lunar_hijri,
    month_names,
    solar_hijri,
)

# Nowruz (1 Farvardin) in the Gregorian calendar; 1403 starts a day early: it is a leap year.
NOWRUZ = {
    1400: dt.date(2021, 3, 21),
    1401: dt.date(2022, 3, 21),
    1402: dt.date(2023, 3, 21),
    1403: dt.date(2024, 3, 20),
    1404: dt.date(2025, 3, 21),
    1405: dt.date(2026, 3, 21),
    1406: dt.date(2027, 3, 21),
}


def solar_reference(day: dt.date) -> tuple[int, int, int]:
    """Solar Hijri (y, m, d) from the Nowruz table and month lengths alone."""
    year = max(y for y, start in NOWRUZ.items() if start <= day)
    offset = (day - NOWRUZ[year]).days
    for month in range(1, 13):
        length = 31 if month <= 6 else 30 if month <= 11 else 31  # month 12 bounded by next Nowruz
        if offset < length:
            return year, month, offset + 1
        offset -= length
    raise AssertionError(day)


def test_solar_hijri_matches_nowruz_arithmetic_for_six_years() -> None:
    day = dt.date(2021, 3, 21)
    while day < dt.date(2027, 3, 21):
        got = solar_hijri(day)
        assert (got.year, got.month, got.day) == solar_reference(day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (dt.date(2024, 3, 20), (1403, 1, 1)),  # Nowruz 1403
        (dt.date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year: Esfand/Hut has 30 days
        (dt.date(2025, 3, 21), (1404, 1, 1)),
        (dt.date(2023, 10, 3), (1402, 7, 11)),  # Pakistan's announcement: 11 Mizan 1402
        (dt.date(2026, 11, 24), (1405, 9, 3)),  # 3 Qaws (Azar) 1405
    ],
)
def test_solar_hijri_known_days(gregorian: dt.date, expected: tuple[int, int, int]) -> None:
    assert solar_hijri(gregorian) == CalendarDate("solar_hijri", *expected)


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        (dt.date(2024, 2, 8), (1445, 7, 27)),  # 27 Rajab (Isra and Mi'raj), Pakistan's election day
        (dt.date(2024, 3, 11), (1445, 9, 1)),  # first day of Ramadan 1445
        (dt.date(2024, 4, 10), (1445, 10, 1)),  # Eid al-Fitr
        (dt.date(2024, 6, 16), (1445, 12, 10)),  # Eid al-Adha
        (dt.date(2024, 7, 7), (1446, 1, 1)),  # Islamic new year 1446
    ],
)
def test_lunar_hijri_known_days(gregorian: dt.date, expected: tuple[int, int, int]) -> None:
    assert lunar_hijri(gregorian) == CalendarDate("lunar_hijri", *expected)


def test_lunar_hijri_outside_umm_al_qura_range_is_a_clear_error() -> None:
    with pytest.raises(DataError, match="1900-01-01.*Umm al-Qura"):
        lunar_hijri(dt.date(1900, 1, 1))


def test_arabic_lunar_month_names_agree_with_hijridate() -> None:
    from hijridate import Hijri

    library = tuple(Hijri(1445, month, 1).month_name("ar") for month in range(1, 13))
    assert LUNAR_HIJRI_MONTHS["ar"] == library


@pytest.mark.parametrize("table", [SOLAR_HIJRI_MONTHS, LUNAR_HIJRI_MONTHS])
def test_month_tables_have_twelve_distinct_names(table: dict[str, tuple[str, ...]]) -> None:
    for code, names in table.items():
        assert len(names) == 12 and len(set(names)) == 12, code


def test_afghan_solar_months_are_not_the_iranian_ones() -> None:
    assert SOLAR_HIJRI_MONTHS["fa"][0] == "فروردین"
    assert SOLAR_HIJRI_MONTHS["fa_AF"][0] == "حمل"
    assert SOLAR_HIJRI_MONTHS["fa_AF"][8] == "قوس"
    assert SOLAR_HIJRI_MONTHS["ps"][8] == "لیندۍ"
    # Pashto month names are written with Pashto letters
    assert {"ګ", "ښ", "ږ", "ړ", "ۍ"} <= set("".join(SOLAR_HIJRI_MONTHS["ps"]))


def test_format_hijri_long_and_numeric() -> None:
    day = dt.date(2026, 11, 24)
    assert format_hijri(day, "solar_hijri", "fa_AF") == "3 قوس 1405"
    assert format_hijri(day, "solar_hijri", "fa") == "3 آذر 1405"
    assert format_hijri(day, "solar_hijri", "fa", fmt="short") == "1405/09/03"  # Iran pads
    assert format_hijri(day, "solar_hijri", "fa_AF", fmt="short") == "1405/9/3"  # Afghanistan not
    assert format_hijri(dt.date(2024, 2, 8), "lunar_hijri", "ar") == "27 رجب 1445"


def test_unknown_calendar_format_and_language_are_choice_errors() -> None:
    with pytest.raises(ChoiceError, match="unknown calendar 'julian'"):
        check_calendar("julian")
    with pytest.raises(ChoiceError, match="unknown date format"):
        format_hijri(dt.date(2024, 1, 1), "solar_hijri", "fa", fmt="MMMM")
    with pytest.raises(ChoiceError, match="no solar_hijri month names for language 'de'"):
        month_names("solar_hijri", "de")
    assert convert(dt.date(2024, 1, 1), "gregorian") == CalendarDate("gregorian", 2024, 1, 1)
    assert calendars_with_names("fa_AF") == ("gregorian", "solar_hijri", "lunar_hijri")
    assert calendars_with_names("ur") == ("gregorian", "lunar_hijri")
