"""Send a folder of ``.eml`` files over SMTP: dry run by default, rate-limited, resumable.

Safety first, as in mailmerge: nothing is sent unless the caller asks (``send=True``); a sent
log in the folder (``.letterkit-sent.jsonl``, one JSON line per message the server accepted:
file name, Message-ID, SHA-256 of the file, time) makes a re-run skip every message already
sent, so an interrupted run simply resumes. A message counts as sent when it is in the log under
its Message-ID or with the same file hash; the log line is written and flushed to disk right
after the server accepts the message (a crash in the split second between the two is the only
way a message can go out twice).

The password is passed in by the caller (from ``LETTERKIT_SMTP_PASSWORD`` or a hidden prompt);
it is never stored, logged or put into an error message, and it is never sent unencrypted to
another machine. This module never prints: progress goes to an optional callback.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import ipaddress
import json
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import ConfigError, DeliveryError

if TYPE_CHECKING:
    import smtplib

SENT_LOG = ".letterkit-sent.jsonl"
Security = Literal["starttls", "ssl", "plain"]
DEFAULT_PORTS: dict[str, int] = {"ssl": 465, "starttls": 587, "plain": 25}
ENV_HOST, ENV_PORT, ENV_USER = "LETTERKIT_SMTP_HOST", "LETTERKIT_SMTP_PORT", "LETTERKIT_SMTP_USER"
ENV_PASSWORD = "LETTERKIT_SMTP_PASSWORD"
EHLO_NAME = "localhost"  # not the machine's own name: a supporter's hostname is nobody's business

Status = Literal["sent", "skipped", "failed", "dry-run", "not-attempted"]


# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect. ``cafile`` trusts one extra CA (a self-signed relay)."""

    host: str
    port: int
    security: Security
    user: str = ""
    timeout: float = 60.0
    cafile: str | None = None


def resolve_settings(
    *,
    host: str | None = None,
    port: int | None = None,
    user: str | None = None,
    security: Security | None = None,
    cafile: str | None = None,
    env: Mapping[str, str] | None = None,
) -> SmtpSettings:
    """Options first, then ``LETTERKIT_SMTP_HOST``/``_PORT``/``_USER``. Without ``security``:
    SSL on port 465, else STARTTLS (required, never silently skipped); without a port, the
    usual port of the security chosen (465, 587, 25 for plain)."""
    env = os.environ if env is None else env
    host = (host or env.get(ENV_HOST, "")).strip()
    if not host:
        raise ConfigError(f"no SMTP server: give --host or set {ENV_HOST}")
    if port is None and env.get(ENV_PORT, "").strip():
        raw = env[ENV_PORT].strip()
        if not raw.isdigit():
            raise ConfigError(f"{ENV_PORT}: {raw!r} is not a port number")
        port = int(raw)
    if port is not None and not 0 < port < 65536:
        raise ConfigError(f"SMTP port {port} is out of range (1-65535)")
    if security is None:
        security = "ssl" if port == 465 else "starttls"
    if security not in DEFAULT_PORTS:
        raise ConfigError(f"unknown SMTP security {security!r}; one of: starttls, ssl, plain")
    return SmtpSettings(
        host=host,
        port=port if port is not None else DEFAULT_PORTS[security],
        security=security,
        user=(user if user is not None else env.get(ENV_USER, "")).strip(),
        cafile=cafile,
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def connect(settings: SmtpSettings, password: str | None = None) -> smtplib.SMTP:
    """An open, encrypted (unless ``plain``) and, with a user, logged-in SMTP connection."""
    import smtplib
    import ssl

    if settings.user and settings.security == "plain" and not _is_loopback(settings.host):
        raise DeliveryError(
            f"refusing to send the password for {settings.user!r} unencrypted to "
            f"{settings.host}: use --starttls or --ssl"
        )
    if settings.user and not password:
        raise DeliveryError(
            f"SMTP user {settings.user!r} needs a password: set {ENV_PASSWORD} or type it "
            "when asked"
        )
    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context(cafile=settings.cafile)
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, local_hostname=EHLO_NAME,
                                    timeout=settings.timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, local_hostname=EHLO_NAME,
                                timeout=settings.timeout)
        smtp.ehlo()
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    f"{where} does not offer STARTTLS: use --ssl (port 465), or --plain only "
                    "for a relay on your own machine or network"
                )
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, password or "")
        return smtp
    except DeliveryError:
        _close(smtp)
        raise
    except smtplib.SMTPAuthenticationError as exc:
        _close(smtp)
        raise DeliveryError(
            f"{where}: login as {settings.user!r} refused ({exc.smtp_code} {_text(exc.smtp_error)})"
        ) from None
    except ssl.SSLError as exc:
        _close(smtp)
        raise DeliveryError(f"{where}: TLS failed ({exc.reason or exc}); "
                            "for a self-signed server give --cafile") from None
    except (smtplib.SMTPException, OSError) as exc:
        _close(smtp)
        raise DeliveryError(f"cannot connect to SMTP server {where}: {_describe(exc)}") from None


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except Exception:  # noqa: BLE001 - closing a broken connection: nothing left to report
        with contextlib.suppress(Exception):  # the connection is gone either way
            smtp.close()


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).split())


