"""Hostile campaign folders (issue 11): a template cannot hang letterkit or blow its memory, no
file outside the campaign folder is read, and deeply nested TOML is one clear line."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit import compose_letter, load_campaign, make_sender
from letterkit.cli import app
from letterkit.errors import CampaignError, TemplateError
from letterkit.resources import campaigns_dir

runner = CliRunner()
SENDER = make_sender(name="Sam Example", city="Leeds", country="GB")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "campaign"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    return folder


def _with_body(tmp_path: Path, extra: str) -> Path:
    folder = _copy(tmp_path)
    letter = folder / "letters" / "en.md.j2"
    letter.write_text(letter.read_text("utf-8") + "\n" + extra + "\n", "utf-8")
    return folder


HOSTILE = {
    "nested-loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "loops ran more than",
    ),
    "huge-string": ("{{ 'x' * 1000000000 }}", "too large"),
    "huge-power": ("{{ 10 ** 10 ** 10 }}", "grew past"),
    "huge-width": ("{{ 'x' | center(1000000000) }}", "center filter"),
    "huge-output": ("{% for i in range(99999) %}{{ 'y' * 99999 }}{% endfor %}", "wrote more than"),
    "silent-loops": (
        "{% set s = 'x' * 90000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        "loops ran more than",
    ),
    "namespace-doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        "more than",
    ),
    "endless-macro": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "call themselves too deeply",
    ),
    "huge-replace": ("{{ ('a' * 99999) | replace('', 'b' * 99999) }}", "replace filter"),
    "huge-replace-method": ("{{ ('a' * 99999).replace('', 'b' * 99999) }}", "'replace'"),
    "huge-format-width": ("{{ '{:>999999999}'.format(1) }}", "'format'"),
    "huge-percent-width": ("{{ '%999999999s' % 1 }}", "too large"),
    "huge-join": ("{{ ('ab' * 9999).split('a') | join('x' * 99999) }}", "join filter"),
    "nested-repeat": ("{% set l = ['x'] * 99999 %}{{ [l] * 99999 }}", "too large"),
    "huge-lipsum": ("{{ lipsum(1000000) }}", "lipsum"),
    "nested-literal": ("{% set l = ['x'] * 40000 %}{{ [l, l, l] }}", "more than"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=str)
def test_a_hostile_template_fails_in_seconds_naming_the_template(case: str, tmp_path: Path):
    body, message = HOSTILE[case]
    campaign = load_campaign(_with_body(tmp_path, body))
    started = time.monotonic()
    with pytest.raises(TemplateError, match=message) as caught:
        compose_letter(campaign, "pm", SENDER, language="en")
    assert time.monotonic() - started < 8  # limits: 5 s at the most, usually instant
    assert "letters/en.md.j2:" in str(caught.value)


@pytest.mark.parametrize(
    "case", ["silent-loops", "namespace-doubling", "huge-replace", "nested-repeat", "huge-lipsum"]
)
def test_the_limits_hold_in_a_worker_thread(case: str, tmp_path: Path) -> None:
    """Renders may run in threads, where no timer signal can interrupt them: the hooks alone
    (loop counting, sizes checked before a value is made) must stop a template."""
    body, message = HOSTILE[case]
    campaign = load_campaign(_with_body(tmp_path, body))
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(compose_letter, campaign, "pm", SENDER, language="en")
        with pytest.raises(TemplateError, match=message):
            future.result(timeout=15)
    assert time.monotonic() - started < 8


def test_the_time_limit_holds_in_a_worker_thread(tmp_path: Path) -> None:
    # each step is within every size limit, but together they would run for many minutes
    body = "{% for i in range(99000) %}{% set x = ('ab' * 24999) | sort %}{% endfor %}"
    campaign = load_campaign(_with_body(tmp_path, body))
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(compose_letter, campaign, "pm", SENDER, language="en")
        with pytest.raises(TemplateError, match="ran for more than 5 s"):
            future.result(timeout=30)
    assert time.monotonic() - started < 10


def test_check_reports_a_hostile_template(tmp_path: Path) -> None:
    folder = _with_body(tmp_path, HOSTILE["huge-string"][0])
    done = runner.invoke(app, ["check", str(folder)])
    assert done.exit_code != 0
    assert "en.md.j2" in done.output and "too large" in done.output


def test_a_normal_letter_is_within_the_limits(tmp_path: Path) -> None:
    folder = _with_body(tmp_path, "{% for i in range(50) %}{{ i }} {% endfor %}")
    letter = compose_letter(load_campaign(folder), "pm", SENDER, language="en")
    assert "49" in letter.plain_blocks()[-1]


def test_a_symlink_out_of_the_campaign_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("+++\nsubject = 'x'\n+++\nthe supporter's private notes\n", "utf-8")
    letter = folder / "letters" / "en.md.j2"
    letter.unlink()
    letter.symlink_to(secret)
    with pytest.raises(CampaignError, match="outside the campaign folder"):
        load_campaign(folder)
    (folder / "targets.toml").rename(tmp_path / "targets.toml")
    (folder / "targets.toml").symlink_to(tmp_path / "targets.toml")
    letter.unlink()
    shutil.copy(campaigns_dir() / "pakistan-deportations" / "letters" / "en.md.j2", letter)
    with pytest.raises(CampaignError, match=r"targets\.toml: leads outside"):
        load_campaign(folder)


@pytest.mark.parametrize("which", ["letters/en.md.j2", "targets.toml", "campaign.toml"])
def test_a_named_pipe_in_the_campaign_is_refused_not_waited_on(which: str, tmp_path: Path) -> None:
    import os

    folder = _copy(tmp_path)
    (folder / which).unlink()
    os.mkfifo(folder / which)  # reading it would wait for a writer for ever
    started = time.monotonic()
    with pytest.raises(CampaignError, match="not a regular file"):
        load_campaign(folder)
    assert time.monotonic() - started < 5


def test_an_include_cannot_read_other_files(tmp_path: Path) -> None:
    folder = _with_body(tmp_path, "{% include '/etc/passwd' %}")
    with pytest.raises(TemplateError):
        compose_letter(load_campaign(folder), "pm", SENDER, language="en")


def test_deeply_nested_toml_is_one_clear_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    meta = folder / "campaign.toml"
    meta.write_text(
        meta.read_text("utf-8") + "\nnested = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8"
    )
    with pytest.raises(CampaignError, match=r"campaign\.toml: nested too deeply"):
        load_campaign(folder)
    done = runner.invoke(app, ["show", str(folder)])
    assert done.exit_code == 2 and "Traceback" not in done.output
