"""`letterkit locale check`: each class of mistake has a failing example file in
tests/data/locale_check/ (named CHECK[--what].LANG.ext) and is caught; the good files pass."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from letterkit.resources import campaigns_dir
from letterkit.translation.check_campaign import check_campaign_translations
from letterkit.translation.check_po import check_po
from letterkit.translation.findings import CHECKS, Finding

DATA = Path(__file__).parent / "data" / "locale_check"
CAMPAIGN = "pakistan-deportations"
EXAMPLES = sorted(p for p in DATA.iterdir() if p.name.endswith((".po", ".md.j2")))


def expected(path: Path) -> tuple[str, str]:
    """(check, language) from a file name like ``jinja--renamed-variable.fa_AF.md.j2``."""
    head, language = path.name.split(".")[:2]
    return head.split("--")[0], language


def add_ps_names(folder: Path) -> None:
    """Give the copied campaign's targets their Pashto names (tests/data/.../ps_targets.toml)."""
    names = tomllib.loads((DATA / "ps_targets.toml").read_text(encoding="utf-8"))
    targets = folder / "targets.toml"
    text = targets.read_text(encoding="utf-8")
    for target_id, fields in names.items():
        table = "\n[target.local.ps]\n" + "".join(f'{k} = "{v}"\n' for k, v in fields.items())
        marker = f'id = "{target_id}"'
        start = text.index(marker)
        cut = text.index("[target.sources.post]", start)
        text = text[:cut] + table.lstrip("\n") + "\n" + text[cut:]
    targets.write_text(text, encoding="utf-8")


def run_check(path: Path, tmp_path: Path) -> list[Finding]:
    check, language = expected(path)
    if path.name.endswith(".po"):
        return check_po(path)
    folder = tmp_path / "campaign"
    shutil.copytree(campaigns_dir() / CAMPAIGN, folder)
    if check != "local-names":
        add_ps_names(folder)
    shutil.copy(path, folder / "letters" / f"{language}.md.j2")
    return check_campaign_translations(folder, language)


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if not p.name.startswith("good.")], ids=lambda p: p.name
)
def test_each_mistake_is_caught(path: Path, tmp_path: Path) -> None:
    check, _ = expected(path)
    assert check in CHECKS
    findings = run_check(path, tmp_path)
    caught = [f for f in findings if f.check == check]
    assert caught, f"{check} not reported; found: {[str(f) for f in findings]}"
    # each names the file it is about, and a line when the mistake has one
    assert all(
        f.path.name in (path.name, f"{expected(path)[1]}.md.j2", "targets.toml") for f in caught
    )
    others = [
        f
        for f in findings
        if f.check != check
        and f.severity == "error"
        and not check.startswith(("structure", "jinja", "fit"))
    ]
    assert not others, [str(f) for f in others]


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if p.name.startswith("good.")], ids=lambda p: p.name
)
def test_good_files_pass(path: Path, tmp_path: Path) -> None:
    findings = run_check(path, tmp_path)
    # these translate one text per variant passage of the source: noted, not a fault
    notes = [f for f in findings if f.severity == "note"]
    assert {f.check for f in notes} <= {"variants"}
    assert [f for f in findings if f not in notes] == [], [str(f) for f in findings]


def test_mistakes_name_their_line(tmp_path: Path) -> None:
    findings = run_check(DATA / "jinja--renamed-variable.fa_AF.md.j2", tmp_path)
    renamed = [f for f in findings if "sender.town" in f.message]
    text = (DATA / "jinja--renamed-variable.fa_AF.md.j2").read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "sender.town" in t)
    assert renamed and renamed[0].line == line
    assert str(renamed[0]).endswith("[jinja]")


def test_every_check_has_an_example() -> None:
    covered = {expected(p)[0] for p in EXAMPLES}
    assert set(CHECKS) - covered <= {"stale"}  # stale: tests/test_locale_cli.py edits a source


def test_shipped_catalogs_and_campaign_have_no_errors() -> None:
    from letterkit.locales import LOCALES, catalog_path

    for code in LOCALES:
        if catalog_path(code).is_file():
            assert not [f for f in check_po(catalog_path(code), code) if f.severity == "error"]
    errors = [
        f for f in check_campaign_translations(campaigns_dir() / CAMPAIGN) if f.severity == "error"
    ]
    assert errors == [], [str(f) for f in errors]


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("۱۲ مئی ۲۰۲۵", "12 May 2025"),
        ("۳٫۷ میلیون", "3.7 million"),
        ("٣٬٧٠٠٬٠٠٠", "3,700,000"),
        ("١٢ مايو ٢٠٢٥", "12 May 2025"),
    ],
)
def test_numbers_are_equal_in_any_digit_system(native: str, latin: str) -> None:
    from letterkit.translation.check_letter import numbers

    assert numbers(native) == numbers(latin) and numbers(native)
    assert numbers("۱۳ مئی ۲۰۲۵") != numbers(latin)


def test_pseudo_locales_keep_placeholders_and_grow() -> None:
    from letterkit.locales import placeholders
    from letterkit.translation.pseudo import pseudo_text

    message = "Letters written: {n}, see {path}"
    for code in ("en_XA", "ar_XB"):
        assert placeholders(pseudo_text(message, code)) == {"n", "path"}
    long = "I respectfully urge your government to stop the deportations now."
    assert 1.3 < len(pseudo_text(long, "en_XA")) / len(long) < 1.6
    assert all(not ("a" <= c.lower() <= "z") for c in pseudo_text(long, "ar_XB"))


def test_fit_finds_a_signature_alone_on_the_next_page() -> None:
    from types import SimpleNamespace as NS

    from letterkit.translation.check_campaign import _pages_of_end

    def placed(text: str) -> NS:
        return NS(block=NS(lines=[NS(text=text)]))

    last = "Thank you for your attention to this urgent matter."
    together = [[placed("Dear Sir,"), placed(last), placed("Yours,"), placed("Amina Rahimi")]]
    apart = [[placed("Dear Sir,"), placed(last)], [placed("Yours,"), placed("Amina Rahimi")]]
    assert _pages_of_end(together, ["Dear", last], ("Amina Rahimi",)) == (0, 0)
    assert _pages_of_end(apart, ["Dear", last], ("Amina Rahimi",)) == (0, 1)
