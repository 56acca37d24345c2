"""Reading supporter rows from the files people really have: CSV as Excel and LibreOffice export
it, XLSX, JSON and JSON Lines.

A :class:`DataSource` knows its headers up front (so columns can be checked before any letter is
written) and streams its rows: :meth:`DataSource.rows` reads the file again on every call and
holds one row at a time, so a batch of a million rows needs no more memory than one of ten.

Row numbers are what the person sees: the spreadsheet row (the header is row 1) for CSV and XLSX,
the item number for a JSON array and the line number for JSON Lines.

Data files come from anywhere, so reading is bounded: an XLSX whose parts would expand beyond
:data:`MAX_XLSX_EXPANDED` bytes (a "zip bomb") is refused before it is opened, reading a sheet
stops after :data:`MAX_EMPTY_RUN` empty rows in a row (a sheet can claim ten million rows), a
cell longer than :data:`MAX_CELL_CHARS` fails its row, and :func:`count_rows` lets the caller
refuse more than a maximum number of rows before any letter is written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..officezip import ZipLimits, check_office_zip
from .encodings import UnsureEncoding, describe, detect_code_page

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SAMPLE_BYTES = 64 * 1024
KINDS = ("csv", "xlsx", "json", "jsonl")

MAX_ROWS = 100_000  # data rows in one batch; MergeOptions.max_rows / --max-rows raise it
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold
MAX_XLSX_EXPANDED = 256 * 1024 * 1024  # bytes of all parts of an XLSX, uncompressed
MAX_XLSX_RATIO = 1000  # uncompressed / compressed size of one part
_XLSX_LIMITS = ZipLimits(
    unreadable="{where}: not a readable XLSX file ({error})",
    max_ratio=MAX_XLSX_RATIO,
    too_expanding="{where}: refused: its part {part} would expand {ratio:.0f} times (to {mb} MB); "
    "an XLSX saved by a spreadsheet program does not; save the data again as XLSX or CSV",
    max_expanded=MAX_XLSX_EXPANDED,
    too_much_unpacked="{where}: refused: it would expand to {mb} MB (at most {limit_mb} MB are "
    "read); split the data or save it as CSV",
)
MAX_EMPTY_RUN = 10_000  # empty sheet rows in a row after which reading stops
_CSV_FIELD_LIMIT = 16 * 1024 * 1024  # the csv module's own limit (longer fields fail the row)


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be read as cells (reported as a failed row; the others go on)."""

    message: str


# (row number as the user sees it, values aligned to headers, or the reason they are not)
Row = tuple[int, "tuple[str, ...] | RowProblem"]
_Raw = tuple[int, "tuple[str, ...] | RowProblem"]


