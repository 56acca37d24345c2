"""The local report-back tally across write, merge and send (issue 14): counted once, no names."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.tally import counts, tally_path
from test_send import server  # noqa: F401  (the aiosmtpd fixture)

runner = CliRunner()


def _init(*extra: str) -> None:
    done = runner.invoke(
        app,
        [
            "init",
            "--name",
            "Sam Example",
            "--city",
            "Leeds",
            "--country",
            "GB",
            "--email",
            "sam@example.org",
            *extra,
        ],
    )
    assert done.exit_code == 0, done.output


def _totals() -> dict[tuple[str, str, str, str], int]:
    return {
        (r.target, r.channel, r.action, r.language): r.count
        for r in counts("pakistan-deportations")
    }


def test_write_counts_each_letter_once_per_channel(tmp_path: Path) -> None:
    _init()
    for _ in range(2):  # writing the same letter again does not count it twice
        done = runner.invoke(
            app,
            [
                "write",
                "pakistan-deportations",
                "--to",
                "all",
                "--lang",
                "en",
                "--format",
                "pdf,eml",
                "--out",
                str(tmp_path),
                "--force",
            ],
        )
        assert done.exit_code == 0, done.output
    assert _totals() == {
        ("ambassador-us", "email", "written", "en"): 1,
        ("ambassador-us", "post", "written", "en"): 1,
        ("pm", "post", "written", "en"): 1,
    }
    # pm has no email address: its eml is skipped, and not counted
    raw = tally_path().read_bytes()
    assert b"Sam Example" not in raw and b"sam@example.org" not in raw and b"Leeds" not in raw


@pytest.mark.parametrize("part", [500, 2])
def test_merge_counts_each_supporter_once_across_reruns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    """Counted once per supporter, also when a batch is counted in parts as it goes (so that
    its memory does not grow with its length: ``TALLY_BATCH`` letters at a time)."""
    from letterkit.merge import runner as merge_runner

    monkeypatch.setattr(merge_runner, "TALLY_BATCH", part)
    data = tmp_path / "people.csv"
    data.write_text(
        "name,city,country\nA One,Leeds,GB\nB Two,Leeds,GB\nC Three,Berlin,DE\n", encoding="utf-8"
    )
    for _ in range(2):
        done = runner.invoke(
            app,
            [
                "merge",
                "pakistan-deportations",
                str(data),
                "--to",
                "pm",
                "--lang",
                "en",
                "--format",
                "pdf",
                "--out",
                str(tmp_path / "out"),
                "--jobs",
                "1",
                "--quiet",
            ],
        )
        assert done.exit_code == 0, done.output
    assert _totals() == {("pm", "post", "written", "en"): 3}


def test_send_counts_what_the_server_accepted(tmp_path: Path, server) -> None:  # noqa: F811
    _init()
    out = tmp_path / "outbox"
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "ambassador-us",
            "--lang",
            "en",
            "--format",
            "eml",
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    handler, settings = server
    from letterkit.delivery.send import send_folder

    for _ in range(2):
        send_folder(out, settings, send=True)
    assert len(handler.received) == 1
    assert _totals()[("ambassador-us", "email", "sent", "en")] == 1


def test_report_prints_and_exports_the_tally(tmp_path: Path) -> None:
    _init()
    runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--lang",
            "ur",
            "--format",
            "pdf",
            "--out",
            str(tmp_path),
        ],
    )
    done = runner.invoke(
        app,
        [
            "report",
            "pakistan-deportations",
            "--csv",
            str(tmp_path / "t.csv"),
            "--json",
            str(tmp_path / "t.json"),
        ],
    )
    assert done.exit_code == 0, done.output
    assert "Total post written: 1" in done.output and "UA 109.23" in done.output
    data = json.loads((tmp_path / "t.json").read_text("utf-8"))
    assert data["totals"] == {"post_written": 1}
    assert data["rows"][0]["language"] == "ur"
    assert (tmp_path / "t.csv").read_text("utf-8").splitlines()[
        1
    ] == "pakistan-deportations,UA 109.23,pm,post,written,ur,1"


@pytest.mark.parametrize("how", ["profile", "env"])
def test_counting_can_be_switched_off(tmp_path: Path, how: str, monkeypatch) -> None:
    _init("--no-tally") if how == "profile" else _init()
    if how == "env":
        monkeypatch.setenv("LETTERKIT_TALLY", "0")
    done = runner.invoke(
        app,
        ["write", "pakistan-deportations", "--to", "pm", "--format", "pdf", "--out", str(tmp_path)],
    )
    assert done.exit_code == 0, done.output
    assert _totals() == {}
    if tally_path().exists():
        with sqlite3.connect(tally_path()) as db:
            assert db.execute("SELECT COUNT(*) FROM letters").fetchone() == (0,)


OPEN_LETTER = "afghan-deportations-open-letter"
SIGNATORIES = (
    Path(__file__).parent.parent / "templates" / "campaigns" / OPEN_LETTER / "signatories.csv"
)


def _sign_on(out: Path, lang: str, fmt: str = "pdf,docx") -> None:
    done = runner.invoke(
        app,
        ["sign-on", OPEN_LETTER, str(SIGNATORIES), "--lang", lang, "--format", fmt]
        + ["--out", str(out), "--force"],
    )
    assert done.exit_code == 0, done.output


def test_sign_on_counts_the_open_letter_once_per_language_and_channel(tmp_path: Path) -> None:
    _init()
    for _ in range(2):  # written again (a longer list, a fix): still one letter
        _sign_on(tmp_path, "en")
    _sign_on(tmp_path, "fa_AF", "pdf")
    rows = {(r.target, r.channel, r.action, r.language): r.count for r in counts(OPEN_LETTER)}
    assert rows == {
        ("addressees", "post", "written", "en"): 1,
        ("addressees", "post", "written", "fa_AF"): 1,
    }
    report = runner.invoke(app, ["report", OPEN_LETTER])
    assert report.exit_code == 0, report.output
    assert "addressees" in report.output
    raw = tally_path().read_bytes()  # no names of signatories
    assert b"Amnesty" not in raw and "افغان".encode() not in raw


@pytest.mark.parametrize("how", ["profile", "env"])
def test_sign_on_counting_can_be_switched_off(tmp_path: Path, how: str, monkeypatch) -> None:
    _init("--no-tally") if how == "profile" else _init()
    if how == "env":
        monkeypatch.setenv("LETTERKIT_TALLY", "0")
    _sign_on(tmp_path, "en")
    assert counts(OPEN_LETTER) == []
