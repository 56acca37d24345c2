"""Channel advice: post only with a week or more left, else email or fax; warnings after."""

from __future__ import annotations

import datetime as dt

import pytest

from letterkit.address import PostalAddress
from letterkit.campaign import Target, load_campaign
from letterkit.delivery.channels import advise_channel, missing_channel_error, party_channels
from letterkit.model import Party

TODAY = dt.date(2024, 1, 20)
ADDRESS = PostalAddress(("1 Example Road",), "Washington", "DC", "20001", "US")


def target(**channels: object) -> Target:
    return Target(id="t", name="Jordan Example", **channels)  # type: ignore[arg-type]


EVERYTHING = target(
    address=ADDRESS, email="office@example.org", fax="+1 202-555-0147", phone="+1 202-555-0199"
)


@pytest.mark.parametrize(
    ("days", "channel"),
    [
        (30, "post"),
        (8, "post"),
        (7, "post"),  # a week or more: post
        (6, "email"),
        (1, "email"),
        (0, "email"),  # less: the fast channel
    ],
)
def test_post_only_with_a_week_or_more(days, channel):
    advice = advise_channel(EVERYTHING, TODAY + dt.timedelta(days=days), TODAY)
    assert advice.channel == channel
    assert advice.warning == ""
    assert str(days) in advice.reason or days == 0


def test_fax_when_there_is_no_email():
    fax_only = target(address=ADDRESS, fax="+1 202-555-0147")
    advice = advise_channel(fax_only, TODAY + dt.timedelta(days=3), TODAY)
    assert (advice.channel, advice.usable) == ("fax", ("fax",))
    assert "too late for post" in advice.reason


def test_deadline_today():
    advice = advise_channel(EVERYTHING, TODAY, TODAY)
    assert advice.channel == "email" and "today" in advice.reason
    assert advice.usable == ("email", "fax")


def test_post_only_target_close_to_the_deadline_gets_no_channel_but_a_warning():
    post_only = target(address=ADDRESS)
    advice = advise_channel(post_only, TODAY + dt.timedelta(days=3), TODAY)
    assert advice.channel == ""
    assert "after the deadline" in advice.warning
    with_phone = target(address=ADDRESS, phone="+1 202-555-0199")
    advice = advise_channel(with_phone, TODAY + dt.timedelta(days=3), TODAY)
    assert advice.channel == "phone" and advice.warning


def test_after_the_deadline_always_a_warning():
    for who in (EVERYTHING, target(address=ADDRESS), target(email="office@example.org")):
        advice = advise_channel(who, TODAY - dt.timedelta(days=5), TODAY)
        assert "passed 5 days ago" in advice.warning
    assert advise_channel(EVERYTHING, TODAY - dt.timedelta(days=5), TODAY).channel == "email"


def test_no_deadline_and_no_address():
    assert advise_channel(EVERYTHING, None, TODAY).channel == "post"
    email_only = target(email="office@example.org")
    advice = advise_channel(email_only, TODAY + dt.timedelta(days=20), TODAY)
    assert advice.channel == "email" and "no postal address" in advice.reason
    nothing = target()
    advice = advise_channel(nothing, TODAY + dt.timedelta(days=20), TODAY)
    assert advice.channel == "" and advice.warning


def test_bundled_campaign_advice_around_its_deadline():
    campaign = load_campaign("pakistan-deportations")  # deadline 2024-02-08
    pm, ambassador = campaign.target("pm"), campaign.target("ambassador-us")
    early, late, after = dt.date(2024, 1, 10), dt.date(2024, 2, 5), dt.date(2024, 2, 20)
    assert advise_channel(pm, campaign.deadline, early).channel == "post"
    assert advise_channel(ambassador, campaign.deadline, early).channel == "post"
    assert advise_channel(ambassador, campaign.deadline, late).channel == "email"
    pm_late = advise_channel(pm, campaign.deadline, late)
    assert pm_late.channel == "" and pm_late.warning  # post only: too late
    assert advise_channel(ambassador, campaign.deadline, after).warning


def test_party_channels_and_the_missing_channel_message():
    party = Party(
        name="Jordan\r\nExample",
        lines=("Jordan Example",),
        address=ADDRESS,
        email="office@example.org",
    )
    assert party_channels(party) == ["post", "email"]
    error = missing_channel_error(party, "fax", "t")
    assert str(error) == "Jordan Example (t) has no fax number; its channels: post, email"
