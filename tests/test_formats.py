"""The format registry: what a user sees in --help, what merge accepts, what a format writes."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.deadlines import deadline_status, parse_day
from letterkit.delivery.hints import delivery_lines
from letterkit.errors import ChoiceError, DataError
from letterkit.layouts import LAYOUTS, check_paper
from letterkit.model import Letter
from letterkit.output import (
    FORMATS,
    RenderOptions,
    batch_formats,
    format_help,
    parse_formats,
    register,
    render,
)

runner = CliRunner()
POINTS_PER_MM = 72 / 25.4


def _help(*command: str) -> str:
    result = runner.invoke(
        app,
        [*command, "--help"],
        terminal_width=400,
        env={"COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"},
    )
    assert result.exit_code == 0, result.output
    # rich wraps help text inside boxes: compare the words, without the box's borders
    return " ".join(result.output.translate(dict.fromkeys(map(ord, "│╭╮╰╯─"), " ")).split())


def test_write_help_lists_every_registered_format_with_its_help_line() -> None:
    text = _help("write")
    for fmt in FORMATS.values():
        assert f"{fmt.name}: {fmt.help}" in text


def test_merge_help_lists_exactly_the_batch_formats() -> None:
    text = _help("merge")
    batch = {f.name for f in batch_formats()}
    assert batch == {"pdf", "docx", "txt"}
    for fmt in FORMATS.values():
        assert (f"{fmt.name}: {fmt.help}" in text) == (fmt.name in batch), fmt.name


def test_layout_help_names_every_layout() -> None:
    text = _help("write")
    assert "Window-envelope layout: " + ", ".join(LAYOUTS) in text


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_names_modules_that_exist(name: str) -> None:
    """The registry names writers' modules as strings (imported late): a moved module fails here."""
    fmt = FORMATS[name]
    assert fmt.extension.startswith(".") and fmt.help
    cls = fmt.options_type()
    assert (cls is None) == (fmt.options == "")
    for module in fmt.preload:
        importlib.import_module(module)


@pytest.fixture
def extra_format() -> Iterator[str]:
    @register("shout", extension=".shout.txt", help="the subject in capitals")
    def _shout(letter: Letter, options: RenderOptions, _none: None) -> bytes:
        return letter.subject.upper().encode("utf-8")

    try:
        yield "shout"
    finally:
        del FORMATS["shout"]


def test_a_registered_format_is_chosen_rendered_and_listed(
    extra_format: str,
    make_letter: Callable[..., Letter],
) -> None:
    letter = make_letter("en")
    [fmt] = parse_formats(extra_format)
    assert render(letter, fmt) == letter.subject.upper().encode("utf-8")
    assert "shout: the subject in capitals" in format_help()
    assert "shout" not in format_help(batch=True)
    with pytest.raises(ValueError, match="registered twice"):
        register("shout", extension=".x", help="again")(fmt.writer)


def test_an_unknown_format_names_the_registered_ones() -> None:
    with pytest.raises(ChoiceError, match="choose from: pdf, docx, txt, eml, fax, envelope"):
        parse_formats("pdf,odt")


def _page_size_mm(pdf: bytes, page: int = -1) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[page].mediabox
    return round(float(box.width) / POINTS_PER_MM), round(float(box.height) / POINTS_PER_MM)


@pytest.mark.parametrize("fmt", ["pdf", "fax"])
def test_pdf_and_fax_take_the_paper_asked_for(fmt: str, make_letter: Callable[..., Letter]) -> None:
    letter = make_letter("en")
    letter = replace(letter, recipient=replace(letter.recipient, fax="+1 202-555-0147"))
    # last page: the fax's first page is its cover sheet
    assert _page_size_mm(render(letter, fmt, RenderOptions(paper="letter"))) == (216, 279)
    assert _page_size_mm(render(letter, fmt, RenderOptions(paper="a4"))) == (210, 297)


def test_paper_and_font_are_checked_by_the_library_as_by_the_cli() -> None:
    with pytest.raises(ChoiceError, match=r"--paper: unknown paper 'a5'; choose a4 or letter"):
        RenderOptions(paper="a5")
    with pytest.raises(
        ChoiceError, match=r"--font: unknown family 'comic'; choose one of: .*naskh"
    ):
        RenderOptions(family="comic")
    check_paper(None)
    check_paper("Letter")
    assert RenderOptions(paper="a4", family="naskh").family == "naskh"


def test_write_refuses_a_bad_paper_or_font_before_writing(tmp_path: Path) -> None:
    init = runner.invoke(
        app,
        [
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
        ],
    )
    assert init.exit_code == 0, init.output
    base = ["write", "pakistan-deportations", "--to", "pm", "--out", str(tmp_path)]
    result = runner.invoke(app, [*base, "--paper", "a5"])
    assert result.exit_code == 2
    assert result.stderr == ("letterkit: error: --paper: unknown paper 'a5'; choose a4 or letter\n")
    result = runner.invoke(app, [*base, "--font", "comic", "--paper", "a5"])  # font first
    assert result.exit_code == 2 and result.stderr.startswith(
        "letterkit: error: --font: unknown family 'comic'; choose one of: "
    )
    assert not any(tmp_path.iterdir())


def test_parse_day_and_deadline_status() -> None:
    assert parse_day("2024-02-08") == dt.date(2024, 2, 8)
    assert parse_day(None) == dt.date.today()
    with pytest.raises(DataError, match=r"--date: '8/2/2024' is not a date like 2024-02-08"):
        parse_day("8/2/2024")

    class Campaign:
        deadline = dt.date(2026, 12, 10)

        def days_left(self, today: dt.date) -> int:
            return (self.deadline - today).days

    campaign = Campaign()
    assert deadline_status(campaign, dt.date(2026, 12, 1)) == (  # type: ignore[arg-type]
        "2026-12-10 (9 days left)",
        False,
    )
    assert deadline_status(campaign, dt.date(2026, 12, 10)) == (  # type: ignore[arg-type]
        "2026-12-10 (today is the last day)",
        False,
    )
    line, closed = deadline_status(campaign, dt.date(2026, 12, 13))  # type: ignore[arg-type]
    assert closed and "CLOSED 3 days ago" in line


def test_delivery_lines_name_every_channel_the_official_has(
    make_letter: Callable[..., Letter],
) -> None:
    letter = make_letter("en")
    letter = replace(
        letter, recipient=replace(letter.recipient, fax="+1 202-555-0147", phone="+92 51 9206111")
    )
    lines = delivery_lines(letter)
    assert lines[0] == "email: pm@example.gov.pk"
    assert lines[1].strip().startswith("mailto:pm@example.gov.pk?subject=")
    assert lines[2] == "fax:   +1 202-555-0147"
    assert lines[3].startswith("post:  ") and "Islamabad" in lines[3]
    assert lines[4] == "phone: +92 51 9206111"
