"""Which language a letter is written in, and why (the reason is shown to the supporter)."""

from __future__ import annotations

from dataclasses import dataclass

from ..campaign import Campaign, Target
from ..errors import ChoiceError
from ..locales import normalize_code
from ..sender import Sender


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    reason: str


def choose_language(
    campaign: Campaign, target: Target, sender: Sender, requested: str | None = None
) -> LanguageChoice:
    """The letter's language and why: asked for, else the target's preferred languages that the
    campaign has a letter in, else the sender's language, else the campaign's default."""
    offered = campaign.languages
    if requested:
        code = normalize_code(requested)
        if code not in offered:
            raise ChoiceError(
                f"campaign {campaign.id!r} has no letter in {requested!r}; languages: "
                + ", ".join(offered)
            )
        return LanguageChoice(code, "asked for with --lang")
    for rank, code in enumerate(target.languages, start=1):
        if code in offered:
            where = "first" if rank == 1 else f"number {rank}"
            return LanguageChoice(
                code, f"{where} of {target.id}'s preferred languages the campaign has a letter in"
            )
    if sender.language in offered:
        return LanguageChoice(sender.language, "your profile's language")
    return LanguageChoice(campaign.default_language, "the campaign's default language")
