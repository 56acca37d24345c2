"""``letterkit merge`` end to end: what a local group sees on screen and finds in the folder."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app

DATA = Path(__file__).parent / "data" / "merge"
CAMPAIGN = str(DATA / "campaign")
runner = CliRunner()


ROW_NAMES = ("--name", "{target}-{row}-{last_name}")  # names these tests read row numbers from


def merge(*args: str):
    """``letterkit merge`` with file names by row (the default is by supporter: see
    tests/test_merge_safety.py)."""
    names = () if "--name" in args else ROW_NAMES
    return runner.invoke(app, ["merge", CAMPAIGN, *args, *names, "--date", "2026-11-24"])


def letter_files(folder: Path) -> dict[str, bytes]:
    """The letters in a folder (no report, manifest or zip), name → bytes."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.suffix in (".pdf", ".txt", ".docx")
    }


def report_rows(folder: Path, stem: str = "results") -> list[dict[str, str]]:
    with (folder / f"{stem}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    "file",
    [
        "excel_utf8_bom.csv",
        "libreoffice_utf8.csv",
        "excel_unicode_text.txt",
        "excel_semicolon.csv",
        "supporters.xlsx",
        "supporters.json",
        "supporters.jsonl",
    ],
)
def test_every_dialect_gives_the_same_letters(tmp_path: Path, file: str) -> None:
    out = tmp_path / "out"
    result = merge(str(DATA / file), "--to", "minister", "-f", "txt", "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    # row numbers as the user sees them: spreadsheet rows (header = 1), JSON items/lines
    first = 1 if file.startswith("supporters.json") else 2
    files = {
        name.replace(f"-{n}-", f"-{n - first + 2}-", 1): data
        for name, data in letter_files(out).items()
        for n in [int(name.split("-")[1])]
    }
    assert sorted(files) == [
        "minister-2-Rahimi.txt",
        "minister-3-Nowak.txt",
        "minister-4-Mai.txt",
        "minister-5-احمدی.txt",
        "minister-6-خان.txt",
        "minister-7-O'Brien.txt",
    ]
    # the row's own language column: Dari and Urdu letters, the sender's name in their script
    dari = files["minister-5-احمدی.txt"].decode()
    assert "علی احمدی" in dari and "پروازهای تخلیه" in dari
    urdu = files["minister-6-خان.txt"].decode()
    assert "فاطمہ خان" in urdu and "انخلا کی پروازیں" in urdu
    english = files["minister-2-Rahimi.txt"].decode()
    assert "I write from Berlin" in english and "Amina Rahimi" in english
    if file not in ("supporters.xlsx", "excel_semicolon.csv"):  # a "Note" column: row.note
        assert "In my own words: My grandfather" in files["minister-3-Nowak.txt"].decode()
    assert [r["status"] for r in report_rows(out)] == ["written"] * 6
    for report in ("results.csv", "results.json"):  # no personal data beyond file names
        text = (out / report).read_text(encoding="utf-8-sig")
        assert "Amina" not in text and "amina@example.org" not in text
        assert "Beispielstraße" not in text and "10115" not in text
    # a multi-line address cell gives two address lines
    assert "Flat 2\nLong Street 4\n" in files["minister-7-O'Brien.txt"].decode()


def test_bad_rows_are_reported_with_row_and_field_and_the_rest_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = merge(
        str(DATA / "bad_rows.csv"), "--to", "minister", "-f", "txt", "-o", str(out), "-j", "1"
    )
    assert result.exit_code == 3
    assert sorted(letter_files(out)) == ["consul-8-Good.txt", "minister-2-Person.txt"]
    rows = {int(r["row"]): r for r in report_rows(out)}
    assert rows[2]["status"] == rows[8]["status"] == "written"
    expected = {
        3: "field 'name' is empty",
        4: "field 'email' is not an email address",
        5: "field 'language': unknown language 'xx'",
        6: "field 'target'",
        7: "field 'language': campaign 'merge-test' has no letter in 'de'",
    }
    for number, text in expected.items():
        assert rows[number]["status"] == "failed"
        assert f"bad_rows.csv: row {number}" in rows[number]["error"]
        assert text in rows[number]["error"]
        assert f"row error: bad_rows.csv: row {number}" in result.stderr
    assert "'mayor'" in rows[6]["error"] and "minister, consul" in rows[6]["error"]
    summary = result.stderr[result.stderr.index("written") :]
    assert "│       2 │" in summary and "│      5 │" in summary  # written 2, failed 5
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 5 and len(data["letters"]) == 7


def test_missing_column_is_reported_before_any_letter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = merge(str(DATA / "excel_ansi_semicolon.csv"), "--to", "all", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "letterkit: error: excel_ansi_semicolon.csv: no column for the supporter's name"
    )
    assert "columns found: 'Vorname und Nachname', 'E-Mail', 'Straße'" in result.stderr
    assert not out.exists()
    mapped = merge(
        str(DATA / "excel_ansi_semicolon.csv"),
        "--to",
        "minister",
        "-f",
        "txt",
        "-o",
        str(out),
        "--map",
        "Vorname und Nachname=name",
        "-q",
    )
    assert mapped.exit_code == 0, mapped.stderr
    assert "Beispielstraße 12" in (out / "minister-2-Rahimi.txt").read_text(encoding="utf-8")


def test_a_template_using_a_column_the_data_lacks_stops_before_writing(tmp_path: Path) -> None:
    import shutil

    campaign = tmp_path / "campaign"
    shutil.copytree(DATA / "campaign", campaign)
    letter = campaign / "letters" / "en.md.j2"
    letter.write_text(
        letter.read_text(encoding="utf-8") + "\nI pledge {{ row.pledge }}.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "merge",
            str(campaign),
            str(DATA / "libreoffice_utf8.csv"),
            "--to",
            "minister",
            "-o",
            str(out),
            "-q",
        ],
    )
    assert result.exit_code == 2
    assert "undefined field 'row.pledge'" in result.stderr
    assert "columns: 'name', 'email', 'address'" in result.stderr
    assert not out.exists()


