"""The .eml writer and mailto links, read back the way a mail client reads them."""

from __future__ import annotations

import datetime as dt
import email
import html.parser
from collections.abc import Callable
from dataclasses import replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from letterkit.address import PostalAddress
from letterkit.campaign import load_campaign
from letterkit.compose import compose_letter
from letterkit.errors import DeliveryError, OutputError
from letterkit.model import Letter, ListBlock, Paragraph, Span
from letterkit.sender import Sender
from letterkit.writers.email import mailto_link, render_eml, write_eml

WHEN = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)


def parse(data: bytes) -> EmailMessage:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(msg, EmailMessage)
    return msg


def text_of(part) -> str:
    """A text part's content with line ends as a mail client shows them."""
    return part.get_content().replace("\r\n", "\n")


def test_english_message_headers_and_body(make_letter):
    letter = make_letter("en")
    data = render_eml(letter, date=WHEN)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF throughout
    assert data.isascii()  # 7-bit: any server takes it
    msg = parse(data)
    assert msg["From"].addresses[0].display_name == "Amina Rahimi"
    assert msg["From"].addresses[0].addr_spec == "amina@example.org"
    assert msg["To"].addresses[0].display_name == "H.E. Anwaar-ul-Haq Kakar"
    assert msg["To"].addresses[0].addr_spec == "pm@example.gov.pk"
    assert msg["Subject"] == "Stop the deportation of Afghan refugees"
    assert msg["Date"].datetime == WHEN
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.org>")
    assert msg["Content-Language"] == "en-GB"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    body = text_of(msg)
    assert body.startswith("Ref.: UA 109.23\n\nDear Prime Minister,\n")
    # one line per paragraph, list numbered, signature at the end
    assert (
        "I am writing about the Afghan refugees in Pakistan. UNHCR counts more than "
        "3.7 million of them.\n"
    ) in body
    assert "1. Halt the deportations.\n2. Release those detained.\n" in body
    assert body.rstrip().endswith("Yours sincerely,\nAmina Rahimi")
    # the address blocks are the headers' business, not the body's
    assert "Constitution Avenue" not in body and "Example Street" not in body


def test_urdu_message_with_html_and_pdf(make_letter):
    letter = make_letter("ur")
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    msg = parse(render_eml(letter, attach_pdf=pdf, html=True, date=WHEN))
    assert msg["Subject"] == "افغان پناہ گزینوں کی ملک بدری روکیں"
    assert msg["To"].addresses[0].display_name == "عزت مآب انوار الحق کاکڑ"
    assert msg["From"].addresses[0].display_name == "آمنہ رحیمی"
    assert msg["Content-Language"] == "ur-PK"
    assert msg.get_content_type() == "multipart/mixed"
    plain = msg.get_body(preferencelist=("plain",))
    rich = msg.get_body(preferencelist=("html",))
    assert plain is not None and rich is not None
    text = text_of(plain)
    assert "میں پاکستان میں مقیم افغان پناہ گزینوں کے بارے میں لکھ رہی ہوں۔ UNHCR" in text
    assert text.rstrip().endswith("آمنہ رحیمی")
    page = text_of(rich)
    assert '<html lang="ur-PK" dir="rtl">' in page
    assert "<strong>UNHCR</strong>" in page and " ملک بدری فوراً روکی جائے۔</div>" in page
    attachments = list(msg.iter_attachments())
    assert len(attachments) == 1
    part = attachments[0]
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "test-pm-ur.pdf"
    assert part.get_content() == pdf


