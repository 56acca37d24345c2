"""``letterkit locale check --campaign``: every campaign letter against the source letter, plus
what only the whole campaign can tell (glossary, targets' local names, the rendered fit)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from ..campaign import Campaign, check_inside, load_campaign
from ..errors import CampaignError, TemplateError
from ..locales import normalize_code
from .check_letter import check_letter
from .findings import Finding, Severity
from .letterfile import LetterFile, read_letter
from .targets import needs_local_name, targets_without_local_name

GLOSSARY_FILE = "glossary.toml"


def load_glossary(folder: Path) -> dict[str, dict[str, str]]:
    """``glossary.toml``: ``[terms.<id>]`` tables of ``language = "form"`` (empty: no file)."""
    file = folder / GLOSSARY_FILE
    if not file.is_file():
        return {}
    check_inside(file, folder)  # a symlink out of the campaign folder is refused
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CampaignError(f"{file}: not valid TOML: {exc}") from None
    terms = raw.get("terms", {})
    if not isinstance(terms, dict):
        raise CampaignError(f"{file}: [terms.<id>] tables expected")
    glossary: dict[str, dict[str, str]] = {}
    for term, forms in terms.items():
        if not isinstance(forms, dict) or not all(isinstance(v, str) for v in forms.values()):
            raise CampaignError(f'{file}: terms.{term} must be a table of language = "text"')
        glossary[term] = {normalize_code(k): v for k, v in forms.items()}
    return glossary


def stale_paragraphs(letter: LetterFile, source: LetterFile) -> list[int]:
    """Indexes of the source's paragraphs changed since ``locale add`` recorded them."""
    recorded = letter.recorded_fingerprints
    if recorded is None:
        return []
    now = [u.fingerprint for u in source.units]
    return [
        i
        for i in range(max(len(now), len(recorded)))
        if i >= len(recorded) or i >= len(now) or recorded[i] != now[i]
    ]


def check_campaign_language(
    campaign: Campaign, language: str, *, fit: bool = True
) -> list[Finding]:
    code = normalize_code(language)
    source_code = campaign.default_language
    source = read_letter(campaign.letters[source_code])
    path = campaign.letters[code]
    try:
        letter = read_letter(path)
    except TemplateError as exc:  # the front matter: its message names file and line
        line = re.search(r":(\d+):", str(exc))
        return [
            Finding(
                "error",
                "structure",
                path,
                int(line.group(1)) if line else 1,
                str(exc).split(": ", 1)[-1],
            )
        ]
    findings = check_letter(
        letter, code, source, glossary=load_glossary(campaign.path), source_language=source_code
    )
    for index in stale_paragraphs(letter, source):
        unit = letter.units[index] if index < len(letter.units) else None
        was = source.units[index].line if index < len(source.units) else None
        findings.append(
            Finding(
                "warning",
                "stale",
                path,
                unit.line if unit else None,
                f"the source paragraph {index + 1} (line {was}) changed since "
                "this translation was made; update it, then the fingerprints",
            )
        )
    lacking = targets_without_local_name(campaign, code)
    if lacking:
        severity: Severity = "error" if needs_local_name(campaign, code) else "warning"
        findings.append(
            Finding(
                severity,
                "local-names",
                campaign.path / "targets.toml",
                None,
                f"no [target.local.{code}] name for " + ", ".join(t.id for t in lacking),
            )
        )
    if fit and not any(f.severity == "error" and f.check in ("jinja", "fonts") for f in findings):
        findings += check_fit(campaign, code)
    silenced = {name for unit in letter.units for name in unit.ignored}
    return [
        f
        for f in findings
        if not (f.severity == "warning" and f.line is None and f.check in silenced)
    ]


def check_fit(campaign: Campaign, language: str) -> list[Finding]:
    """Compose the letter for a sample sender and each target and lay it out with the real
    fonts: no more pages than the source language's letter, the signature on the page of the
    last paragraph."""
    from ..checks import sample_sender
    from ..compose import compose_letter
    from ..errors import LetterkitError
    from ..pages.composer import Composer
    from ..pdf.letter import PdfOptions, resolve_geometry

    findings: list[Finding] = []
    path = campaign.letters[language]
    for target in campaign.targets:
        counts: dict[str, int] = {}
        for code in (campaign.default_language, language):
            try:
                letter = compose_letter(campaign, target, sample_sender(), language=code)
            except LetterkitError as exc:
                findings.append(Finding("error", "fit", path, None, str(exc)))
                return findings
            layout, paper = resolve_geometry(letter, PdfOptions())
            plan = Composer(letter, layout, paper, fax=False).plan()
            counts[code] = len(plan.pages)
            if code == language:
                last, signed = _pages_of_end(plan.pages, letter.plain_blocks(), letter.signature)
                if last is not None and signed is not None and last != signed:
                    findings.append(
                        Finding(
                            "error",
                            "fit",
                            path,
                            None,
                            f"for {target.id}: the last paragraph is on page {last + 1} but the "
                            f"signature on page {signed + 1}",
                        )
                    )
        if counts[language] > counts[campaign.default_language]:
            findings.append(
                Finding(
                    "warning",
                    "fit",
                    path,
                    None,
                    f"for {target.id}: {counts[language]} pages, the "
                    f"{campaign.default_language} letter has {counts[campaign.default_language]}",
                )
            )
    return findings


def _pages_of_end(
    pages: Sequence[Sequence[object]], blocks: list[str], signature: tuple[str, ...]
) -> tuple[int | None, int | None]:
    def fold(text: str) -> str:
        return "".join(text.split())

    last_text = fold(blocks[-1]) if blocks else ""
    name = fold(signature[0]) if signature else ""
    last_page = signed_page = None
    for number, page in enumerate(pages):
        for placed in page:
            lines = getattr(getattr(placed, "block", None), "lines", [])
            text = fold("".join(getattr(line, "text", "") for line in lines))
            if not text:
                continue
            if last_text and len(text) >= 8 and text in last_text:
                last_page = number
            if name and text == name:
                signed_page = number
    return last_page, signed_page


def check_campaign_translations(
    ref: str | Path, language: str | None = None, *, fit: bool = True
) -> list[Finding]:
    """All translations of a campaign (or one language), against its default language."""
    campaign = load_campaign(ref)
    codes = (
        [normalize_code(language)]
        if language
        else [c for c in campaign.letters if c != campaign.default_language]
    )
    findings: list[Finding] = []
    for code in codes:
        if code not in campaign.letters:
            raise CampaignError(
                f"{campaign.path / 'letters'}: no {code}.md.j2; add one with "
                f"`letterkit locale add {code} --campaign {campaign.path}`"
            )
        findings += check_campaign_language(campaign, code, fit=fit)
    return findings
