"""How complete and sound a catalog is (for ``letterkit locale status`` and ``locale check``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ChoiceError
from .catalogs import catalog_path, placeholders, read_catalog, template_path
from .labels import LABEL_MESSAGES, LETTER_MESSAGES
from .registry import normalize_code

# Messages extracted from these source folders are printed on documents sent to officials (fax
# cover sheets, envelopes…): like the letter strings they must be translated in every catalog.
# The writers, the PDF package and page composition (which holds no strings today).
DOCUMENT_SOURCES: tuple[str, ...] = (
    "src/letterkit/writers/",
    "src/letterkit/pdf/",
    "src/letterkit/pages/",
)


def document_messages() -> frozenset[str]:
    """msgids printed on letters and other documents: the labels, salutation and closing, and
    whatever ``locales/letterkit.pot`` locates in :data:`DOCUMENT_SOURCES`."""
    required = set(LABEL_MESSAGES.values()) | set(LETTER_MESSAGES)
    pot = template_path()
    if pot.is_file():
        for message in read_catalog(pot):
            if (
                message.id
                and isinstance(message.id, str)
                and any(
                    str(filename).startswith(DOCUMENT_SOURCES) for filename, _ in message.locations
                )
            ):
                required.add(message.id)
    return frozenset(required)


@dataclass(frozen=True)
class CatalogReport:
    """How complete and sound one catalog is, measured against ``locales/letterkit.pot``."""

    code: str
    path: Path
    total: int  # messages in the template (or in the catalog when there is no template)
    translated: int
    fuzzy: tuple[str, ...]  # msgids marked fuzzy (gettext ignores them)
    untranslated: tuple[str, ...]  # msgids with an empty translation or missing from the .po
    bad_placeholders: tuple[str, ...]  # msgids whose translation uses unknown {names}
    required_missing: tuple[str, ...]  # document strings (see document_messages) not translated

    @property
    def ok(self) -> bool:
        """Sound enough to ship: every document string translated, no broken placeholder
        (CLI messages may be missing: they fall back to English)."""
        return not self.bad_placeholders and not self.required_missing


def catalog_report(code: str) -> CatalogReport:
    """Check ``code``'s catalog: translated, fuzzy, untranslated messages and broken placeholders.

    Raises :class:`ChoiceError` when the locale has no catalog.
    """
    path = catalog_path(code)
    if not path.is_file():
        raise ChoiceError(
            f"{path}: no catalog for {code!r}; add one with `pybabel init` (see docs)"
        )
    catalog = read_catalog(path)
    entries = {m.id: m for m in catalog if m.id and isinstance(m.id, str)}
    pot = template_path()
    wanted = (
        [m.id for m in read_catalog(pot) if m.id and isinstance(m.id, str)]
        if pot.is_file()
        else list(entries)
    )
    wanted += [m for m in entries if m not in wanted]
    fuzzy: list[str] = []
    untranslated: list[str] = []
    bad: list[str] = []
    for msgid in wanted:
        entry = entries.get(msgid)
        if entry is None or not entry.string:
            untranslated.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
        elif not placeholders(str(entry.string)) <= placeholders(msgid):
            bad.append(msgid)
    required = document_messages()
    return CatalogReport(
        code=normalize_code(code),
        path=path,
        total=len(wanted),
        translated=len(wanted) - len(fuzzy) - len(untranslated),
        fuzzy=tuple(fuzzy),
        untranslated=tuple(untranslated),
        bad_placeholders=tuple(bad),
        required_missing=tuple(m for m in untranslated + fuzzy if m in required),
    )