def test_row_language_beats_lang_which_beats_the_target_preference(tmp_path: Path) -> None:
    result = merge(
        str(DATA / "excel_utf8_bom.csv"),
        "--to",
        "consul",
        "--lang",
        "en",
        "-o",
        str(tmp_path / "o"),
        "--dry-run",
    )
    assert result.exit_code == 0, result.stderr
    assert "row 2 → consul: en (asked for with --lang)" in result.stdout  # not the consul's ur
    assert "row 5 → consul: fa_AF (the row's language column)" in result.stdout
    assert "row 6 → consul: ur (the row's language column)" in result.stdout


def test_merged_pdfs_read_back_with_the_supporters_words(tmp_path: Path) -> None:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    out = tmp_path / "out"
    result = merge(
        str(DATA / "excel_utf8_bom.csv"), "--to", "minister", "-o", str(out), "-q", "-f", "pdf,docx"
    )
    assert result.exit_code == 0, result.stderr
    from docx import Document

    words = "\n".join(p.text for p in Document(str(out / "minister-6-خان.docx")).paragraphs)
    assert "فاطمہ خان" in words and "انخلا کی پروازیں" in words

    def text(name: str) -> str:
        return subprocess.run(
            ["pdftotext", str(out / name), "-"], capture_output=True, text=True, check=True
        ).stdout

    english = text("minister-3-Nowak.pdf")
    assert "Łukasz Nowak" in english and "I write from Kraków" in english
    assert "In my own words: My grandfather was a refugee too." in " ".join(english.split())
    assert "علی احمدی" in text("minister-5-احمدی.pdf")
    assert "فاطمہ خان" in text("minister-6-خان.pdf")


def test_target_column_rows_choose_their_targets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = merge(str(DATA / "quoted_multiline.csv"), "-f", "txt", "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    assert sorted(letter_files(out)) == [
        "consul-3-O'Brien-copy-en.txt",  # in Urdu, the consul's language: a copy to read
        "consul-3-O'Brien.txt",
        "consul-4-خان-copy-en.txt",
        "consul-4-خان.txt",
        "minister-2-Rahimi.txt",
        "minister-3-O'Brien.txt",
        "minister-4-خان.txt",
    ]
    rows = report_rows(out)
    consul = [r for r in rows if r["target"] == "consul"]
    assert {r["language"] for r in consul} == {"ur"}  # the consul's preferred language
    assert "first of consul's preferred languages" in consul[0]["language_reason"]


