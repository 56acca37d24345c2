"""Personal letters, not form letters (issue 14): variants chosen per supporter, the request kept,
a personal sentence from a column, and a batch's similarity report."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from letterkit import compose_letter, load_campaign, make_sender
from letterkit.cli import app
from letterkit.merge.similarity import similarity

runner = CliRunner()
CAMPAIGN = load_campaign("pakistan-deportations")
REQUEST = ("stop the arrests and deportations of Afghan refugees and reverse the decision to "
           "expel them;")


def _body(name: str, city: str = "Leeds", **row: str) -> str:
    sender = make_sender(name=name, city=city, country="GB")
    letter = compose_letter(CAMPAIGN, "pm", sender, language="en", row=row)
    return "\n".join(letter.plain_blocks())


def test_the_same_supporter_always_gets_the_same_letter() -> None:
    assert _body("Amina Rahimi") == _body("Amina Rahimi")


def test_supporters_get_different_wordings_but_the_same_request() -> None:
    bodies = {_body(f"Supporter {n}") for n in range(30)}
    endings = {body.splitlines()[-1] for body in bodies}
    assert len(endings) == 3  # every alternative of the passage is used
    assert all(REQUEST in body for body in bodies)  # the request never varies


def test_a_personal_sentence_comes_from_the_data() -> None:
    body = _body("Sam Example", why="My neighbours fled Kabul in 2021.")
    assert "My neighbours fled Kabul in 2021." in body
    assert "\n\n" not in _body("Sam Example")  # without it, no empty paragraph


def test_similarity_groups_identical_and_near_letters() -> None:
    base = " ".join(f"word{n}" for n in range(80))  # a letter of 80 different words
    result = similarity([base, base, base + "Thank you.", "Something else entirely, said once."])
    assert (result.identical, result.near, result.distinct) == (1, 1, 1)
    assert result.largest_group == 3


def test_merge_reports_similarity(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    rows = ["name,city,country,why"] + [f"Person {n},Leeds,GB," for n in range(12)]
    rows[1] = "Person 0,Leeds,GB,I taught Afghan students for ten years."
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = runner.invoke(app, ["merge", "pakistan-deportations", str(data), "--to", "pm",
                               "--lang", "en", "--format", "txt", "--out", str(tmp_path / "o"),
                               "--jobs", "1", "--quiet", "--report-similarity"])
    assert done.exit_code == 0, done.output
    assert "Similarity: 12 letters:" in done.output
    report = json.loads((tmp_path / "o" / "similarity.json").read_text("utf-8"))
    assert report["letters"] == 12 and report["identical"] >= 1