class _ListItems(html.parser.HTMLParser):
    """The text of each ``role="listitem"`` element, and whether an ``<ol>`` is left for the
    mail client to number."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.ol = False
        self._depth = 0  # > 0 inside a list item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ol = self.ol or tag == "ol"
        if self._depth:
            self._depth += tag == "div"
        elif ("role", "listitem") in attrs:
            self._depth = 1
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.items[-1] += data


@pytest.mark.parametrize(
    ("language", "markers"),
    [("ur", ("1۔ ", "2۔ ")), ("fa_AF", ("۱. ", "۲. ")), ("en", ("1. ", "2. "))],
)
def test_numbered_lists_carry_the_locale_markers_in_both_parts(
    make_letter: Callable[..., Letter], language: str, markers: tuple[str, ...]
) -> None:
    sample = make_letter(language)
    body = tuple(replace(b, ordered=True) if isinstance(b, ListBlock) else b for b in sample.body)
    letter = replace(sample, body=body)  # the Dari sample's list has bullets
    msg = email.message_from_bytes(render_eml(letter, html=True, date=WHEN), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    plain, rich = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and rich is not None
    lists = [block for block in letter.body if isinstance(block, ListBlock) and block.ordered]
    items = [_plain_text(item) for block in lists for item in block.items]
    assert len(items) == len(markers)
    expected = [marker + item for marker, item in zip(markers, items, strict=True)]
    # a line that starts with a number is marked right-to-left for plain-text editors
    text_lines = [line.removeprefix("\u200f") for line in text_of(plain).splitlines()]
    assert all(line in text_lines for line in expected), text_lines
    parser = _ListItems()
    parser.feed(text_of(rich))
    assert parser.items == expected and not parser.ol
    if language != "en":
        assert '<div role="list" dir="rtl"' in text_of(rich)


def _plain_text(item: tuple[Span, ...]) -> str:
    return "".join(span.text for span in item)


def test_control_characters_cannot_inject_headers(make_letter):
    letter = make_letter("en")
    evil = "Eve\r\nBcc: x@evil.example"
    letter = replace(
        letter,
        subject="Hello\r\nBcc: y@evil.example\nX-Injected: 1",
        sender=replace(letter.sender, name=evil),
        recipient=replace(letter.recipient, name="Minister\u2028Cc: z@evil.example\x85X-Evil: 2"),
    )
    data = render_eml(letter, date=WHEN)
    msg = parse(data)
    assert msg["Bcc"] is None and msg["Cc"] is None
    assert msg["X-Injected"] is None and msg["X-Evil"] is None
    assert set(msg.keys()) == {
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "User-Agent",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Content-Language",
    }
    assert [a.addr_spec for a in msg["From"].addresses] == ["amina@example.org"]
    assert msg["From"].addresses[0].display_name == "Eve Bcc: x@evil.example"
    assert [a.addr_spec for a in msg["To"].addresses] == ["pm@example.gov.pk"]
    assert msg["Subject"] == "Hello Bcc: y@evil.example X-Injected: 1"
    for line in data.split(b"\r\n"):
        assert not line.lower().startswith((b"bcc:", b"cc:", b"x-injected", b"x-evil"))


@pytest.mark.parametrize(
    "address",
    [
        "pm@example.gov.pk\r\nBcc: x@evil.example",
        "pm@example.gov.pk, x@evil.example",
        "Minister <pm@example.gov.pk>",
        "pm@localhost",
        "not an address",
    ],
)
def test_recipient_address_must_be_one_plain_address(make_letter, address):
    letter = make_letter("en")
    letter = replace(letter, recipient=replace(letter.recipient, email=address))
    with pytest.raises(DeliveryError, match="recipient email"):
        render_eml(letter)


def test_target_without_email_is_named_with_its_channels(make_letter):
    letter = make_letter("en")
    letter = replace(letter, recipient=replace(letter.recipient, email=""))
    with pytest.raises(DeliveryError) as info:
        render_eml(letter)
    message = str(info.value)
    assert "H.E. Anwaar-ul-Haq Kakar (pm) has no email address" in message
    assert "channels: post" in message
    with pytest.raises(DeliveryError, match=r"\(pm\) has no email address"):
        mailto_link(letter)


def test_safe_mode_sender_needs_an_explicit_from(make_letter):
    letter = make_letter("en")
    letter = replace(letter, sender=replace(letter.sender, name="A. R.", email=""))
    with pytest.raises(DeliveryError, match="safe mode"):
        render_eml(letter)
    msg = parse(render_eml(letter, from_addr="campaign-writer@example.net", date=WHEN))
    assert msg["From"].addresses[0].addr_spec == "campaign-writer@example.net"
    assert msg["From"].addresses[0].display_name == "A. R."


def test_message_id_is_stable_and_distinct(make_letter):
    en = make_letter("en")
    first = parse(render_eml(en, date=WHEN))["Message-ID"]
    again = parse(render_eml(en, date=WHEN + dt.timedelta(hours=3)))["Message-ID"]
    other = make_letter("en", meta=replace(en.meta, target_id="ambassador-us"))
    assert first == again
    assert parse(render_eml(other))["Message-ID"] != first
    assert (
        parse(render_eml(en, message_id="<fixed@example.org>"))["Message-ID"]
        == "<fixed@example.org>"
    )


def test_html_alternative_escapes_letter_text(make_letter):
    hostile = Paragraph((Span('<script>alert("x")</script> & <b onclick=1>'),))
    letter = make_letter("en", body=(hostile,))
    msg = parse(render_eml(letter, html=True, date=WHEN))
    page = text_of(msg.get_body(preferencelist=("html",)))

    tags: list[str] = []

    class Collect(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Collect().feed(page)
    assert "script" not in tags and "b" not in tags
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onclick=1&gt;" in page
    assert '<html lang="en-GB" dir="ltr">' in page


def test_mailto_link_round_trips(make_letter):
    for language in ("en", "ur"):
        letter = make_letter(language)
        link = mailto_link(letter)
        assert link.isascii() and " " not in link and "\n" not in link
        parts = urlsplit(link)
        assert parts.scheme == "mailto"
        assert unquote(parts.path) == "pm@example.gov.pk"
        query = parse_qs(parts.query, keep_blank_values=True)
        assert query["subject"] == [letter.subject]
        body = query["body"][0]
        assert "\r\n" in body and "\n" not in body.replace("\r\n", "")  # RFC 6068: CRLF
        assert letter.salutation in body
        assert body.replace("\r\n", "\n").rstrip().endswith(letter.signature[-1])


def test_write_eml_never_overwrites(make_letter, tmp_path):
    letter = make_letter("en")
    path = write_eml(letter, tmp_path / "out" / "pm.eml", date=WHEN)
    assert parse(path.read_bytes())["To"].addresses[0].addr_spec == "pm@example.gov.pk"
    with pytest.raises(OutputError, match="exists"):
        write_eml(letter, path)
    write_eml(letter, path, force=True, html=True)
    assert parse(path.read_bytes()).get_content_type() == "multipart/alternative"


def _sender() -> Sender:
    return Sender(
        name="Amina Rahimi",
        email="amina@example.org",
        phone="+49 30 1234567",
        address=PostalAddress(("12 Example Street",), "Berlin", "", "10115", "DE"),
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_bundled_campaign_email_for_the_ambassador(language):
    campaign = load_campaign("pakistan-deportations")
    letter = compose_letter(
        campaign, "ambassador-us", _sender(), language=language, today=dt.date(2024, 1, 20)
    )
    msg = parse(render_eml(letter, date=WHEN))
    assert msg["To"].addresses[0].addr_spec == "info@embassyofpakistanusa.org"
    assert msg["Subject"] == letter.subject
    assert msg["Content-Language"] == {"en": "en-GB", "ur": "ur-PK"}[language]
    assert letter.salutation in text_of(msg)


def test_bundled_campaign_prime_minister_has_no_email():
    campaign = load_campaign("pakistan-deportations")
    letter = compose_letter(campaign, "pm", _sender(), language="en", today=dt.date(2024, 1, 20))
    with pytest.raises(DeliveryError, match=r"\(pm\) has no email address; its channels: post"):
        render_eml(letter)
