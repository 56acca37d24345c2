"""What the supporter is told about delivering a letter: its channels and the advised one.

The CLI prints these lines after ``write`` and in ``show``; the coming web app shows the same
ones. Nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from ..locales import _
from .channels import Advice, HasChannels, advise_channel

# Mail clients and browsers cut mailto: links near 2 000 characters (Outlook, Gmail's handler):
# a longer link opens a message with the letter cut short, so it is not offered.
MAILTO_MAX_LENGTH = 2000

if TYPE_CHECKING:
    from ..model import Letter


def delivery_lines(letter: Letter) -> list[str]:
    """How this letter can reach the official, channel by channel (email, fax, post, phone)."""
    recipient = letter.recipient
    lines: list[str] = []
    if recipient.email:
        lines.append(_("email: {address}").format(address=recipient.email))
        from ..writers.email import mailto_link

        link = mailto_link(letter)
        if len(link) <= MAILTO_MAX_LENGTH:
            lines.append(f"       {link}")
        else:  # the address and subject only: paste the letter's text into the message
            lines.append(f"       {mailto_link(letter, with_body=False)}")
            lines.append(
                "       "
                + _(
                    "(the letter is too long for a link: paste its text into "
                    "the message, or write it with --format eml)"
                )
            )
    if recipient.fax:
        lines.append(_("fax:   {number}").format(number=recipient.fax))
    if recipient.address is not None and not recipient.address.is_empty:
        lines.append(_("post:  {address}").format(address=" / ".join(recipient.lines)))
    if recipient.phone:
        lines.append(_("phone: {number}").format(number=recipient.phone))
    return lines


def advice_text(advice: Advice, *, with_warning: bool = True) -> str:
    """``"email: <reason>"``, or the reason alone when no channel is advised; the warning after."""
    text = f"{advice.channel}: {advice.reason}" if advice.channel else advice.reason
    if with_warning and advice.warning:
        text += f" ({advice.warning})"
    return text


def channel_advice(target: HasChannels, deadline: _dt.date | None, today: _dt.date) -> str:
    """The advice for one target as one line, warning included ("" when there is none)."""
    return advice_text(advise_channel(target, deadline, today))