def test_a_letter_not_in_its_senders_language_has_a_copy_to_read(tmp_path: Path) -> None:
    """As `write` does: nobody should sign a text they cannot read. The consul's letter is in
    Urdu (his language); a supporter writing in English gets a marked copy in English beside
    it, re-runs leave it alone, and --no-reference-copy writes none."""
    import re

    data = tmp_path / "people.csv"
    data.write_text(
        "name,city,country,language\nSam Example,Leeds,GB,\nآمنہ رحیمی,Berlin,DE,ur\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = merge(str(data), "--to", "consul", "-f", "txt,pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(letter_files(out)) == [
        "consul-2-Example-copy-en.pdf",
        "consul-2-Example-copy-en.txt",
        "consul-2-Example.pdf",
        "consul-2-Example.txt",
        "consul-3-رحیمی.pdf",  # she writes in Urdu: no copy
        "consul-3-رحیمی.txt",
    ]
    letter = (out / "consul-2-Example.txt").read_text(encoding="utf-8")
    copy = " ".join((out / "consul-2-Example-copy-en.txt").read_text(encoding="utf-8").split())
    assert sum("\u0600" <= ch <= "\u06ff" for ch in letter) > 100  # the letter: Urdu
    assert "Copy for you to read, in English: the letter you send is in Urdu." in copy
    assert "Do not send this copy." in copy and "Sam Example" in copy
    if shutil.which("pdftotext"):  # the PDF copy says so too, and the PDF letter is in Urdu
        from pdfread import pdf_text

        pdf_copy = " ".join(pdf_text(out / "consul-2-Example-copy-en.pdf").split())
        assert "Copy for you to read, in English: the letter you send is in Urdu." in pdf_copy
        pdf_letter = pdf_text(out / "consul-2-Example.pdf")
        assert sum("\u0600" <= ch <= "\u06ff" for ch in pdf_letter) > 100
    assert not re.search("[\u0600-\u06ff]{3}", copy.split("Sam Example")[-1])
    summary = " ".join(result.stdout.split() + result.stderr.split())
    assert "Letters not in their senders' language: 1; beside each is a copy in English" in summary
    rows = report_rows(out)
    assert rows[0]["files"].split() == [
        "consul-2-Example.txt",
        "consul-2-Example.pdf",
        "consul-2-Example-copy-en.txt",
        "consul-2-Example-copy-en.pdf",
    ]
    before = letter_files(out)
    again = merge(str(data), "--to", "consul", "-f", "txt,pdf", "-o", str(out), "-q")
    assert again.exit_code == 0 and letter_files(out) == before
    assert {r["status"] for r in report_rows(out)} == {"unchanged"}
    none = tmp_path / "none"
    result = merge(
        str(data), "--to", "consul", "-f", "txt", "-o", str(none), "-q", "--no-reference-copy"
    )
    assert result.exit_code == 0 and sorted(letter_files(none)) == [
        "consul-2-Example.txt",
        "consul-3-رحیمی.txt",
    ]


def test_rerun_writes_only_missing_or_changed_letters(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = tmp_path / "people.csv"
    data.write_bytes((DATA / "libreoffice_utf8.csv").read_bytes())
    assert merge(str(data), "--to", "all", "-f", "txt", "-o", str(out), "-q").exit_code == 0
    first = letter_files(out)
    (out / "consul-4-Mai.txt").unlink()
    text = data.read_text(encoding="utf-8").replace("Kraków", "Warszawa")
    data.write_text(text, encoding="utf-8")
    stamp = {n: (out / n).stat().st_mtime_ns for n in first if (out / n).exists()}
    again = merge(str(data), "--to", "all", "-f", "txt", "-o", str(out), "-j", "1")
    assert again.exit_code == 0, again.stderr
    rows = report_rows(out)
    written = sorted((r["row"], r["target"]) for r in rows if r["status"] == "written")
    assert written == [("3", "consul"), ("3", "minister"), ("4", "consul")]
    assert sum(r["status"] == "unchanged" for r in rows) == 9
    assert "from Warszawa" in (out / "minister-3-Nowak.txt").read_text(encoding="utf-8")
    for name in first:
        if name in stamp and not name.endswith("3-Nowak.txt"):
            assert (out / name).stat().st_mtime_ns == stamp[name]  # untouched


def test_a_foreign_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "minister-2-Rahimi.txt").write_text("my own notes\n", encoding="utf-8")
    (out / ".minister-3-Nowak.txt.abc123.part").write_bytes(b"half a letter")
    result = merge(
        str(DATA / "libreoffice_utf8.csv"), "--to", "minister", "-f", "txt", "-o", str(out), "-q"
    )
    assert result.exit_code == 3
    assert (out / "minister-2-Rahimi.txt").read_text(encoding="utf-8") == "my own notes\n"
    assert "not write it; move it away or use --force" in result.stderr
    assert not list(out.glob(".*.part"))  # the stray temp file of a killed run is gone
    forced = merge(
        str(DATA / "libreoffice_utf8.csv"),
        "--to",
        "minister",
        "-f",
        "txt",
        "-o",
        str(out),
        "-q",
        "--force",
    )
    assert forced.exit_code == 0
    assert "Amina Rahimi" in (out / "minister-2-Rahimi.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_jobs_1_and_2_write_identical_bytes(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        result = merge(
            str(DATA / "excel_utf8_bom.csv"),
            "--to",
            "all",
            "-f",
            "pdf,docx,txt",
            "-o",
            str(out),
            "-j",
            jobs,
            "-q",
        )
        assert result.exit_code == 0, result.stderr
        finished = [
            line
            for line in (out / "merge-manifest.jsonl").read_text().splitlines()
            if line.startswith('{"job"')
        ]  # intent lines run ahead, as workers allow
        outputs.append((letter_files(out), (out / "results.csv").read_bytes(), finished))
    assert len(outputs[0][0]) == 36 + 9  # 6 rows × 2 targets × 3 formats; 3 copies × 3 formats
    assert outputs[0] == outputs[1]


def test_shards_together_are_the_whole_batch(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    assert (
        merge(
            str(DATA / "excel_utf8_bom.csv"), "--to", "all", "-f", "txt", "-o", str(whole), "-q"
        ).exit_code
        == 0
    )
    union: dict[str, bytes] = {}
    for i in (1, 2, 3):
        out = tmp_path / f"shard{i}"
        result = merge(
            str(DATA / "excel_utf8_bom.csv"),
            "--to",
            "all",
            "-f",
            "txt",
            "-o",
            str(out),
            "--shard",
            f"{i}/3",
            "-q",
        )
        assert result.exit_code == 0, result.stderr
        files = letter_files(out)
        letters = [name for name in files if "-copy-" not in name]  # and copies to read
        assert len(letters) == 4 and not set(files) & set(union)  # two rows × two targets
        union.update(files)
        assert (out / f"results-shard-{i}-of-3.csv").is_file()
        assert (out / f"merge-manifest-shard-{i}-of-3.jsonl").is_file()
    assert union == letter_files(whole)


def test_report_csv_neutralises_formulas(tmp_path: Path) -> None:
    data = tmp_path / "evil.csv"
    data.write_text(
        'name,target\nMallory,"=HYPERLINK(""http://x"")"\nEve,@SUM(1)\nBob,minister\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = merge(str(data), "-f", "txt", "-o", str(out), "-q")
    assert result.exit_code == 3
    raw = (out / "results.csv").read_text(encoding="utf-8-sig")
    cells = [row for row in csv.reader(raw.splitlines())]
    targets = [row[1] for row in cells[1:]]
    assert targets == ['\'=HYPERLINK("http://x")', "'@SUM(1)", "minister"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in cells for cell in row)
    # the JSON report keeps the value as it was
    letters = json.loads((out / "results.json").read_text(encoding="utf-8"))["letters"]
    assert letters[0]["target"] == '=HYPERLINK("http://x")'


def test_dry_run_counts_explains_languages_and_shows_the_first_letter(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = merge(str(DATA / "excel_utf8_bom.csv"), "--to", "all", "-o", str(out), "--dry-run")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Data: " in text and "(CSV, UTF-8 with BOM, comma-separated)" in text
    assert "name         ← 'Full name'" in text and "row.note" in text
    assert (
        "row 2 → consul: ur (first of consul's preferred languages the campaign has a "
        "letter in) → consul-2-Rahimi.pdf"
    ) in text
    assert "row 6 → minister: ur (the row's language column)" in text
    assert "12 letters would be written (en 5, fa_AF 2, ur 5); 0 bad rows" in text
    assert "First letter (row 2, to minister):" in text
    assert "Dear Dr Example Minister," in text and "I write from Berlin" in text
    assert not out.exists()


@pytest.mark.slow
def test_combined_pdf_duplex_and_zip(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "out"
    combined = tmp_path / "print.pdf"
    result = merge(
        str(DATA / "excel_utf8_bom.csv"),
        "--to",
        "minister",
        "-f",
        "txt",
        "-o",
        str(out),
        "--combine",
        str(combined),
        "--duplex",
        "--zip",
        "-q",
    )
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(combined)
    pages = [page.extract_text() or "" for page in reader.pages]
    assert len(pages) == 11  # six one-page letters, a blank back after each but the last
    assert all(not pages[i].strip() for i in (1, 3, 5, 7, 9))
    assert "Amina Rahimi" in pages[0] and "Siobhan O'Brien" in pages[10]
    import zipfile

    names = zipfile.ZipFile(out / "letters.zip").namelist()
    assert names == [*sorted(letter_files(out), key=lambda n: int(n.split("-")[1])), "results.csv"]

    def members() -> dict[str, bytes]:
        with zipfile.ZipFile(out / "letters.zip") as archive:
            return {
                i.filename: archive.read(i) + repr(i.date_time).encode()
                for i in archive.infolist()
                if i.filename != "results.csv"
            }

    first_zip = members()
    assert first_zip == {n: b + b"(2026, 11, 24, 0, 0, 0)" for n, b in letter_files(out).items()}
    first_pdf = combined.read_bytes()
    again = merge(
        str(DATA / "excel_utf8_bom.csv"),
        "--to",
        "minister",
        "-f",
        "txt",
        "-o",
        str(out),
        "--combine",
        str(combined),
        "--duplex",
        "--zip",
        "-q",
    )
    assert again.exit_code == 0, again.stderr  # replaces its own combined PDF
    assert combined.read_bytes() == first_pdf and members() == first_zip
    simplex = tmp_path / "simplex.pdf"
    assert (
        merge(
            str(DATA / "excel_utf8_bom.csv"),
            "--to",
            "minister",
            "-f",
            "txt",
            "-o",
            str(out),
            "--combine",
            str(simplex),
            "-q",
        ).exit_code
        == 0
    )
    assert len(PdfReader(simplex).pages) == 6


def _people(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "city", "country", "language"])
        for i in range(count):
            name, lang = (f"آمنہ رحیمی {i}", "ur") if i % 4 == 3 else (f"Person Number{i}", "")
            writer.writerow([name, "Berlin", "DE", lang])


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_gives_exactly_the_full_set(tmp_path: Path) -> None:
    rows = 300
    data = tmp_path / "people.csv"
    _people(data, rows)
    args = [
        sys.executable,
        "-m",
        "letterkit",
        "merge",
        CAMPAIGN,
        str(data),
        "--to",
        "all",
        "-f",
        "txt",
        "--date",
        "2026-11-24",
        "-q",
        "-j",
        "1",
    ]
    out = tmp_path / "out"
    manifest = out / "merge-manifest.jsonl"
    proc = subprocess.Popen(
        [*args, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.read_bytes().count(b'"hash"') >= 10:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_at_kill = manifest.read_bytes().count(b'"hash"')  # finished letters, not intents
    assert 5 <= done_at_kill < 2 * rows, "the run was not interrupted part-way"
    assert not (out / "results.csv").exists()
    # what a kill can also leave: a temporary file that never got its final name
    (out / ".consul-300-Number298.txt.k1ll3d.part").write_bytes(b"half a le")

    resumed = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean"
    subprocess.run([*args, "-o", str(clean)], check=True, capture_output=True)

    assert letter_files(out) == letter_files(clean)  # every file once, byte for byte
    # two letters a row, and a copy to read of the Urdu consul letter of each sender who
    # writes English (three rows in four)
    assert len(letter_files(out)) == 2 * rows + rows * 3 // 4
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no .part files
    report = report_rows(out)
    assert len(report) == 2 * rows
    assert all(r["status"] in ("written", "unchanged") for r in report)
    # only the missing letters were written again (the one being written at the kill at most)
    assert sum(r["status"] == "written" for r in report) <= 2 * rows - done_at_kill + 1
    entries = [
        json.loads(line)
        for line in manifest.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("{") and line.strip().endswith("}")
    ]
    assert {(e["row"], e["target"]) for e in entries if "job" in e} == {
        (n, t) for n in range(2, rows + 2) for t in ("minister", "consul")
    }
    assert len({e["job"] for e in entries if "job" in e}) == 2 * rows


def test_a_file_renamed_but_not_recorded_before_a_kill_is_redone(tmp_path: Path) -> None:
    """The worker renamed the letter into place, then the process died before the manifest
    line: the intent line shows the file is this merge's, so the re-run may replace it."""
    out = tmp_path / "out"
    args = (
        str(DATA / "libreoffice_utf8.csv"),
        "--to",
        "minister",
        "-f",
        "txt",
        "-o",
        str(out),
        "-q",
    )
    assert merge(*args).exit_code == 0
    manifest = out / "merge-manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"row":7,"target":"minister"' not in line]
    manifest.write_text("\n".join(kept) + "\n" + kept[-1][:25], encoding="utf-8")  # cut short
    (out / "minister-7-O'Brien.txt").write_text("bytes a different run produced\n")
    again = merge(*args, "-j", "1")
    assert again.exit_code == 0, again.stderr
    status = {r["row"]: r["status"] for r in report_rows(out)}
    assert status == {
        "2": "unchanged",
        "3": "unchanged",
        "4": "unchanged",
        "5": "unchanged",
        "6": "unchanged",
        "7": "written",
    }
    assert "Siobhan O'Brien" in (out / "minister-7-O'Brien.txt").read_text(encoding="utf-8")


def test_pdf_bytes_do_not_depend_on_what_the_process_drew_before(tmp_path: Path) -> None:
    """An Urdu letter rendered alone in a fresh process (as after a resume, or in another
    worker) has the same bytes as when the process drew other letters first. (Glyph code
    numbering that followed first use once broke this.)"""
    data = tmp_path / "people.csv"
    _people(data, 8)
    full = tmp_path / "full"
    # the same last row alone, in a fresh process: as after a resume or in another worker
    code = (
        "import sys; from typer.testing import CliRunner; from letterkit.cli import app; "
        "r = CliRunner().invoke(app, sys.argv[1:]); sys.exit(r.exit_code)"
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "merge",
            CAMPAIGN,
            str(data),
            "--to",
            "consul",
            "-o",
            str(full / "again"),
            "-j",
            "1",
            "-q",
            "--date",
            "2026-11-24",
            "--shard",
            "8/8",
            *ROW_NAMES,
        ],
        check=True,
    )
    lone = (full / "again" / "consul-9-7.pdf").read_bytes()
    whole = tmp_path / "whole"
    assert merge(str(data), "--to", "consul", "-o", str(whole), "-j", "1", "-q").exit_code == 0
    assert lone == (whole / "consul-9-7.pdf").read_bytes()


def test_dry_run_with_bad_rows_lists_them_and_says_so_in_the_exit_status(tmp_path: Path) -> None:
    result = merge(
        str(DATA / "bad_rows.csv"), "--to", "minister", "-o", str(tmp_path / "o"), "--dry-run"
    )
    assert result.exit_code == 3
    assert (
        "row 4: error: bad_rows.csv: row 4: field 'email' is not an email address" in result.stdout
    )
    assert "2 letters would be written (en 2); 5 bad rows or letters" in result.stdout
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_ctrl_c_with_workers_stops_cleanly_and_the_rerun_completes(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    _people(data, 60)
    out = tmp_path / "out"
    # Ctrl-C must raise KeyboardInterrupt even if this test runs where SIGINT is ignored
    start = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler);"
        " sys.argv[0] = 'letterkit'; runpy.run_module('letterkit', run_name='__main__')"
    )
    args = [
        sys.executable,
        "-c",
        start,
        "merge",
        CAMPAIGN,
        str(data),
        "--to",
        "all",
        "-f",
        "pdf",
        "--date",
        "2026-11-24",
        "-q",
        "-j",
        "2",
        "-o",
        str(out),
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    manifest = out / "merge-manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b'"hash"') >= 4:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)  # once, the pool's feeder thread hung here
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("merge hung after Ctrl-C")
    assert proc.returncode == 130 and err.strip() == "letterkit: interrupted"
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    # 60 rows × 2 targets, and a copy to read of the Urdu consul letter of each sender who
    # writes English (three rows in four)
    assert len(letter_files(out)) == 120 + 45
    assert {r["status"] for r in report_rows(out)} <= {"written", "unchanged"}
