"""Campaign folders: the bundled example, loading from a path, and clear errors for bad ones."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from letterkit.campaign import bundled_campaigns, load_campaign
from letterkit.errors import CampaignError, ChoiceError
from letterkit.resources import campaigns_dir

EXAMPLE = "pakistan-deportations"


def test_bundled_example_carries_the_urgent_actions_facts():
    campaign = load_campaign(EXAMPLE)
    assert EXAMPLE in bundled_campaigns()
    assert campaign.reference == "UA 109.23"
    assert campaign.deadline == dt.date(2024, 2, 8)
    assert set(campaign.languages) == {"en", "ur", "fa_AF"}
    pm = campaign.target("pm")
    assert (pm.honorific, pm.name) == ("H.E.", "Anwaar-ul-Haq Kakar")
    assert pm.address.street == ("Constitution Avenue, G-5/2",)
    assert pm.address.city == "Islamabad" and pm.address.country == "PK"
    assert pm.languages[0] == "ur"  # Urdu is the preferred language
    embassy = campaign.target("ambassador-us")
    assert embassy.email == "info@embassyofpakistanusa.org"
    assert embassy.phone.endswith("243-6500")
    assert embassy.address.postal_code == "20008"
    assert embassy.sources["email"].verified == dt.date(2023, 12, 1)
    assert campaign.days_left(dt.date(2024, 2, 1)) == 7
    assert campaign.days_left(dt.date(2024, 2, 18)) == -10


def test_unknown_campaign_lists_the_bundled_ones():
    with pytest.raises(ChoiceError, match=EXAMPLE):
        load_campaign("no-such-campaign")


def test_unknown_target_lists_valid_targets():
    with pytest.raises(ChoiceError, match="pm, ambassador-us"):
        load_campaign(EXAMPLE).target("president")


def _copy_example(tmp_path: Path) -> Path:
    folder = tmp_path / "campaign"
    shutil.copytree(campaigns_dir() / EXAMPLE, folder)
    return folder


def test_campaign_loads_from_any_folder(tmp_path):
    folder = _copy_example(tmp_path)
    campaign = load_campaign(str(folder))
    assert campaign.path == folder and not campaign.bundled


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "campaign.toml",
            'reference = "UA 109.23"',
            'reference = ["x"]',
            "field 'reference' must be text",
        ),
        (
            "campaign.toml",
            "deadline = 2024-02-08",
            'deadline = "soon"',
            "field 'deadline' must be a date",
        ),
        (
            "campaign.toml",
            'default_language = "en"',
            'default_language = "xx"',
            "unknown language 'xx'",
        ),
        ("campaign.toml", 'title = "Stop', 'title = "Stop', None),
        ("targets.toml", 'id = "pm"', 'id = "ambassador-us"', "used twice"),
        ("targets.toml", 'country = "PK"', 'country = "Pakistan"', "ISO 3166"),
        (
            "targets.toml",
            'email = "info@embassyofpakistanusa.org"',
            'email = "not-an-email"',
            "is not an email address",
        ),
        ("targets.toml", '"pa_Arab", "fa_AF"', '"pa_Arab", "klingon"', "unknown language"),
        ("targets.toml", "[target.local.ur]", '[target.local.ur]\nnickname = "x"', "unknown field"),
        ("campaign.toml", "id = ", "broken = = ", "not valid TOML"),
    ],
)
def test_bad_campaign_files_name_file_and_field(tmp_path, file, old, new, message):
    folder = _copy_example(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if message is None:
        load_campaign(folder)
        return
    with pytest.raises(CampaignError) as info:
        load_campaign(folder)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_letters_folder_is_reported(tmp_path):
    folder = _copy_example(tmp_path)
    shutil.rmtree(folder / "letters")
    with pytest.raises(CampaignError, match="no letter templates"):
        load_campaign(folder)


def test_letter_in_unknown_language_is_reported(tmp_path):
    folder = _copy_example(tmp_path)
    (folder / "letters" / "xx.md.j2").write_text("+++\nsubject='x'\n+++\nHi\n", encoding="utf-8")
    with pytest.raises(CampaignError, match="xx.md.j2"):
        load_campaign(folder)
