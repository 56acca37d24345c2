"""gettext catalogs: every locale's letter boilerplate is translated and safe to format."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from letterkit.errors import ChoiceError
from letterkit.locales import (
    DOCUMENT_SOURCES,
    LABEL_MESSAGES,
    LETTER_MESSAGES,
    LOCALES,
    _,
    catalog_path,
    catalog_report,
    catalogs,
    document_messages,
    fill_label,
    localize_digits,
    placeholders,
    template_path,
    translate,
)
from letterkit.model import Labels, labels_for

REPO = Path(__file__).resolve().parent.parent
LETTER_STRINGS = tuple(LABEL_MESSAGES.values()) + LETTER_MESSAGES


def test_label_messages_are_the_model_defaults() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(Labels)}
    assert defaults == LABEL_MESSAGES


@pytest.mark.parametrize("code", list(LOCALES))
def test_catalog_parses_and_translates_every_letter_string(code: str) -> None:
    path = catalog_path(code)
    with path.open("rb") as fh:
        catalog = read_po(fh, abort_invalid=True)
    assert str(catalog.locale or "") in (code, "")  # Babel has no 'bal' locale
    required = document_messages()
    assert required >= set(LETTER_STRINGS)
    for msgid in sorted(required):
        message = catalog.get(msgid)
        assert message is not None, f"{path}: {msgid!r} missing"
        assert message.string, f"{path}: {msgid!r} untranslated"
        assert not message.fuzzy, f"{path}: {msgid!r} is fuzzy (gettext would ignore it)"
        assert placeholders(message.string) <= placeholders(msgid), f"{path}: {msgid!r}"
    report = catalog_report(code)
    assert report.ok, report
    assert not report.fuzzy and not report.bad_placeholders


@pytest.mark.parametrize("code", list(LOCALES))
def test_labels_for_every_locale_keep_their_placeholders(code: str) -> None:
    labels = labels_for(code)
    page = labels.page.format(page=2, pages=3)
    assert "{" not in page
    filled = fill_label(labels.page, code, page=2, pages=3)
    info = LOCALES[code]
    two, three = (localize_digits(d, info.digits) for d in ("2", "3"))
    assert two in filled and three in filled and filled.index(two) != filled.index(three)
    assert labels.continuation.format(recipient="R", date="D").count("R") == 1
    if code != "en":
        assert labels.subject != Labels().subject, f"{code}: subject label not translated"
        assert labels.page != Labels().page
    if info.is_rtl:
        assert any("\u0600" <= ch <= "\u06ff" for ch in labels.subject)


def test_document_strings_include_what_writers_print() -> None:
    """Strings the writers mark (e.g. a fax cover's labels) count as document strings."""
    with template_path().open("rb") as fh:
        pot = read_po(fh)
    from_writers = {
        m.id
        for m in pot
        if m.id and any(str(f).startswith(DOCUMENT_SOURCES) for f, _ in m.locations)
    }
    assert "Pages (including this cover):" in from_writers  # the fax cover's, in letterkit.pdf
    assert from_writers <= document_messages()
    cli_only = {
        m.id
        for m in pot
        if m.id and all(str(f).startswith("src/letterkit/cli/") for f, _ in m.locations)
    }
    assert not cli_only & document_messages()


def test_known_translations_a_reader_would_expect() -> None:
    assert labels_for("de").subject == "Betreff:"
    assert labels_for("ur").date == "تاریخ:"
    assert fill_label(labels_for("fa").page, "fa", page=2, pages=3) == "صفحهٔ ۲ از ۳"
    assert labels_for("fa_AF").reference == "نمبر:"  # Afghan usage, not Iran's شماره
    assert labels_for("ar").enclosures == "المرفقات:"
    assert labels_for("tr").reference == "Sayı:"


def test_bad_placeholder_in_a_translation_falls_back_to_english(monkeypatch) -> None:
    class Broken:
        def gettext(self, message: str) -> str:
            return "Seite {seite} von {pages}" if "{page}" in message else "Betreff:"

    monkeypatch.setattr(catalogs, "gettext_for", lambda code: Broken())
    assert translate("de", "Page {page} of {pages}") == "Page {page} of {pages}"
    assert translate("de", "Subject:") == "Betreff:"


def test_cli_messages_follow_letterkit_lang(monkeypatch) -> None:
    assert _("Subject:") == "Subject:"
    monkeypatch.setenv("LETTERKIT_LANG", "fa-AF")
    assert _("Subject:") == "موضوع:"
    monkeypatch.setenv("LETTERKIT_LANG", "xx")
    assert _("Subject:") == "Subject:"  # unknown interface language: English, quietly


def test_unknown_locale_and_missing_catalog() -> None:
    with pytest.raises(ChoiceError):
        labels_for("xx")
    with pytest.raises(ChoiceError, match="no catalog for 'xx'"):
        catalog_report("xx")


def test_template_holds_every_letter_string() -> None:
    with template_path().open("rb") as fh:
        pot = read_po(fh)
    assert {m.id for m in pot if m.id} >= set(LETTER_STRINGS)
    assert "python-brace-format" in pot.get("Page {page} of {pages}").flags


@pytest.mark.skipif(
    shutil.which("pybabel") is None and not Path(sys.executable).with_name("pybabel").exists(),
    reason="pybabel not installed",
)
def test_documented_extraction_command_finds_the_letter_strings(tmp_path: Path) -> None:
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).with_name("pybabel"))
    out = tmp_path / "letterkit.pot"
    subprocess.run(
        [
            pybabel,
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(out),
            "src/letterkit/locales/labels.py",
        ],
        cwd=REPO,
        check=True,
        timeout=60,
    )
    with out.open("rb") as fh:
        extracted = {m.id for m in read_po(fh) if m.id}
    assert extracted >= set(LETTER_STRINGS)


def test_the_template_locates_every_message_in_a_file_that_exists() -> None:
    """A module moved without re-extracting leaves ``#:`` lines pointing nowhere (and a document
    string outside :data:`DOCUMENT_SOURCES`): re-extract as docs/localization.md says. (Line
    numbers are not checked: every edit above a message would fail the test.)"""
    with template_path().open("rb") as fh:
        pot = read_po(fh)
    files = {str(name) for message in pot if message.id for name, _line in message.locations}
    assert files and all(name.startswith(("src/letterkit/", "templates/")) for name in files)
    assert sorted(name for name in files if not (REPO / name).is_file()) == []
