"""Variant passages (`one_of`) and translations: the translators' check compares passages, a
translation with fewer variants is current but noted, and the reference copy a supporter reads
says what the letter they send says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letterkit import load_campaign, make_sender
from letterkit.cli import app
from letterkit.letters import reference_letter
from letterkit.resources import campaigns_dir
from letterkit.translation.check_campaign import check_campaign_translations
from letterkit.translation.variants import passages, readings

runner = CliRunner()
CAMPAIGN = "pakistan-deportations"


def _variants(findings: list) -> list:  # type: ignore[type-arg]
    return [f for f in findings if f.check == "variants"]


def test_a_translation_with_the_same_variants_is_current() -> None:
    findings = check_campaign_translations(campaigns_dir() / CAMPAIGN, "ur", fit=False)
    assert _variants(findings) == [], [str(f) for f in findings]


def test_fewer_variants_are_a_note_not_an_error() -> None:
    # the bundled Dari letter translates the first alternative of each passage only
    findings = check_campaign_translations(campaigns_dir() / CAMPAIGN, "fa_AF", fit=False)
    notes = _variants(findings)
    assert {f.severity for f in notes} == {"note"}
    names = {
        p.name for p in passages((campaigns_dir() / CAMPAIGN / "letters/en.md.j2").read_text())
    }
    assert (
        {f.message.split("'")[1] for f in notes}
        == names
        == {
            "opening",
            "what",
            "tradition",
            "thanks",
        }
    )
    done = runner.invoke(app, ["locale", "check", "fa_AF", "--campaign", CAMPAIGN, "--no-fit"])
    assert done.exit_code == 0, done.output
    assert "4 note(s)" in done.output and "note: passage 'opening': 1 of the source's 3" in (
        done.output
    )


def test_more_variants_than_the_source_warn(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(campaigns_dir() / CAMPAIGN, folder)
    letter = folder / "letters" / "ur.md.j2"
    text = letter.read_text("utf-8")
    text = text.replace(
        '"آپ کی توجہ کا شکریہ؛ آپ کی حکومت کے جواب کا انتظار رہے گا۔")',
        '"آپ کی توجہ کا شکریہ؛ آپ کی حکومت کے جواب کا انتظار رہے گا۔", "شکریہ۔")',
    )
    letter.write_text(text, "utf-8")
    found = _variants(check_campaign_translations(folder, "ur", fit=False))
    assert [(f.severity, f.line) for f in found] == [
        (
            "warning",
            text.splitlines().index(next(x for x in text.splitlines() if 'one_of("thanks"' in x))
            + 1,
        )
    ]


def test_readings_put_each_alternative_in_its_place() -> None:
    text = 'A {{ one_of("x", "one", "two") }} B {{ one_of("y", "1") }}'
    assert readings(text) == ["A one B 1", "A two B 1"]


@pytest.mark.parametrize("name", ["Amina Rahimi", "Sam Example", "Jo Bloggs", "Ewa Nowak"])
def test_the_reference_copy_says_what_the_letter_says(name: str) -> None:
    """A supporter in Leeds writes to Pakistan's PM: the letter is in Urdu, the copy in English;
    each variant passage of the copy is the alternative the Urdu letter chose."""
    campaign = load_campaign(CAMPAIGN)
    sender = make_sender(name=name, city="Leeds", country="GB", language="en")
    en = (campaigns_dir() / CAMPAIGN / "letters/en.md.j2").read_text("utf-8")
    ur = (campaigns_dir() / CAMPAIGN / "letters/ur.md.j2").read_text("utf-8")
    from letterkit import compose_letter

    sent = " ".join(compose_letter(campaign, "pm", sender, language="ur").plain_blocks())
    copy = " ".join(reference_letter(campaign, campaign.target("pm"), sender, "en", "ur")
                    .plain_blocks())  # fmt: skip
    for mine, theirs in zip(passages(ur), passages(en), strict=True):
        index = next(i for i, t in enumerate(mine.alternatives) if t in sent)
        assert theirs.alternatives[index] in copy


def test_a_copy_of_a_single_text_translation_shows_the_first_alternatives() -> None:
    campaign = load_campaign(CAMPAIGN)
    en = (campaigns_dir() / CAMPAIGN / "letters/en.md.j2").read_text("utf-8")
    for name in ("Amina Rahimi", "Sam Example", "Jo Bloggs"):
        sender = make_sender(name=name, city="Kabul", country="AF", language="en")
        copy = " ".join(
            reference_letter(campaign, campaign.target("pm"), sender, "en", "fa_AF").plain_blocks()
        )
        assert all(p.alternatives[0] in copy for p in passages(en))


def test_bilingual_letter_the_officials_language_first_then_the_marked_translation(
    tmp_path: Path,
) -> None:
    """A supporter in Leeds, `--bilingual`: one PDF and one text file, the Urdu letter's pages
    first, then the English translation, marked as such and saying what the Urdu letter says."""
    from pdfread import pdf_text

    init = ["init", "--name", "Sam Example", "--city", "Leeds", "--country", "GB"]
    assert runner.invoke(app, init).exit_code == 0
    out = tmp_path / "o"
    done = runner.invoke(
        app,
        [
            "write", "pakistan-deportations", "--to", "pm", "--format", "pdf,docx,txt",
            "--bilingual", "--out", str(out), "--date", "2024-01-15",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "its translation into English follows it in:" in done.output
    # PDF and text are bilingual; the DOCX keeps a separate copy to read
    assert sorted(p.name for p in out.iterdir()) == [
        "pakistan-deportations-pm-ur-copy-en.docx",
        "pakistan-deportations-pm-ur.docx",
        "pakistan-deportations-pm-ur.pdf",
        "pakistan-deportations-pm-ur.txt",
    ]
    pdf = out / "pakistan-deportations-pm-ur.pdf"
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    texts = [" ".join(pdf_text(pdf, page).split()) for page in range(1, pages + 1)]
    first_english = next(i for i, t in enumerate(texts) if "Dear Prime Minister" in t)
    assert first_english >= 1
    urdu, english = " ".join(texts[:first_english]), " ".join(texts[first_english:])
    assert "آپ سے مؤدبانہ گزارش ہے" in urdu and "Translation into" not in urdu
    assert "Dear Prime Minister" not in urdu
    assert english.index("Translation into English of the letter above, which is in Urdu") < (
        english.index("I respectfully urge your government to:")
    )
    assert "Do not send" not in english
    # the translation says what the letter says: each passage the same alternative
    en = (campaigns_dir() / CAMPAIGN / "letters/en.md.j2").read_text("utf-8")
    ur = (campaigns_dir() / CAMPAIGN / "letters/ur.md.j2").read_text("utf-8")
    sent = " ".join((out / "pakistan-deportations-pm-ur.txt").read_text("utf-8").split())
    for mine, theirs in zip(passages(ur), passages(en), strict=True):
        index = next(i for i, t in enumerate(mine.alternatives) if t in sent)
        assert theirs.alternatives[index] in sent  # the text file carries both, in order
    text = (out / "pakistan-deportations-pm-ur.txt").read_text("utf-8")
    assert text.index("پاکستان") < text.index("Dear Prime Minister") < text.index("Translation")


def test_locale_status_lists_the_passages_with_fewer_variants() -> None:
    import json

    done = runner.invoke(app, ["locale", "status", "--campaign", CAMPAIGN, "--json"])
    assert done.exit_code == 0, done.output
    rows = {r["code"]: r for r in json.loads(done.stdout)}
    assert rows["fa_AF"]["fewer_variants"] == ["opening", "what", "tradition", "thanks"]
    assert rows["ur"]["fewer_variants"] == [] and rows["ur"]["untranslated"] == []
