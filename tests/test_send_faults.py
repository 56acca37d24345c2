"""Exactly-once sending under faults, against a real SMTP server (aiosmtpd) on 127.0.0.1.

A server that answers 4xx, 5xx, drops the connection in the middle of DATA, or takes the message
and answers too late; the send log's promise: nothing lost, nothing sent twice, and a message
whose fate SMTP cannot tell is "in doubt", never silently sent again.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

import pytest

from letterkit.delivery.send import SENT_LOG, resolve_settings, send_folder
from test_send import Received, files, free_port, outbox  # noqa: F401  (fixture)

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")


@dataclass
class FaultyHandler:
    """``plan``: per recipient, the replies to give at DATA's end, one per attempt."""

    plan: dict[str, list[str]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    delay: float = 0.0  # seconds before answering 250 (a server slower than the client)
    drop_mid_data: set[str] = field(default_factory=set)  # recipients: drop once, mid-DATA
    close_before_reply: set[str] = field(default_factory=set)  # take it, then hang up once

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        rcpt = envelope.rcpt_tos[0]
        replies = self.plan.get(rcpt)
        if replies:
            reply = replies.pop(0)
            if not reply.startswith("250"):
                return reply
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        )
        if self.delay:
            await asyncio.sleep(self.delay)
        if rcpt in self.close_before_reply:
            self.close_before_reply.discard(rcpt)
            server.transport.close()  # the message is taken, the answer never comes
        return "250 2.0.0 accepted"


