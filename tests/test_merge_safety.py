"""``letterkit merge`` under faults and hostile inputs (issue 11): one batch per folder, letters
named by supporter, a folder lock, bounded XLSX/CSV/JSON reading, Windows code pages, full
disks and orphaned workers. Each test is what a user would see: exit status, the one line on
stderr, and the files in the folder."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from letterkit.folderlock import LOCK_NAME, FolderBusyError, FolderLock

DATA = Path(__file__).parent / "data" / "merge"
CAMPAIGN = str(DATA / "campaign")
runner = CliRunner()
HEADER = ["name", "email", "city", "country", "language"]


def merge(*args: str):
    return runner.invoke(app, ["merge", CAMPAIGN, *args, "--date", "2026-11-24", "-q"])


def write_rows(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def people(n: int) -> list[list[str]]:
    return [[f"Person Number{i}", f"p{i}@example.org", "Berlin", "DE", ""] for i in range(n)]


def letters(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.suffix in (".pdf", ".txt", ".docx")
    }


def report(folder: Path) -> list[dict[str, str]]:
    with (folder / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------------------------
# one batch per folder, letters named by supporter


def test_deleting_and_reordering_rows_renames_nothing_and_stale_letters_need_prune(
    tmp_path: Path,
) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    rows = people(5)
    write_rows(data, rows)
    assert merge(str(data), "--to", "all", "-f", "txt", "-o", str(out)).exit_code == 0
    before = letters(out)
    assert len(before) == 15 and not any("-2-" in n for n in before)  # no row numbers
    # the consul's letters are in Urdu: each has a copy in English to read, named after it
    copies = sorted(n for n in before if n.endswith("-copy-en.txt"))
    assert len(copies) == 5 and all(n.startswith("consul-") for n in copies)
    gone = rows.pop(1)  # Person Number1 leaves; the rest are sorted backwards
    write_rows(data, rows[::-1])
    again = merge(str(data), "--to", "all", "-f", "txt", "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert {r["status"] for r in report(out)} == {"unchanged"}  # nothing rewritten
    assert letters(out) == before  # nothing renamed, nothing removed yet
    assert "2 letters belong to rows no longer in the data" in again.stderr
    assert "use --prune to remove them" in again.stderr
    pruned = merge(str(data), "--to", "all", "-f", "txt", "-o", str(out), "--prune")
    assert pruned.exit_code == 0, pruned.stderr
    left = letters(out)
    assert len(left) == 12 and set(left) < set(before)  # the letters and the copy of the row
    assert not any(gone[0].encode() in body for body in left.values())
    # a changed address rewrites that supporter's letters only, under the same names
    rows[0][2] = "Hamburg"
    write_rows(data, rows)
    assert merge(str(data), "--to", "all", "-f", "txt", "-o", str(out)).exit_code == 0
    assert sorted(r["status"] for r in report(out)) == ["unchanged"] * 6 + ["written"] * 2
    assert set(letters(out)) == set(left)


def test_an_id_column_names_the_letters_and_a_repeated_supporter_is_a_row_error(
    tmp_path: Path,
) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(
        data,
        [
            ["A-17", "Amina Rahimi", "a@example.org"],
            ["B-02", "Ali Ahmadi", "ali@example.org"],
            ["a-17 ", "Amina R.", "other@example.org"],
        ],
        header=["Supporter ID", "name", "email"],
    )
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert result.exit_code == 3
    assert sorted(letters(out)) == ["minister-Ahmadi-B-02.txt", "minister-Rahimi-A-17.txt"]
    assert "people.csv: row 4: the same supporter as row 2 (the same id)" in result.stderr
    # without an id: the same name and email address (case, accents, spaces ignored)
    write_rows(
        data,
        [
            ["Amina Rahimi", "amina@example.org", "Berlin", "DE", ""],
            ["AMINA  RAHIMI", "Amina@Example.org", "Köln", "DE", ""],
        ],
    )
    twice = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(tmp_path / "o2"))
    assert twice.exit_code == 3
    assert "row 3: the same supporter as row 2 (the same name and email address)" in twice.stderr


def test_another_campaign_or_data_file_is_refused_without_force(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(data, people(3))
    assert merge(str(data), "--to", "all", "-f", "txt", "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = write_rows(tmp_path / "other.csv", people(3))  # same people, another data file
    refused = merge(str(other), "--to", "all", "-f", "txt", "-o", str(out))
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "holds the letters of another batch" in lines[0]
    assert "data file 'people.csv'" in lines[0] and "--force" in lines[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written
    campaign = tmp_path / "other-campaign"
    shutil.copytree(CAMPAIGN, campaign)
    toml = campaign / "campaign.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('id = "', 'id = "x', 1), encoding="utf-8")
    second = runner.invoke(
        app,
        [
            "merge",
            str(campaign),
            str(data),
            "--to",
            "all",
            "-f",
            "txt",
            "-o",
            str(out),
            "-q",
            "--date",
            "2026-11-24",
        ],
    )
    assert second.exit_code == 1 and "another batch" in second.stderr
    forced = merge(str(other), "--to", "all", "-f", "txt", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert list(out.glob("merge-manifest.jsonl.replaced-*"))


def test_a_damaged_manifest_is_kept_as_a_copy_and_rebuilt_with_a_warning(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(data, people(3))
    assert merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out)).exit_code == 0
    manifest = out / "merge-manifest.jsonl"
    good = manifest.read_bytes()
    manifest.write_bytes(good + b"\x00\xff\xfe garbage from a bad disk\n")
    again = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert "damaged" in again.stderr and "a copy is kept" in again.stderr
    backups = list(out.glob("merge-manifest.jsonl.damaged-*"))
    assert len(backups) == 1 and b"garbage" in backups[0].read_bytes()
    assert b"garbage" not in manifest.read_bytes()
    assert {r["status"] for r in report(out)} == {"unchanged"}


# --------------------------------------------------------------------------------------------
# the folder lock


def test_a_second_run_into_a_locked_folder_fails_at_once_naming_the_other(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(data, people(2))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from letterkit.folderlock import FolderLock\n"
                "with FolderLock(sys.argv[1], 'merge'):\n"
                " print('locked', flush=True); time.sleep(30)"
            ),
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        started = time.monotonic()
        busy = merge(str(data), "--to", "all", "-f", "txt", "-o", str(out))
        assert time.monotonic() - started < 5
        assert busy.exit_code == 1
        line = busy.stderr.strip()
        assert "\n" not in line and str(out) in line
        assert f"letterkit merge (pid {holder.pid} on" in line
        assert not letters(out)
    finally:
        holder.kill()
        holder.wait()
    # killed with the lock held: the next run takes it over and says so
    taken = merge(str(data), "--to", "all", "-f", "txt", "-o", str(out))
    assert taken.exit_code == 0
    assert f"took over the lock left by letterkit merge (pid {holder.pid}" in taken.stderr
    assert len(letters(out)) == 6 and not (out / LOCK_NAME).exists()  # 2 × 2, 2 copies


def test_two_merges_at_once_the_first_keeps_its_report(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(data, people(2000))
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
        "-o",
        str(out),
    ]
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not (out / "merge-manifest.jsonl").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    _, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    if second.returncode == 0:
        pytest.skip("the first merge finished before the second started (machine too fast)")
    assert second.returncode == 1
    assert second.stderr.count("\n") == 1 and "in use by letterkit merge" in second.stderr
    assert len(report(out)) == 4000 and {r["status"] for r in report(out)} == {"written"}


def test_folder_lock_as_a_library() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        with FolderLock(folder, "send") as lock:
            assert lock.taken_over is None
            with pytest.raises(FolderBusyError, match="in use by letterkit send"):
                FolderLock(folder, "merge").acquire()
        with FolderLock(folder, "merge"):  # released: free again
            pass
        assert not (Path(folder) / LOCK_NAME).exists()


# --------------------------------------------------------------------------------------------
# bounded input


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "email", "city", "country"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite_part(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = _xlsx(tmp_path / "bomb.xlsx", [["A B", "a@example.org", "Berlin", "DE"]])
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/worksheets/padding.xml", "w", force_zip64=True) as fh,
    ):
        chunk = b" " * (16 * 1024 * 1024)
        for _ in range(17):  # 272 MB of nothing, about 300 kB packed
            fh.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    result = merge(str(bomb), "--to", "all", "-o", str(tmp_path / "out"))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert "bomb.xlsx: refused" in result.stderr and "expand" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_xlsx_claiming_ten_million_rows_is_read_in_seconds(tmp_path: Path) -> None:
    book = _xlsx(
        tmp_path / "tall.xlsx", [[f"P N{i}", f"p{i}@example.org", "Berlin", "DE"] for i in range(3)]
    )
    far = (
        b'<row r="10000000"><c r="A10000000" t="inlineStr"><is><t>far</t></is></c></row>'
        b"</sheetData>"
    )
    _rewrite_part(
        book,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<dimension ref="A1:D4"/>', b'<dimension ref="A1:D10000000"/>'
        ).replace(b"</sheetData>", far),
    )
    started = time.monotonic()
    result = merge(str(book), "--to", "minister", "-f", "txt", "-o", str(tmp_path / "out"))
    assert time.monotonic() - started < 10
    assert result.exit_code == 0, result.stderr
    assert len(letters(tmp_path / "out")) == 3


def test_too_many_rows_stop_before_anything_is_written(tmp_path: Path) -> None:
    data = write_rows(tmp_path / "people.csv", people(12))
    result = merge(str(data), "--to", "all", "-o", str(tmp_path / "out"), "--max-rows", "10")
    assert result.exit_code == 2
    assert "people.csv: more than 10 rows" in result.stderr and "--max-rows" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_over_long_csv_field_fails_its_row_only(tmp_path: Path) -> None:
    rows = people(3)
    rows[1][2] = "x" * 200_000  # longer than the csv module's default limit, too
    data, out = write_rows(tmp_path / "people.csv", rows), tmp_path / "out"
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert result.exit_code == 3
    assert "people.csv: row 3: field 'city' is 200000 characters long" in result.stderr
    assert [r["status"] for r in report(out)] == ["written", "failed", "written"]
    assert len(letters(out)) == 2


def test_a_json_cell_holding_an_object_is_a_row_error_and_good_rows_are_written(
    tmp_path: Path,
) -> None:
    data, out = tmp_path / "people.json", tmp_path / "out"
    data.write_text(
        json.dumps(
            [
                {"name": "Amina Rahimi", "email": "a@example.org"},
                {"name": "Ali Ahmadi", "email": {"home": "ali@example.org"}},
                {"name": "Mai Nguyen", "email": ["m@example.org"]},
                {"name": "Fatima Khan", "email": "f@example.org"},
            ]
        ),
        encoding="utf-8",
    )
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert result.exit_code == 3
    assert "people.json: row 2: field 'email' holds an object" in result.stderr
    assert "people.json: row 3: field 'email' holds a list" in result.stderr
    assert len(letters(out)) == 2


def test_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "deep.json"
    data.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = merge(str(data), "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "letterkit: error: deep.json: the JSON is nested too "
        "deeply to read; a data file is an array of flat objects"
    )


@pytest.mark.parametrize("content", [b"", b"name,email,city\r\n", b"\xef\xbb\xbfName;City\r\n"])
def test_an_empty_data_file_is_an_error_and_makes_no_folder(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "people.csv"
    data.write_bytes(content)
    result = merge(str(data), "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "people.csv: " in result.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# encodings, as Windows writes them


URDU = [
    ("علی رضا", "کراچی"),
    ("فاطمہ خان", "لاہور"),
    ("محمد حسین", "پشاور"),
    ("زهرا احمدی", "کابل"),
]  # the last in Persian (Dari)


def _windows_1256(text: str) -> bytes:
    # Windows' code page 1256 has Arabic yeh where Urdu and Persian type Farsi yeh
    return text.replace("ی", "ي").encode("cp1256")


def test_urdu_and_persian_names_saved_by_windows_in_code_page_1256(tmp_path: Path) -> None:
    data, out = tmp_path / "urdu.csv", tmp_path / "out"
    lines = ["name,city,country,language"] + [f"{n},{c},PK,ur" for n, c in URDU]
    data.write_bytes(_windows_1256("\r\n".join(lines) + "\r\n"))
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = "\n".join(body.decode() for body in letters(out).values())
    for name, _ in URDU:
        assert name.replace("ی", "ي") in texts


@pytest.mark.parametrize(
    "encoding,bom",
    [("cp1252", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")],
)
def test_western_names_in_what_excel_saves(tmp_path: Path, encoding: str, bom: bytes) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    sep = "\t" if encoding.startswith("utf-16") else ";"
    text = (
        "\r\n".join(
            [
                sep.join(["Name", "Ort", "Land"]),
                sep.join(["Jürgen Weiß", "Köln", "DE"]),
                sep.join(["Renée Dupré", "Lyon", "FR"]),
            ]
        )
        + "\r\n"
    )
    data.write_bytes(bom + text.encode(encoding))
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    texts = "\n".join(body.decode() for body in letters(out).values())
    assert "Jürgen Weiß" in texts and "Renée Dupré" in texts


def test_an_encoding_that_cannot_be_told_asks_for_encoding(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    # è in 1252 is č in 1250: both read as plausible names
    data.write_bytes("name;city\r\nAdèle Mercier;Genève\r\n".encode("cp1252"))
    unsure = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out))
    assert unsure.exit_code == 2
    line = unsure.stderr.strip()
    assert "\n" not in line and "people.csv: cannot tell which encoding" in line
    assert "--encoding" in line and not out.exists()
    told = merge(
        str(data), "--to", "minister", "-f", "txt", "-o", str(out), "--encoding", "windows-1252"
    )
    assert told.exit_code == 0, told.stderr
    assert "Adèle Mercier" in "".join(b.decode() for b in letters(out).values())
    bad = merge(str(data), "--to", "minister", "-o", str(out), "--encoding", "klingon")
    assert bad.exit_code == 2 and "--encoding 'klingon': unknown encoding" in bad.stderr


# --------------------------------------------------------------------------------------------
# smaller faults


def test_combine_pointed_at_a_letter_never_replaces_it(tmp_path: Path) -> None:
    data, out = tmp_path / "people.csv", tmp_path / "out"
    write_rows(data, people(2))
    assert merge(str(data), "--to", "minister", "-f", "pdf", "-o", str(out)).exit_code == 0
    before = letters(out)
    target = out / min(before)
    for extra in ((), ("--force",)):
        result = merge(
            str(data),
            "--to",
            "minister",
            "-f",
            "pdf",
            "-o",
            str(out),
            "--combine",
            str(target),
            *extra,
        )
        assert result.exit_code == 1 and "that is a letter of this batch" in result.stderr
        assert letters(out) == before
    # the first run: the combined PDF named like a letter about to be written
    fresh = tmp_path / "fresh"
    first = merge(
        str(data),
        "--to",
        "minister",
        "-f",
        "pdf",
        "-o",
        str(fresh),
        "--combine",
        str(fresh / target.name),
    )
    assert first.exit_code == 1 and "that is a letter of this batch" in first.stderr
    assert letters(fresh)[target.name] == before[target.name]


def test_a_failed_row_leaves_none_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterkit.merge import runner as merge_runner

    real = merge_runner.render

    def render(letter, fmt, options):  # type: ignore[no-untyped-def]
        if fmt == "docx" and "Number1" in letter.sender.name:
            raise ValueError("docx writer broke")
        return real(letter, fmt, options)

    monkeypatch.setattr(merge_runner, "render", render)
    data, out = write_rows(tmp_path / "people.csv", people(3)), tmp_path / "out"
    result = merge(str(data), "--to", "minister", "-f", "txt,docx", "-o", str(out), "-j", "1")
    assert result.exit_code == 3
    statuses = [r["status"] for r in report(out)]
    assert statuses == ["written", "failed", "written"]
    names = letters(out)
    assert len(names) == 4 and not any("Number1" in n for n in names)


def test_disk_full_is_one_line_with_the_file_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letterkit.merge import runner as merge_runner

    real = merge_runner.write_atomic
    calls = {"n": 0}

    def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path.parent / ".x.part"))
        return real(path, data, force=force)

    monkeypatch.setattr(merge_runner, "write_atomic", write_atomic)
    data, out = write_rows(tmp_path / "people.csv", people(5)), tmp_path / "out"
    result = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out), "-j", "1")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"letterkit: error: {out}/minister-")
    assert "the disk is full" in line and "free some space and run the same command again" in line
    monkeypatch.setattr(merge_runner, "write_atomic", real)
    again = merge(str(data), "--to", "minister", "-f", "txt", "-o", str(out), "-j", "1")
    assert again.exit_code == 0 and len(letters(out)) == 5
    assert sorted(r["status"] for r in report(out)) == ["unchanged"] * 2 + ["written"] * 3


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_disk_full_on_a_real_small_tmpfs(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        data, out = write_rows(tmp_path / "people.csv", people(40)), disk / "out"
        result = merge(str(data), "--to", "all", "-f", "pdf", "-o", str(out), "-j", "1")
        assert result.exit_code == 1, result.stderr
        assert "the disk is full" in result.stderr and "run the same command again" in result.stderr
        assert not list(out.glob(".*.part"))
    finally:
        if subprocess.run(["umount", str(disk)], check=False).returncode:
            subprocess.run(["umount", "-l", str(disk)], check=False)  # busy: detach it


@pytest.mark.slow
def test_workers_of_a_killed_merge_end_quietly(tmp_path: Path) -> None:
    data, out = write_rows(tmp_path / "people.csv", people(200)), tmp_path / "out"
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
        "pdf",
        "--date",
        "2026-11-24",
        "-q",
        "-j",
        "2",
        "-o",
        str(out),
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.pdf"))) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    started = time.monotonic()
    assert proc.stderr is not None
    errors = proc.stderr.read()  # EOF only when every worker holding the pipe has ended
    assert time.monotonic() - started < 5
    assert b"Traceback" not in errors and b"BrokenPipeError" not in errors


def test_check_says_where_a_target_id_is_used_twice(tmp_path: Path) -> None:
    campaign = tmp_path / "campaign"
    shutil.copytree(CAMPAIGN, campaign)
    targets = campaign / "targets.toml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace('id = "consul"', 'id = "minister"'), encoding="utf-8")
    result = runner.invoke(app, ["check", str(campaign)])
    assert result.exit_code == 2
    assert (
        f"{targets}: target id 'minister' is used twice: target[1] and target[2]" in result.stderr
    )


@pytest.mark.slow
def test_kill_9_at_random_moments_then_a_rerun_gives_exactly_the_full_set(tmp_path: Path) -> None:
    import random

    rows = people(80)
    rows[7][4] = "ur"
    data, out, clean = write_rows(tmp_path / "people.csv", rows), tmp_path / "out", tmp_path / "c"
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
        "pdf",
        "--date",
        "2026-11-24",
        "-q",
        "-j",
        "2",
    ]
    chance = random.Random(11)
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen(
            [*args, "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # a random moment while letters are being written (however fast the machine is)
        wanted = chance.randint(1, 150)
        deadline = time.monotonic() + 30
        while (
            proc.poll() is None
            and time.monotonic() < deadline
            and (not out.exists() or len(list(out.glob("*.pdf"))) < wanted)
        ):
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    resumed = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    subprocess.run([*args, "-o", str(clean)], check=True, capture_output=True)
    assert kills, "no run was interrupted"
    # 80 rows × 2 targets, and a copy of each Urdu consul letter to read but row 8's (in Urdu)
    assert letters(out) == letters(clean) and len(letters(out)) == 160 + 79
    assert not list(out.glob(".*.part")) and not (out / LOCK_NAME).exists()
    assert {r["status"] for r in report(out)} <= {"written", "unchanged"}


def test_folder_lock_without_flock_uses_the_lock_file_and_its_pid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without flock (some network shares), a lock file made with O_EXCL:
    held by a live process it refuses; left by a dead one it is taken over."""
    import fcntl

    def no_flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_flock)
    with (
        FolderLock(tmp_path, "merge"),
        pytest.raises(FolderBusyError, match=f"pid {os.getpid()} on"),
    ):
        FolderLock(tmp_path, "send").acquire()
    assert not (tmp_path / LOCK_NAME).exists()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / LOCK_NAME).write_text(
        json.dumps(
            {"pid": int(dead), "host": os.uname().nodename, "purpose": "merge", "since": "earlier"}
        )
    )
    with FolderLock(tmp_path, "merge") as lock:
        assert lock.taken_over is not None and f"pid {dead} on" in lock.taken_over
