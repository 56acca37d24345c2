"""Send a folder of ``.eml`` files over SMTP: dry run by default, rate-limited, resumable,
and never twice.

Safety first, as in mailmerge: nothing is sent unless the caller asks (``send=True``). A send log
in the folder (``.letterkit-sent.jsonl``, one JSON line per event, each pushed to disk with
fsync before the next step) records every message's fate by Message-ID and file hash:

* ``in-flight`` — written after the server took the message's text and *before* the final
  ``.`` that ends the DATA command: from then on the server may deliver it. When the reply
  never comes (a crash, ``kill -9``, a timeout, a dropped connection), the message stays in
  flight: the next run lists it as **in doubt** and does not send it again unless asked
  (``resend_in_doubt``): SMTP cannot tell whether it went out, and a letter to an official
  sent twice does more harm than one to re-send by hand.
* ``sent`` — the server answered 250.
* ``failed`` — the server refused it for good (5xx): reported, and not retried on later runs
  unless asked (``retry_failed``). A temporary refusal (4xx) or a connection lost before the
  final ``.`` is retried in the run with back-off, and on the next run.

Older logs (one line per sent message, no ``state``) read as ``sent``.

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

Status = Literal["sent", "skipped", "failed", "dry-run", "not-attempted", "in-doubt"]
State = Literal["in-flight", "sent", "failed"]
RETRIES = 3  # attempts for a temporary failure (4xx, connection lost before DATA ends)
BACKOFF = 2.0  # seconds before the second attempt; doubled for each one after


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
    timeout: float = 60.0,
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
        timeout=timeout,
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
            smtp = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                local_hostname=EHLO_NAME,
                timeout=settings.timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.host, settings.port, local_hostname=EHLO_NAME, timeout=settings.timeout
            )
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
        raise DeliveryError(
            f"{where}: TLS failed ({exc.reason or exc}); for a self-signed server give --cafile"
        ) from None
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
        path=Path(path),
        sender=senders[0].addr_spec,
        recipients=tuple(dict.fromkeys(recipients)),
        to=" ".join(to.split()),
        subject=subject,
        message_id=message_id,
        sha256=hashlib.sha256(raw).hexdigest(),
        data=data,
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
    """``.letterkit-sent.jsonl`` in the outbox: one line per event of a message's sending.

    The newest line for a message (by Message-ID, else by file hash) is its state. A line cut
    short by a crash (the last one, without its newline) is ignored and cut off before the next
    line is written; any other unreadable line is an error naming the line, since guessing could
    send a letter twice.
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
            raise DeliveryError(f"{self.path}: cannot read the send log ({exc})") from None
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                valid = isinstance(entry, dict)
            except (ValueError, RecursionError):
                valid = False
            if not valid:
                if number == len(lines):  # the last line, unfinished: a crash while writing
                    self._cut_at = raw.rfind(b"\n") + 1
                    continue
                raise DeliveryError(
                    f"{self.path}:{number}: unreadable line in the send log; fix or remove it "
                    "(each line records what happened to one message)"
                ) from None
            self._add(entry)

    def _add(self, entry: dict[str, Any]) -> None:
        entry.setdefault("state", "sent")  # logs written before states were recorded
        self.entries.append(entry)
        if entry.get("message_id"):
            self._by_id[str(entry["message_id"])] = entry
        if entry.get("sha256"):
            self._by_hash[str(entry["sha256"])] = entry

    def find(self, item: Outgoing) -> dict[str, Any] | None:
        """The newest entry for ``item`` (same Message-ID or same bytes), or ``None``."""
        if item.message_id and item.message_id in self._by_id:
            return self._by_id[item.message_id]
        return self._by_hash.get(item.sha256)

    def record(
        self,
        item: Outgoing,
        *,
        server: str,
        refused: Mapping[str, str] | None = None,
        state: State = "sent",
        detail: str = "",
        permanent: bool = True,
        now: _dt.datetime | None = None,
    ) -> dict[str, Any]:
        """Append one line and push it to disk before anything else happens."""
        entry: dict[str, Any] = {
            "file": item.name,
            "message_id": item.message_id,
            "sha256": item.sha256,
            "state": state,
            "to": list(item.recipients),
            "refused": dict(refused or {}),
            "server": server,
            "sent_at": (now or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds"),
        }
        if detail:
            entry["detail"] = detail
        if state == "failed":
            entry["permanent"] = permanent  # a 4xx after DATA is tried again on the next run
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
                f"{self.path}: cannot write the send log ({exc.strerror or exc}); stopped so "
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
    """Every message in ``folder`` with its send-log entry (``None``: never tried)."""
    log = SentLog(Path(folder) / SENT_LOG)
    return [(item, log.find(item)) for item in read_outbox(folder)]


def is_pending(
    entry: dict[str, Any] | None, *, resend_in_doubt: bool = False, retry_failed: bool = False
) -> bool:
    """Whether a message with this newest log entry is to be sent in this run."""
    if entry is None:
        return True
    state = entry.get("state", "sent")
    if state == "in-flight":
        return resend_in_doubt
    if state == "failed":
        return retry_failed or not entry.get("permanent", True)
    return False


class _Temporary(Exception):
    """A failure worth another attempt (4xx, or the connection lost before DATA ended)."""

    def __init__(self, detail: str, *, reconnect: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.reconnect = reconnect


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
    resend_in_doubt: bool = False,
    retry_failed: bool = False,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
) -> list[SendResult]:
    """Send (or, by default, only list) the ``.eml`` files of ``folder``.

    ``rate``: at most that many messages per minute (``None`` or 0: no limit). Messages the log
    holds as sent are skipped; messages in doubt and messages refused for good are reported and
    skipped unless ``resend_in_doubt`` / ``retry_failed``. A temporary failure is retried up to
    ``retries`` times, ``backoff`` seconds apart, doubling; if the server stays unreachable the
    rest are ``not-attempted`` (run again to resume). Each result is passed to ``progress`` as
    soon as it is known.
    """
    folder = Path(folder)
    log = SentLog(folder / SENT_LOG)
    outbox = read_outbox(folder)
    if send and settings is None:
        raise ConfigError("sending needs SMTP settings (host, port, security)")
    interval = 60.0 / rate if rate else 0.0
    count = send and _counting()
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
            if not is_pending(earlier, resend_in_doubt=resend_in_doubt, retry_failed=retry_failed):
                assert earlier is not None
                report(_earlier_result(item, earlier))
                continue
            if not send:
                report(SendResult(item.name, "dry-run", item.to, item.subject, "would send"))
                continue
            if stopped:
                report(SendResult(item.name, "not-attempted", item.to, item.subject, stopped))
                continue
            assert settings is not None
            for attempt in range(max(1, retries)):
                if attempt:
                    sleep(backoff * 2 ** (attempt - 1))
                try:
                    if smtp is None:
                        smtp = connect(settings, password)
                    if interval and last_send is not None:
                        wait = last_send + interval - clock()
                        if wait > 0:
                            sleep(wait)
                    last_send = clock()
                    result = _send_one(smtp, item, log, settings, count)
                except _Temporary as exc:
                    if exc.reconnect:
                        _close(smtp)
                        smtp = None
                    result = SendResult(
                        item.name,
                        "failed",
                        item.to,
                        item.subject,
                        f"{exc.detail} (temporary; attempt {attempt + 1} of {max(1, retries)})",
                    )
                    continue
                break
            report(result)
            if result.status == "in-doubt":
                _close(smtp)  # the connection's state is unknown: start afresh
                smtp = None
            elif result.status == "failed" and "temporary" in result.detail:
                stopped = f"not sent: the server could not be reached ({result.detail}); run again"
    finally:
        _close(smtp)
    return results


def _counting() -> bool:
    from ..tally import counting_enabled

    return counting_enabled()


def _earlier_result(item: Outgoing, earlier: dict[str, Any]) -> SendResult:
    state = earlier.get("state", "sent")
    when = earlier.get("sent_at", "")
    if state == "in-flight":
        return SendResult(
            item.name,
            "in-doubt",
            item.to,
            item.subject,
            f"in doubt: its sending began {when} and no answer came; the server "
            "may have delivered it. Check the recipient's mailbox or the "
            "server's log; --resend-in-doubt sends it again",
        )
    if state == "failed":
        return SendResult(
            item.name,
            "failed",
            item.to,
            item.subject,
            f"refused for good {when}: {earlier.get('detail', '')}; --retry-failed tries again",
        )
    how = "the same file" if earlier.get("sha256") == item.sha256 else "the same Message-ID"
    return SendResult(
        item.name,
        "skipped",
        item.to,
        item.subject,
        f"already sent {when} as {earlier.get('file', '?')} ({how})",
    )


def _send_one(
    smtp: smtplib.SMTP, item: Outgoing, log: SentLog, settings: SmtpSettings, count: bool = False
) -> SendResult:
    """One SMTP transaction, recorded in flight before the DATA ends (see the module's doc).

    Raises :class:`_Temporary` for what another attempt may mend; returns the result otherwise.
    """
    import smtplib
    import socket

    server = f"{settings.host}:{settings.port}"

    def refused_for_good(detail: str, refused: Mapping[str, str] | None = None) -> SendResult:
        log.record(item, server=server, refused=refused, state="failed", detail=detail)
        return SendResult(item.name, "failed", item.to, item.subject, detail, refused or {})

    def check(code: int, reply: bytes, what: str) -> None:
        if 400 <= code < 500:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.rset()
            raise _Temporary(f"{what}: {code} {_text(reply)}", reconnect=False)
        if code == -1:
            raise _Temporary(f"{what}: the connection was lost", reconnect=True)

    phase = "before"
    try:
        smtp.ehlo_or_helo_if_needed()
        options = (
            ["SMTPUTF8"]
            if (not item.data.isascii() or not item.sender.isascii()) and smtp.has_extn("smtputf8")
            else []
        )
        code, reply = smtp.mail(item.sender, options)
        check(code, reply, "sender")
        if code != 250:
            return refused_for_good(f"sender {item.sender} refused: {code} {_text(reply)}")
        refused: dict[str, str] = {}
        temporary: dict[str, str] = {}
        for rcpt in item.recipients:
            code, reply = smtp.rcpt(rcpt)
            if code == -1:
                raise _Temporary("the connection was lost", reconnect=True)
            if 400 <= code < 500:
                temporary[rcpt] = f"{code} {_text(reply)}"
            elif code not in (250, 251):
                refused[rcpt] = f"{code} {_text(reply)}"
        if temporary:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.rset()
            raise _Temporary(
                "recipients deferred: " + "; ".join(f"{a}: {r}" for a, r in temporary.items()),
                reconnect=False,
            )
        if len(refused) == len(item.recipients):
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.rset()
            return refused_for_good("all recipients refused", refused)
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        check(code, reply, "DATA")
        if code != 354:
            return refused_for_good(f"message refused: {code} {_text(reply)}")
        body = smtplib._quote_periods(item.data)  # type: ignore[attr-defined]
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        smtp.send(body)
        # From the final "." on, the server may deliver it: record that first.
        log.record(item, server=server, refused=refused, state="in-flight")
        phase = "in-flight"
        smtp.send(b".\r\n")
        code, reply = smtp.getreply()
    except _Temporary:
        raise
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPException, OSError) as exc:
        if phase == "before":
            raise _Temporary(_describe(exc), reconnect=True) from None
        why = (
            "no answer in time"
            if isinstance(exc, (socket.timeout, TimeoutError))
            else _describe(exc)
        )
        return SendResult(
            item.name,
            "in-doubt",
            item.to,
            item.subject,
            f"in doubt: the server took the message but {why}; it is not sent "
            "again unless you add --resend-in-doubt",
        )
    if code == 250:
        log.record(item, server=server, refused=refused, state="sent")
        if count and item.message_id:
            from ..tally import record_sent

            record_sent(item.message_id, day=_dt.date.today().isoformat())
        detail = (
            "accepted"
            if not refused
            else f"accepted for {len(item.recipients) - len(refused)} of {len(item.recipients)} "
            "recipients"
        )
        return SendResult(item.name, "sent", item.to, item.subject, detail, refused)
    if code == -1:
        return SendResult(
            item.name,
            "in-doubt",
            item.to,
            item.subject,
            "in doubt: the connection closed before the server answered; it is "
            "not sent again unless you add --resend-in-doubt",
        )
    if 400 <= code < 500:
        log.record(
            item,
            server=server,
            refused=refused,
            state="failed",
            detail=f"{code} {_text(reply)}",
            permanent=False,
        )
        raise _Temporary(f"message deferred: {code} {_text(reply)}", reconnect=False)
    return refused_for_good(f"message refused: {code} {_text(reply)}")


def summarize(results: list[SendResult]) -> dict[str, int]:
    """Counts per status, plus ``refused`` (files with refused recipients)."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    counts["refused"] = sum(1 for r in results if r.refused)
    return counts
