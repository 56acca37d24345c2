"""Regenerates the merge test inputs (run once; the files are committed as they are).

Each file is what a spreadsheet program really writes: Excel's "CSV UTF-8" (BOM, CRLF),
LibreOffice's default CSV (UTF-8, no BOM, LF), Excel's "Unicode text" (UTF-16 LE with BOM,
tab-separated), European Excel (semicolons; Windows-1252 for "CSV (delimited)"), quoted fields
with line breaks and blank trailing rows, a real XLSX written by openpyxl, JSON and JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).parent

# name, street, city, postal code, country, email, language, note
PEOPLE = [
    ("Amina Rahimi", "Beispielstraße 12", "Berlin", "10115", "DE", "amina@example.org", "", ""),
    (
        "Łukasz Nowak",
        "ul. Przykładowa 3",
        "Kraków",
        "30-001",
        "PL",
        "lukasz@example.org",
        "en",
        "My grandfather was a refugee too.",
    ),
    ("Nguyễn Thị Mai", "Musterweg 7", "Hamburg", "20095", "DE", "", "", ""),
    ("علی احمدی", "Domplatz 1", "Köln", "50667", "DE", "ali@example.org", "fa_AF", ""),
    ("فاطمہ خان", "10 Sample Road", "Manchester", "M1 1AA", "GB", "fatima@example.org", "ur", ""),
    (
        "Siobhan O'Brien",
        "Flat 2\nLong Street 4",
        "Dublin",
        "D02 X285",
        "IE",
        "",
        "",
        '=HYPERLINK("http://evil.example","click")',
    ),
]
HEADER = ["Full name", "E-Mail", "Street", "City", "Postcode", "Country", "Language", "Note"]


def rows() -> list[list[str]]:
    return [[p[0], p[5], p[1], p[2], p[3], p[4], p[6], p[7]] for p in PEOPLE]


def csv_text(header: list[str], data: list[list[str]], delimiter: str, newline: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(data)
    return buf.getvalue()


def main() -> None:
    data = rows()
    # Excel "CSV UTF-8 (comma delimited)": BOM, CRLF
    (HERE / "excel_utf8_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + csv_text(HEADER, data, ",", "\r\n").encode("utf-8")
    )
    # LibreOffice default: UTF-8 without BOM, LF, other header spellings
    lo_header = ["name", "email", "address", "town", "zip", "country", "lang", "note"]
    (HERE / "libreoffice_utf8.csv").write_bytes(csv_text(lo_header, data, ",", "\n").encode())
    # Excel "Unicode text": UTF-16 LE with BOM, tab-separated, CRLF
    (HERE / "excel_unicode_text.txt").write_bytes(
        csv_text(HEADER, data, "\t", "\r\n").encode("utf-16")
    )
    # European Excel, "CSV UTF-8" with the ; list separator, and blank trailing rows
    eu_header = ["Name", "E-Mail", "Straße", "Ort", "PLZ", "Land", "Sprache", "Notiz"]
    blank = ";" * (len(eu_header) - 1) + "\r\n"
    (HERE / "excel_semicolon.csv").write_bytes(
        b"\xef\xbb\xbf" + (csv_text(eu_header, data, ";", "\r\n") + blank * 3).encode()
    )
    # European Excel "CSV (delimiter-separated)": Windows-1252, semicolons (Latin names only)
    latin = [
        r
        for r in data
        if all(c.encode("cp1252", "ignore").decode("cp1252") == c for c in "".join(r))
    ]
    (HERE / "excel_ansi_semicolon.csv").write_bytes(
        csv_text(
            ["Vorname und Nachname", "E-Mail", "Straße", "Ort", "PLZ", "Land", "Sprache", "Notiz"],
            [r for r in latin],
            ";",
            "\r\n",
        ).encode("cp1252")
    )
    # first name + last name columns, a target column, quoted line breaks, blank trailing rows
    split = [["First name", "Last name", "Street", "City", "Postal code", "Country", "Target"]]
    split += [
        ["Amina", "Rahimi", "Beispielstraße 12\nHinterhaus", "Berlin", "10115", "DE", "minister"],
        [
            "Siobhan",
            "O'Brien",
            "Flat 2\r\nLong Street 4",
            "Dublin",
            "D02 X285",
            "IE",
            "minister, consul",
        ],
        ["فاطمہ", "خان", "10 Sample Road", "Manchester", "M1 1AA", "GB", "all"],
    ]
    text = csv_text(split[0], split[1:], ",", "\r\n") + ",,,,,,\r\n,,,,,,\r\n"
    (HERE / "quoted_multiline.csv").write_bytes(text.encode("utf-8"))
    # bad rows: each fails on one field; the good ones must still be written
    bad_header = ["name", "email", "city", "country", "language", "target"]
    bad = [
        ["Good Person", "good@example.org", "Berlin", "DE", "", ""],  # row 2: fine
        ["", "nobody@example.org", "Berlin", "DE", "", ""],  # row 3: no name
        ["Mail Broken", "not-an-email", "Berlin", "DE", "", ""],  # row 4: email
        ["Lang Unknown", "", "Berlin", "DE", "xx", ""],  # row 5: language
        ["Target Unknown", "", "Berlin", "DE", "", "mayor"],  # row 6: target
        ["No Letter Lang", "", "Berlin", "DE", "de", ""],  # row 7: no letter
        ["Also Good", "", "Paris", "FR", "en", "consul"],  # row 8: fine
    ]
    (HERE / "bad_rows.csv").write_bytes(csv_text(bad_header, bad, ",", "\n").encode())
    # JSON and JSON Lines
    keys = ["name", "email", "street", "city", "postal_code", "country", "language", "note"]
    objects = [dict(zip(keys, r)) for r in data]
    (HERE / "supporters.json").write_text(
        json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (HERE / "supporters.jsonl").write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8"
    )
    make_xlsx(data)


def make_xlsx(data: list[list[str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Supporters"
    ws.append(["Vorname", "Nachname", "E-Mail", "Straße", "PLZ", "Ort", "Land", "Sprache"])
    for row in data:
        first, _, last = row[0].partition(" ")
        postal: object = int(row[4]) if row[4].isdigit() else row[4]  # typed as a number
        ws.append([first, last, row[1] or None, row[2], postal, row[3], row[5], row[6] or None])
    ws.append([None] * 8)  # a blank row left at the end
    second = wb.create_sheet("Evening 2")
    second.append(["Name", "City", "Country"])
    second.append(["Zahra Karimi", "Leipzig", "DE"])
    wb.save(HERE / "supporters.xlsx")


if __name__ == "__main__":
    main()
