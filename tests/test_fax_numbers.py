"""Fax and phone numbers: parsed with libphonenumber data, written in E.164 and for people."""

from __future__ import annotations

import pytest

from letterkit.delivery.phone import format_international, normalize_fax, normalize_phone
from letterkit.errors import DeliveryError


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+1 202-555-0147", None, "+12025550147"),
        ("(202) 555-0147", "US", "+12025550147"),
        ("202.555.0147", "us", "+12025550147"),
        ("+1 (202) 555 0147", "PK", "+12025550147"),  # an explicit country code wins
        ("+92 51 2345678", None, "+92512345678"),  # a made-up Islamabad number
        ("051 2345678", "PK", "+92512345678"),  # Pakistani national form: trunk 0 dropped
        ("0092 51 2345678", "DE", "+92512345678"),  # international prefix from Germany
        ("030 1234567", "DE", "+49301234567"),
    ],
)
def test_numbers_are_normalized_to_e164(raw, region, e164):
    assert normalize_fax(raw, region) == e164
    assert normalize_phone(raw, region) == e164


def test_international_format_for_people():
    assert format_international("+12025550147") == "+1 202-555-0147"
    assert format_international("051 2345678", "PK") == "+92 51 2345678"


@pytest.mark.parametrize(
    ("raw", "region", "message"),
    [
        ("", "US", "fax: no number given"),
        ("fax me", None, "fax: 'fax me' is not a phone number"),
        ("202 555 0147", None, "write it with the country code"),
        ("+1 555", None, "fax: '+1 555' is not a valid number"),
        ("12345", "DE", "fax: '12345' is not a valid number for DE"),
    ],
)
def test_invalid_numbers_name_field_and_value(raw, region, message):
    with pytest.raises(DeliveryError, match=message.replace("+", r"\+").replace("(", r"\(")):
        normalize_fax(raw, region)


def test_field_name_is_the_callers():
    with pytest.raises(DeliveryError, match=r"^targets.toml: target\[2\].fax: '999'"):
        normalize_fax("999", "US", field="targets.toml: target[2].fax")