def start(handler: FaultyHandler, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    port = free_port()
    controller = aiosmtpd_controller.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = resolve_settings(host="127.0.0.1", port=port, security="plain", env={})
    from dataclasses import replace

    return controller, replace(settings, timeout=timeout)


def states(folder) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each file's newest state in the send log."""
    out: dict[str, str] = {}
    for line in (folder / SENT_LOG).read_text("utf-8").splitlines():
        entry = json.loads(line)
        out[entry["file"]] = entry["state"]
    return out


def no_sleep(seconds: float) -> None:
    pass


def test_a_temporary_refusal_is_retried_with_back_off(outbox):  # noqa: F811
    handler = FaultyHandler(plan={"office.b@example.gov": ["451 4.3.0 try again later"]})
    controller, settings = start(handler)
    waits: list[float] = []
    try:
        results = send_folder(outbox, settings, send=True, sleep=waits.append, backoff=2.0)
    finally:
        controller.stop()
    assert [r.status for r in results] == ["sent"] * 5
    assert waits == [2.0]  # one back-off before the second attempt
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(
        f"office.{c}@example.gov" for c in "abcde"
    )  # each once


def test_a_permanent_refusal_is_not_retried(outbox):  # noqa: F811
    handler = FaultyHandler(plan={"office.c@example.gov": ["550 5.7.1 not accepted"] * 5})
    controller, settings = start(handler)
    try:
        first = send_folder(outbox, settings, send=True, sleep=no_sleep)
        again = send_folder(outbox, settings, send=True, sleep=no_sleep)
    finally:
        controller.stop()
    assert [r.status for r in first].count("failed") == 1
    assert handler.plan["office.c@example.gov"] == ["550 5.7.1 not accepted"] * 4  # asked once
    assert [r.status for r in again] == ["skipped", "skipped", "failed", "skipped", "skipped"]
    assert states(outbox)["03-c-office-en.eml"] == "failed"


def test_a_connection_dropped_mid_data_is_retried_and_delivered_once(outbox):  # noqa: F811
    handler = FaultyHandler()
    controller, settings = start(handler)
    dropped: list[str] = []

    # drop the connection in the middle of the message's text, once, from the client side:
    # the server sees DATA begin and never end, so it delivers nothing
    import smtplib

    original = smtplib.SMTP.send

    def send(self, data):  # type: ignore[no-untyped-def]
        if isinstance(data, bytes) and b"office.d@example.gov" in data and not dropped:
            dropped.append("d")
            original(self, data[: len(data) // 2])
            self.sock.close()
            raise smtplib.SMTPServerDisconnected("connection dropped mid-DATA")
        return original(self, data)

    smtplib.SMTP.send = send  # type: ignore[method-assign]
    try:
        results = send_folder(outbox, settings, send=True, sleep=no_sleep)
    finally:
        smtplib.SMTP.send = original  # type: ignore[method-assign]
        controller.stop()
    assert dropped == ["d"]
    assert [r.status for r in results] == ["sent"] * 5
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted(
        f"office.{c}@example.gov" for c in "abcde"
    )


def test_a_reply_after_the_timeout_leaves_the_message_in_doubt(outbox):  # noqa: F811
    handler = FaultyHandler(delay=2.0)
    controller, settings = start(handler, timeout=1.0)
    try:
        first = send_folder(outbox, settings, send=True, sleep=no_sleep)
        assert first[0].status == "in-doubt" and "--resend-in-doubt" in first[0].detail
        received_after_first = len(handler.received)
        handler.delay = 0.0
        second = send_folder(outbox, settings, send=True, sleep=no_sleep)
        # what is in doubt is not sent again; the rest (never tried or sent) go as usual
        assert [
            r.status for r in second if r.file in {x.file for x in first if x.status == "in-doubt"}
        ] == ["in-doubt"] * sum(x.status == "in-doubt" for x in first)
        doubtful = [x.file for x in first if x.status == "in-doubt"]
        third = send_folder(outbox, settings, send=True, sleep=no_sleep, resend_in_doubt=True)
    finally:
        controller.stop()
    assert received_after_first >= 1  # the server did take it: a resend would duplicate it
    assert all(r.status in ("sent", "skipped") for r in third)
    assert {r.file for r in third if r.status == "sent"} == set(doubtful)
    # every message reached the server; each in-doubt one exactly twice only because asked
    per_rcpt: dict[str, int] = {}
    for r in handler.received:
        per_rcpt[r.rcpt_tos[0]] = per_rcpt.get(r.rcpt_tos[0], 0) + 1
    assert set(per_rcpt) == {f"office.{c}@example.gov" for c in "abcde"}
    assert sum(per_rcpt.values()) == 5 + len(doubtful)


def test_a_server_that_hangs_up_before_answering_leaves_the_message_in_doubt(outbox):  # noqa: F811
    handler = FaultyHandler(close_before_reply={"office.b@example.gov"})
    controller, settings = start(handler)
    try:
        first = send_folder(outbox, settings, send=True, sleep=no_sleep)
        again = send_folder(outbox, settings, send=True, sleep=no_sleep)
        received_before_asked = [r.rcpt_tos[0] for r in handler.received]
        asked = send_folder(outbox, settings, send=True, sleep=no_sleep, resend_in_doubt=True)
    finally:
        controller.stop()
    assert [r.status for r in first] == ["sent", "in-doubt", "sent", "sent", "sent"]
    assert "--resend-in-doubt" in first[1].detail
    assert [r.status for r in again] == ["skipped", "in-doubt", "skipped", "skipped", "skipped"]
    # the server did have it: resending on its own would have delivered it twice
    assert received_before_asked.count("office.b@example.gov") == 1
    assert len(received_before_asked) == 5
    assert [r.status for r in asked] == ["skipped", "sent", "skipped", "skipped", "skipped"]
    assert [r.rcpt_tos[0] for r in handler.received].count("office.b@example.gov") == 2
    assert states(outbox)["02-b-office-ur.eml"] == "sent"


def test_a_refusal_still_temporary_after_the_last_attempt_is_tried_on_the_next_run(outbox):  # noqa: F811
    handler = FaultyHandler(plan={"office.e@example.gov": ["451 4.3.0 try again later"] * 3})
    controller, settings = start(handler)
    waits: list[float] = []
    try:
        first = send_folder(outbox, settings, send=True, sleep=waits.append, backoff=2.0)
        assert handler.plan["office.e@example.gov"] == []  # every attempt of this run used
        second = send_folder(outbox, settings, send=True, sleep=no_sleep)
    finally:
        controller.stop()
    assert [r.status for r in first][:4] == ["sent"] * 4 and first[4].status != "sent"
    assert waits == [2.0, 4.0]  # bounded: 3 attempts, back-off doubling
    assert [r.status for r in second] == ["skipped"] * 4 + ["sent"]
    assert [r.rcpt_tos[0] for r in handler.received].count("office.e@example.gov") == 1
