"""Reading an open letter's signatory list from CSV or XLSX.

The file is read with the same readers as ``merge`` (:mod:`letterkit.merge.sources`): CSV in any
encoding and dialect Excel or LibreOffice writes, XLSX, with their size limits. Columns are found
by their headers as ``merge`` finds its own (case, accents, spaces and punctuation do not matter;
the variants a form or a spreadsheet gives them are known: ``Organisation name``, ``Type``,
``Country code``, ``Name in your language``…), or named with ``--map "HEADER=FIELD"``
(``=-`` leaves a column out). A list with no name column but one headed ``Organisation`` (a
list of organisations) takes that column as the names. The fields:

``name``        the organisation or person, as it should be printed (required unless anonymous)
``kind``        ``organisation`` (the default when empty) or ``individual``
``affiliation`` an individual's organisation, or an organisation's network
``country``     an ISO 3166 code (``AF``, printed as the country's name in the letter's
                language) or any text
``name_local``  the name in its own script, printed after ``name`` when it differs
``anonymous``   ``yes``/``no`` (empty: no): printed as "Anonymous" in the letter's language,
                with the country only; numbered and counted like any other signatory

A bad file or row raises :class:`~letterkit.errors.DataError` naming the file, the row (as the
spreadsheet shows it: the header is row 1) and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..merge.columns import VARIANTS, aliases, header_key, listed_headers, match_headers
from ..merge.sources import RowProblem, open_source
from ..textclean import plain_line

COLUMNS = ("name", "kind", "affiliation", "country", "name_local", "anonymous")
# what sign-up forms and spreadsheets head them with (compared as merge compares headers)
_VARIANTS: dict[str, tuple[str, ...]] = {
    "name": (
        "organisation name",
        "organization name",
        "name of organisation",
        "name of organization",
        "name of the organisation",
        "name of the organization",
        "signatory",
        "signatory name",
        "full name",
        "your name",
        "group name",
        "nom",
        "nom de l'organisation",
        "نام",
        "نام سازمان",
        "نام نهاد",
        "تنظیم کا نام",
    ),
    "kind": (
        "type",
        "signatory type",
        "type of signatory",
        "signing as",
        "organisation or individual",
        "organization or individual",
        "category",
        "نوع",
        "قسم",
    ),
    "affiliation": (
        "organisation",
        "organization",
        "network",
        "member of",
        "on behalf of",
        "institution",
        "affiliated with",
    ),
    "country": VARIANTS["country"],  # as merge knows them
    "name_local": (
        "local name",
        "name in your language",
        "name in own script",
        "name in local script",
        "native name",
        "original name",
        "name persian",
        "name dari",
        "name pashto",
        "name urdu",
        "نام محلی",
    ),
    "anonymous": ("anon", "sign anonymously", "anonymously", "hide my name", "hide name"),
}
_ALIASES = aliases(_VARIANTS)
# a list of organisations headed "Organisation" and no name column: those are the names
_ORGANISATION_HEADERS = ("organisation", "organization")
KINDS = ("organisation", "individual")
_KIND_ALIASES = {
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "individual": "individual",
    "person": "individual",
}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}
MAX_SIGNATORIES = 20_000


@dataclass(frozen=True)
class SignatoryRow:
    """One signatory as read from the file; ``row`` is its spreadsheet row number."""

    row: int
    name: str
    kind: str = "organisation"
    affiliation: str = ""
    country: str = ""
    name_local: str = ""
    anonymous: bool = False


def read_signatories(
    path: Path | str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    column_map: Mapping[str, str] | None = None,
) -> list[SignatoryRow]:
    """The signatories in ``path`` (CSV or XLSX), in the file's order; ``column_map`` is
    ``--map`` parsed (header → field, :func:`letterkit.merge.columns.parse_map` with
    :data:`COLUMNS`)."""
    path = Path(path)
    source = open_source(path, sheet=sheet, encoding=encoding)
    if source.kind not in ("csv", "xlsx"):
        raise DataError(f"{path.name}: a signatory list is a CSV or XLSX file")
    headers = source.headers
    index, claimed = match_headers(headers, dict(column_map or {}), _ALIASES, path.name)
    at = index.get("affiliation")
    if (
        "name" not in index
        and at is not None
        and at not in claimed
        and header_key(headers[at]) in _ORGANISATION_HEADERS  # a list of organisations
    ):
        index["name"] = index.pop("affiliation")
    if "name" not in index:
        raise DataError(
            f"{path.name}: row 1: no column for the signatories' names (a 'name' column; fields: "
            + ", ".join(COLUMNS)
            + f"); columns found: {listed_headers(headers)}. Map one with "
            '--map "HEADER=name"'
        )
    found: list[SignatoryRow] = []
    for number, cells in source.rows():
        if isinstance(cells, RowProblem):
            raise DataError(f"{path.name}: {cells.message}")
        if len(found) >= MAX_SIGNATORIES:
            raise DataError(f"{path.name}: more than {MAX_SIGNATORIES} signatories")

        def cell(column: str, values: tuple[str, ...] = cells) -> str:
            at = index.get(column)
            return plain_line(values[at]) if at is not None and at < len(values) else ""

        where = f"{path.name}: row {number}"
        raw_kind = cell("kind").lower()
        kind = _KIND_ALIASES.get(raw_kind or "organisation")
        if kind is None:
            raise DataError(f"{where}: field 'kind' is {raw_kind!r}; one of " + ", ".join(KINDS))
        raw_anon = cell("anonymous").lower()
        if raw_anon not in _YES | _NO:
            raise DataError(f"{where}: field 'anonymous' is {raw_anon!r}; yes or no")
        anonymous = raw_anon in _YES
        name = cell("name")
        if not name and not anonymous:
            raise DataError(
                f"{where}: field 'name' is empty (leave a signatory out, or mark "
                "it anonymous = yes)"
            )
        found.append(
            SignatoryRow(
                number,
                name,
                kind,
                cell("affiliation"),
                cell("country"),
                cell("name_local"),
                anonymous,
            )
        )
    if not found:
        raise DataError(f"{path.name}: no signatories (only the header)")
    return found
