"""`letterkit.delivery.send` against a real SMTP server (aiosmtpd) on 127.0.0.1.

The server stores every envelope; tests compare what it received with the files on disk, parsed
as a mail client would, and check that re-runs send nothing and interrupted runs resume with
exactly the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from letterkit.delivery.send import SENT_LOG, SentLog, resolve_settings, send_folder
from letterkit.errors import ConfigError, DeliveryError
from letterkit.writers.email import render_eml

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

WHEN = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class Handler:
    """Stores envelopes; can reject a message (DATA) or a recipient (RCPT) on demand."""

    received: list[Received] = field(default_factory=list)
    reject_data_for: set[str] = field(default_factory=set)  # recipient → 554 at DATA
    refuse_rcpt: set[str] = field(default_factory=set)  # recipient → 550 at RCPT
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & self.reject_data_for:
            return "554 5.6.0 rejected for the test"
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 2.0.0 accepted"


@pytest.fixture
def server():
    handler = Handler()
    port = free_port()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, resolve_settings(host="127.0.0.1", port=port, security="plain", env={})
    finally:
        controller.stop()


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


TARGETS = [  # fictional offices: example domains only
    ("a-office", "en", "office.a@example.gov"),
    ("b-office", "ur", "office.b@example.gov"),
    ("c-office", "en", "office.c@example.gov"),
    ("d-office", "ur", "office.d@example.gov"),
    ("e-office", "en", "office.e@example.gov"),
]


@pytest.fixture
def outbox(tmp_path, make_letter) -> Path:
    folder = tmp_path / "outbox"
    folder.mkdir()
    for index, (target, language, email) in enumerate(TARGETS):
        letter = make_letter(language)
        letter = replace(
            letter,
            recipient=replace(letter.recipient, email=email),
            meta=replace(letter.meta, target_id=target),
        )
        data = render_eml(
            letter, date=WHEN, html=index % 2 == 1, attach_pdf=PDF if index in (1, 4) else None
        )
        (folder / f"{index + 1:02d}-{target}-{language}.eml").write_bytes(data)
    return folder


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml"))


def log_lines(folder: Path, state: str = "sent") -> list[dict]:
    """The send log's lines in ``state`` (by default: the messages recorded as sent)."""
    path = folder / SENT_LOG
    if not path.exists():
        return []
    entries = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [e for e in entries if e.get("state", "sent") == state]


def assert_intact(received: Received, path: Path) -> None:
    """What the server got is the file: same bytes, and the same message to a mail client."""
    original = path.read_bytes()
    assert received.content.rstrip(b"\r\n") == original.rstrip(b"\r\n")
    got, want = parse(received.content), parse(original)
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Content-Language"):
        assert str(got[header]) == str(want[header]), header
    assert received.mail_from == "amina@example.org"
    assert received.rcpt_tos == [want["To"].addresses[0].addr_spec]
    plain_got, plain_want = got.get_body(("plain",)), want.get_body(("plain",))
    assert plain_got.get_content() == plain_want.get_content()
    assert "Amina Rahimi" in plain_got.get_content() or "آمنہ رحیمی" in plain_got.get_content()
    att_got = [p.get_content() for p in got.iter_attachments()]
    att_want = [p.get_content() for p in want.iter_attachments()]
    assert att_got == att_want


def test_dry_run_sends_nothing(server, outbox):
    handler, settings = server
    results = send_folder(outbox, settings)  # send=False is the default
    assert [r.status for r in results] == ["dry-run"] * 5
    assert [r.file for r in results] == [p.name for p in files(outbox)]
    assert results[1].subject == "افغان پناہ گزینوں کی ملک بدری روکیں"
    assert "office.b@example.gov" in results[1].to
    assert handler.received == [] and log_lines(outbox) == []
    # no server needed at all for a dry run
    assert [r.status for r in send_folder(outbox)] == ["dry-run"] * 5


def test_sends_every_message_intact_and_never_twice(server, outbox):
    handler, settings = server
    seen = []
    results = send_folder(outbox, settings, send=True, progress=seen.append)
    assert [r.status for r in results] == ["sent"] * 5 and all(r.ok for r in results)
    assert seen == results
    assert len(handler.received) == 5
    for received, path in zip(handler.received, files(outbox), strict=True):
        assert_intact(received, path)
    urdu = parse(handler.received[1].content)
    assert urdu["Subject"] == "افغان پناہ گزینوں کی ملک بدری روکیں"
    assert [p.get_content() for p in urdu.iter_attachments()] == [PDF]
    log = log_lines(outbox)
    assert [entry["file"] for entry in log] == [p.name for p in files(outbox)]
    import hashlib

    assert [entry["sha256"] for entry in log] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in files(outbox)
    ]
    assert all(
        entry["message_id"] == str(parse(p.read_bytes())["Message-ID"])
        for entry, p in zip(log, files(outbox), strict=True)
    )

    again = send_folder(outbox, settings, send=True)
    assert [r.status for r in again] == ["skipped"] * 5
    assert "already sent" in again[0].detail
    assert len(handler.received) == 5 and len(log_lines(outbox)) == 5


