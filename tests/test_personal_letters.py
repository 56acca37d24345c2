"""Personal letters, not form letters (issue 14): variants chosen per supporter, the request kept,
a personal sentence from a column, and a batch's similarity report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit import compose_letter, load_campaign, make_sender
from letterkit.cli import app
from letterkit.merge.similarity import similarity
from letterkit.resources import campaigns_dir

runner = CliRunner()

# The bundled letter with a personal sentence and three ways to say thank you, as a campaign's
# author writes them (docs/campaign-format.md)
PERSONAL = """
{% if personal("why") %}

{{ personal("why", "One sentence on why this matters to you") }}
{% endif %}
"""
THANKS = """{{ one_of("thanks",
    "Thank you for your attention to this urgent matter.",
    "Thank you for considering this request; for the people concerned, it cannot wait.",
    "I thank you for your attention, and I will follow your government's response closely.") }}"""


@pytest.fixture(scope="module")
def campaign_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("personal") / "campaign"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    letter = folder / "letters" / "en.md.j2"
    text = letter.read_text("utf-8")
    first_end = text.index("Afghanistan.\n") + len("Afghanistan.\n")
    text = text[:first_end] + PERSONAL + text[first_end:]
    text = text.replace("Thank you for your attention to this urgent matter.", THANKS)
    letter.write_text(text, "utf-8")
    return folder


REQUEST = (
    "stop the arrests and deportations of Afghan refugees and reverse the decision to expel them;"
)


def _body(folder: Path, name: str, city: str = "Leeds", **row: str) -> str:
    sender = make_sender(name=name, city=city, country="GB")
    letter = compose_letter(load_campaign(folder), "pm", sender, language="en", row=row)
    return "\n".join(letter.plain_blocks())


def test_the_same_supporter_always_gets_the_same_letter(campaign_folder: Path) -> None:
    assert _body(campaign_folder, "Amina Rahimi") == _body(campaign_folder, "Amina Rahimi")


def test_supporters_get_different_wordings_but_the_same_request(campaign_folder: Path) -> None:
    bodies = {_body(campaign_folder, f"Supporter {n}") for n in range(30)}
    endings = {body.splitlines()[-1] for body in bodies}
    assert len(endings) == 3  # every alternative of the passage is used
    assert all(REQUEST in body for body in bodies)  # the request never varies


def test_a_personal_sentence_comes_from_the_data(campaign_folder: Path) -> None:
    body = _body(campaign_folder, "Sam Example", why="My neighbours fled Kabul in 2021.")
    assert "My neighbours fled Kabul in 2021." in body
    assert "\n\n" not in _body(campaign_folder, "Sam Example")  # without it, no empty paragraph


def test_similarity_groups_identical_and_near_letters() -> None:
    base = " ".join(f"word{n}" for n in range(80))  # a letter of 80 different words
    result = similarity([base, base, base + "Thank you.", "Something else entirely, said once."])
    assert (result.identical, result.near, result.distinct) == (1, 1, 1)
    assert result.largest_group == 3


def test_merge_reports_similarity(tmp_path: Path, campaign_folder: Path) -> None:
    data = tmp_path / "people.csv"
    rows = ["name,city,country,why"] + [f"Person {n},Leeds,GB," for n in range(12)]
    rows[1] = "Person 0,Leeds,GB,I taught Afghan students for ten years."
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = runner.invoke(
        app,
        [
            "merge",
            str(campaign_folder),
            str(data),
            "--to",
            "pm",
            "--lang",
            "en",
            "--format",
            "txt",
            "--out",
            str(tmp_path / "o"),
            "--jobs",
            "1",
            "--quiet",
            "--report-similarity",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "Similarity: 12 letters:" in done.output
    report = json.loads((tmp_path / "o" / "similarity.json").read_text("utf-8"))
    assert report["letters"] == 12 and report["identical"] >= 1
