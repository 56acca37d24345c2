"""Dates a supporter types, and where a campaign stands against its deadline.

Shared by every command that takes ``--date`` and by scripts and the web app, so all of them
accept the same dates and say the same thing about a deadline. Nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from .errors import DataError
from .locales import _

if TYPE_CHECKING:
    from .campaign import Campaign


def parse_day(value: str | None, *, option: str = "--date") -> _dt.date:
    """``"2024-02-08"`` → a date; empty or ``None`` → today; anything else a :class:`DataError`.

    >>> parse_day("2024-02-08")
    datetime.date(2024, 2, 8)
    """
    if not value:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(f"{option}: {value!r} is not a date like 2024-02-08") from None


def deadline_status(campaign: Campaign, today: _dt.date) -> tuple[str, bool]:
    """A line about the deadline (in the interface language) and whether it has passed."""
    days = campaign.days_left(today)
    if days is None or campaign.deadline is None:
        return _("no deadline"), False
    when = campaign.deadline.isoformat()
    if days > 1:
        return _("{date} ({days} days left)").format(date=when, days=days), False
    if days == 1:
        return _("{date} (tomorrow)").format(date=when), False
    if days == 0:
        return _("{date} (today is the last day)").format(date=when), False
    return _(
        "{date} — CLOSED {days} days ago: you can still write, but check with the "
        "organisers whether letters are still useful"
    ).format(date=when, days=-days), True