@dataclass(frozen=True)
class DataSource:
    """A data file, its format and headers; iterate :meth:`rows` to stream the rows."""

    path: Path
    kind: str
    headers: tuple[str, ...]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    bom: bool = False
    _extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def describe(self) -> str:
        """A short human description, e.g. ``CSV, UTF-16 with BOM, tab-separated``."""
        if self.kind == "csv":
            enc = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16"}.get(
                self.encoding, self.encoding.upper()
            )
            bom = " with BOM" if self.bom else ""
            return f"CSV, {enc}{bom}, {_DELIMITER_NAMES.get(self.delimiter, 'custom')}-separated"
        if self.kind == "xlsx":
            return f"XLSX, sheet {self.sheet!r}"
        return "JSON Lines" if self.kind == "jsonl" else "JSON"

    def rows(self) -> Iterator[Row]:
        """Non-blank data rows, streamed; each value is text (``""`` when empty)."""
        reader = {
            "csv": self._csv_rows,
            "xlsx": self._xlsx_rows,
            "json": self._json_rows,
            "jsonl": self._jsonl_rows,
        }[self.kind]
        width = len(self.headers)
        for number, values in reader():
            if isinstance(values, RowProblem):
                yield number, values
                continue
            long = next((i for i, v in enumerate(values) if len(v) > MAX_CELL_CHARS), None)
            if long is not None:
                column = self.headers[long] if long < width else f"column {long + 1}"
                yield (
                    number,
                    RowProblem(
                        f"row {number}: field {column!r} is {len(values[long])} characters long; "
                        f"at most {MAX_CELL_CHARS} are read"
                    ),
                )
                continue
            if not any(v.strip() for v in values):
                continue  # blank rows, e.g. the ";;;;" lines Excel leaves at the end
            if len(values) < width:
                values = (*values, *([""] * (width - len(values))))
            elif len(values) > width:
                extra = values[width:]
                if any(v.strip() for v in extra):
                    yield (
                        number,
                        RowProblem(
                            f"row {number} has {len(values)} cells but the header has {width} "
                            "columns (a missing quote or an extra "
                            f"{_DELIMITER_NAMES.get(self.delimiter, 'delimiter')}?)"
                        ),
                    )
                    continue
                values = values[:width]
            yield number, values

    # -- CSV -------------------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[_Raw]:
        with _open_text(self.path, self.encoding) as fh:
            if self._extra.get("sep_line"):
                fh.readline()  # Excel's "sep=;" hint, not a row
            if csv.field_size_limit() < _CSV_FIELD_LIMIT:
                csv.field_size_limit(_CSV_FIELD_LIMIT)
            reader = csv.reader(fh, delimiter=self.delimiter)
            index = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    raise DataError(
                        f"{self.path.name}: near row {index + 1}: not valid "
                        f'{self.encoding} text ({exc.reason}); save the file as "CSV UTF-8" '
                        "or name its encoding with --encoding"
                    ) from None
                except csv.Error as exc:  # e.g. a field over the limit: that row fails
                    index += 1
                    if index > 1:
                        yield index, RowProblem(f"row {index} (line {reader.line_num}): {exc}")
                    continue
                index += 1
                if index > 1:  # the header is row 1
                    yield index, tuple(cell.strip() for cell in record)

    # -- XLSX ------------------------------------------------------------------------------

    def _xlsx_rows(self) -> Iterator[_Raw]:
        workbook, sheet = _open_sheet(self.path, self.sheet)
        try:
            header_row = self._extra["header_row"]
            empty = 0
            for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if index <= header_row:
                    continue
                cells = tuple(cell_text(v) for v in values)
                if any(cells):
                    empty = 0
                else:
                    empty += 1
                    if empty >= MAX_EMPTY_RUN:  # formatting left to row 1048576, or a bomb
                        return
                yield index, cells
        finally:
            workbook.close()

    # -- JSON ------------------------------------------------------------------------------

    def _json_rows(self) -> Iterator[_Raw]:
        items = _load_json_array(self.path)
        for index, item in enumerate(items, start=1):
            yield index, self._object_values(item, f"item {index}", index)

    def _jsonl_rows(self) -> Iterator[_Raw]:
        for line_no, item in _iter_jsonl(self.path):
            yield line_no, self._object_values(item, f"line {line_no}", line_no)

    def _object_values(self, item: Any, where: str, number: int) -> tuple[str, ...] | RowProblem:
        if isinstance(item, RowProblem):
            return item
        if not isinstance(item, dict):
            return RowProblem(f"{where}: expected an object with fields, not {type(item).__name__}")
        for header in self.headers:
            value = item.get(header)
            if isinstance(value, (dict, list)):
                kind = "an object" if isinstance(value, dict) else "a list"
                return RowProblem(
                    f"row {number}: field {header!r} holds {kind}, not a "
                    "plain value (text or a number)"
                )
        return tuple(cell_text(item.get(h)) for h in self.headers)


