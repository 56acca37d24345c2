"""Composing letters: language choice, the sandbox, errors with file and line, data as data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from letterkit.campaign import load_campaign
from letterkit.compose import (
    choose_language,
    compose_letter,
    letter_text_for_editing,
    parse_body,
    parse_edited,
    render_letter_text,
)
from letterkit.errors import ChoiceError, TemplateError
from letterkit.model import ListBlock, Paragraph, Span
from letterkit.resources import campaigns_dir
from letterkit.sender import make_sender

DAY = dt.date(2024, 1, 15)


@pytest.fixture
def campaign():
    return load_campaign("pakistan-deportations")


@pytest.fixture
def sender():
    return make_sender(
        name="Amina Rahimi",
        street="12 Example Street",
        city="Berlin",
        postal_code="10115",
        country="DE",
        email="amina@example.org",
    )


def _campaign_with_letter(tmp_path: Path, body: str, front: str = 'subject = "S"') -> Path:
    folder = tmp_path / "c"
    shutil.copytree(campaigns_dir() / "pakistan-deportations", folder)
    (folder / "letters" / "en.md.j2").write_text(f"+++\n{front}\n+++\n{body}\n", encoding="utf-8")
    return folder


def test_language_order_target_then_sender_then_default(campaign, sender):
    pm = campaign.target("pm")
    assert choose_language(campaign, pm, sender).code == "ur"
    assert "preferred" in choose_language(campaign, pm, sender).reason
    assert choose_language(campaign, pm, sender, "fa-AF").code == "fa_AF"
    with pytest.raises(ChoiceError, match="en, fa_AF, ur"):
        choose_language(campaign, pm, sender, "de")
    no_prefs = type(pm)(id="x", name="X", languages=("de",))
    dari_sender = make_sender(name="A B", language="fa_AF")
    assert choose_language(campaign, no_prefs, dari_sender).reason == "your profile's language"
    assert choose_language(campaign, no_prefs, sender).code == "en"  # sender en is offered
    german = make_sender(name="A B", language="de")
    choice = choose_language(campaign, no_prefs, german)
    assert (choice.code, choice.reason) == ("en", "the campaign's default language")


def test_english_letter_is_complete(campaign, sender):
    letter = compose_letter(campaign, "pm", sender, language="en", today=DAY)
    assert letter.subject == "Halt the deportation of Afghan refugees from Pakistan"
    assert letter.salutation == "Dear Prime Minister,"
    assert letter.dateline == "Berlin, 15 January 2024"
    assert letter.recipient.lines[:3] == (
        "H.E. Anwaar-ul-Haq Kakar",
        "Caretaker Prime Minister",
        "Islamic Republic of Pakistan",
    )
    assert letter.recipient.lines[-1] == "PAKISTAN"  # foreign mail: country line, in capitals
    assert letter.sender.lines[0] == "Amina Rahimi"
    kinds = [type(b).__name__ for b in letter.body]
    assert "ListBlock" in kinds and kinds[0] == "Paragraph"
    numbered = next(b for b in letter.body if isinstance(b, ListBlock))
    assert numbered.ordered and len(numbered.items) == 3
    assert any(s.bold for b in letter.body if isinstance(b, Paragraph) for s in b.spans)
    assert "3,700,000" in " ".join(letter.plain_blocks())  # Babel number
    assert letter.signature == ("Amina Rahimi",) and letter.closing == "Yours sincerely,"
    assert letter.meta.target_id == "pm" and letter.reference == "UA 109.23"


def test_dari_letter_uses_local_names_and_persian_digits(campaign, sender):
    letter = compose_letter(campaign, "pm", sender, language="fa_AF", today=DAY)
    assert letter.direction == "rtl"
    assert letter.recipient.lines[0] == "جلالتمآب انوارالحق کاکر"
    assert "۳٬۷۰۰٬۰۰۰" in " ".join(letter.plain_blocks())
    assert "۲۰۲۴" in letter.date


def test_safe_mode_leaves_out_street_email_phone(campaign, sender):
    letter = compose_letter(campaign, "pm", sender, language="en", safe=True, today=DAY)
    assert letter.signature == ("A. R.", "Berlin")
    assert letter.sender.lines == ("A. R.", "Berlin")
    assert letter.sender.address is not None and not letter.sender.email
    assert letter.sender.address.street == () and not letter.sender.address.postal_code
    assert letter.sender.address.country == "DE"  # decides paper and layout, reveals no home
    everything = repr(letter)
    assert "Example Street" not in everything and "amina@" not in everything
    assert "Amina" not in everything


def test_field_values_cannot_change_the_letters_structure(tmp_path, campaign):
    folder = _campaign_with_letter(
        tmp_path, "Hello {{ sender.name }} from {{ sender.city }}.\n\n{{ sender.city }}"
    )
    hostile = make_sender(name="**Eve** <b>&amp;</b> \u202eevil", city="1. Line\n\n- x *y*")
    letter = compose_letter(load_campaign(folder), "pm", hostile, language="en", today=DAY)
    assert len(letter.body) == 2
    assert all(isinstance(b, Paragraph) for b in letter.body)
    first = letter.body[0]
    assert not any(s.bold or s.italic for s in first.spans)
    assert first.text == "Hello **Eve** <b>&amp;</b> evil from 1. Line - x *y*."
    assert letter.body[1].text == "1. Line - x *y*"
    assert "\u202e" not in repr(letter)


def test_undefined_field_names_file_line_and_field(tmp_path):
    folder = _campaign_with_letter(tmp_path, "Line one.\n\nDear {{ target.nam }},")
    with pytest.raises(TemplateError) as info:
        compose_letter(load_campaign(folder), "pm", make_sender(name="A B"), language="en")
    message = str(info.value)
    assert f"{folder / 'letters' / 'en.md.j2'}:6:" in message  # 3 front-matter lines + body
    assert "target.nam" in message


def test_template_syntax_error_names_the_line(tmp_path):
    folder = _campaign_with_letter(tmp_path, "ok\n{% if %}\n")
    with pytest.raises(TemplateError, match=r"en\.md\.j2:5: body: syntax error"):
        compose_letter(load_campaign(folder), "pm", make_sender(name="A B"), language="en")


def test_sandbox_refuses_unsafe_attribute_access(tmp_path):
    folder = _campaign_with_letter(tmp_path, "{{ sender.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as info:
        compose_letter(load_campaign(folder), "pm", make_sender(name="A B"), language="en")
    assert "en.md.j2:4: body: not allowed in a letter template" in str(info.value)
    assert "unsafe" in str(info.value)


def test_front_matter_subject_renders_fields_as_plain_text(tmp_path):
    folder = _campaign_with_letter(
        tmp_path, "Body.", front='subject = "For {{ target.name }} from {{ sender.name }}"'
    )
    letter = compose_letter(load_campaign(folder), "pm", make_sender(name="Eve *x*"), language="en")
    assert letter.subject == "For Anwaar-ul-Haq Kakar from Eve *x*"


@pytest.mark.parametrize(
    "subject",
    [
        "Halt the deportations",
        "  Two\r\nlines\tand  spaces %} #} ",
        "\u202eHidden\u200f\x00 text\u2028here",
        "می\u200cنویسم 100%",
    ],
)
def test_a_front_matter_field_without_template_syntax_reads_as_jinja_would(
    tmp_path: Path, subject: str
) -> None:
    """Fixed text (no ``{``) is taken as it is, not rendered: the same text Jinja2 gives."""
    from letterkit.compose.sandbox import render
    from letterkit.textclean import plain_line

    as_toml = json.dumps(subject)  # a JSON string is a TOML basic string
    folder = _campaign_with_letter(tmp_path, "Body.", front=f"subject = {as_toml}")
    letter = compose_letter(load_campaign(folder), "pm", make_sender(name="A B"), language="en")
    rendered = plain_line(render("text", "en", subject, "t", {}, 1, "front matter 'subject'"))
    assert letter.subject == rendered
    assert letter.subject == " ".join(letter.subject.split()) and "\u202e" not in letter.subject


def test_markdown_subset():
    blocks = parse_body(
        "A **bold** and *it* word\ncontinues.\n\n1. one\n2. two\n   more\n\n"
        "- a\n- b\n\n۳. Urdu digits\n\nsnake_case_name stays"
    )
    assert blocks[0] == Paragraph(
        (
            Span("A "),
            Span("bold", bold=True),
            Span(" and "),
            Span("it", italic=True),
            Span(" word continues."),
        )
    )
    assert blocks[1] == ListBlock(True, ((Span("one"),), (Span("two more"),)), 1)
    assert blocks[2] == ListBlock(False, ((Span("a"),), (Span("b"),)), 1)
    assert blocks[3] == ListBlock(True, ((Span("Urdu digits"),),), 3)
    assert blocks[4] == Paragraph((Span("snake_case_name stays"),))


def test_edited_text_round_trips(campaign, sender):
    text = render_letter_text(campaign, campaign.target("pm"), sender, "en", today=DAY)
    edited = letter_text_for_editing(text).replace("I am writing", "Today I write")
    again = parse_edited(edited, "edit.md")
    assert again.subject == text.subject and again.body.startswith("Today I write")
    letter = compose_letter(campaign, "pm", sender, language="en", text=again)
    assert letter.body[0].text.startswith("Today I write")
    with pytest.raises(TemplateError, match="body is empty"):
        parse_edited('+++\nsubject = "x"\n+++\n\n', "edit.md")
