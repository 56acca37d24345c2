"""The core commands as a supporter uses them, through Typer's CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app

runner = CliRunner()
INIT = [
    "init",
    "--name",
    "Amina Rahimi",
    "--street",
    "12 Example Street",
    "--city",
    "Berlin",
    "--postal-code",
    "10115",
    "--country",
    "DE",
    "--email",
    "amina@example.org",
    "--phone",
    "+49 30 1234567",
    "--language",
    "en",
]


def run(*args: str, **kwargs):
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture
def profile():
    result = run(*INIT)
    assert result.exit_code == 0, result.output
    return result


def test_init_with_flags_saves_and_profile_shows(profile, _isolated_config):
    assert "Saved your profile" in profile.stdout
    assert (_isolated_config / "profile.toml").is_file()
    shown = run("profile")
    assert shown.exit_code == 0
    assert "Amina Rahimi" in shown.stdout and "10115" in shown.stdout
    again = run(*INIT)
    assert again.exit_code == 2
    assert again.stderr.strip().startswith("letterkit: error:") and "--force" in again.stderr
    assert run(*INIT, "--force").exit_code == 0


def test_init_prompts_when_interactive(monkeypatch, _isolated_config):
    monkeypatch.setattr("letterkit.cli.profile.is_interactive", lambda: True)
    answers = (
        "\n".join(["Zahra Ahmadi", "Rue 1", "Paris", "", "75001", "FR", "", "", "fa_AF", "y"])
        + "\n"
    )
    result = runner.invoke(app, ["init"], input=answers, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (_isolated_config / "profile.toml").read_text(encoding="utf-8")
    assert 'name = "Zahra Ahmadi"' in text and 'language = "fa_AF"' in text
    assert "safe = true" in text


def test_init_without_name_in_a_script_fails_clearly(_isolated_config):
    result = run("init")
    assert result.exit_code == 2 and "--name is required" in result.stderr


def test_campaigns_and_show(profile):
    listing = run("campaigns")
    assert "pakistan-deportations" in listing.stdout and "UA 109.23" in listing.stdout
    before = run("show", "pakistan-deportations", "--date", "2024-01-29")
    assert "2024-02-08 (10 days left)" in before.stdout
    assert "ambassador-us" in before.stdout and "info@embassyofpakistanusa.org" in before.stdout
    assert "verified 2023-12-01" in before.stdout
    assert before.stderr == ""
    after = run("show", "pakistan-deportations", "--date", "2024-02-18")
    assert "CLOSED 10 days ago" in after.stdout
    assert "deadline has passed" in after.stderr


def test_write_text_letter_and_delivery_hints(profile, tmp_path):
    result = run(
        "write",
        "pakistan-deportations",
        "--to",
        "ambassador-us",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--date",
        "2024-01-29",
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "pakistan-deportations-ambassador-us-ur.txt"
    assert "Language: ur (Urdu), first of ambassador-us's preferred languages" in result.stdout
    assert str(out) in result.stdout
    assert "email: info@embassyofpakistanusa.org" in result.stdout
    assert "post:" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "پاکستان سے افغان پناہ گزینوں کی ملک بدری روکی جائے" in text
    assert "Amina Rahimi" in text


def test_write_never_overwrites_without_force(profile, tmp_path):
    args = [
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
    ]
    assert run(*args).exit_code == 0
    target = tmp_path / "pakistan-deportations-pm-en.txt"
    target.write_text("my own edits", encoding="utf-8")
    again = run(*args)
    assert again.exit_code == 1 and "use --force" in again.stderr
    assert target.read_text(encoding="utf-8") == "my own edits"
    assert run(*args, "--force").exit_code == 0
    assert "Dear Prime Minister," in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--to", "nobody"], "choose one of: pm, ambassador-us"),
        (["--to", "pm", "--lang", "de"], "languages: en, fa_AF, ur"),
        (["--to", "pm", "--format", "odt"], "choose from: pdf, docx, txt, eml, fax, envelope"),
        ([], "--to is required"),
    ],
)
def test_bad_choices_give_one_line_and_exit_2(profile, tmp_path, args, message):
    result = run(
        "write", "pakistan-deportations", "--out", str(tmp_path), "--date", "2024-01-29", *args
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("letterkit: error:") and message in lines[0]
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_unknown_campaign_lists_choices(profile):
    result = run("show", "nope")
    assert (
        result.exit_code == 2
        and "bundled: afghan-deportations-open-letter, pakistan-deportations" in result.stderr
    )


def test_write_without_profile_says_run_init(tmp_path):
    result = run("write", "pakistan-deportations", "--to", "pm", "--out", str(tmp_path))
    assert result.exit_code == 2 and "letterkit init" in result.stderr


def test_sender_file_and_safe_flag(tmp_path):
    sender = tmp_path / "someone.toml"
    sender.write_text(
        'name = "Farid Noori"\nemail = "f@example.org"\n[address]\n'
        'street = ["9 Hidden Lane"]\ncity = "Leeds"\ncountry = "GB"\n',
        encoding="utf-8",
    )
    result = run(
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--sender",
        str(sender),
        "--safe",
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pakistan-deportations-pm-en.txt").read_text(encoding="utf-8")
    assert "F. N." in text and "Leeds" in text
    assert "Farid" not in text and "Hidden Lane" not in text and "f@example.org" not in text


def test_template_error_is_one_line_with_file_and_line(profile, tmp_path):
    import shutil

    from letterkit.resources import campaigns_dir

    folder = tmp_path / "camp"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    (folder / "letters" / "en.md.j2").write_text(
        '+++\nsubject = "x"\n+++\nHello {{ sender.nickname }}\n', encoding="utf-8"
    )
    result = run(
        "write",
        str(folder),
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "txt",
        "--out",
        str(tmp_path / "out"),
        "--date",
        "2024-01-29",
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"letterkit: error: {folder / 'letters' / 'en.md.j2'}:4: body: "
        "undefined field 'sender.nickname'"
    )
    check = run("check", str(folder))
    assert check.exit_code == 2 and "sender.nickname" in check.stderr


def test_edit_opens_the_editor_and_uses_the_supporters_words(profile, tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8').replace('I am writing', "
        "'As a teacher, I am writing'), encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    result = run(
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "en",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--edit",
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pakistan-deportations-pm-en.txt").read_text(encoding="utf-8")
    assert "As a teacher, I am writing from Berlin" in text


def test_edit_without_editor_explains(profile, tmp_path):
    result = run(
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--edit",
    )
    assert result.exit_code == 2 and "EDITOR" in result.stderr


def test_check_bundled_campaign_is_clean():
    result = run("check", "pakistan-deportations")
    assert result.exit_code == 0, result.output
    assert "pakistan-deportations: OK" in result.stdout


def test_console_script_help_runs_as_a_program():
    env = {**os.environ, "COLUMNS": "120"}
    exe = Path(sys.executable).with_name("letterkit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "letterkit"]
    done = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0
    for name in ("init", "profile", "campaigns", "show", "check", "write"):
        assert name in done.stdout


def test_show_and_write_advise_a_channel_from_the_deadline(profile, tmp_path):
    early = run("show", "pakistan-deportations", "--date", "2024-01-10")
    assert "advice: post: 29 days left" in early.stdout
    late = run(
        "write",
        "pakistan-deportations",
        "--to",
        "ambassador-us",
        "--lang",
        "en",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--date",
        "2024-02-05",
    )
    assert "Advice: email: 3 days left: too late for post" in late.stdout


def test_digits_and_calendars_are_switchable(profile, tmp_path):
    args = [
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "fa_AF",
        "--format",
        "txt",
        "--out",
        str(tmp_path),
        "--date",
        "2024-02-08",
    ]
    assert run(*args).exit_code == 0
    native = (tmp_path / "pakistan-deportations-pm-fa_AF.txt").read_text(encoding="utf-8")
    assert "۳٬۷۰۰٬۰۰۰" in native and "۱۴۰۲" in native  # Solar Hijri year, Persian digits
    result = run(*args, "--force", "--digits", "latn", "--calendar", "gregorian,lunar_hijri")
    assert result.exit_code == 0, result.output
    latin = (tmp_path / "pakistan-deportations-pm-fa_AF.txt").read_text(encoding="utf-8")
    assert "3٬700٬000" in latin
    assert "8 فبروری 2024" in latin and "1445" in latin  # 27 Rajab 1445 AH
    assert "1402" not in latin
    bad = run(*args, "--force", "--digits", "roman")
    assert bad.exit_code == 2 and "latn, arabext, arab" in bad.stderr


def test_a_channel_the_target_lacks_is_skipped_not_fatal(profile, tmp_path):
    args = [
        "write",
        "pakistan-deportations",
        "--to",
        "pm",
        "--lang",
        "en",
        "--out",
        str(tmp_path),
        "--date",
        "2024-01-29",
    ]
    mixed = run(*args, "--format", "txt,fax")
    assert mixed.exit_code == 0
    assert "skipped fax" in mixed.stderr and "has no fax number; its channels: post" in mixed.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["pakistan-deportations-pm-en.txt"]
    only = run(*args, "--format", "fax")
    assert only.exit_code == 1 and "no fax number" in only.stderr


def test_version_alone_prints_the_installed_version():
    """``letterkit --version`` needs no command, and says what pip installed."""
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "letterkit", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"letterkit {version('letterkit')}"
