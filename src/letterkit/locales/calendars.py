"""Solar Hijri and lunar Hijri dates beside the Gregorian one, with the month names letters use.

Babel formats Gregorian dates only, so the other calendars are converted here by well-kept
packages and named from our own tables:

* Solar Hijri (Iran's calendar; Afghanistan's official one under the 2004 constitution) through
  ``jdatetime``, which follows the astronomical rule (1403 is a leap year: 1403-12-30 is
  2025-03-20). Iran and Afghanistan share the day numbers but not the month names: Iranian
  Persian uses فروردین…اسفند, Dari the zodiac names حمل…حوت, Pashto its own وری…کب. No library
  ships the Afghan names, hence the tables below.
* Lunar Hijri through ``hijridate`` (the Umm al-Qura tables, 1343–1500 AH = 1924-08-01 to
  2077-11-16). Afghanistan's administration has dated official correspondence in lunar Hijri
  since March 2022; a local moon sighting can differ from Umm al-Qura by a day.

This module returns ASCII digits; :mod:`letterkit.locales.formatting` localizes digits and adds
weekday names.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Literal

from ..errors import ChoiceError, DataError

CalendarName = Literal["gregorian", "solar_hijri", "lunar_hijri"]
CALENDARS: tuple[str, ...] = ("gregorian", "solar_hijri", "lunar_hijri")

# Month names, first month first. Keys are letterkit locale codes. Spellings the project could
# not confirm with a native reader are listed as "to be verified" in docs/localization.md.
SOLAR_HIJRI_MONTHS: dict[str, tuple[str, ...]] = {
    # Iran
    "fa": (
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ),
    # Afghanistan, Dari: the zodiac names
    "fa_AF": (
        "حمل",
        "ثور",
        "جوزا",
        "سرطان",
        "اسد",
        "سنبله",
        "میزان",
        "عقرب",
        "قوس",
        "جدی",
        "دلو",
        "حوت",
    ),
    # Afghanistan, Pashto (Pashto letters ګ ښ ږ ړ ۍ)
    "ps": (
        "وری",
        "غویی",
        "غبرګولی",
        "چنګاښ",
        "زمری",
        "وږی",
        "تله",
        "لړم",
        "لیندۍ",
        "مرغومی",
        "سلواغه",
        "کب",
    ),
}

_LUNAR_PERSIAN = (
    "محرم",
    "صفر",
    "ربیع‌الاول",
    "ربیع‌الثانی",
    "جمادی‌الاول",
    "جمادی‌الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذی‌القعده",
    "ذی‌الحجه",
)

LUNAR_HIJRI_MONTHS: dict[str, tuple[str, ...]] = {
    # Arabic: the Umm al-Qura names as hijridate gives them (checked in tests)
    "ar": (
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الثاني",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ),
    "fa": _LUNAR_PERSIAN,
    "fa_AF": _LUNAR_PERSIAN,
    "ps": (
        "محرم",
        "صفر",
        "ربیع الاول",
        "ربیع الثاني",
        "جمادی الاول",
        "جمادی الثاني",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذوالقعده",
        "ذوالحجه",
    ),
    "ur": (
        "محرم",
        "صفر",
        "ربیع الاول",
        "ربیع الثانی",
        "جمادی الاول",
        "جمادی الثانی",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذوالقعدہ",
        "ذوالحجہ",
    ),
}

# The mark written after the year when a date line carries more than one calendar:
# (calendar, locale) → (mark, attached?) — attached marks follow the year without a space.
ERA_MARKS: dict[tuple[str, str], tuple[str, bool]] = {
    ("gregorian", "fa"): ("م", False),
    ("gregorian", "fa_AF"): ("م", False),
    ("gregorian", "ps"): ("م", False),
    ("gregorian", "ar"): ("م", False),
    ("solar_hijri", "fa"): ("هـ.ش.", False),
    ("solar_hijri", "fa_AF"): ("هـ ش", False),
    ("solar_hijri", "ps"): ("هـ ش", False),
    ("lunar_hijri", "fa"): ("هـ.ق.", False),
    ("lunar_hijri", "fa_AF"): ("هـ ق", False),
    ("lunar_hijri", "ps"): ("هـ ق", False),
    ("lunar_hijri", "ar"): ("هـ", False),
    ("lunar_hijri", "ur"): ("ھ", True),
}

# Numeric dates: Iran pads month and day (۱۴۰۵/۰۹/۰۳), Afghanistan does not (۱۴۰۵/۹/۳).
_PADDED_NUMERIC = {"fa"}


@dataclass(frozen=True)
class CalendarDate:
    """A day in one calendar; ``month`` counts from 1."""

    calendar: str
    year: int
    month: int
    day: int


def check_calendar(calendar: str) -> str:
    """``calendar`` if letterkit knows it, else a :class:`ChoiceError` listing the known ones."""
    if calendar not in CALENDARS:
        raise ChoiceError(f"unknown calendar {calendar!r}; choose one of: {', '.join(CALENDARS)}")
    return calendar


def solar_hijri(day: _dt.date) -> CalendarDate:
    """The Solar Hijri (Jalali) date of a Gregorian day, e.g. 2024-03-20 → 1403-01-01."""
    import jdatetime

    jalali = jdatetime.date.fromgregorian(date=day)
    return CalendarDate("solar_hijri", jalali.year, jalali.month, jalali.day)


def lunar_hijri(day: _dt.date) -> CalendarDate:
    """The lunar Hijri date (Umm al-Qura), e.g. 2024-03-11 → 1445-09-01 (1 Ramadan)."""
    from hijridate import Gregorian

    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError) as exc:
        raise DataError(
            f"date {day.isoformat()}: no lunar Hijri date for it (Umm al-Qura tables cover "
            f"1924-08-01 to 2077-11-16): {exc}"
        ) from None
    return CalendarDate("lunar_hijri", hijri.year, hijri.month, hijri.day)


def convert(day: _dt.date, calendar: str) -> CalendarDate:
    """``day`` in ``calendar`` (``gregorian``, ``solar_hijri`` or ``lunar_hijri``)."""
    check_calendar(calendar)
    if calendar == "solar_hijri":
        return solar_hijri(day)
    if calendar == "lunar_hijri":
        return lunar_hijri(day)
    return CalendarDate("gregorian", day.year, day.month, day.day)


def month_names(calendar: str, code: str) -> tuple[str, ...]:
    """The twelve month names of a non-Gregorian ``calendar`` in locale ``code``.

    Raises :class:`ChoiceError` when letterkit has no names for that pair (Gregorian month names
    come from Babel, not from here).
    """
    table = {"solar_hijri": SOLAR_HIJRI_MONTHS, "lunar_hijri": LUNAR_HIJRI_MONTHS}.get(
        check_calendar(calendar)
    )
    if table is None or code not in table:
        have = ", ".join(table) if table else "none (Babel names Gregorian months)"
        raise ChoiceError(
            f"no {calendar} month names for language {code!r}; letterkit has them for: {have}"
        )
    return table[code]


def calendars_with_names(code: str) -> tuple[str, ...]:
    """Every calendar a date in ``code`` can be written in (Gregorian always)."""
    tables = (("solar_hijri", SOLAR_HIJRI_MONTHS), ("lunar_hijri", LUNAR_HIJRI_MONTHS))
    return ("gregorian",) + tuple(name for name, table in tables if code in table)


def era_mark(calendar: str, code: str) -> tuple[str, bool]:
    """The year mark for ``calendar`` in ``code`` (``("هـ ش", False)``), ``("", False)`` if none."""
    return ERA_MARKS.get((calendar, code), ("", False))


def format_hijri(day: _dt.date, calendar: str, code: str, *, fmt: str = "long") -> str:
    """A Solar or lunar Hijri date with ASCII digits, e.g. ``3 قوس 1405`` or ``1405/9/3``.

    ``fmt``: ``long``/``medium`` (day, month name, year — the order letters use in Persian,
    Dari and Pashto) or ``short`` (numeric year/month/day as written in Iran and Afghanistan).
    """
    if calendar not in ("solar_hijri", "lunar_hijri"):
        raise ChoiceError(f"format_hijri takes solar_hijri or lunar_hijri, not {calendar!r}")
    when = convert(day, calendar)
    if fmt in ("long", "medium"):
        return f"{when.day} {month_names(calendar, code)[when.month - 1]} {when.year}"
    if fmt == "short":
        if code in _PADDED_NUMERIC:
            return f"{when.year}/{when.month:02d}/{when.day:02d}"
        return f"{when.year}/{when.month}/{when.day}"
    raise ChoiceError(
        f"unknown date format {fmt!r} for the {calendar} calendar; choose long, medium, short "
        "or full"
    )


def with_era(text: str, calendar: str, code: str) -> str:
    """``text`` (a date ending in its year) followed by the calendar's year mark, if any."""
    mark, attached = era_mark(calendar, code)
    if not mark:
        return text
    return f"{text}{mark}" if attached else f"{text} {mark}"