def test_regenerated_file_with_same_message_id_is_not_sent_again(server, outbox, make_letter):
    handler, settings = server
    send_folder(outbox, settings, send=True)
    first = files(outbox)[0]
    # the same letter written again later: new Date, new MIME boundary, same Message-ID
    letter = make_letter("en")
    letter = replace(
        letter,
        recipient=replace(letter.recipient, email="office.a@example.gov"),
        meta=replace(letter.meta, target_id="a-office"),
    )
    data = render_eml(letter, date=WHEN + dt.timedelta(days=1))
    assert data != first.read_bytes()
    (outbox / "06-copy.eml").write_bytes(data)
    results = send_folder(outbox, settings, send=True)
    assert results[-1].status == "skipped" and "same Message-ID" in results[-1].detail
    assert len(handler.received) == 5


def test_a_permanent_refusal_is_reported_and_not_retried_unless_asked(server, outbox):
    handler, settings = server
    handler.reject_data_for = {"office.c@example.gov"}
    results = send_folder(outbox, settings, send=True)
    assert [r.status for r in results] == ["sent", "sent", "failed", "sent", "sent"]
    assert "554" in results[2].detail and not results[2].ok
    assert len(handler.received) == 4
    assert "03-c-office-en.eml" not in [e["file"] for e in log_lines(outbox)]
    assert [e["file"] for e in log_lines(outbox, "failed")] == ["03-c-office-en.eml"]

    handler.reject_data_for = set()
    results = send_folder(outbox, settings, send=True)  # 5xx: refused for good, not retried
    assert [r.status for r in results] == ["skipped", "skipped", "failed", "skipped", "skipped"]
    assert "--retry-failed" in results[2].detail and len(handler.received) == 4
    results = send_folder(outbox, settings, send=True, retry_failed=True)
    assert [r.status for r in results] == ["skipped", "skipped", "sent", "skipped", "skipped"]
    assert len(handler.received) == 5
    assert_intact(handler.received[-1], files(outbox)[2])
    assert sorted(
        parse(r.content)["To"].addresses[0].addr_spec for r in handler.received
    ) == sorted(t[2] for t in TARGETS)  # each exactly once


