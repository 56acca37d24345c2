"""Which targets still need their names written in a language (``[target.local.LANG]``)."""

from __future__ import annotations

from ..campaign import Campaign, Target
from ..locales import locale_info, normalize_code


def needs_local_name(campaign: Campaign, language: str) -> bool:
    """A letter in ``language`` needs the targets' names in it when its script differs from the
    campaign's default language (an Urdu letter cannot address "Anwaar-ul-Haq Kakar" in Latin
    letters; a German one can)."""
    code = normalize_code(language)
    return locale_info(code).script != locale_info(campaign.default_language).script


def targets_without_local_name(campaign: Campaign, language: str) -> list[Target]:
    """Targets with no ``name`` in ``[target.local.LANG]`` (whether or not one is needed)."""
    code = normalize_code(language)
    if code == campaign.default_language:
        return []
    return [t for t in campaign.targets if not t.local.get(code, {}).get("name")]


def local_name_problems(campaign: Campaign) -> list[str]:
    """For ``letterkit check``: one line per letter language whose script needs local names
    that some targets lack."""
    problems: list[str] = []
    for language in campaign.languages:
        if not needs_local_name(campaign, language):
            continue
        lacking = targets_without_local_name(campaign, language)
        if lacking:
            problems.append(
                f"{campaign.path / 'targets.toml'}: no [target.local.{language}] name for "
                + ", ".join(t.id for t in lacking)
                + f" (the {language} letter would address them in another script; "
                "see `letterkit locale status`)"
            )
    return problems
