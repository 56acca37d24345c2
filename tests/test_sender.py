"""The sender profile: saved in the config dir, structured address, safe mode."""

from __future__ import annotations

import pytest

from letterkit.errors import ConfigError, DataError, OutputError
from letterkit.sender import load_sender, make_sender, profile_path, save_sender


def test_profile_round_trips_through_the_config_dir(_isolated_config):
    sender = make_sender(
        name="Łukasz  Nguyễn",
        street=["Flat 2", '5 "Quoted" Road'],
        city="Manchester",
        postal_code="M1 1AA",
        country="gb",
        email="l@example.org",
        language="fa-AF",
    )
    path = save_sender(sender)
    assert path == profile_path() and path.parent == _isolated_config
    loaded = load_sender()
    assert loaded == sender
    assert loaded.name == "Łukasz Nguyễn"  # white space folded
    assert loaded.address.street == ("Flat 2", '5 "Quoted" Road')
    assert loaded.address.country == "GB" and loaded.language == "fa_AF"


def test_existing_profile_is_not_replaced_without_force():
    save_sender(make_sender(name="A B"))
    with pytest.raises(OutputError, match="--force"):
        save_sender(make_sender(name="C D"))
    save_sender(make_sender(name="C D"), force=True)
    assert load_sender().name == "C D"


def test_no_profile_says_what_to_do():
    with pytest.raises(ConfigError, match="letterkit init"):
        load_sender()


@pytest.mark.parametrize(
    "fields, message",
    [
        (dict(name="  "), "'name' is empty"),
        (dict(name="A", email="a@b"), "'email' is not an email address"),
        (dict(name="A", country="Germany"), "'country' must be a two-letter ISO code"),
        (dict(name="A", language="tlh"), "unknown language 'tlh'"),
    ],
)
def test_bad_sender_fields_are_named(fields, message):
    with pytest.raises(DataError, match=message):
        make_sender(**fields)


def test_safe_mode_exposes_only_initials_and_town():
    sender = make_sender(
        name="Amina Rahimi",
        street="12 Example Street",
        city="Berlin",
        country="DE",
        email="a@example.org",
        phone="+49 1",
        safe=True,
    )
    fields = sender.for_template()
    assert fields["name"] == "A. R." and fields["city"] == "Berlin"
    assert fields["email"] == fields["phone"] == "" and fields["street"] == []
    assert "Amina" not in repr(fields) and "Example" not in repr(fields)
