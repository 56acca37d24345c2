"""The letter's boilerplate in every language: labels, default salutation and closing.

The msgids are the English defaults of :class:`letterkit.model.Labels` (a test keeps the two in
step); writing them out here lets ``pybabel extract`` find them. The model builds its ``Labels``
from :func:`label_texts`, so this layer never imports the model.
"""

from __future__ import annotations

from functools import cache

from .catalogs import N_, translate
from .formatting import localize_digits
from .registry import Digits, locale_info

LABEL_MESSAGES: dict[str, str] = {
    "subject": N_("Subject:"),
    "reference": N_("Ref.:"),
    "page": N_("Page {page} of {pages}"),
    "continuation": N_("{recipient} · {date}"),
    "enclosures": N_("Enclosures:"),
    "cc": N_("Copy to:"),
    "signatories": N_("Signed by:"),
    "to": N_("To:"),
    "from_": N_("From:"),
    "date": N_("Date:"),
}

# Other strings printed in letters (compose's default salutation and closing). Like the labels
# they must be translated in every shipped catalog; CLI messages may fall back to English.
LETTER_MESSAGES: tuple[str, ...] = (
    N_("Dear {honorific} {name},"),
    N_("Yours sincerely,"),
)


@cache
def label_texts(code: str) -> dict[str, str]:
    """The letter boilerplate translated into ``code``: field name of
    :class:`letterkit.model.Labels` → text."""
    info = locale_info(code)
    return {name: translate(info.code, message) for name, message in LABEL_MESSAGES.items()}


def fill_label(
    template: str,
    code: str,
    *,
    digits: Digits | str | None = None,
    fallback: str | None = None,
    **values: object,
) -> str:
    """Fill a label's placeholders, writing numbers in the locale's digits (or ``digits``).

    A translation with a broken placeholder must not break a letter: with ``fallback`` (a plain
    form with the same placeholders) it is filled instead; without, the error is raised.

    >>> fill_label("Page {page} of {pages}", "fa", page=2, pages=3)
    'Page ۲ of ۳'
    >>> fill_label("Page {seite} of {pages}", "fa", fallback="{page} / {pages}", page=2, pages=3)
    '۲ / ۳'
    """
    info = locale_info(code)
    chosen = digits or info.digits
    shown = {
        key: localize_digits(str(value), chosen) if isinstance(value, int) else value
        for key, value in values.items()
    }
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):
        if fallback is None:
            raise
        return fallback.format(**shown)
