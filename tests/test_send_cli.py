"""`letterkit send DIR` as a user runs it: dry run, real sending, exit codes, a killed run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from letterkit.cli.send import register
from letterkit.delivery.send import SENT_LOG
from test_send import TARGETS, assert_intact, files, log_lines, outbox, server  # noqa: F401  (fixtures below)  # noqa: F401

runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # keeps `send` a sub-command, as in letterkit
        pass

    register(app)
    return app


def env_for(settings) -> dict[str, str]:
    return {
        "LETTERKIT_SMTP_HOST": settings.host,
        "LETTERKIT_SMTP_PORT": str(settings.port),
        "LETTERKIT_SMTP_USER": "",
        "LETTERKIT_SMTP_PASSWORD": "",
    }


def test_dry_run_lists_file_to_and_subject(server, outbox):  # noqa: F811
    handler, settings = server
    result = runner.invoke(make_app(), ["send", str(outbox)], env=env_for(settings))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("would send: ") == 5
    assert "would send: 02-b-office-ur.eml" in out
    assert "To: =?" not in out  # decoded for people
    assert "Subject: افغان پناہ گزینوں کی ملک بدری روکیں" in out
    assert "Nothing was sent; add --send to send." in out
    assert handler.received == [] and not (outbox / SENT_LOG).exists()


def test_send_then_rerun_sends_nothing(server, outbox):  # noqa: F811
    handler, settings = server
    args = ["send", str(outbox), "--send", "--plain", "--rate", "0"]
    result = runner.invoke(make_app(), args, env=env_for(settings))
    assert result.exit_code == 0, result.output
    assert result.output.count("sent: ") == 5
    assert "5 sent, 0 already sent, 0 failed" in result.output
    assert len(handler.received) == 5
    result = runner.invoke(make_app(), args, env=env_for(settings))
    assert result.exit_code == 0
    assert result.output.count("already sent: ") == 5 and len(handler.received) == 5


def test_failures_give_a_nonzero_exit(server, outbox):  # noqa: F811
    handler, settings = server
    handler.reject_data_for = {"office.d@example.gov"}
    args = ["send", str(outbox), "--send", "--plain", "--rate", "0"]
    result = runner.invoke(make_app(), args, env=env_for(settings))
    assert result.exit_code == 3, result.output
    assert "FAILED: 04-d-office-ur.eml" in result.output and "554" in result.output
    assert "4 sent, 0 already sent, 1 failed" in result.output


def test_conflicting_security_options(server, outbox):  # noqa: F811
    _handler, settings = server
    result = runner.invoke(
        make_app(), ["send", str(outbox), "--send", "--ssl", "--plain"], env=env_for(settings)
    )
    assert result.exit_code == 2
    assert "choose one of --starttls, --ssl and --plain" in result.output


def test_password_is_asked_hidden_and_never_echoed(server, outbox):  # noqa: F811
    _handler, settings = server
    env = {
        **env_for(settings),
        "LETTERKIT_SMTP_USER": "amina",
        "LETTERKIT_SMTP_HOST": "smtp.example.org",
    }
    # a remote host without encryption: refused before any connection, after the prompt
    result = runner.invoke(
        make_app(), ["send", str(outbox), "--send", "--plain"], env=env, input="hunter2-secret\n"
    )
    assert "SMTP password for amina at smtp.example.org" in result.output
    assert "hunter2-secret" not in result.output
    assert result.exit_code == 1 and "unencrypted" in result.output


@pytest.mark.skipif(
    shutil.which("letterkit") is None and not Path(sys.executable).with_name("letterkit").exists(),
    reason="letterkit entry point not installed",
)
def test_killed_run_resumes_with_exactly_the_rest(server, outbox):  # noqa: F811
    """SIGKILL a rate-limited `letterkit send` after its first message; a re-run sends the rest."""
    handler, settings = server
    exe = Path(sys.executable).with_name("letterkit")
    env = {**os.environ, **env_for(settings)}
    proc = subprocess.Popen(
        [str(exe), "send", str(outbox), "--send", "--plain", "--rate", "20"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while len(log_lines(outbox)) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(log_lines(outbox)) == 1  # then it waits 3 s before the next one
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert len(handler.received) == 1
    result = runner.invoke(
        make_app(), ["send", str(outbox), "--send", "--plain", "--rate", "0"], env=env_for(settings)
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("already sent: ") == 1 and result.output.count("\nsent: ") == 4
    assert len(handler.received) == 5
    for received, path in zip(handler.received, files(outbox), strict=True):
        assert_intact(received, path)
    assert [
        e["file"]
        for e in map(json.loads, (outbox / SENT_LOG).read_text().splitlines())
        if e["state"] == "sent"
    ] == [p.name for p in files(outbox)]


def _kill_loop(
    smtp_server,
    tmp_path: Path,
    make_letter,  # type: ignore[no-untyped-def]
    kills: int,
):
    from letterkit.writers.email import render_eml
    from send_kill_loop import run_kill_loop

    handler, settings = smtp_server
    many = tmp_path / "many"
    many.mkdir()
    letter = make_letter("en")
    for n in range(30):
        one = replace(
            letter,
            recipient=replace(letter.recipient, email=f"office{n}@example.gov"),
            meta=replace(letter.meta, target_id=f"office-{n}"),
        )
        (many / f"{n:02d}.eml").write_bytes(render_eml(one))
    exe = Path(sys.executable).with_name("letterkit")
    command = [str(exe), "send", str(many), "--send", "--plain", "--rate", "0"]
    figures = run_kill_loop(
        command,
        many,
        {**os.environ, **env_for(settings)},
        lambda: [r.content for r in handler.received],
        kills=kills,
    )
    print(figures)
    assert figures.kills >= 1
    assert figures.duplicated == 0  # nothing sent twice, counted per Message-ID
    assert figures.lost == 0  # everything reached the server or is listed in doubt
    # what is in doubt and the server lacks was killed before its last byte: rare, reported
    assert figures.received + figures.in_doubt - figures.in_doubt_received == 30
    assert figures.final_exit == (3 if figures.in_doubt else 0)
    return figures


def test_kill_9_three_times_loses_and_duplicates_nothing(
    server,  # noqa: F811  (the fixture imported from test_send)
    tmp_path,
    make_letter,
):
    """`kill -9` a `letterkit send` while it sends, three times, then let it finish: every
    message reaches the server once, or is listed in doubt and not sent again."""
    _kill_loop(server, tmp_path, make_letter, kills=3)


@pytest.mark.slow
def test_kill_9_again_and_again_loses_and_duplicates_nothing(
    server,  # noqa: F811  (the fixture imported from test_send)
    tmp_path,
    make_letter,
):
    _kill_loop(server, tmp_path, make_letter, kills=20)
