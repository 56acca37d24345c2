"""`sign-on` with a signatory list as organisers save it: an excerpt of seed 004's list (Persian
names, an organisation written "Organisation/Person", an acronym joined to a Persian name) with
rows a second organiser added, saved by Excel (UTF-8 with BOM; European Excel: semicolons) and
by LibreOffice (UTF-8 CSV, and XLSX converted from it by LibreOffice Calc)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.openletter.duplicates import find_duplicates
from letterkit.openletter.signatories import read_signatories

DATA = Path(__file__).parent / "data"
FILES = sorted((DATA / "signatories").glob("seed004-*"))
CAMPAIGN = "afghan-deportations-open-letter"
runner = CliRunner()


def test_every_saved_form_reads_alike() -> None:
    assert len(FILES) == 4
    first, *others = [read_signatories(path) for path in FILES]
    assert all(rows == first for rows in others)
    assert [r.name for r in first][3:6] == [
        "جنبش ترکتبار افغانستان",
        "جنبش زنان تورکتبار افغانستان",
        "VPO-سازمان حمایت از قربانیان",
    ]
    assert first[-1].anonymous and first[-2].name_local == "شبنم رحیمی"


def test_an_organisation_and_its_person_and_an_acronym_beside_a_persian_name_are_reported() -> None:
    rows = read_signatories(DATA / "signatories" / "seed004-excel-utf8-bom.csv")
    pairs = {(d.first.row, d.second.row) for d in find_duplicates(rows)}
    # AHRDO; "Women's Voices Now/Heidi Basch-Harod" and Heidi Basch-Harod; the VPO twice
    assert pairs == {(2, 3), (4, 8), (7, 9)}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sign_on_reports_duplicates_and_prints_every_row(path: Path, tmp_path: Path) -> None:
    done = runner.invoke(
        app,
        [
            "sign-on", CAMPAIGN, str(path), "--lang", "fa_AF", "--sort", "name", "--group",
            "--columns", "2", "--format", "txt", "--out", str(tmp_path), "--date", "2025-08-12",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Signatories: ۷ نهاد و ۳ فرد"
    assert len([x for x in done.stderr.splitlines() if "may be the same" in x]) == 3
    text = (tmp_path / f"{CAMPAIGN}-fa_AF.txt").read_text("utf-8").replace("\u200f", "")
    assert "۱. جنبش ترکتبار افغانستان" in text  # Persian names first in a Dari letter
    assert "Heidi Basch-Harod" in text and "شبنم رحیمی" in text
    assert "۱۰. " in text  # nothing merged: ten rows, ten numbers


def test_a_letterhead_made_for_another_layout_is_reported_where_it_meets_the_letter(
    tmp_path: Path,
) -> None:
    """A group's letterhead exported by LibreOffice: its Dari line stands where the letter puts
    the sender's block or the date, its address where the page number goes."""
    head = DATA / "letterhead" / "leeds-group-libreoffice.pdf"
    done = runner.invoke(
        app,
        [
            "sign-on", CAMPAIGN, str(FILES[0]), "--lang", "fa_AF", "--format", "pdf",
            "--letterhead", str(head), "--out", str(tmp_path), "--date", "2025-08-12",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    overlap = [x for x in done.stderr.splitlines() if "print over each other" in x]
    assert len(overlap) == 1 and "on page 1" in overlap[0]
    assert "mm from the top" in overlap[0] and "282–284 mm from the top" in overlap[0]


@pytest.mark.parametrize(
    ("head", "clash"), [("libreoffice", True), ("clear", False)], ids=["libreoffice", "clear"]
)
def test_write_reports_a_letterhead_over_the_senders_block_only_when_it_is(
    head: str, clash: bool, tmp_path: Path
) -> None:
    from test_letterhead import make_letterhead

    path = (
        DATA / "letterhead" / "leeds-group-libreoffice.pdf"
        if head == "libreoffice"
        else make_letterhead(tmp_path / "clear.pdf")  # name at the top left, footer line
    )
    init = ["init", "--name", "Sam Example", "--city", "Leeds", "--country", "GB"]
    assert runner.invoke(app, init).exit_code == 0
    done = runner.invoke(
        app,
        [
            "write", "pakistan-deportations", "--to", "all", "--format", "pdf",
            "--letterhead", str(path), "--out", str(tmp_path / "o"), "--no-reference-copy",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    overlap = [x for x in done.stderr.splitlines() if "print over each other" in x]
    assert len(overlap) == (1 if clash else 0), overlap  # once, not once per target
    if clash:  # the Dari line of the letterhead on the sender's block at the top right
        assert "22–24 mm from the top" in overlap[0]
