"""A translator's path through the CLI: copy the campaign, `locale add ps`, fill in the letter
and the targets' Pashto names, `locale check` passes; each mistake makes it fail naming file
and line; `preview --lang ps` writes a PDF and PNGs; `locale status` shows what is stale."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit.cli import app
from pdfread import pdf_text

DATA = Path(__file__).parent / "data" / "locale_check"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def fill_targets(folder: Path) -> None:
    """Move the filled tables of targets.ps.todo.toml into targets.toml, as the docs say."""
    names = tomllib.loads((DATA / "ps_targets.toml").read_text(encoding="utf-8"))
    todo = (folder / "targets.ps.todo.toml").read_text(encoding="utf-8")
    text = (folder / "targets.toml").read_text(encoding="utf-8")
    for target_id, fields in names.items():
        assert f"# target {target_id}:" in todo and 'name = ""' in todo
        table = "[target.local.ps]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items())
        start = text.index(f'id = "{target_id}"')
        cut = text.index("[target.sources.post]", start)
        text = text[:cut] + table + "\n" + text[cut:]
    (folder / "targets.toml").write_text(text, encoding="utf-8")
    (folder / "targets.ps.todo.toml").unlink()


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    folder = tmp_path / "campaign"
    code, out = run("locale", "add", "ps", "--campaign", "pakistan-deportations")
    assert code == 2 and "copy it first" in out
    code, out = run(
        "locale", "add", "ps", "--campaign", "pakistan-deportations", "--into", str(folder)
    )
    assert code == 0, out
    letter = folder / "letters" / "ps.md.j2"
    skeleton = letter.read_text(encoding="utf-8")
    assert "letterkit-source: en fingerprints:" in skeleton and "I am writing" in skeleton
    assert "pm, ambassador-us" in out
    code, out = run("locale", "status", "--campaign", str(folder))
    assert code == 0 and "untranslated: lines 2, 3, 5," in out, out
    # before the names are filled, both checks fail
    code, out = run("locale", "check", "ps", "--campaign", str(folder), "--no-fit")
    assert code == 2 and "[local-names]" in out
    code, out = run("check", str(folder))
    assert code == 2 and "target.local.ps" in out
    # the translator fills in the letter (keeping the header) and the names
    header = "\n".join(line for line in skeleton.splitlines() if line.startswith("{#"))
    text = (DATA / "good.ps.md.j2").read_text(encoding="utf-8")
    front_end = text.index("+++", 3) + 4
    letter.write_text(text[:front_end] + header + "\n" + text[front_end:], encoding="utf-8")
    fill_targets(folder)
    return folder


def test_add_fill_check_preview(translated: Path, tmp_path: Path) -> None:
    code, out = run("locale", "check", "ps", "--campaign", str(translated))
    assert code == 0, out
    assert "OK" in out
    code, out = run("check", str(translated))
    assert code == 0, out
    code, out = run("locale", "status", "--campaign", str(translated), "--json")
    row = next(r for r in json.loads(out) if r["code"] == "ps")
    assert row["letter"].endswith("ps.md.j2") and row["stale"] == []
    assert row["targets_without_name"] == []
    previews = tmp_path / "previews"
    code, out = run("preview", str(translated), "--lang", "ps", "--out", str(previews))
    assert code == 0, out
    pdfs = sorted(previews.glob("*.pdf"))
    pngs = sorted(previews.glob("*.png"))
    assert len(pdfs) == 2  # one per target
    assert len(pngs) >= 2 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    text = pdf_text(next(p for p in pdfs if p.name.endswith("-ps-ambassador-us.pdf")))
    assert "د پاکستان سفارت" in text, text[:300]  # the Pashto names fill the recipient block


BREAKS = {
    "jinja": ("{{ sender.city }}", "{{ sender.town }}"),
    "fonts": ("مننه.", "مننه \ue000."),
    "structure": ("ودروئ؛\n2.", "ودروئ؛"),
    "glossary": ("UNHCR", "UN"),
}


@pytest.mark.parametrize("check", list(BREAKS))
def test_each_break_fails_naming_file_and_line(translated: Path, check: str) -> None:
    letter = translated / "letters" / "ps.md.j2"
    old, new = BREAKS[check]
    letter.write_text(letter.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out = run("locale", "check", "ps", "--campaign", str(translated), "--no-fit")
    assert code == 2, out
    found = [line for line in out.splitlines() if line.endswith(f"[{check}]")]
    assert found and str(letter) in found[0], out
    if check in ("jinja", "fonts"):
        assert re.search(rf"{re.escape(str(letter))}:\d+: error", found[0]), found[0]


def test_edited_source_makes_the_translation_stale(translated: Path) -> None:
    source = translated / "letters" / "en.md.j2"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Thank you for your attention", "Thank you very much for your attention"),
        encoding="utf-8",
    )
    code, out = run("locale", "status", "--campaign", str(translated), "--json")
    row = next(r for r in json.loads(out) if r["code"] == "ps")
    assert row["stale"] == [8]  # the eighth unit: the last paragraph
    code, out = run("locale", "check", "ps", "--campaign", str(translated), "--no-fit")
    assert code == 0 and "[stale]" in out
    code, out = run("locale", "add", "ps", "--campaign", str(translated), "--refresh")
    assert code == 0, out
    code, out = run("locale", "check", "ps", "--campaign", str(translated), "--no-fit")
    assert code == 0 and "[stale]" not in out


def test_catalog_add_refuses_existing_and_unknown(tmp_path: Path) -> None:
    code, out = run("locale", "add", "ps")
    assert code != 0 and "exists already" in out
    code, out = run("locale", "add", "xx")
    assert code == 2 and "unknown language" in out


def test_catalog_add_makes_a_checkable_po(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letterkit.locales import template_path
    from letterkit.translation import add
    from letterkit.translation.check_po import check_po

    target = tmp_path / "ps" / "LC_MESSAGES" / "letterkit.po"
    monkeypatch.setattr(add, "catalog_path", lambda code: target)
    code, out = run("locale", "add", "ps")
    assert code == 0, out
    text = target.read_text(encoding="utf-8")
    assert '"Language: ps\\n"' in text and "nplurals=2" in text
    assert text.count("msgid ") == template_path().read_text(encoding="utf-8").count("msgid ")
    assert [f for f in check_po(target, "ps") if f.severity == "error"] == []


def test_compile_writes_mo_files_gettext_reads() -> None:
    import gettext

    code, out = run("locale", "compile", "de")
    mo = Path(out.strip().splitlines()[-1])
    try:
        assert code == 0 and mo.name == "letterkit.mo"
        with mo.open("rb") as fh:
            assert gettext.GNUTranslations(fh).gettext("Subject:") == "Betreff:"
    finally:
        mo.unlink(missing_ok=True)


def test_pseudo_locales_are_current_and_write_takes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The committed pseudo files equal what `locale pseudo` makes; a campaign given pseudo
    letters writes an ar_XB letter, right to left in Arabic letters, with pseudo labels."""
    from letterkit.translation import make_pseudo

    committed = {
        code: (
            make_pseudo.catalog_path(code).read_text(encoding="utf-8"),
            make_pseudo.pseudo_letter_path(code).read_text(encoding="utf-8"),
        )
        for code in make_pseudo.PSEUDO_LOCALES
    }
    monkeypatch.setattr(make_pseudo, "catalog_path", lambda code: tmp_path / f"{code}.po")
    monkeypatch.setattr(make_pseudo, "pseudo_letter_path", lambda code: tmp_path / f"{code}.j2")
    folder = tmp_path / "campaign"
    assert run("locale", "add", "ps", "-c", "pakistan-deportations", "--into", str(folder))[0] == 0
    code, out = run("locale", "pseudo", "--campaign", str(folder))
    assert code == 0, out
    for language, (po, letter) in committed.items():
        assert (tmp_path / f"{language}.po").read_text(encoding="utf-8") == po, (
            "run `letterkit locale pseudo` and commit"
        )
        assert (tmp_path / f"{language}.j2").read_text(encoding="utf-8") == letter
    english = (folder / "letters" / "en.md.j2").read_text(encoding="utf-8")
    longer = (folder / "letters" / "en_XA.md.j2").read_text(encoding="utf-8")
    assert 1.3 < len(longer) / len(english) < 1.6
    sender = tmp_path / "someone.toml"
    sender.write_text(
        'name = "Farid Noori"\n[address]\nstreet = ["9 Lane"]\ncity = "Leeds"\ncountry = "GB"\n',
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    code, out = run(
        "write",
        str(folder),
        "--to",
        "pm",
        "--lang",
        "ar_XB",
        "--format",
        "txt",
        "--out",
        str(out_dir),
        "--sender",
        str(sender),
    )
    assert code == 0, out
    text = next(out_dir.glob("*-pm-ar_XB.txt")).read_text(encoding="utf-8")  # not the copy
    assert "سوبجهکت" in text  # "Subject", the label from the pseudo catalog
    assert "ي ام وريتينگ" in text  # "I am writing", from the pseudo letter


def test_check_a_po_file_by_path() -> None:
    code, out = run("locale", "check", str(DATA / "format-fields--renamed.ps.po"))
    assert code == 2 and "format-fields--renamed.ps.po:12: error" in out
    code, out = run("locale", "check", str(DATA / "good.ps.po"))
    assert code == 0 and "OK" in out
