"""Checks of a translated letter template against the campaign's source letter.

A warning is silenced for one paragraph by a Jinja comment in it:
``{# letterkit: ignore punctuation #}`` (several: ``ignore numbers, zwnj``). Errors cannot be
silenced.
"""

from __future__ import annotations

import re
from collections import Counter

from ..locales import LOCALES, normalize_code
from ..textclean import is_arabic_letter
from .findings import Finding, Severity
from .letterfile import LetterFile, Unit
from .variants import passages, readings, spoken

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_ITEM_MARK = re.compile(r"^\s*(\d+[.)]|[-*+•])\s+", re.M)
_DIGIT = "0-9\u06f0-\u06f9\u0660-\u0669"
_NUMBER = re.compile(rf"[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*")
_TO_LATN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ZWNJ = "\u200c"


def plain(text: str) -> str:
    """The text a reader sees of a template fragment: Jinja tags and list markers removed, the
    alternatives of a ``one_of`` passage kept (each on its own line)."""
    return _ITEM_MARK.sub("", _JINJA.sub(" ", spoken(text)))


class _Report:
    def __init__(self, letter: LetterFile) -> None:
        self.letter = letter
        self.findings: list[Finding] = []

    def unit_at(self, line: int | None) -> Unit | None:
        found = None
        for unit in self.letter.units:
            if line is not None and unit.line <= line:
                found = unit
        return found

    def add(self, severity: Severity, check: str, line: int | None, message: str) -> None:
        if severity == "warning":
            unit = self.unit_at(line)
            silenced = (
                check in unit.ignored
                if unit is not None and line is not None
                else any(check in u.ignored for u in self.letter.units)
            )
            if silenced:
                return
        self.findings.append(Finding(severity, check, self.letter.path, line, message))


def check_letter(
    letter: LetterFile,
    language: str,
    source: LetterFile,
    *,
    glossary: dict[str, dict[str, str]] | None = None,
    source_language: str = "en",
    fonts: bool = True,
) -> list[Finding]:
    """Every check of one translated letter (see :data:`findings.CHECKS`)."""
    code = normalize_code(language)
    report = _Report(letter)
    _check_jinja(report, source)
    _check_structure(report, source)
    _check_variants(report, source)
    _check_untranslated(report, source)
    _check_numbers(report, source)
    _check_punctuation(report, code)
    info = LOCALES.get(code)
    if info is not None and info.uses_zwnj:
        _check_zwnj(report)
    if fonts:
        _check_fonts(report, code)
    if glossary:
        _check_glossary(report, code, source_language, glossary)
    return report.findings


# --- Jinja2 ----------------------------------------------------------------------------------


def jinja_usage(letter: LetterFile) -> tuple[Counter[str], dict[str, int]]:
    """What a template uses: ``name``, ``name.attr`` and ``|filter`` (a multiset) and
    ``{% if %}``/``{% for %}`` counts; each with the line of its first use."""
    from jinja2 import Environment, nodes

    body = letter.text.splitlines()[letter.body_line - 1 :]
    tree = Environment().parse("\n".join(body))
    used: Counter[str] = Counter()
    lines: dict[str, int] = {}

    def note(key: str, node: nodes.Node) -> None:
        used[key] += 1
        lines.setdefault(key, letter.body_line + (node.lineno or 1) - 1)

    for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Filter, nodes.If, nodes.For)):
        if isinstance(node, nodes.Getattr):
            note(_dotted(node), node)
        elif isinstance(node, nodes.Name):
            note(node.name, node)
        elif isinstance(node, nodes.Filter):
            note(f"|{node.name}", node)
        elif isinstance(node, nodes.If):
            note("{% if %}", node)
        else:
            note("{% for %}", node)
    return used, lines


def _dotted(node: object) -> str:
    from jinja2 import nodes

    parts: list[str] = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    head = node.name if isinstance(node, nodes.Name) else "…"
    return ".".join([head, *reversed(parts)])


