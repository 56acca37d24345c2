"""`merge --envelopes --labels`: the envelopes and the label sheet for a batch, in letter order."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.campaign import load_campaign
from letterkit.cli import app
from pdfread import pdf_text

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "merge" / "supporters.xlsx"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def test_envelopes_and_labels_follow_the_letters(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "merge",
            "pakistan-deportations",
            str(DATA),
            "--to",
            "all",
            "--format",
            "txt",
            "--out",
            str(out),
            "--lang",
            "en",
            "--envelopes",
            "C5",
            "--labels",
            "5160",
            "--date",
            "2024-01-20",
            "--jobs",
            "1",
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["status"] == "written"]
    assert len(rows) >= 4
    envelopes, labels = out / "envelopes.pdf", out / "labels.pdf"
    info = subprocess.run(
        ["pdfinfo", str(envelopes)], capture_output=True, text=True, check=True
    ).stdout
    assert f"Pages:           {len(rows)}" in info
    campaign = load_campaign("pakistan-deportations")

    def recipient(row: dict[str, str]) -> str:  # the name as written in the letter's language
        return campaign.target(row["target"]).field_in("name", row["language"])

    for page, row in enumerate(rows, start=1):
        text = pdf_text(envelopes, page)
        assert recipient(row) in text, (page, row)
        letter = (out / row["files"]).read_text(encoding="utf-8")
        assert letter.splitlines()[0].lstrip("\u200f") in text  # this letter's sender
    # labels: 5160 is 3 across; read the first row of labels left to right
    words = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(labels), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = rows[:3]
    assert all(r["language"] == "en" for r in first), first  # Latin names read left to right
    first_line = next(line for line in words.splitlines() if "H.E." in line)
    in_line = re.findall(r"H\.E\. (Anwaar-ul-Haq Kakar|Masood Khan)", first_line)
    assert in_line == [recipient(r) for r in first], first_line


def test_unknown_envelope_or_sheet_fails_before_any_letter(tmp_path):
    out = tmp_path / "out"
    for option, value, choices in (
        ("--envelopes", "B4", "DL, C5, #10"),
        ("--labels", "L9999", "L7163, 5160"),
    ):
        result = runner.invoke(
            app,
            [
                "merge",
                "pakistan-deportations",
                str(DATA),
                "--to",
                "all",
                "--format",
                "txt",
                "--out",
                str(out),
                option,
                value,
            ],
        )
        assert result.exit_code == 2 and choices in result.stderr
        assert not out.exists()


def test_a_relative_combine_path_lands_beside_envelopes_and_labels(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        [
            "merge",
            "pakistan-deportations",
            str(DATA),
            "--to",
            "pm",
            "--out",
            str(out),
            "--combine",
            "print.pdf",
            "--envelopes",
            "DL",
            "--jobs",
            "1",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "print.pdf").exists() and (out / "envelopes.pdf").exists()
    assert not (tmp_path / "print.pdf").exists()


def test_merge_warns_of_a_passed_deadline_as_write_does(tmp_path):
    result = runner.invoke(
        app,
        [
            "merge",
            "pakistan-deportations",
            str(DATA),
            "--to",
            "pm",
            "--out",
            str(tmp_path / "letters"),
            "--jobs",
            "1",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning: deadline 2024-02-08" in result.output and "CLOSED" in result.output
