"""``letterkit locale status``: how far each language is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..campaign import load_campaign
from ..locales import LOCALES, catalog_path, catalog_report
from .check_campaign import stale_paragraphs
from .check_letter import check_letter
from .letterfile import read_letter
from .targets import targets_without_local_name


@dataclass
class LanguageStatus:
    code: str
    name: str
    review: str
    catalog: bool = False
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    letter: str | None = None  # the campaign's letter file, None: none yet
    stale: list[int] = field(default_factory=list)  # source paragraphs (1-based) changed since
    untranslated: list[int] = field(default_factory=list)  # lines of paragraphs still as source
    # one_of passages with fewer alternatives than the source's (current, but noted)
    fewer_variants: list[str] = field(default_factory=list)
    targets_without_name: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def locale_status(campaign_ref: str | Path | None = None) -> list[LanguageStatus]:
    campaign = load_campaign(campaign_ref) if campaign_ref is not None else None
    source = (
        read_letter(campaign.letters[campaign.default_language]) if campaign is not None else None
    )
    rows: list[LanguageStatus] = []
    for code, info in LOCALES.items():
        row = LanguageStatus(code, info.english_name, info.review)
        if catalog_path(code).is_file():
            report = catalog_report(code)
            row.catalog = True
            row.translated = report.translated
            row.fuzzy = len(report.fuzzy)
            row.missing = len(report.untranslated)
        if campaign is not None and source is not None:
            if code in campaign.letters:
                row.letter = str(campaign.letters[code])
                if code != campaign.default_language:
                    letter = read_letter(campaign.letters[code])
                    row.stale = [i + 1 for i in stale_paragraphs(letter, source)]
                    found = check_letter(letter, code, source, fonts=False)
                    row.untranslated = sorted(
                        f.line for f in found if f.check == "untranslated" and f.line is not None
                    )
                    row.fewer_variants = [
                        f.message.split("'")[1]
                        for f in found
                        if f.check == "variants" and f.severity == "note"
                    ]
                    row.targets_without_name = [
                        t.id for t in targets_without_local_name(campaign, code)
                    ]
            elif any(code in t.local for t in campaign.targets):
                row.targets_without_name = [
                    t.id for t in targets_without_local_name(campaign, code)
                ]
        if row.catalog or row.letter or campaign is None:
            rows.append(row)
    return rows
