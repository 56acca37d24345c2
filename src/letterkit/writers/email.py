"""Email writer: a letter as an RFC 5322 message (``.eml``) and as a ``mailto:`` link.

The message is built with the standard library's :class:`email.message.EmailMessage` and
serialized with the SMTP policy (CRLF line ends, headers folded and RFC 2047-encoded where they
hold non-ASCII, bodies in quoted-printable or base64 so that any server takes them).

Field values are data and can never become headers: every value is reduced to one line (control
characters, line and paragraph separators become spaces) *before* it reaches the email package,
and addresses must be a single plain ``local@domain`` — a value such as
``"Eve\\r\\nBcc: x@evil.example"`` stays inside the display name, quoted and encoded.

An email needs a From address: in safe mode the profile's email is left out, so
:func:`render_eml` raises :class:`~letterkit.errors.DeliveryError` unless ``from_addr`` gives a
(separate) address to send from.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html as _html
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..delivery.channels import missing_channel_error
from ..errors import DeliveryError
from ..fileio import write_atomic
from ..locales import LOCALES, list_marker, normalize_code
from ..model import Inline, Letter, ListBlock, Paragraph
from ..textclean import no_controls
from .text import render_text

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import EmailPolicy

__all__ = ["eml_policy", "mailto_link", "message_id_for", "render_eml", "write_eml"]

_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")  # dot-atom characters only
_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def eml_policy() -> EmailPolicy[EmailMessage]:
    """SMTP policy (CRLF) with 7-bit transfer encodings: deliverable through any server."""
    from email import policy

    return policy.SMTP.clone(cte_type="7bit")


def one_line(value: object) -> str:
    """A field value on one line, spaces collapsed: what may go into a header."""
    return " ".join(no_controls(value).split())


def check_address(value: str, field: str) -> str:
    """A plain ``local@domain`` address (ASCII local part; an international domain is written
    in Punycode), or :class:`DeliveryError` naming the field and the value."""
    text = (value or "").strip()
    local, at, domain = text.rpartition("@")
    if (
        not at
        or not local
        or not domain
        or not _LOCAL_RE.match(local)
        or ".." in local
        or local.startswith(".")
        or local.endswith(".")
    ):
        raise DeliveryError(f"{field}: {text!r} is not a plain email address (name@domain)")
    try:
        ascii_domain = domain.encode("idna").decode("ascii") if not domain.isascii() else domain
    except UnicodeError:
        raise DeliveryError(f"{field}: {text!r}: the domain cannot be encoded") from None
    labels = ascii_domain.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        raise DeliveryError(f"{field}: {text!r} is not a plain email address (name@domain)")
    return f"{local}@{ascii_domain.rstrip('.')}"


def _address(name: str, addr: str) -> Address:
    from email.headerregistry import Address

    local, _at, domain = addr.rpartition("@")
    return Address(display_name=one_line(name), username=local, domain=domain)


def message_id_for(letter: Letter, domain: str) -> str:
    """A Message-ID that is the same every time the same letter is written (for tests and for
    re-runs: a regenerated file keeps its identity in the send log)."""
    key = "\x1f".join(
        [
            letter.meta.campaign_id,
            letter.meta.target_id,
            letter.language,
            letter.date_iso,
            letter.sender.name,
            letter.recipient.email,
            letter.subject,
            *letter.plain_blocks(),
        ]
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}.letterkit@{domain}>"


def _content_language(letter: Letter) -> str:
    info = LOCALES.get(normalize_code(letter.language))
    return info.docx_lang if info is not None else letter.language.replace("_", "-")


def plain_body(letter: Letter) -> str:
    """The letter as the text of an email: no address blocks (those are the headers), one line
    per paragraph so mail clients wrap it, right-to-left lines marked for plain-text editors."""
    text = render_text(letter, width=0, headers=False)
    if letter.reference:
        mark = "\u200f" if letter.is_rtl else ""  # RIGHT-TO-LEFT MARK, as render_text does
        text = f"{mark}{one_line(letter.labels.reference)} {one_line(letter.reference)}\n\n{text}"
    return text


def _inline_html(spans: Inline) -> str:
    parts = []
    for span in spans:
        piece = _html.escape(no_controls(span.text), quote=True)
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        parts.append(piece)
    return "".join(parts)


def _numbered_list(letter: Letter, block: ListBlock, direction: str) -> list[str]:
    """A numbered list whose items carry their numbers as text, as
    :func:`letterkit.locales.list_marker` writes them (Urdu ``1۔``, Dari ``۱.``): an ``<ol>``
    would be numbered by the mail client, ``1.`` in every language. ARIA roles keep it a list
    for screen readers; no client adds numbers of its own."""
    out = [f'<div role="list" dir="{direction}" style="margin-inline-start:1.5em">']
    for number, item in enumerate(block.items, start=block.start):
        marker = list_marker(number, letter.language, digits=letter.digits)
        out.append(f'<div role="listitem">{_html.escape(marker)} {_inline_html(item)}</div>')
    out.append("</div>")
    return out


def html_body(letter: Letter) -> str:
    """The letter as a small, escaped HTML document with the right language and direction."""
    lang = _html.escape(_content_language(letter), quote=True)
    direction = "rtl" if letter.is_rtl else "ltr"

    def esc(value: str) -> str:
        return _html.escape(one_line(value), quote=True)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{direction}">',
        '<head><meta charset="utf-8">',
        f"<title>{esc(letter.subject)}</title></head>",
        f'<body dir="{direction}">',
    ]
    if letter.reference:
        out.append(f"<p>{esc(letter.labels.reference)} {esc(letter.reference)}</p>")
    out.append(f"<p>{esc(letter.salutation)}</p>")
    for block in letter.body:
        if isinstance(block, Paragraph):
            out.append(f"<p>{_inline_html(block.spans)}</p>")
        elif isinstance(block, ListBlock) and block.ordered:
            out += _numbered_list(letter, block, direction)
        elif isinstance(block, ListBlock):
            out.append("<ul>")
            out += [f"<li>{_inline_html(item)}</li>" for item in block.items]
            out.append("</ul>")
    signature = "<br>".join(esc(x) for x in letter.signature if one_line(x))
    out.append(f"<p>{esc(letter.closing)}<br><br>{signature}</p>")
    for label, items in (
        (letter.labels.enclosures, letter.enclosures),
        (letter.labels.cc, letter.cc),
    ):
        if items:
            out.append(f"<p>{esc(label)}<br>" + "<br>".join(esc(i) for i in items) + "</p>")
    if letter.signatories:
        sep = "، " if letter.is_rtl else ", "
        names = [
            sep.join(esc(x) for x in (s.name, s.organisation, s.place) if one_line(x))
            for s in letter.signatories
        ]
        out.append(f"<p>{esc(letter.labels.signatories)}<br>" + "<br>".join(names) + "</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _attachment_name(letter: Letter) -> str:
    base = (
        "-".join(x for x in (letter.meta.campaign_id, letter.meta.target_id, letter.language) if x)
        or "letter"
    )
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "letter"
    return f"{base}.pdf"


def render_eml(
    letter: Letter,
    *,
    attach_pdf: bytes | None = None,
    html: bool = False,
    from_addr: str | None = None,
    message_id: str | None = None,
    date: _dt.datetime | None = None,
    attachment_name: str | None = None,
) -> bytes:
    """The letter as an RFC 5322 message (bytes, CRLF line ends).

    From: the sender (``from_addr`` overrides the profile's address, e.g. in safe mode); To:
    the recipient's email; Subject from the letter; ``Date`` (default: now); ``Message-ID``
    (default: :func:`message_id_for`, stable for the same letter); ``Content-Language``. The
    body is the letter as UTF-8 text, with an HTML alternative if ``html``; ``attach_pdf`` is
    attached as a PDF file.
    """
    from email.message import EmailMessage
    from email.utils import format_datetime

    who = letter.meta.target_id
    if not letter.recipient.email.strip():
        raise missing_channel_error(letter.recipient, "email", who)
    to_addr = check_address(
        one_line(letter.recipient.email), f"recipient email ({who})" if who else "recipient email"
    )
    sender_email = from_addr if from_addr is not None else letter.sender.email
    if not one_line(sender_email):
        raise DeliveryError(
            "sender: an email needs your email address, and the profile has none (safe mode "
            "leaves it out): add one with `letterkit init`, give --from, or send by post or fax"
        )
    sender_addr = check_address(one_line(sender_email), "sender email")

    policy = eml_policy()
    msg = EmailMessage(policy=policy)
    msg["From"] = _address(letter.sender.name, sender_addr)
    msg["To"] = _address(letter.recipient.name, to_addr)
    msg["Subject"] = one_line(letter.subject)
    when = date or _dt.datetime.now().astimezone()
    if when.tzinfo is None:
        when = when.astimezone()
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = (
        one_line(message_id)
        if message_id
        else message_id_for(letter, sender_addr.rpartition("@")[2])
    )
    msg["User-Agent"] = "letterkit"
    msg.set_content(plain_body(letter), subtype="plain", charset="utf-8")
    if html:
        msg.add_alternative(html_body(letter), subtype="html", charset="utf-8")
    if attach_pdf is not None:
        msg.add_attachment(
            attach_pdf,
            maintype="application",
            subtype="pdf",
            filename=one_line(attachment_name) if attachment_name else _attachment_name(letter),
        )
    msg["Content-Language"] = _content_language(letter)  # after set_content, which clears it
    return msg.as_bytes(policy=policy)


def write_eml(
    letter: Letter,
    path: Path,
    *,
    attach_pdf: bytes | None = None,
    html: bool = False,
    from_addr: str | None = None,
    message_id: str | None = None,
    date: _dt.datetime | None = None,
    force: bool = False,
) -> Path:
    """Write :func:`render_eml` to ``path`` atomically (never over an existing file without
    ``force``)."""
    data = render_eml(
        letter,
        attach_pdf=attach_pdf,
        html=html,
        from_addr=from_addr,
        message_id=message_id,
        date=date,
    )
    return write_atomic(Path(path), data, force=force)


def mailto_link(letter: Letter, *, with_body: bool = True) -> str:
    """A ``mailto:`` URI (RFC 6068) with the recipient, subject and (``with_body``) the body,
    percent-encoded as UTF-8; line breaks in the body are ``%0D%0A``.

    Long letters make long links, and mail programs cut links near 2 000 characters: the CLI
    offers the full link only when it is shorter, else the link without the body.
    """
    who = letter.meta.target_id
    if not letter.recipient.email.strip():
        raise missing_channel_error(letter.recipient, "email", who)
    to_addr = check_address(one_line(letter.recipient.email), "recipient email")
    link = f"mailto:{quote(to_addr, safe='@')}?subject={quote(one_line(letter.subject), safe='')}"
    if not with_body:
        return link
    body = plain_body(letter).replace("\r\n", "\n").replace("\n", "\r\n")
    return f"{link}&body={quote(body, safe='')}"
