"""The results report: one line per letter (row × target) with its status, files, language and
error, as CSV and JSON in the output folder.

Both files are streamed to temporary files while the batch runs and renamed when it ends, so
memory stays flat and a half-finished report never has the final name. The report holds row
numbers, not names or addresses: it carries no personal data the input did not (error messages
may quote a bad value from the row itself).

Spreadsheet programs run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula; every
such CSV cell is prefixed with a single quote (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPORT_COLUMNS = ("row", "target", "status", "language", "language_reason", "files", "error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``: text a spreadsheet will not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class ReportLine:
    row: int
    target: str
    status: str  # written | unchanged | failed
    language: str = ""
    language_reason: str = ""
    files: tuple[str, ...] = ()
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "target": self.target,
            "status": self.status,
            "language": self.language,
            "language_reason": self.language_reason,
            "files": list(self.files),
            "error": self.error,
        }


class ReportWriter:
    """Streams ``results.csv`` and ``results.json`` (``{"letters": [...], "summary": {...}}``);
    :meth:`close` puts them in place."""

    def __init__(self, folder: Path, stem: str = "results"):
        folder.mkdir(parents=True, exist_ok=True)
        self.csv_path = folder / f"{stem}.csv"
        self.json_path = folder / f"{stem}.json"
        self._csv_tmp = folder / f".{stem}.csv.part"
        self._json_tmp = folder / f".{stem}.json.part"
        # utf-8-sig: Excel opens it with the right encoding (Urdu and Dari error text)
        self._csv_fh: IO[str] = self._csv_tmp.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_fh)
        self._csv.writerow(REPORT_COLUMNS)
        self._json_fh: IO[str] = self._json_tmp.open("w", encoding="utf-8")
        self._json_fh.write('{"letters": [')
        self._count = 0
        self.counts = {"written": 0, "unchanged": 0, "failed": 0}

    def add(self, line: ReportLine) -> None:
        data = line.as_dict()
        cells = [*(data[c] for c in REPORT_COLUMNS[:5]), " ".join(line.files), line.error]
        self._csv.writerow([neutralise_cell(c) for c in cells])
        self._json_fh.write(
            ("," if self._count else "") + "\n  " + json.dumps(data, ensure_ascii=False)
        )
        self._count += 1
        self.counts[line.status] = self.counts.get(line.status, 0) + 1

    def close(self, summary: dict[str, Any] | None = None) -> None:
        self._csv_fh.close()
        tail = json.dumps(summary or {}, ensure_ascii=False)
        self._json_fh.write(("\n" if self._count else "") + f'],\n"summary": {tail}}}\n')
        self._json_fh.close()
        self._csv_tmp.replace(self.csv_path)
        self._json_tmp.replace(self.json_path)

    def abort(self) -> None:
        for fh, tmp in ((self._csv_fh, self._csv_tmp), (self._json_fh, self._json_tmp)):
            fh.close()
            tmp.unlink(missing_ok=True)