def _check_jinja(report: _Report, source: LetterFile) -> None:
    from jinja2 import TemplateSyntaxError

    try:
        want, source_lines = jinja_usage(source)
    except TemplateSyntaxError:
        return  # the source letter's own problem: `letterkit check` reports it
    try:
        got, lines = jinja_usage(report.letter)
    except TemplateSyntaxError as exc:
        line = report.letter.body_line + (exc.lineno or 1) - 1
        report.add("error", "jinja", line, f"not a valid template: {exc.message}")
        return
    # one_of is compared passage by passage (variants): a translation may have fewer
    for counter in (want, got):
        counter.pop("one_of", None)
    for key in sorted((got - want).keys()):
        report.add(
            "error",
            "jinja",
            lines[key],
            f"{key} is not in the source letter ({got[key]}× here, {want[key]}× there)",
        )
    for key in sorted((want - got).keys()):
        report.add(
            "error",
            "jinja",
            _same_place(report.letter, source, source_lines[key]),
            f"{key} of the source letter is missing ({got[key]}× here, {want[key]}× there)",
        )


def _same_place(letter: LetterFile, source: LetterFile, line: int) -> int | None:
    """The line of the translation's paragraph that stands where ``line`` of the source is."""
    index = None
    for i, unit in enumerate(source.units):
        if unit.line <= line:
            index = i
    if index is None or len(letter.units) != len(source.units):
        return None
    return letter.units[index].line


# --- structure -------------------------------------------------------------------------------


def _check_structure(report: _Report, source: LetterFile) -> None:
    letter = report.letter
    for what, mine, theirs in (
        ("paragraphs", letter.paragraphs, source.paragraphs),
        ("list items", letter.items, source.items),
    ):
        if len(mine) != len(theirs):
            line = mine[len(theirs)].line if len(mine) > len(theirs) else None
            report.add(
                "error",
                "structure",
                line,
                f"{len(mine)} {what}, the source letter has {len(theirs)}",
            )
    if set(letter.front) != set(source.front):
        extra = sorted(set(letter.front) - set(source.front))
        missing = sorted(set(source.front) - set(letter.front))
        said = "; ".join(
            x
            for x in (
                f"extra: {', '.join(extra)}" if extra else "",
                f"missing: {', '.join(missing)}" if missing else "",
            )
            if x
        )
        report.add("error", "structure", 1, f"front-matter keys differ from the source ({said})")


def _check_variants(report: _Report, source: LetterFile) -> None:
    """Each paragraph's ``one_of`` passages against the source paragraph's: the same names and
    as many alternatives (current), fewer (a note: the first ones translated), more (a warning:
    the reference copy cannot show them), a passage the source lacks (an error)."""
    mine, theirs = report.letter.units, source.units
    if len(mine) != len(theirs):
        return  # structure reported
    for unit, original in zip(mine, theirs, strict=True):
        want = {p.name: len(p.alternatives) for p in passages(original.text)}
        got = {p.name: len(p.alternatives) for p in passages(unit.text)}
        for name, count in got.items():
            if name not in want:
                report.add(
                    "error",
                    "variants",
                    unit.line,
                    f"one_of passage {name!r} is not in the source paragraph (line "
                    f"{original.line}); name it as the source does",
                )
            elif count > want[name]:
                report.add(
                    "warning",
                    "variants",
                    unit.line,
                    f"passage {name!r} has {count} variants, the source {want[name]}: the "
                    "extra ones have no source text for a reference copy",
                )
        for name, count in want.items():
            have = got.get(name, 1)
            if have < count:
                report.add(
                    "note",
                    "variants",
                    unit.line,
                    f"passage {name!r}: {have} of the source's {count} variants translated "
                    "(fine: the letter chooses among them; they translate the source's first)",
                )


