"""Reading supporters' files as spreadsheet programs write them, and finding the columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterkit.errors import ChoiceError, DataError
from letterkit.merge.columns import map_columns, parse_map
from letterkit.merge.naming import (
    MAX_STEM_BYTES,
    UniqueNames,
    check_pattern,
    fill_pattern,
    safe_file_stem,
)
from letterkit.merge.report import neutralise_cell
from letterkit.merge.sources import RowProblem, open_source, sniff_delimiter, sniff_encoding

DATA = Path(__file__).parent / "data" / "merge"

# What a person typed into the spreadsheet (the same six supporters in every dialect file).
NAMES = [
    "Amina Rahimi",
    "Łukasz Nowak",
    "Nguyễn Thị Mai",
    "علی احمدی",
    "فاطمہ خان",
    "Siobhan O'Brien",
]
CITIES = ["Berlin", "Kraków", "Hamburg", "Köln", "Manchester", "Dublin"]


def _rows(source):
    return [(n, cells) for n, cells in source.rows()]


@pytest.mark.parametrize(
    ("file", "kind"),
    [
        ("excel_utf8_bom.csv", "CSV, UTF-8 with BOM, comma-separated"),
        ("libreoffice_utf8.csv", "CSV, UTF-8, comma-separated"),
        ("excel_unicode_text.txt", "CSV, UTF-16 with BOM, tab-separated"),
        ("excel_semicolon.csv", "CSV, UTF-8 with BOM, semicolon-separated"),
    ],
)
def test_csv_dialects_read_the_same_people(file: str, kind: str) -> None:
    source = open_source(DATA / file)
    assert source.describe() == kind
    columns = map_columns(source.headers, source=file, need_target=False)
    rows = _rows(source)
    assert [n for n, _ in rows] == [2, 3, 4, 5, 6, 7]  # blank trailing rows are skipped
    values = [columns.values(cells) for _, cells in rows]
    assert [v["name"] for v in values] == NAMES
    assert [v["city"] for v in values] == CITIES
    assert values[3]["language"] == "fa_AF" and values[4]["language"] == "ur"
    # the quoted cell with a line break stays one cell with two lines
    assert values[5]["street"].splitlines() == ["Flat 2", "Long Street 4"]
    assert values[0]["email"] == "amina@example.org"
    assert values[2]["email"] == ""


def test_windows_1252_semicolon_file_needs_a_map_for_its_name_column() -> None:
    source = open_source(DATA / "excel_ansi_semicolon.csv")
    assert source.describe() == "CSV, CP1252, semicolon-separated"
    with pytest.raises(DataError) as err:
        map_columns(source.headers, source="excel_ansi_semicolon.csv")
    message = str(err.value)
    assert "no column for the supporter's name" in message
    assert "'Vorname und Nachname'" in message and "'PLZ'" in message  # headers found listed
    columns = map_columns(source.headers, parse_map(["vorname und nachname=name"]))
    first = columns.values(_rows(source)[0][1])
    assert first["name"] == "Amina Rahimi" and first["street"] == "Beispielstraße 12"
    assert first["postal_code"] == "10115" and first["city"] == "Berlin"


def test_quoted_line_breaks_first_and_last_name_and_target_column() -> None:
    source = open_source(DATA / "quoted_multiline.csv")
    columns = map_columns(source.headers, need_target=True)
    rows = _rows(source)
    assert [n for n, _ in rows] == [2, 3, 4]
    values = [columns.values(cells) for _, cells in rows]
    assert values[0]["street"] == "Beispielstraße 12\nHinterhaus"
    assert values[1]["street"] == "Flat 2\r\nLong Street 4"
    assert values[1]["target"] == "minister, consul"
    assert (values[2]["first_name"], values[2]["last_name"]) == ("فاطمہ", "خان")


def test_real_xlsx_with_german_headers_number_postcodes_and_sheets() -> None:
    source = open_source(DATA / "supporters.xlsx")
    assert source.describe() == "XLSX, sheet 'Supporters'"
    columns = map_columns(source.headers)
    assert set(columns.fields) == {
        "first_name",
        "last_name",
        "email",
        "street",
        "postal_code",
        "city",
        "country",
        "language",
    }
    rows = _rows(source)
    assert len(rows) == 6  # the blank last row is skipped
    first = columns.values(rows[0][1])
    assert first["postal_code"] == "10115"  # typed as a number in the sheet, not "10115.0"
    assert (first["first_name"], first["last_name"]) == ("Amina", "Rahimi")
    urdu = columns.values(rows[4][1])
    assert (urdu["first_name"], urdu["last_name"], urdu["language"]) == ("فاطمہ", "خان", "ur")
    second = open_source(DATA / "supporters.xlsx", sheet="Evening 2")
    assert _rows(second) == [(2, ("Zahra Karimi", "Leipzig", "DE"))]
    with pytest.raises(DataError, match="no sheet 'Nope'; sheets: 'Supporters', 'Evening 2'"):
        open_source(DATA / "supporters.xlsx", sheet="Nope")


@pytest.mark.parametrize("file", ["supporters.json", "supporters.jsonl"])
def test_json_and_json_lines(file: str) -> None:
    source = open_source(DATA / file)
    columns = map_columns(source.headers)
    values = [columns.values(cells) for _, cells in source.rows()]
    assert [v["name"] for v in values] == NAMES
    assert values[4]["language"] == "ur"


def test_a_row_with_too_many_cells_is_a_row_problem_not_the_end(tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("name,city\nA,Berlin\nB,Paris,extra\nC,Rome\n", encoding="utf-8")
    rows = _rows(open_source(file))
    assert rows[0] == (2, ("A", "Berlin")) and rows[2] == (4, ("C", "Rome"))
    assert isinstance(rows[1][1], RowProblem) and "row 3 has 3 cells" in rows[1][1].message


def test_excel_sep_hint_line_and_a_header_only_file(tmp_path: Path) -> None:
    file = tmp_path / "hint.csv"
    file.write_bytes(b"sep=;\r\nName;City\r\nAmina Rahimi;Berlin, Mitte\r\n")
    source = open_source(file)
    assert source.headers == ("Name", "City") and source.delimiter == ";"
    assert _rows(source) == [(2, ("Amina Rahimi", "Berlin, Mitte"))]
    empty = tmp_path / "empty.csv"
    empty.write_text("name,city\n", encoding="utf-8")
    assert _rows(open_source(empty)) == []


def test_sniffers() -> None:
    assert sniff_encoding("név".encode()) == ("utf-8", False)
    assert sniff_encoding("Straße".encode("cp1252")) == ("cp1252", False)
    assert sniff_encoding("name\tcity".encode("utf-16-le")) == ("utf-16-le", False)
    assert sniff_delimiter('"a;b",c,d\n1;2;3;4') == ","  # quoted ; ignored, first line only
    assert sniff_delimiter("a;b;c\n") == ";"
    assert sniff_delimiter("a\tb\n") == "\t"


def test_header_variants_and_map_errors() -> None:
    headers = ["Vollständiger Name", "E-Mail-Adresse", "Postleitzahl", "Zip", "نام"]
    with pytest.raises(DataError, match="'Postleitzahl' and 'Zip' both look like 'postal_code'"):
        map_columns(headers)
    with pytest.raises(DataError, match="both look like 'name'"):
        map_columns(headers, parse_map(["Zip=-"]))
    columns = map_columns(headers, parse_map(["Zip=-", "نام=-"]))
    assert columns.fields == {"name": 0, "postal_code": 2, "email": 1}
    with pytest.raises(
        DataError,
        match="--map names the column 'Full name', which is not "
        "there; columns found: 'Vollständiger Name'",
    ):
        map_columns(headers, parse_map(["Full name=name"]))
    with pytest.raises(DataError, match="unknown field 'nam'"):
        parse_map(["Full name=nam"])
    with pytest.raises(DataError, match="no --to given and no 'target' column"):
        map_columns(["name"], need_target=True)


def test_safe_file_names() -> None:
    assert safe_file_stem('a/b\\c:d*e?f"g<h>i|j') == "a-b-c-d-e-f-g-h-i-j"
    assert safe_file_stem("CON") == "CON_" and safe_file_stem("nul.txt") == "nul.txt_"
    assert safe_file_stem("com1") == "com1_" and safe_file_stem("console") == "console"
    assert safe_file_stem("..hidden. ") == "hidden"
    assert safe_file_stem("evil\u202etxt.exe") == "eviltxt.exe"  # no bidi override
    assert safe_file_stem("  ") == "letter"
    assert safe_file_stem("Amina\tRahimi\nBerlin") == "Amina-Rahimi-Berlin"
    long = safe_file_stem("فاطمہ" * 60)
    assert len(long.encode("utf-8")) <= MAX_STEM_BYTES and long.startswith("فاطمہ")
    names = UniqueNames()
    assert [names.claim(s) for s in ("pm-2-Khan", "PM-2-khan", "pm-2-Khan")] == [
        "pm-2-Khan",
        "PM-2-khan-2",
        "pm-2-Khan-3",
    ]
    assert (
        fill_pattern("{target}-{row}-{last_name}", {"target": "pm", "row": 7, "last_name": ""})
        == "pm-7"
    )
    assert fill_pattern("{row:04d}_{name}", {"row": 7, "name": "A/B"}) == "0007_A-B"
    with pytest.raises(ChoiceError, match=r"unknown placeholder \{surname\}"):
        check_pattern("{target}-{surname}")


def test_spreadsheet_formulas_are_neutralised() -> None:
    for cell in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx"):
        assert neutralise_cell(cell) == "'" + cell
    assert neutralise_cell("row 7") == "row 7" and neutralise_cell(3) == "3"
