"""What ``letterkit locale check`` reports: one finding per problem, naming file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]

# Every check, with what it looks for (docs/translating.md lists them too).
CHECKS: dict[str, str] = {
    "po-valid": "the PO file parses and its header names the language",
    "plural-forms": "Plural-Forms agrees with the language's plural rules (CLDR, Babel)",
    "format-fields": "{name} and %(name)s fields equal to the English message",
    "jinja": "Jinja2 variables, filters and {% if %}/{% for %} equal to the source letter",
    "structure": "paragraph and list-item counts, front-matter keys",
    "numbers": "every number of the source, in any digit system",
    "punctuation": "the language's punctuation and quotation marks",
    "zwnj": "zero-width non-joiner use in Persian and Dari",
    "fonts": "characters the letter's fonts cannot draw",
    "glossary": "the campaign glossary's terms appear in the letter",
    "fit": "the rendered letter has no more pages than the source; signature beside the end",
    "local-names": "every target has a name in the language ([target.local.LANG])",
    "stale": "source paragraphs changed since the translation was made",
    "variants": "one_of passages named as in the source, with no more variants than it has",
    "untranslated": "a paragraph or front-matter value still as in the source letter",
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    check: str
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message} [{self.check}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
