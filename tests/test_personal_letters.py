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

# The bundled letter (its passages in one_of, the request fixed) with a personal sentence, as a
# campaign's author adds one (docs/campaign-format.md)
PERSONAL = """{% if personal("why") %}
{{ personal("why", "One sentence on why this matters to you") }}
{% endif %}

"""


@pytest.fixture(scope="module")
def campaign_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("personal") / "campaign"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    letter = folder / "letters" / "en.md.j2"
    text = letter.read_text("utf-8")
    second = text.index('{{ one_of("what"')
    letter.write_text(text[:second] + PERSONAL + text[second:], "utf-8")
    return folder


REQUEST = (
    "stop the arrests and deportations of Afghan refugees and reverse the decision to expel them;"
)
REQUEST_UR = "افغان پناہ گزینوں کی گرفتاریاں اور ملک بدری فوری طور پر روکی جائیں"
NAMES = [
    "Amina Rahimi", "Sam Example", "Jo Bloggs", "Hamid Karimi", "Fatima Noori", "Ali Ahmadi",
    "Maryam Sadat", "Tom O'Brien", "Ewa Nowak", "Linh Mai", "Zahra Hosseini", "Omid Rezai",
    "Ruth Cohen", "Kwame Mensah", "Ana Pereira", "Farid Wardak", "Nadia Jalali", "Peter Smith",
    "Sara Lindqvist", "Yusuf Demir", "Lena Fischer", "Mohammad Haidari", "Grace Okafor",
    "Ines Martin", "Karim Sultani", "Hannah Weber", "Parwana Amiri", "David Jones", "Leila Samadi",
    "Noor Khan",
]  # fmt: skip


def _body(folder: Path | str, name: str, city: str = "Leeds", lang: str = "en", **row: str) -> str:
    sender = make_sender(name=name, city=city, country="GB")
    letter = compose_letter(load_campaign(folder), "pm", sender, language=lang, row=row)
    return "\n".join(letter.plain_blocks())


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_same_supporter_always_gets_the_same_letter(lang: str) -> None:
    first = _body("pakistan-deportations", "Amina Rahimi", lang=lang)
    assert first == _body("pakistan-deportations", "Amina Rahimi", lang=lang)


@pytest.mark.parametrize(("lang", "request_text"), [("en", REQUEST), ("ur", REQUEST_UR)])
def test_two_supporters_rarely_get_the_same_letter_and_always_the_request(
    lang: str, request_text: str
) -> None:
    # the bundled campaign as shipped: the same town, so only the variants tell letters apart
    bodies = [_body("pakistan-deportations", name, lang=lang) for name in NAMES]
    pairs = [(a, b) for i, a in enumerate(bodies) for b in bodies[i + 1 :]]
    same = sum(a == b for a, b in pairs)
    assert same <= len(pairs) * 0.03, f"{same} of {len(pairs)} pairs identical"
    assert all(request_text in " ".join(body.split()) for body in bodies)
    endings = {body.splitlines()[-1] for body in bodies}
    assert len(endings) == 3  # every alternative of the closing passage is used


def test_a_personal_sentence_comes_from_the_data(campaign_folder: Path) -> None:
    body = _body(campaign_folder, "Sam Example", why="My neighbours fled Kabul in 2021.")
    assert "My neighbours fled Kabul in 2021." in body
    assert "\n\n" not in _body(campaign_folder, "Sam Example")  # without it, no empty paragraph


def test_the_bundled_example_batch_is_not_a_pile_of_form_letters(tmp_path: Path) -> None:
    """The merge example (README, docs/merge.md) on the test spreadsheet: most letters are in
    Urdu, the PM's language; none is identical to another letter to the same official."""
    data = Path(__file__).parent / "data" / "merge" / "supporters.xlsx"
    done = runner.invoke(
        app,
        [
            "merge", "pakistan-deportations", str(data), "--to", "all", "--format", "txt",
            "--out", str(tmp_path / "o"), "--jobs", "1", "--quiet", "--report-similarity",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    report = json.loads((tmp_path / "o" / "similarity.json").read_text("utf-8"))
    assert report["letters"] == 12 and report["identical"] == 0, report
    assert set(report["per_target"]) == {"pm", "ambassador-us"}


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
    parts = ("identical", "near", "distinct", "groups")  # groups: each group's first letter
    assert report["letters"] == 12 and sum(report[k] for k in parts) == 12