def _describe(exc: BaseException) -> str:
    import smtplib

    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _text(exc) or type(exc).__name__


# --------------------------------------------------------------------------------------------
# the outbox


@dataclass(frozen=True)
class Outgoing:
    """One ``.eml`` file, read and checked: envelope sender and recipients, what a person sees."""

    path: Path
    sender: str
    recipients: tuple[str, ...]
    to: str  # the To header as a person reads it
    subject: str
    message_id: str
    sha256: str
    data: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.name


def read_message(path: Path) -> Outgoing:
    """Parse one ``.eml`` file; a file a server would refuse raises :class:`DeliveryError`."""
    from email import policy
    from email.parser import BytesParser

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DeliveryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        sender_header = msg["Sender"] or msg["From"]
        senders = list(sender_header.addresses) if sender_header is not None else []
        recipients: list[str] = []
        for name in ("To", "Cc", "Bcc"):
            for header in msg.get_all(name, []):
                recipients += [a.addr_spec for a in header.addresses if a.addr_spec]
        subject = " ".join(str(msg["Subject"] or "").split())
        message_id = str(msg["Message-ID"] or "").strip()
        to = str(msg["To"] or "")
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise DeliveryError(f"{path}: not a readable email message ({exc})") from None
    if not senders or not senders[0].addr_spec or "@" not in senders[0].addr_spec:
        raise DeliveryError(f"{path}: the message has no From address")
    if not recipients:
        raise DeliveryError(f"{path}: the message has no To address")
    if msg["Bcc"] is not None:  # envelope only: the header must not travel with the message
        del msg["Bcc"]
        data = msg.as_bytes(policy=policy.SMTP)
    else:
        data = re.sub(rb"\r?\n", b"\r\n", raw)  # SMTP wants CRLF; files edited by hand may not
    return Outgoing(
        path=Path(path), sender=senders[0].addr_spec, recipients=tuple(dict.fromkeys(recipients)),
        to=" ".join(to.split()), subject=subject, message_id=message_id,
        sha256=hashlib.sha256(raw).hexdigest(), data=data,
    )


