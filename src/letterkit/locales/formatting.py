"""Dates, numbers and list markers in a locale's own words and digits.

Dates and numbers go through Babel; Babel never converts digits, so :func:`localize_digits` does
that where a locale writes Eastern Arabic digits. Non-Gregorian dates come from
:mod:`letterkit.locales.calendars`.

>>> import datetime
>>> format_date(datetime.date(2026, 11, 24), "ur")
'24 نومبر، 2026ء'
>>> format_date_line(datetime.date(2026, 11, 24), "fa_AF")
'۳ قوس ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import lru_cache

from ..errors import ChoiceError
from .calendars import check_calendar, format_hijri, with_era
from .registry import DIGIT_TABLES, LOCALES, Digits, LocaleInfo, locale_info, normalize_code


def localize_digits(text: str, digits: Digits | str) -> str:
    """Replace ASCII digits by the digits of ``digits`` (``latn`` leaves the text alone).

    >>> localize_digits("1405/9/3", "arabext"), localize_digits("12", "arab")
    ('۱۴۰۵/۹/۳', '١٢')
    """
    table = DIGIT_TABLES.get(digits)
    if table is None:
        raise ChoiceError(f"unknown digits {digits!r}; choose one of: {', '.join(DIGIT_TABLES)}")
    if digits == "latn":
        return text
    return text.translate(str.maketrans("0123456789", table))


def format_number(value: float, code: str, digits: Digits | str | None = None) -> str:
    """A number with the locale's separators (Babel) and digits.

    >>> format_number(1234.5, "de"), format_number(1234, "fa")
    ('1.234,5', '۱٬۲۳۴')
    """
    from babel.numbers import format_decimal

    info = locale_info(code)
    chosen = digits or info.digits
    text = format_decimal(value, locale=info.babel, numbering_system="default")
    return localize_digits(text, chosen)


def _tajik_long_date(day: _dt.date) -> str:
    """Tajik as its press writes dates: ``8 феврали соли 2024`` (CLDR gives ``08 Феврал 2024``):
    the month in lower case with the izofat ``-и``, then ``соли`` (year of)."""
    from babel.dates import get_month_names

    month = get_month_names("wide", locale="tg_TJ")[day.month].lower()
    return f"{day.day} {month}и соли {day.year}"


def _check_offered(info: LocaleInfo, calendar: str) -> None:
    check_calendar(calendar)
    if calendar not in info.calendars:
        raise ChoiceError(
            f"calendar {calendar!r} is not offered for {info.code} ({info.english_name}); "
            f"choose one of: {', '.join(info.calendars)}"
        )


# Dates are cached: every letter of a batch carries the same date, formatted by Babel (a tenth
# of composing a letter); a cached call only hashes its arguments.
@lru_cache(maxsize=256)
def format_date(
    day: _dt.date,
    code: str,
    *,
    digits: Digits | str | None = None,
    fmt: str = "long",
    calendar: str | None = None,
    era: bool = False,
) -> str:
    """A date in the locale's own words and digits, e.g. Urdu ``24 نومبر، 2026ء``.

    ``calendar`` is ``gregorian`` (default, through Babel; ``fmt`` may also be a CLDR pattern),
    ``solar_hijri`` or ``lunar_hijri`` (``fmt``: ``long``, ``medium``, ``short`` or ``full``),
    as offered by :attr:`LocaleInfo.calendars`. ``era=True`` appends the calendar's year mark
    (``هـ ش``, ``هـ ق``, ``م``), which a line holding two calendars needs to tell them apart.

    >>> format_date(_dt.date(2026, 11, 24), "fa_AF", calendar="solar_hijri", fmt="short")
    '۱۴۰۵/۹/۳'
    """
    info = locale_info(code)
    chosen_calendar = calendar or "gregorian"
    _check_offered(info, chosen_calendar)
    if chosen_calendar == "gregorian":
        from babel.dates import format_date as babel_format_date

        if info.code == "tg" and fmt == "long":
            text = _tajik_long_date(day)
        else:
            pattern = (info.long_date or fmt) if fmt == "long" else fmt
            text = babel_format_date(day, format=pattern, locale=info.babel)
        if info.year_suffix:
            year = str(day.year)
            idx = text.rfind(year)
            if idx >= 0:
                text = text[: idx + len(year)] + info.year_suffix + text[idx + len(year) :]
    else:
        if fmt == "full":
            from babel.dates import get_day_names

            weekday = get_day_names("wide", locale=info.babel)[day.weekday()]
            text = f"{weekday} {format_hijri(day, chosen_calendar, info.code)}"
        else:
            text = format_hijri(day, chosen_calendar, info.code, fmt=fmt)
    if era:
        text = with_era(text, chosen_calendar, info.code)
    return localize_digits(text, digits or info.digits)


DATE_LINE_SEPARATOR = " / "

# Between fields on one line (the return address; the page-2 header's catalog entries use the
# same): a middle dot, but not in Arabic-script letters, where "·" beside Arabic-Indic digits
# reads as the Persian zero ("۱۳ · قوس" as ۱۳۰): there a spaced en dash.
FIELD_SEPARATOR = " · "
FIELD_SEPARATOR_ARABIC = " – "


def field_separator(code: str) -> str:
    """The separator between fields on one line in a letter in ``code``.

    >>> field_separator("en"), field_separator("ur")
    (' · ', ' – ')
    """
    info = LOCALES.get(normalize_code(code))
    return (
        FIELD_SEPARATOR_ARABIC if info is not None and info.script == "Arab" else (FIELD_SEPARATOR)
    )


def format_date_line(
    day: _dt.date,
    code: str,
    *,
    calendars: Sequence[str] | None = None,
    digits: Digits | str | None = None,
) -> str:
    """The date as printed on a letter: one calendar, or several side by side.

    By default the locale's :attr:`LocaleInfo.date_line`: Gregorian alone for most languages,
    Solar Hijri then Gregorian for Persian, Dari and Pashto — Dari
    ``۳ قوس ۱۴۰۵ هـ ش / ۲۴ نومبر ۲۰۲۶ م``. Pass ``calendars`` (in the order wanted, e.g.
    ``("lunar_hijri", "solar_hijri", "gregorian")`` for a letter to Afghan authorities) to
    choose; each must be offered by the locale. With two or more calendars every date carries
    its year mark so a reader can tell them apart.
    """
    return _format_date_line(day, code, None if calendars is None else tuple(calendars), digits)


@lru_cache(maxsize=64)
def _format_date_line(
    day: _dt.date, code: str, calendars: tuple[str, ...] | None, digits: Digits | str | None
) -> str:
    info = locale_info(code)
    chosen = calendars if calendars is not None else info.date_line
    if not chosen:
        raise ChoiceError(
            f"no calendar chosen for the date line; choose from: {', '.join(info.calendars)}"
        )
    for name in chosen:
        _check_offered(info, name)
    mark = len(chosen) > 1
    return DATE_LINE_SEPARATOR.join(
        format_date(day, info.code, digits=digits, calendar=name, era=mark) for name in chosen
    )


def list_marker(number: int, code: str, *, digits: Digits | str | None = None) -> str:
    """The marker before item ``number`` of a numbered list: its digits and the locale's
    :attr:`LocaleInfo.list_stop`.

    Urdu, Punjabi (Shahmukhi) and Balochi close the number with the Urdu full stop ``۔``
    (U+06D4), as their school books and official letters do; the others use ``.``.

    >>> list_marker(3, "en"), list_marker(3, "fa"), list_marker(3, "ur")
    ('3.', '۳.', '3۔')
    """
    info = locale_info(code)
    return localize_digits(str(number), digits or info.digits) + info.list_stop