def cell_text(value: Any) -> str:
    """A cell as text: ``10115.0`` → ``"10115"`` (postal codes typed as numbers), dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        if isinstance(value, _dt.datetime) and value.time() == _dt.time(0):
            value = value.date()
        return str(value.isoformat())
    return str(value).strip()


# --------------------------------------------------------------------------------------------
# opening


def open_source(
    path: Path | str, *, sheet: str | None = None, encoding: str | None = None
) -> DataSource:
    """Detect the format (by extension, then content) and read the headers. ``encoding``
    (``--encoding``) says what a CSV or text file is in instead of detecting it."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: data file not found")
    suffix = path.suffix.lower()
    if encoding and suffix in (".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson"):
        raise DataError(f"--encoding only applies to CSV and text files, not {path.name}")
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    if sheet:
        raise DataError(f"--sheet only applies to XLSX files, not {path.name}")
    if suffix == ".xls":
        raise DataError(f"{path.name}: old Excel .xls files cannot be read; save as .xlsx or CSV")
    if suffix in (".jsonl", ".ndjson"):
        return _open_jsonl(path)
    if suffix == ".json":
        return _open_json(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sheet)
    return _open_csv(path, encoding)


def sniff_encoding(raw: bytes) -> tuple[str, bool]:
    """(Python codec, has BOM) for the start of a text file.

    Excel writes "CSV UTF-8" with a BOM, "Unicode text" as UTF-16 LE with a BOM, and plain
    "CSV" in the Windows code page; LibreOffice writes UTF-8 without a BOM by default.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    sample = raw[:4096]
    if len(sample) >= 4:
        zeros_odd = sample[1::2].count(0)
        zeros_even = sample[0::2].count(0)
        half = len(sample) // 2
        if zeros_odd > half * 0.3 and zeros_even == 0:
            return "utf-16-le", False
        if zeros_even > half * 0.3 and zeros_odd == 0:
            return "utf-16-be", False
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(raw, final=False)  # a multi-byte character cut at the end is fine
        return "utf-8", False
    except UnicodeDecodeError:
        pass
    return detect_code_page(raw), False  # UnsureEncoding when it cannot be told


def _open_text(path: Path, encoding: str) -> Any:
    return path.open("r", encoding=encoding, newline="")


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the candidate found most often outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier, i.e. comma
    return best if counts[best] else ","


def _open_csv(path: Path, forced: str | None = None) -> DataSource:
    from .encodings import DETECT_BYTES

    with path.open("rb") as fh:
        raw = fh.read(max(_SAMPLE_BYTES, DETECT_BYTES))
    if not raw.strip():
        raise DataError(f"{path.name}: the file is empty")
    if forced:
        encoding = forced
        bom = raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if forced in ("utf-8", "utf_8") and raw.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
    else:
        try:
            encoding, bom = sniff_encoding(raw)
        except UnsureEncoding as exc:
            could = (
                " (it could be " + " or ".join(describe(c) for c in exc.candidates[:4]) + ")"
                if exc.candidates
                else ""
            )
            example = exc.candidates[0] if exc.candidates else "cp1252"
            raise DataError(
                f"{path.name}: cannot tell which encoding the file is in{could}; name it with "
                f'--encoding, e.g. --encoding {example}, or save the file as "CSV UTF-8"'
            ) from None
    with _open_text(path, encoding) as fh:
        try:
            sample = fh.read(_SAMPLE_BYTES)
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{path.name}: not valid {encoding} text ({exc.reason}); name its "
                "encoding with --encoding"
            ) from None
    sample = sample.lstrip("\ufeff")
    first_line = sample.split("\n", 1)[0].rstrip("\r")
    hint = re.fullmatch(r'"?sep=(.)"?', first_line.strip())  # Excel's delimiter hint line
    delimiter = hint.group(1) if hint else sniff_delimiter(sample)
    with _open_text(path, encoding) as fh:
        if hint:
            fh.readline()
        header = next(csv.reader(fh, delimiter=delimiter), [])
    headers = _clean_headers([h.lstrip("\ufeff") for h in header], path)
    return DataSource(
        path,
        "csv",
        headers,
        encoding=encoding,
        delimiter=delimiter,
        bom=bom,
        _extra={"sep_line": bool(hint)},
    )


def check_xlsx_size(path: Path) -> None:
    """Refuse an XLSX whose parts would expand beyond the limits, before anything is unpacked."""
    check_office_zip(path, _XLSX_LIMITS, path.name)


def _open_sheet(path: Path, sheet: str | None) -> tuple[Any, Any]:
    import zipfile

    from openpyxl import load_workbook

    check_xlsx_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"{path.name}: not a readable XLSX file ({exc})") from None
    if sheet:
        if sheet not in workbook.sheetnames:
            names = ", ".join(repr(n) for n in workbook.sheetnames)
            workbook.close()
            raise DataError(f"{path.name}: no sheet {sheet!r}; sheets: {names}")
        chosen = workbook[sheet]
    else:
        chosen = workbook.worksheets[0]
    if hasattr(chosen, "reset_dimensions"):
        chosen.reset_dimensions()  # a sheet may claim ten million rows: read the rows it has
    return workbook, chosen


def _open_xlsx(path: Path, sheet: str | None) -> DataSource:
    workbook, ws = _open_sheet(path, sheet)
    try:
        title = ws.title
        header: list[str] = []
        header_row = 0
        for index, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                header, header_row = cells, index
                break
            if index >= MAX_EMPTY_RUN:
                break
    finally:
        workbook.close()
    if not header_row:
        raise DataError(f"{path.name}: sheet {title!r} is empty")
    headers = _clean_headers(header, path)
    return DataSource(path, "xlsx", headers, sheet=title, _extra={"header_row": header_row})


def _load_json_array(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path.name}: not valid JSON: {exc}") from None
    except RecursionError:
        raise DataError(
            f"{path.name}: the JSON is nested too deeply to read; a data file is "
            "an array of flat objects"
        ) from None
    if isinstance(data, dict):
        for key in ("rows", "supporters", "data", "items"):
            if isinstance(data.get(key), list):
                return list(data[key])
    if not isinstance(data, list):
        raise DataError(f"{path.name}: expected a JSON array of objects (one per supporter)")
    return data


def _iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open("r", encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path.name}: line {line_no}: not valid JSON: {exc.msg}") from None
            except RecursionError:
                yield line_no, RowProblem(f"line {line_no}: the JSON is nested too deeply")


def _keys_in_order(items: Iterator[Any], path: Path) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            for key in item:
                seen.setdefault(str(key), None)
    if not seen:
        raise DataError(f"{path.name}: no rows with fields found")
    return tuple(seen)


def _open_json(path: Path) -> DataSource:
    headers = _keys_in_order(iter(_load_json_array(path)), path)
    return DataSource(path, "json", headers)


def _open_jsonl(path: Path) -> DataSource:
    headers = _keys_in_order((item for _, item in _iter_jsonl(path)), path)
    return DataSource(path, "jsonl", headers)


def _clean_headers(header: list[str], path: Path) -> tuple[str, ...]:
    """Trimmed headers; unnamed columns become ``column 7``; duplicates are an error."""
    while header and not header[-1].strip():
        header = header[:-1]
    if not header:
        raise DataError(f"{path.name}: the first row holds no column headers")
    cleaned: list[str] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header, start=1):
        name = " ".join(raw.split()) or f"column {index}"
        key = name.casefold()
        if key in seen:
            raise DataError(
                f"{path.name}: the header {name!r} appears twice (columns "
                f"{seen[key]} and {index}); rename one"
            )
        seen[key] = index
        cleaned.append(name)
    return tuple(cleaned)


def count_rows(source: DataSource, limit: int) -> int:
    """The number of data rows (blank rows not counted, bad rows counted); raises when there
    are none or more than ``limit``, so the batch stops before any letter is written."""
    count = 0
    for _number, _cells in source.rows():
        count += 1
        if count > limit:
            raise DataError(
                f"{source.path.name}: more than {limit} rows; split the file, or raise the "
                f"limit with --max-rows {limit * 10}"
            )
    if not count:
        raise DataError(
            f"{source.path.name}: no supporter rows (only the header); nothing to write"
        )
    return count
