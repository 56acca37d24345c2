"""A letter for every locale: the bundled campaign's (en, ur, fa_AF) or a test letter.

Test letters live in ``templates/testletters/<code>.md.j2`` in the campaign letter format. They
are composed here through the real pipeline (the bundled campaign with the test letter added),
and checked for what a reader would see: structure, script, the mixed runs the right-to-left
tests need (UNHCR, digits, a date), and letters that belong to the language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
import unicodedata
from pathlib import Path

import pytest

from letterkit.locales import LOCALES, format_date
from letterkit.model import Letter, ListBlock, Paragraph
from letterkit.resources import campaigns_dir, templates_dir

TESTLETTERS = templates_dir() / "testletters"
CAMPAIGN = "pakistan-deportations"
SCRIPT_WORD = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Arab": "ARABIC"}


def _letter_files() -> dict[str, Path]:
    files = {
        p.name.removesuffix(".md.j2"): p
        for p in (campaigns_dir() / CAMPAIGN / "letters").glob("*.md.j2")
    }
    files.update({p.name.removesuffix(".md.j2"): p for p in TESTLETTERS.glob("*.md.j2")})
    return files


TEST_CODES = sorted(p.name.removesuffix(".md.j2") for p in TESTLETTERS.glob("*.md.j2"))


def test_every_locale_has_a_letter() -> None:
    from letterkit.translation.pseudo import PSEUDO_LOCALES  # generated: templates/pseudo/

    assert set(_letter_files()) >= set(LOCALES) - set(PSEUDO_LOCALES)
    assert set(TEST_CODES) >= set(LOCALES) - {"en", "ur", "fa_AF", *PSEUDO_LOCALES}


@pytest.mark.parametrize("code", TEST_CODES)
def test_front_matter_is_toml_with_a_subject(code: str) -> None:
    text = (TESTLETTERS / f"{code}.md.j2").read_text(encoding="utf-8")
    first, front, body = text.split("+++\n", 2)
    assert first == ""
    data = tomllib.loads(front)
    assert data["subject"].strip() and set(data) <= {"subject", "salutation", "closing"}
    assert body.strip() and "{{ campaign.deadline|date }}" in body


@pytest.fixture(scope="module")
def composed() -> dict[str, Letter]:
    from letterkit.address import PostalAddress
    from letterkit.campaign import load_campaign
    from letterkit.compose import compose_letter
    from letterkit.sender import Sender

    campaign = load_campaign(CAMPAIGN)
    campaign = dataclasses.replace(
        campaign,
        letters={
            **campaign.letters,
            **{code: TESTLETTERS / f"{code}.md.j2" for code in TEST_CODES},
        },
    )
    sender = Sender(
        "Amina Rahimi", PostalAddress(("12 Example Street",), "Berlin", "", "10115", "DE")
    )
    return {
        code: compose_letter(campaign, "pm", sender, language=code, today=dt.date(2026, 11, 24))
        for code in TEST_CODES
    }


def _letter_text(letter: Letter) -> str:
    return "\n".join([letter.subject, letter.salutation, *letter.plain_blocks(), letter.closing])


@pytest.mark.parametrize("code", TEST_CODES)
def test_test_letter_shape_and_mixed_runs(code: str, composed: dict[str, Letter]) -> None:
    letter = composed[code]
    info = LOCALES[code]
    assert letter.language == code and letter.direction == info.direction
    paragraphs = [b for b in letter.body if isinstance(b, Paragraph)]
    lists = [b for b in letter.body if isinstance(b, ListBlock)]
    assert len(paragraphs) == 3 and len(lists) == 1
    assert lists[0].ordered and len(lists[0].items) == 2
    text = _letter_text(letter)
    assert "UNHCR" in text and "non-refoulement" in text
    assert any(ch.isdigit() for ch in text.replace(format_date(dt.date(2024, 2, 8), code), ""))
    assert format_date(dt.date(2024, 2, 8), code) in text  # the deadline through |date
    assert any(span.bold for p in paragraphs for span in p.spans)
    assert any(span.italic for p in paragraphs for span in p.spans)


@pytest.mark.parametrize("code", TEST_CODES)
def test_test_letter_is_written_in_its_own_script(code: str, composed: dict[str, Letter]) -> None:
    text = _letter_text(composed[code])
    letters = [ch for ch in text if ch.isalpha()]
    own = SCRIPT_WORD[LOCALES[code].script]
    share = sum(unicodedata.name(ch).startswith(own) for ch in letters) / len(letters)
    assert share > 0.6, f"{code}: only {share:.0%} of the letters are {own}"
    # every letter belongs to the language's alphabet, or is Latin (UNHCR, Berlin, names)
    foreign = {
        ch
        for ch in letters
        if ch not in LOCALES[code].alphabet and ch not in LOCALES["en"].alphabet
    }
    assert not foreign, f"{code}: letters outside its alphabet: {''.join(sorted(foreign))}"


@pytest.mark.parametrize(
    ("code", "needed"),
    [
        ("sd", "ڪٻڄڏڻٿڊٽڳ"),
        ("ps", "ټډړښږځڅګ"),
        ("tg", "ғӣқӯҳҷ"),
        ("pa_Arab", "ݨٹڈھے"),
    ],
)
def test_letters_use_the_languages_own_letters(code: str, needed: str) -> None:
    text = _letter_files()[code].read_text(encoding="utf-8").lower()
    missing = [ch for ch in needed if ch not in text]
    assert not missing, f"{code}: {missing}"


@pytest.mark.parametrize("code", sorted(_letter_files()))
def test_every_letter_template_stays_within_its_alphabet(code: str) -> None:
    """Campaign letters too: their text, written independently, checks the registry's alphabets."""
    text = _letter_files()[code].read_text(encoding="utf-8")
    foreign = (
        {ch for ch in text if ch.isalpha()}
        - set(LOCALES[code].alphabet)
        - set(LOCALES["en"].alphabet)
    )
    assert not foreign, f"{code}: {''.join(sorted(foreign))}"