def test_interrupted_rate_limited_run_resumes_with_exactly_the_rest(server, outbox):
    handler, settings = server
    now = [1000.0]
    waits: list[float] = []

    def clock() -> float:
        return now[0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt  # the user presses Ctrl-C while waiting for the third
        now[0] += seconds

    with pytest.raises(KeyboardInterrupt):
        send_folder(outbox, settings, send=True, rate=2, sleep=sleep, clock=clock)
    assert waits == [30.0, 30.0]  # 2 per minute: 30 s between messages
    assert len(handler.received) == 2 and len(log_lines(outbox)) == 2

    results = send_folder(outbox, settings, send=True)
    assert [r.status for r in results] == ["skipped", "skipped", "sent", "sent", "sent"]
    assert len(handler.received) == 5
    for received, path in zip(handler.received, files(outbox), strict=True):
        assert_intact(received, path)


def test_rate_limit_spaces_real_sends(server, outbox):
    handler, settings = server
    start = time.monotonic()
    send_folder(outbox, settings, send=True, rate=1200)  # 50 ms apart
    assert time.monotonic() - start >= 4 * 0.05 - 0.01
    assert len(handler.received) == 5


def test_refused_recipients_are_reported_per_file(server, tmp_path):
    handler, settings = server
    handler.refuse_rcpt = {"gone@example.gov"}
    folder = tmp_path / "box"
    folder.mkdir()
    for name, to in (
        ("1-two.eml", "office.a@example.gov, gone@example.gov"),
        ("2-gone.eml", "gone@example.gov"),
    ):
        msg = EmailMessage(policy=policy.SMTP)
        msg["From"] = "amina@example.org"
        msg["To"] = to
        msg["Subject"] = name
        msg["Message-ID"] = f"<{name}@example.org>"
        msg.set_content("Hello")
        (folder / name).write_bytes(msg.as_bytes())
    results = send_folder(folder, settings, send=True)
    two, gone = results
    assert two.status == "sent" and not two.ok
    assert list(two.refused) == ["gone@example.gov"] and "550" in two.refused["gone@example.gov"]
    assert gone.status == "failed" and "550" in gone.refused["gone@example.gov"]
    assert len(handler.received) == 1 and handler.received[0].rcpt_tos == ["office.a@example.gov"]
    assert [e["file"] for e in log_lines(folder)] == ["1-two.eml"]
    assert log_lines(folder)[0]["refused"] == {"gone@example.gov": two.refused["gone@example.gov"]}


def test_bcc_goes_in_the_envelope_only(server, tmp_path):
    handler, settings = server
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = "amina@example.org"
    msg["To"] = "office.a@example.gov"
    msg["Bcc"] = "organiser@example.org"
    msg["Subject"] = "copy"
    msg.set_content("Hello")
    (tmp_path / "m.eml").write_bytes(msg.as_bytes())
    send_folder(tmp_path, settings, send=True)
    (got,) = handler.received
    assert got.rcpt_tos == ["office.a@example.gov", "organiser@example.org"]
    assert parse(got.content)["Bcc"] is None and b"organiser" not in got.content


def test_log_cut_short_by_a_crash_is_tolerated_but_garbage_is_not(server, outbox):
    _handler, settings = server
    send_folder(outbox, settings, send=True)
    log = outbox / SENT_LOG
    lines = log.read_text("utf-8").splitlines(keepends=True)
    assert len(lines) == 10  # each message: in flight, then sent
    # killed while writing the fifth's "in flight" line: its DATA never ended, so the server
    # never had it: it is sent again, and the log repaired
    log.write_text("".join(lines[:8]) + lines[8][:25], "utf-8")
    results = send_folder(outbox, settings, send=True)
    assert [r.status for r in results] == ["skipped"] * 4 + ["sent"]
    assert len(SentLog(log).entries) == 10
    assert [e["file"] for e in log_lines(outbox)] == [p.name for p in files(outbox)]
    log.write_text("{not json}\n" + log.read_text("utf-8"), "utf-8")
    with pytest.raises(DeliveryError, match=rf"{SENT_LOG}:1: unreadable line"):
        send_folder(outbox, settings, send=True)


def test_unreachable_server_is_a_clear_error(outbox):
    settings = resolve_settings(host="127.0.0.1", port=free_port(), security="plain", env={})
    with pytest.raises(DeliveryError, match=r"cannot connect to SMTP server 127\.0\.0\.1:\d+"):
        send_folder(outbox, settings, send=True)
    assert log_lines(outbox) == []


def test_settings_from_options_and_environment():
    env = {"LETTERKIT_SMTP_HOST": "smtp.example.org", "LETTERKIT_SMTP_USER": "amina"}
    s = resolve_settings(env=env)
    assert (s.host, s.port, s.security, s.user) == ("smtp.example.org", 587, "starttls", "amina")
    s = resolve_settings(env={**env, "LETTERKIT_SMTP_PORT": "465"})
    assert (s.port, s.security) == (465, "ssl")
    s = resolve_settings(host="mail.example.net", port=2525, user="", env=env)
    assert (s.host, s.port, s.security, s.user) == ("mail.example.net", 2525, "starttls", "")
    assert resolve_settings(security="plain", env=env).port == 25
    with pytest.raises(ConfigError, match="LETTERKIT_SMTP_HOST"):
        resolve_settings(env={})
    with pytest.raises(ConfigError, match="LETTERKIT_SMTP_PORT"):
        resolve_settings(env={**env, "LETTERKIT_SMTP_PORT": "five"})


def test_password_is_never_sent_in_clear_to_another_machine(outbox):
    settings = resolve_settings(host="smtp.example.org", security="plain", user="amina", env={})
    with pytest.raises(DeliveryError, match="unencrypted"):
        send_folder(outbox, settings, send=True, password="s3cret-pass")


# ------------------------------------------------------------------------------ TLS and AUTH


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl CLI not available")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            logins.append((auth_data.login, auth_data.password))
            ok = auth_data.login == b"amina" and auth_data.password == b"s3cret-pass"
            return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535
        return AuthResult(success=False)

    handler = Handler()
    port = free_port()
    controller = aiosmtpd_controller.Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield handler, port, cert, logins
    finally:
        controller.stop()


def test_starttls_and_login(tls_server, outbox):
    handler, port, cert, logins = tls_server
    settings = resolve_settings(host="127.0.0.1", port=port, user="amina", cafile=str(cert), env={})
    assert settings.security == "starttls"
    results = send_folder(outbox, settings, send=True, password="s3cret-pass")
    assert [r.status for r in results] == ["sent"] * 5
    assert logins == [(b"amina", b"s3cret-pass")]  # one connection, one login
    for received, path in zip(handler.received, files(outbox), strict=True):
        assert_intact(received, path)
    text = (outbox / SENT_LOG).read_text("utf-8")
    assert "s3cret-pass" not in text and "s3cret-pass" not in repr(results)


def test_tls_certificate_is_checked_and_wrong_password_refused(tls_server, outbox):
    handler, port, cert, _logins = tls_server
    untrusted = resolve_settings(host="127.0.0.1", port=port, user="amina", env={})
    with pytest.raises(DeliveryError, match="TLS failed.*--cafile"):
        send_folder(outbox, untrusted, send=True, password="s3cret-pass")
    trusted = replace(untrusted, cafile=str(cert))
    with pytest.raises(DeliveryError, match="login as 'amina' refused") as info:
        send_folder(outbox, trusted, send=True, password="wrong")
    assert "wrong" not in str(info.value)
    assert handler.received == [] and log_lines(outbox) == []