def read_outbox(folder: Path) -> list[Outgoing]:
    """Every ``*.eml`` file in ``folder`` (not in sub-folders), in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DeliveryError(f"{folder}: no such folder")
    files = sorted(p for p in folder.glob("*.eml") if p.is_file() and not p.name.startswith("."))
    return [read_message(p) for p in files]


# --------------------------------------------------------------------------------------------
# the sent log


class SentLog:
    """``.letterkit-sent.jsonl`` in the outbox: one line per message a server accepted.

    A line cut short by a crash (the last one, without its newline) is ignored and cut off
    before the next line is written; any other unreadable line is an error naming the line,
    since guessing could send a letter twice.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.entries: list[dict[str, Any]] = []
        self._by_id: dict[str, dict[str, Any]] = {}
        self._by_hash: dict[str, dict[str, Any]] = {}
        self._cut_at: int | None = None  # byte offset where an unfinished last line starts
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
            text = raw.decode("utf-8", "replace")
        except OSError as exc:
            raise DeliveryError(f"{self.path}: cannot read the sent log ({exc})") from None
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                valid = isinstance(entry, dict)
            except ValueError:
                valid = False
            if not valid:
                if number == len(lines):  # the last line, unfinished: a crash while writing
                    self._cut_at = raw.rfind(b"\n") + 1
                    continue
                raise DeliveryError(
                    f"{self.path}:{number}: unreadable line in the sent log; fix or remove it "
                    "(each line records one message already sent)"
                ) from None
            self._add(entry)

    def _add(self, entry: dict[str, Any]) -> None:
        self.entries.append(entry)
        if entry.get("message_id"):
            self._by_id[str(entry["message_id"])] = entry
        if entry.get("sha256"):
            self._by_hash[str(entry["sha256"])] = entry

    def find(self, item: Outgoing) -> dict[str, Any] | None:
        """The log entry of an earlier sending of ``item`` (same Message-ID or same bytes)."""
        if item.message_id and item.message_id in self._by_id:
            return self._by_id[item.message_id]
        return self._by_hash.get(item.sha256)

    def record(self, item: Outgoing, *, server: str, refused: Mapping[str, str],
               now: _dt.datetime | None = None) -> dict[str, Any]:
        """Append one line and push it to disk before the next message goes out."""
        entry = {
            "file": item.name,
            "message_id": item.message_id,
            "sha256": item.sha256,
            "to": list(item.recipients),
            "refused": dict(refused),
            "server": server,
            "sent_at": (now or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds"),
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        try:
            if self._cut_at is not None:  # drop the fragment a crash left
                with self.path.open("r+b") as fh:
                    fh.truncate(self._cut_at)
                self._cut_at = None
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise DeliveryError(
                f"{self.path}: cannot write the sent log ({exc.strerror or exc}); stopped so "
                "that nothing is sent twice"
            ) from None
        self._add(entry)
        return entry


# --------------------------------------------------------------------------------------------
# sending


@dataclass(frozen=True)
class SendResult:
    """What happened to one file. ``refused``: recipient → the server's reply."""

    file: str
    status: Status
    to: str
    subject: str
    detail: str = ""
    refused: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "skipped", "dry-run") and not self.refused


def plan_sending(folder: Path) -> list[tuple[Outgoing, dict[str, Any] | None]]:
    """Every message in ``folder`` with its sent-log entry (``None``: not sent yet)."""
    log = SentLog(Path(folder) / SENT_LOG)
    return [(item, log.find(item)) for item in read_outbox(folder)]


def send_folder(
    folder: Path,
    settings: SmtpSettings | None = None,
    *,
    password: str | None = None,
    send: bool = False,
    rate: float | None = None,
    progress: Callable[[SendResult], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[SendResult]:
    """Send (or, by default, only list) the ``.eml`` files of ``folder``.

    ``rate``: at most that many messages per minute (``None`` or 0: no limit). Messages in the
    sent log are skipped. A message the server refuses is reported and the run goes on; a lost
    connection stops the run (the rest are ``not-attempted``; run again to resume). Each result
    is passed to ``progress`` as soon as it is known.
    """
    folder = Path(folder)
    log = SentLog(folder / SENT_LOG)
    outbox = read_outbox(folder)
    if send and settings is None:
        raise ConfigError("sending needs SMTP settings (host, port, security)")
    interval = 60.0 / rate if rate else 0.0
    results: list[SendResult] = []
    smtp: smtplib.SMTP | None = None
    last_send: float | None = None
    stopped = ""

    def report(result: SendResult) -> None:
        results.append(result)
        if progress is not None:
            progress(result)

    try:
        for item in outbox:
            earlier = log.find(item)
            if earlier is not None:
                how = ("the same file" if earlier.get("sha256") == item.sha256
                       else "the same Message-ID")
                report(SendResult(item.name, "skipped", item.to, item.subject,
                                  f"already sent {earlier.get('sent_at', '')} as "
                                  f"{earlier.get('file', '?')} ({how})"))
                continue
            if not send:
                report(SendResult(item.name, "dry-run", item.to, item.subject, "would send"))
                continue
            if stopped:
                report(SendResult(item.name, "not-attempted", item.to, item.subject, stopped))
                continue
            assert settings is not None
            if smtp is None:
                smtp = connect(settings, password)
            if interval and last_send is not None:
                wait = last_send + interval - clock()
                if wait > 0:
                    sleep(wait)
            last_send = clock()
            result, connection_lost = _send_one(smtp, item, log, settings)
            report(result)
            if connection_lost:
                _close(smtp)
                smtp = None
                stopped = f"not sent: the connection was lost ({result.detail}); run again"
    finally:
        _close(smtp)
    return results


def _send_one(smtp: smtplib.SMTP, item: Outgoing, log: SentLog,
              settings: SmtpSettings) -> tuple[SendResult, bool]:
    import smtplib


    def failed(detail: str, refused: Mapping[str, str] | None = None) -> SendResult:
        return SendResult(item.name, "failed", item.to, item.subject, detail, refused or {})

    try:
        refused_raw = smtp.sendmail(item.sender, list(item.recipients), item.data)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = {addr: f"{code} {_text(msg)}" for addr, (code, msg) in exc.recipients.items()}
        return failed("all recipients refused", refused), False
    except smtplib.SMTPSenderRefused as exc:
        return failed(f"sender {item.sender} refused: {exc.smtp_code} "
                      f"{_text(exc.smtp_error)}"), False
    except smtplib.SMTPDataError as exc:
        return failed(f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}"), False
    except smtplib.SMTPServerDisconnected as exc:
        return failed(f"server disconnected: {_describe(exc)}"), True
    except (smtplib.SMTPException, OSError) as exc:
        return failed(_describe(exc)), True
    refused = {addr: f"{code} {_text(msg)}" for addr, (code, msg) in refused_raw.items()}
    log.record(item, server=f"{settings.host}:{settings.port}", refused=refused)
    detail = "accepted" if not refused else f"accepted for {len(item.recipients) - len(refused)} " \
        f"of {len(item.recipients)} recipients"
    return SendResult(item.name, "sent", item.to, item.subject, detail, refused), False


def summarize(results: list[SendResult]) -> dict[str, int]:
    """Counts per status, plus ``refused`` (files with refused recipients)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    counts["refused"] = sum(1 for r in results if r.refused)
    return counts
