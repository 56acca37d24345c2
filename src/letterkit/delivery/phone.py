"""Fax and phone numbers: validated and written in international form (the phonenumbers package).

A fax machine dials digits, and a number copied from a web page ("(0)51 920-6111", "+92-51-…")
is easy to get wrong. Numbers are parsed with Google's libphonenumber data (``phonenumbers``),
checked for validity, and given back as E.164 (``+12025550147``) for machines and in the
international format (``+1 202-555-0147``) for people. An invalid number raises
:class:`~letterkit.errors.DeliveryError` naming the field and the value.
"""

from __future__ import annotations

from typing import Any

from ..errors import DeliveryError


def _parse(number: str, default_region: str | None, field: str) -> Any:
    import phonenumbers

    text = (number or "").strip()
    if not text:
        raise DeliveryError(f"{field}: no number given")
    region = (default_region or "").upper() or None
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        hint = (
            ""
            if text.startswith("+") or region
            else "; write it with the country code, e.g. +92 51 …"
        )
        raise DeliveryError(f"{field}: {text!r} is not a phone number ({exc}){hint}") from None
    if not phonenumbers.is_valid_number(parsed):
        where = phonenumbers.region_code_for_number(parsed) or region or "?"
        raise DeliveryError(
            f"{field}: {text!r} is not a valid number for {where} "
            "(check the digits and the country code)"
        )
    return parsed


def normalize_fax(number: str, default_region: str | None = None, *, field: str = "fax") -> str:
    """``number`` in E.164 (``+12025550147``); ``default_region`` (ISO code such as ``"PK"``)
    reads numbers written without a country code. Raises :class:`DeliveryError` when invalid.

    >>> normalize_fax("(202) 555-0147", "US")
    '+12025550147'
    """
    import phonenumbers

    parsed = _parse(number, default_region, field)
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def normalize_phone(number: str, default_region: str | None = None, *, field: str = "phone") -> str:
    """Like :func:`normalize_fax`, for a phone number."""
    return normalize_fax(number, default_region, field=field)


def format_international(
    number: str, default_region: str | None = None, *, field: str = "fax"
) -> str:
    """``number`` as people read it abroad: ``+1 202-555-0147``, ``+92 51 9206111``.

    >>> format_international("+12025550147")
    '+1 202-555-0147'
    """
    import phonenumbers

    parsed = _parse(number, default_region, field)
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
