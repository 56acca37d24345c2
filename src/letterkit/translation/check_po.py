"""Checks of a gettext catalog (``locales/<code>/LC_MESSAGES/letterkit.po``).

A warning is silenced for one message by a translator comment ``# letterkit: ignore CHECK``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..locales import DOMAIN, babel_locale, normalize_code, placeholders
from .findings import Finding

_PERCENT = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*[sd]")
_PO_LINE = re.compile(
    r"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'"(?:[^"\\]|\\.)*"\s*$|^\s*(?:#.*)?$'
)
_IGNORE = re.compile(r"letterkit:\s*ignore\s+([\w\s,-]+)")


def percent_fields(message: str) -> list[str]:
    """``%(name)s`` and ``%s`` fields, in order."""
    return sorted(
        m.group(0) if m.group(1) is None else f"%({m.group(1)})" for m in _PERCENT.finditer(message)
    )


def _ignored(comments: list[str]) -> set[str]:
    names: set[str] = set()
    for comment in comments:
        for match in _IGNORE.finditer(comment):
            names.update(n for n in re.split(r"[\s,]+", match.group(1)) if n)
    return names


def expected_nplurals(code: str) -> int | None:
    """How many plural forms gettext needs for the language: the CLDR categories whole numbers
    fall in (Babel's plural rules; ``ru``: one, few, many). None: Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        rule = Locale.parse(babel_locale(code)).plural_form
    except (UnknownLocaleError, ValueError):
        return None
    return len({rule(n) for n in range(1001)})


def check_po(path: Path, code: str | None = None) -> list[Finding]:
    """Validity, plural forms and format fields of one catalog."""
    from babel.messages.pofile import PoFileError, read_po

    findings: list[Finding] = []
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Finding("error", "po-valid", path, None, f"not a readable UTF-8 file: {exc}")]
    for number, text in enumerate(raw.splitlines(), 1):
        if not _PO_LINE.match(text):  # Babel would quietly drop what it cannot read
            return [
                Finding(
                    "error",
                    "po-valid",
                    path,
                    number,
                    "not a PO line (an unterminated string or an unknown keyword?)",
                )
            ]
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError, OSError) as exc:
        at = re.search(r"(?:line|on) (\d+)", str(exc))
        check = "plural-forms" if "num_plurals" in str(exc) else "po-valid"
        return [
            Finding(
                "error",
                check,
                path,
                int(at.group(1)) if at else None,
                f"not a valid PO file: {exc}",
            )
        ]
    language = code or (str(catalog.locale) if catalog.locale else "")
    if not language:
        header = catalog.mime_headers
        language = dict(header).get("Language", "")
    if not language:
        return [Finding("error", "po-valid", path, 1, "the header has no Language:")]
    language = normalize_code(language)
    wanted = expected_nplurals(language)
    header_plural = dict(catalog.mime_headers).get("Plural-Forms", "")
    found = re.search(r"nplurals\s*=\s*(\d+)", header_plural)
    has_plurals = any(m.pluralizable for m in catalog if m.id)
    if wanted is not None and found and int(found.group(1)) != wanted:
        # only a warning while no message has plural forms: nothing is chosen by it yet
        findings.append(
            Finding(
                "error" if has_plurals else "warning",
                "plural-forms",
                path,
                1,
                f"Plural-Forms says nplurals={found.group(1)} but {language} has {wanted} plural "
                f"forms for whole numbers (CLDR)",
            )
        )
    nplurals = int(found.group(1)) if found else (wanted or 2)
    for message in catalog:
        if not message.id or not message.string:
            continue
        line = message.lineno
        ignored = _ignored([*message.user_comments, *message.auto_comments])
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        filled = sum(1 for text in strings if text)
        if message.pluralizable and filled != nplurals:
            findings.append(
                Finding(
                    "error",
                    "plural-forms",
                    path,
                    line,
                    f"{ids[0]!r} has {filled} plural forms, not {nplurals}",
                )
            )
        if message.fuzzy:
            continue
        source = ids[-1] if message.pluralizable else ids[0]
        for text in strings:
            if not text:
                continue
            findings += _fields(path, line, str(source), str(text), ignored)
    return findings


def _fields(
    path: Path, line: int | None, source: str, text: str, ignored: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    want, got = placeholders(source), placeholders(text)
    if got - want:
        out.append(
            Finding(
                "error",
                "format-fields",
                path,
                line,
                f"{source!r}: the translation uses {', '.join(sorted(got - want))} "
                f"that the English message has not",
            )
        )
    elif want - got and "format-fields" not in ignored:
        out.append(
            Finding(
                "warning",
                "format-fields",
                path,
                line,
                f"{source!r}: the translation drops "
                f"{', '.join('{' + n + '}' for n in sorted(want - got))}",
            )
        )
    if percent_fields(source) != percent_fields(text) and "format-fields" not in ignored:
        out.append(
            Finding(
                "error",
                "format-fields",
                path,
                line,
                f"{source!r}: %-fields differ: {percent_fields(source)} → {percent_fields(text)}",
            )
        )
    return out


def catalog_for(code: str) -> Path:
    from ..locales import catalog_path

    return catalog_path(code)
