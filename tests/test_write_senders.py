"""README command 1 for senders from every country (issue 10): the default letter is written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from matrix_cases import SENDERS

runner = CliRunner()


def _init(country: str) -> None:
    sender = SENDERS[country]
    args = [
        "init",
        "--name",
        sender["name"],
        "--street",
        sender["street"],
        "--city",
        sender["city"],
        "--postal-code",
        sender["postal_code"],
        "--country",
        country,
        "--email",
        sender["email"],
    ]
    if sender.get("region"):
        args += ["--region", sender["region"]]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output


def _page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Page size"))


@pytest.mark.parametrize("country", ["US", "CA", "GB", "DE", "FR", "PK", "AF"])
def test_the_default_command_writes_every_letter(country: str, tmp_path: Path) -> None:
    _init(country)
    out = tmp_path / "letters"
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "all",
            "--out",
            str(out),
            "--format",
            "pdf,docx",
        ],
    )
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in out.iterdir())
    # the letters in Urdu (the officials' language), and a copy in English for the sender
    assert names == sorted(
        f"pakistan-deportations-{t}-ur{copy}.{ext}"
        for t in ("pm", "ambassador-us")
        for copy in ("", "-copy-en")
        for ext in ("pdf", "docx")
    )


@pytest.mark.parametrize("language", ["en", "ur", "fa_AF"])
def test_a_canadian_sender_writes_every_language(language: str, tmp_path: Path) -> None:
    _init("CA")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--lang",
            language,
            "--out",
            str(tmp_path),
            "--format",
            "pdf",
        ],
    )
    assert done.exit_code == 0, done.output
    pdf = tmp_path / f"pakistan-deportations-pm-{language}.pdf"
    assert "612 x 792" in _page_size(pdf)  # US Letter, the #10 layout


def test_paper_alone_brings_its_layout(tmp_path: Path) -> None:
    _init("US")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--paper",
            "a4",
            "--out",
            str(tmp_path),
            "--format",
            "pdf",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "595.276 x 841.89" in _page_size(tmp_path / "pakistan-deportations-pm-ur.pdf")


def test_one_target_failing_does_not_cost_the_others_their_letters(tmp_path: Path) -> None:
    _init("GB")
    (tmp_path / "pakistan-deportations-pm-ur.pdf").write_bytes(b"the user's own file")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "all",
            "--out",
            str(tmp_path),
            "--format",
            "pdf",
        ],
    )
    assert done.exit_code == 1, done.output
    assert "pm: " in done.output and "use --force" in done.output
    assert (tmp_path / "pakistan-deportations-pm-ur.pdf").read_bytes() == b"the user's own file"
    assert (tmp_path / "pakistan-deportations-ambassador-us-ur.pdf").exists()


def test_a_mailto_link_is_printed_only_when_mail_clients_take_it(tmp_path: Path) -> None:
    _init("GB")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "ambassador-us",
            "--out",
            str(tmp_path),
            "--format",
            "txt",
        ],
    )
    assert done.exit_code == 0, done.output
    links = [w for w in done.output.split() if w.startswith("mailto:")]
    assert len(links) == 1 and len(links[0]) <= 2000
    if "&body=" not in links[0]:  # the letter did not fit: the link opens the message to paste into
        assert "?subject=" in links[0] and "too long for a link" in done.output


@pytest.mark.parametrize("to", ["pm;ambassador-us", "pm, ambassador-us", "PM ambassador-us", "all"])
def test_write_and_merge_read_to_the_same_way(to: str, tmp_path: Path) -> None:
    _init("GB")
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            to,
            "--out",
            str(tmp_path / "w"),
            "--format",
            "txt",
            "--no-reference-copy",
        ],
    )
    assert done.exit_code == 0, done.output
    assert len(list((tmp_path / "w").glob("*.txt"))) == 2
    data = tmp_path / "one.csv"
    data.write_text("name,city,country\nSam Example,Leeds,GB\n", encoding="utf-8")
    done = runner.invoke(
        app,
        [
            "merge",
            "pakistan-deportations",
            str(data),
            "--to",
            to,
            "--out",
            str(tmp_path / "m"),
            "--format",
            "txt",
            "--jobs",
            "1",
            "--quiet",
            "--no-reference-copy",
        ],
    )
    assert done.exit_code == 0, done.output
    assert len(list((tmp_path / "m").glob("*.txt"))) == 2


def test_an_unknown_target_lists_the_known_ones(tmp_path: Path) -> None:
    _init("GB")
    done = runner.invoke(
        app, ["write", "pakistan-deportations", "--to", "nope", "--out", str(tmp_path)]
    )
    assert done.exit_code == 2
    assert "no target 'nope'" in done.output and "pm, ambassador-us" in done.output


def test_a_letter_the_sender_cannot_read_comes_with_a_copy_they_can(tmp_path: Path) -> None:
    _init("GB")  # an English-speaking supporter in Leeds: the PM's letter is in Urdu
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--out",
            str(tmp_path),
            "--format",
            "pdf,txt",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "The letter is in Urdu, the official's language. A copy in English" in done.output
    copy = " ".join(
        (tmp_path / "pakistan-deportations-pm-ur-copy-en.txt").read_text("utf-8").split()
    )
    assert "Copy for you to read, in English: the letter you send is in Urdu" in copy
    assert "Do not send this copy." in copy
    sent = (tmp_path / "pakistan-deportations-pm-ur.txt").read_text("utf-8")
    assert "Do not send" not in sent and "پاکستان" in sent
    pdf_copy = tmp_path / "pakistan-deportations-pm-ur-copy-en.pdf"
    from pdfread import pdf_text

    assert "Copy for you to read" in " ".join(pdf_text(pdf_copy).split())
    done = runner.invoke(
        app,
        [
            "write",
            "pakistan-deportations",
            "--to",
            "pm",
            "--out",
            str(tmp_path / "no"),
            "--format",
            "txt",
            "--no-reference-copy",
        ],
    )
    assert done.exit_code == 0 and [p.name for p in (tmp_path / "no").iterdir()] == [
        "pakistan-deportations-pm-ur.txt"
    ]
