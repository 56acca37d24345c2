"""Which channel to use for a target: post, email or fax, from the deadline and what it has.

A letter by post to a ministry abroad takes days to arrive and more to reach the desk, so post
is advised only while a week or more remains; closer to the deadline a fast channel (email, then
fax) is advised, and after the deadline nothing is advised without a warning. The CLI prints the
:class:`Advice` in ``show`` and ``write``; this module never prints.

Also here: :func:`party_channels` and :func:`missing_channel_error`, so that every writer that
needs an email address or a fax number says the same thing when a target lacks it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import DeliveryError
from ..locales import _

if TYPE_CHECKING:
    from ..model import Party

POST_MIN_DAYS = 7  # a week or more left: post still arrives in time
FAST_CHANNELS = ("email", "fax")  # in order of preference: free and instant first


class HasChannels(Protocol):
    """A campaign target (:class:`letterkit.campaign.Target`) or anything like it."""

    @property
    def id(self) -> str: ...

    def channels(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class Advice:
    """The advised channel (``""`` when none can be advised), why, and a warning if any.

    ``usable`` lists every channel the target has that could still work, best first, so a
    caller can offer alternatives.
    """

    channel: str
    reason: str
    warning: str = ""
    usable: tuple[str, ...] = ()


def advise_channel(
    target: HasChannels, deadline: _dt.date | None, today: _dt.date | None = None
) -> Advice:
    """Advise a channel for ``target``.

    * no deadline, or a week or more left: post if the target has an address, else email, fax;
    * less than a week left (the deadline day included): email, else fax; never post;
    * the deadline has passed: the fast channel still, with a warning to check with the
      organisers first.
    """
    today = today or _dt.date.today()
    have = target.channels()
    fast = tuple(c for c in FAST_CHANNELS if c in have)
    if not have:
        return Advice(
            "",
            _("{target} has no contact details in the campaign").format(target=target.id),
            _("ask the organisers how to reach this official"),
        )
    if deadline is None:
        usable = (("post",) if "post" in have else ()) + fast
        if not usable:
            return _no_written_channel(target, have)
        return Advice(usable[0], _("no deadline: any channel will do"), usable=usable)
    days = (deadline - today).days
    if days >= POST_MIN_DAYS:
        usable = (("post",) if "post" in have else ()) + fast
        if not usable:
            return _no_written_channel(target, have)
        if usable[0] == "post":
            reason = _("{days} days left: a letter by post arrives in time").format(days=days)
        else:
            reason = _("{days} days left; {target} has no postal address").format(
                days=days, target=target.id
            )
        return Advice(usable[0], reason, usable=usable)
    if days >= 0:
        if not fast:
            warning = _("a letter by post would arrive after the deadline")
            if "phone" in have:
                return Advice(
                    "phone",
                    _("less than a week left and no email or fax: call"),
                    warning,
                    usable=("phone",),
                )
            return Advice(
                "",
                _("less than a week left and no email or fax for {target}").format(
                    target=target.id
                ),
                warning,
            )
        if days == 0:
            reason = _("the deadline is today: only {channel} arrives in time")
        else:
            reason = _("{days} days left: too late for post, {channel} arrives today")
        return Advice(fast[0], reason.format(days=days, channel=fast[0]), usable=fast)
    warning = _(
        "the deadline passed {days} days ago: check with the organisers whether "
        "letters are still useful"
    ).format(days=-days)
    if not fast:
        usable = ("post",) if "post" in have else ()
        channel = usable[0] if usable else ""
        return Advice(channel, _("the deadline has passed"), warning, usable=usable)
    return Advice(
        fast[0],
        _("the deadline has passed; if you still write, {channel} is fastest").format(
            channel=fast[0]
        ),
        warning,
        usable=fast,
    )


def _no_written_channel(target: HasChannels, have: dict[str, str]) -> Advice:
    if "phone" in have:
        return Advice(
            "phone",
            _("{target} can only be reached by phone").format(target=target.id),
            usable=("phone",),
        )
    return Advice(
        "",
        _("{target} has no postal address, email or fax").format(target=target.id),
        _("ask the organisers how to reach this official"),
    )


def party_channels(party: Party) -> list[str]:
    """The channels a letter's recipient has: ``post``, ``email``, ``fax``, ``phone``."""
    found = []
    if party.address is not None and not party.address.is_empty:
        found.append("post")
    for name in ("email", "fax", "phone"):
        if getattr(party, name, "").strip():
            found.append(name)
    return found


def missing_channel_error(party: Party, channel: str, who: str = "") -> DeliveryError:
    """``"H.E. X (pm) has no fax number; its channels: post"`` as a :class:`DeliveryError`."""
    what = {"email": _("email address"), "fax": _("fax number")}.get(channel, channel)
    others = ", ".join(party_channels(party)) or _("none")
    name = " ".join(party.name.split()) or _("the recipient")  # one line, whatever the data
    label = f"{name} ({who})" if who else name
    return DeliveryError(
        _("{who} has no {what}; its channels: {others}").format(who=label, what=what, others=others)
    )
