"""Delivery: how a letter reaches the official — channel advice, phone/fax numbers, SMTP sending.

- :mod:`.channels` — which channel (post, email, fax) to use before a deadline, and the one error
  for a target that lacks the channel a writer needs;
- :mod:`.phone` — fax and phone numbers validated and written in international form;
- :mod:`.hints` — the lines that tell a supporter how a written letter can be delivered
  (imported as ``letterkit.delivery.hints``: it reads the email writer, which reads
  :mod:`.channels`);
- :mod:`.send` — a folder of ``.eml`` files sent over SMTP, dry run by default, resumable.
"""

from __future__ import annotations

from .channels import Advice, advise_channel, missing_channel_error, party_channels
from .phone import format_international, normalize_fax, normalize_phone
from .send import SENT_LOG, SendResult, SentLog, SmtpSettings, resolve_settings, send_folder

__all__ = [
    "SENT_LOG",
    "Advice",
    "SendResult",
    "SentLog",
    "SmtpSettings",
    "advise_channel",
    "format_international",
    "missing_channel_error",
    "normalize_fax",
    "normalize_phone",
    "party_channels",
    "resolve_settings",
    "send_folder",
]
