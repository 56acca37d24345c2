"""Which column holds what: headers matched by name, case- and space-insensitively, with the
variants people type (``Full name``, ``E-Mail``, ``PLZ``, ``Zip code``, ``نام``…), or mapped
explicitly with ``--map "Full name=name"``.

Every problem (a missing name column, a ``--map`` naming a header that is not there, two columns
that both look like ``email``) is raised before any letter is written, with the headers found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import DataError

# The fields a row can fill, in the order they are listed to users.
FIELDS: dict[str, str] = {
    "id": "the supporter's id in your list (keeps letter names stable)",
    "name": "the supporter's full name",
    "first_name": "first (given) name",
    "last_name": "last (family) name",
    "street": "street and house number",
    "street2": "second address line",
    "city": "town or city",
    "region": "state, province or county",
    "postal_code": "postal code",
    "country": "two-letter country code (DE, GB, PK…)",
    "email": "email address",
    "phone": "phone number",
    "language": "letter language for this row (en, ur, fa_AF…)",
    "target": "target id(s) for this row, or 'all'",
}
IGNORE = "-"  # --map "Notes=-" leaves a column out

# the headers people type for each field (compared by header_key), beside the field names
VARIANTS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "supporter id",
        "member id",
        "member number",
        "membership number",
        "membership id",
        "contact id",
        "person id",
        "record id",
        "external id",
        "crm id",
        "donor id",
        "constituent id",
        "signer id",
        "mitgliedsnummer",
        "kontakt id",
    ),
    "name": (
        "name",
        "full name",
        "fullname",
        "your name",
        "sender",
        "sender name",
        "supporter",
        "supporter name",
        "signatory",
        "vollständiger name",
        "voller name",
        "nom complet",
        "nombre completo",
        "نام",
        "نام کامل",
        "پورا نام",
        "نوم",
    ),
    "first_name": (
        "first name",
        "firstname",
        "first",
        "given name",
        "forename",
        "vorname",
        "prénom",
        "prenom",
        "nombre",
        "نام کوچک",
    ),
    "last_name": (
        "last name",
        "lastname",
        "last",
        "surname",
        "family name",
        "nachname",
        "familienname",
        "nom de famille",
        "apellido",
        "apellidos",
        "نام خانوادگی",
        "تخلص",
    ),
    "street": (
        "street",
        "address",
        "street address",
        "address 1",
        "address line 1",
        "line 1",
        "straße",
        "strasse",
        "straße und hausnummer",
        "adresse",
        "anschrift",
        "rue",
        "dirección",
        "direccion",
        "آدرس",
        "پتہ",
        "نشانی",
    ),
    "street2": ("address 2", "address line 2", "line 2", "street 2", "adresszusatz"),
    "city": (
        "city",
        "town",
        "town city",
        "city town",
        "locality",
        "ort",
        "stadt",
        "wohnort",
        "ville",
        "ciudad",
        "شهر",
        "شہر",
    ),
    "region": (
        "region",
        "state",
        "province",
        "county",
        "bundesland",
        "kanton",
        "provincia",
        "state province",
    ),
    "postal_code": (
        "postal code",
        "postcode",
        "post code",
        "zip",
        "zip code",
        "zipcode",
        "plz",
        "postleitzahl",
        "code postal",
        "cp",
        "código postal",
        "pin code",
    ),
    "country": ("country", "country code", "land", "pays", "país", "pais", "staat", "کشور", "ملک"),
    "email": (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "mail",
        "e-mail-adresse",
        "emailadresse",
        "courriel",
        "correo",
        "ایمیل",
        "ای میل",
    ),
    "phone": (
        "phone",
        "telephone",
        "tel",
        "phone number",
        "mobile",
        "telefon",
        "handy",
        "téléphone",
        "teléfono",
        "تلفن",
        "فون",
    ),
    "language": (
        "language",
        "lang",
        "letter language",
        "locale",
        "sprache",
        "langue",
        "idioma",
        "زبان",
    ),
    "target": (
        "target",
        "targets",
        "to",
        "recipient",
        "official",
        "target id",
        "empfänger",
        "destinataire",
    ),
}


def header_key(text: str) -> str:
    """Compare headers without case, accents, spaces or punctuation: ``E-Mail`` ≡ ``email``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = [ch for ch in decomposed if not unicodedata.combining(ch)]
    return "".join(ch for ch in kept if ch.isalnum())