def _check_untranslated(report: _Report, source: LetterFile) -> None:
    def words(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", plain(text)).split())

    theirs = {words(t) for u in source.units for t in (u.text, *readings(u.text))}
    for unit in report.letter.units:
        mine = {words(t) for t in (unit.text, *readings(unit.text))}
        if any(sum(c.isalpha() for c in t) >= 12 and t in theirs for t in mine):
            report.add(
                "warning", "untranslated", unit.line, "this paragraph is still the source text"
            )
    for key in ("subject", "closing", "salutation"):
        value = report.letter.front.get(key)
        if isinstance(value, str) and value and value == source.front.get(key):
            line = next(
                (
                    i
                    for i, t in enumerate(report.letter.text.splitlines(), 1)
                    if t.strip().startswith(key)
                ),
                1,
            )
            report.add("warning", "untranslated", line, f"{key} is still the source text")


# --- numbers ---------------------------------------------------------------------------------


def numbers(text: str) -> Counter[str]:
    """The numbers of a text in Latin digits, whatever the digit system: ``۳٫۷`` → ``3.7``,
    ``3,700,000`` and ``۳٬۷۰۰٬۰۰۰`` → ``3700000``."""
    found: Counter[str] = Counter()
    for reading in readings(text):  # alternatives of a passage each carry the same numbers
        one: Counter[str] = Counter()
        for match in _NUMBER.finditer(plain(reading)):
            value = match.group(0).translate(_TO_LATN)
            value = re.sub(r"[,\u066c](?=\d{3}(?!\d))", "", value).replace("\u066b", ".")
            one[value] += 1
        found |= one
    return found


def _check_numbers(report: _Report, source: LetterFile) -> None:
    mine, theirs = report.letter.units, source.units
    pairs = list(zip(mine, theirs, strict=False)) if len(mine) == len(theirs) else []
    if not pairs:  # structure differs (reported): compare the whole texts
        missing = numbers("\n".join(u.text for u in theirs)) - numbers(
            "\n".join(u.text for u in mine)
        )
        if missing:
            report.add(
                "warning",
                "numbers",
                None,
                f"numbers of the source missing: {', '.join(sorted(missing))}",
            )
        return
    for unit, original in pairs:
        missing = numbers(original.text) - numbers(unit.text)
        if missing:
            report.add(
                "warning",
                "numbers",
                unit.line,
                f"{', '.join(sorted(missing))} of the source paragraph "
                f"(line {original.line}) is not in this one, in any digits",
            )


# --- punctuation and ZWNJ --------------------------------------------------------------------


def _lines(report: _Report) -> list[tuple[int, str]]:
    letter = report.letter
    lines = spoken("\n".join(letter.text.splitlines()[letter.body_line - 1 :])).splitlines()
    return [(letter.body_line + i, plain(text)) for i, text in enumerate(lines)]


def _check_punctuation(report: _Report, code: str) -> None:
    info = LOCALES.get(code)
    rules = info.punctuation if info is not None else ()
    if not rules:
        return
    for number, text in _lines(report):
        if not any(is_arabic_letter(c) for c in text):
            continue
        for wrong, right, what in rules:
            for index in [i for i, c in enumerate(text) if c == wrong]:
                before = text[:index].rstrip()
                quote = wrong in '"“”'
                if quote or (before and is_arabic_letter(before[-1])):
                    report.add(
                        "warning",
                        "punctuation",
                        number,
                        f"Latin {what} {wrong!r} in {code} text; write {right}",
                    )
                    break


_NON_JOINING = set("اآأإدذرزژوؤۀةڈڑ")


def _check_zwnj(report: _Report) -> None:
    for number, text in _lines(report):
        if _ZWNJ * 2 in text:
            report.add("warning", "zwnj", number, "two zero-width non-joiners in a row")
        for index, char in enumerate(text):
            if char != _ZWNJ:
                continue
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if before.isspace() or after.isspace():
                report.add("warning", "zwnj", number, "zero-width non-joiner next to a space")
                break
            if (not is_arabic_letter(before) and before != _ZWNJ) or (
                not is_arabic_letter(after) and after != _ZWNJ
            ):
                report.add("warning", "zwnj", number, "zero-width non-joiner at the edge of a word")
                break
        match = re.search(r"(?<![\w\u200c])(ن?می) (?=[\u0600-\u06ff])", text)
        if match:
            report.add(
                "warning",
                "zwnj",
                number,
                f"{match.group(1)} and its verb are written with a space; join them with "
                "a zero-width non-joiner (U+200C: می‌نویسم)",
            )


# --- fonts and glossary ----------------------------------------------------------------------


def _check_fonts(report: _Report, code: str) -> None:
    from ..fonts import check_coverage

    text = plain(report.letter.text)
    for bold in (False, True):
        missing = check_coverage(text, code, bold=bold)
        if missing:
            first = missing[0].char
            line = next(
                (i + 1 for i, t in enumerate(report.letter.text.splitlines()) if first in t), None
            )
            style = "bold" if bold else "regular"
            report.add(
                "error",
                "fonts",
                line,
                f"no {style} font for {code} can draw " + ", ".join(str(m) for m in missing[:6]),
            )
            return


def _check_glossary(
    report: _Report, code: str, source_language: str, glossary: dict[str, dict[str, str]]
) -> None:
    text = report.letter.text
    for term, forms in glossary.items():
        form = forms.get(code)
        if form is None:
            if source_language in forms:
                report.add(
                    "warning",
                    "glossary",
                    None,
                    f"glossary term {term!r} has no {code} form in glossary.toml",
                )
            continue
        if form not in text:
            report.add("error", "glossary", None, f"glossary term {term!r} must appear as {form!r}")