def aliases(variants: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Field per header key, from each field's name and the variants people type for it."""
    found: dict[str, str] = {}
    for name, names in variants.items():
        for header in (name, *names):
            found.setdefault(header_key(header), name)
    return found


_ALIASES = aliases(VARIANTS)


def template_key(header: str) -> str:
    """The name a template uses for a column: ``Favourite colour`` → ``row.favourite_colour``."""
    key = re.sub(r"\W+", "_", header.casefold()).strip("_")
    return key or "column"


@dataclass(frozen=True)
class ColumnMap:
    """Column index per field, plus the columns letterkit does not use itself (``extras``),
    which templates can still read as ``row.<name>``."""

    headers: tuple[str, ...]
    fields: Mapping[str, int]
    extras: tuple[int, ...]

    def has(self, name: str) -> bool:
        return name in self.fields

    def describe(self) -> list[str]:
        lines = [f"{name:<12} ← {self.headers[i]!r}" for name, i in self.fields.items()]
        for i in self.extras:
            lines.append(f"{'row.' + template_key(self.headers[i]):<12} ← {self.headers[i]!r}")
        return lines

    def values(self, row: Sequence[str]) -> dict[str, str]:
        """The known fields of one row (empty fields included, as ``""``)."""
        return {name: row[i] for name, i in self.fields.items()}

    def template_row(self, row: Sequence[str]) -> dict[str, str]:
        """All columns by template key (``row.city``, ``row.favourite_colour``), for templates."""
        out: dict[str, str] = {}
        for name, i in self.fields.items():
            out[name] = row[i]
        for i in self.extras:
            out.setdefault(template_key(self.headers[i]), row[i])
        return out


def parse_map(specs: Iterable[str], fields: Iterable[str] = FIELDS) -> dict[str, str]:
    """``["Full name=name", "Notes=-"]`` → ``{"Full name": "name", "Notes": "-"}``; ``fields``
    are the names a column may be given (merge's by default)."""
    known = tuple(fields)
    mapping: dict[str, str] = {}
    for spec in specs:
        header, sep, name = spec.rpartition("=")
        header, name = header.strip(), name.strip().lower().replace(" ", "_").replace("-", "_")
        if not sep or not header or not name:
            raise DataError(f'--map {spec!r}: write it as "HEADER=FIELD", e.g. "Full name=name"')
        if name not in known and name not in ("_", IGNORE):
            raise DataError(
                f"--map {spec!r}: unknown field {name!r}; fields: "
                + ", ".join(known)
                + " (or '-' to ignore the column)"
            )
        mapping[header] = IGNORE if name == "_" else name
    return mapping


def listed_headers(headers: Sequence[str]) -> str:
    """The headers as an error message lists them."""
    return ", ".join(repr(h) for h in headers) or "(none)"


def match_headers(
    headers: Sequence[str],
    explicit: Mapping[str, str],
    known: Mapping[str, str],
    source: str,
) -> tuple[dict[str, int], set[int]]:
    """Column index per field: the ``--map`` choices (``explicit``, header → field), then the
    headers ``known`` (header key → field, see :func:`aliases`) recognizes; and the columns
    ``--map`` claimed. Raises :class:`DataError` for a mapped header that is not there, a field
    given two columns, or two columns that look like the same field."""
    by_key = {header_key(h): i for i, h in enumerate(headers)}
    fields: dict[str, int] = {}
    claimed: set[int] = set()
    for header, name in explicit.items():
        index = by_key.get(header_key(header))
        if index is None:
            raise DataError(
                f"{source}: --map names the column {header!r}, which is not there; "
                f"columns found: {listed_headers(headers)}"
            )
        claimed.add(index)
        if name == IGNORE:
            continue
        if name in fields:
            raise DataError(
                f"{source}: --map gives the field {name!r} two columns: "
                f"{headers[fields[name]]!r} and {headers[index]!r}"
            )
        fields[name] = index
    for index, header in enumerate(headers):
        if index in claimed:
            continue
        alias = known.get(header_key(header))
        if alias is None or (alias in fields and fields[alias] in claimed):
            continue
        if alias in fields:
            raise DataError(
                f"{source}: the columns {headers[fields[alias]]!r} and {header!r} both look like "
                f"'{alias}'; choose one with --map \"{header}=-\" (or =other field)"
            )
        fields[alias] = index
    return fields, claimed


def map_columns(
    headers: Sequence[str],
    explicit: Mapping[str, str] | None = None,
    *,
    source: str = "data",
    need_target: bool = False,
) -> ColumnMap:
    """Match headers to fields; raise :class:`DataError` for anything ambiguous or missing."""
    fields, claimed = match_headers(headers, dict(explicit or {}), _ALIASES, source)
    if "name" not in fields and not ("first_name" in fields or "last_name" in fields):
        raise DataError(
            f"{source}: no column for the supporter's name (a 'name' column, or 'first name' "
            f"and 'last name'); columns found: {listed_headers(headers)}. Map one with "
            '--map "HEADER=name"'
        )
    if need_target and "target" not in fields:
        raise DataError(
            f"{source}: no --to given and no 'target' column; columns found: "
            f'{listed_headers(headers)}. Use --to all, --to ID,ID, or --map "HEADER=target"'
        )
    used = set(fields.values()) | claimed
    extras = tuple(i for i in range(len(headers)) if i not in used)
    ordered = {name: fields[name] for name in FIELDS if name in fields}
    return ColumnMap(tuple(headers), ordered, extras)
