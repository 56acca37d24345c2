"""Compose a letter: campaign + target + sender (+ data row) → :class:`~letterkit.model.Letter`.

Letter templates come from campaign authors and are untrusted: they render in Jinja2's sandbox
with strict undefined variables. A template file is TOML front matter between ``+++`` lines
(``subject``, optional ``salutation`` and ``closing``) followed by the body in a small Markdown
subset: paragraphs, ``1.`` numbered and ``-`` bulleted lists, ``**bold**`` and ``*italic*``.

Field values are data, never markup: every value a template prints is cleaned (control and
bidi-override characters removed, line breaks folded to spaces) and escaped, so a name holding
``**``, ``1.``, ``<`` or a line break cannot change the letter's structure.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .address import PostalAddress, format_postal
from .campaign import Campaign, Target
from .errors import ChoiceError, TemplateError
from .locales import (
    LOCALES,
    format_date,
    format_date_line,
    format_number,
    locale_info,
    localize_digits,
    normalize_code,
    translate,
)
from .model import Block, Letter, ListBlock, Meta, Paragraph, Party, Span, labels_for
from .sender import Sender
from .template_limits import TemplateLimitError, budget, counted_output, guard_environment
from .textclean import plain_line

FRONT_MATTER = "+++"

# --------------------------------------------------------------------------------------------
# which language


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


# --------------------------------------------------------------------------------------------
# data cleaning: values are data, never markup

_MARKDOWN_SPECIALS = re.compile(r"([\\*_`])")
_BLOCK_START = re.compile(r"^(\s*)([-+#>]|\d+[.)])")


def clean_value(value: object) -> str:
    """One line of plain text: no control characters, no bidi overrides, no line breaks
    (:func:`letterkit.textclean.plain_line`)."""
    return plain_line(value)


def _escape_markdown(value: object) -> str:
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", clean_value(value))
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


# --------------------------------------------------------------------------------------------
# sandboxed Jinja2


def _make_environment(finalize: Any) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class FieldUndefined(StrictUndefined):
        """Names the whole field, e.g. ``target.nam``, in the error."""

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            from jinja2.exceptions import UndefinedError

            if self._undefined_exception is not UndefinedError and self._undefined_hint:
                raise self._undefined_exception(self._undefined_hint)  # the sandbox said no
            path = getattr(self._undefined_obj, "path", None)  # a _Fields namespace
            if path and self._undefined_name is not None:
                raise UndefinedError(f"undefined field '{path}.{self._undefined_name}'")
            if self._undefined_hint:  # e.g. "'str object' has no attribute 'x'"
                raise UndefinedError(self._undefined_hint)
            raise UndefinedError(f"undefined field '{self._undefined_name}'")

        __str__ = _fail_with_undefined_error
        __iter__ = _fail_with_undefined_error
        __len__ = _fail_with_undefined_error

    def counted(value: Any) -> str:
        return counted_output(finalize(value))

    env = ImmutableSandboxedEnvironment(
        undefined=FieldUndefined,
        autoescape=False,
        finalize=counted,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


class _Fields(dict[str, Any]):
    """A template namespace that knows its own name, for error messages."""

    def __init__(self, path: str, values: Mapping[str, Any]):
        super().__init__(values)
        self.path = path

    def __getattr__(self, name: str) -> Any:  # attribute access like target.name
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=64)
def _environments(language: str, digits: str | None = None) -> dict[str, Any]:
    """Two sandboxes per language: one for the Markdown body, one for plain fields."""
    envs = {"markdown": _make_environment(_escape_markdown), "text": _make_environment(clean_value)}
    for env in envs.values():
        env.filters.update(_filters(language, digits))
        guard_environment(env)  # untrusted templates: time, loop, size and output limits
    return envs


@dataclass(frozen=True)
class LetterText:
    """A rendered template: plain values, body still in the Markdown subset."""

    subject: str
    salutation: str
    closing: str
    body: str
    source: str  # the template file, for messages


@dataclass(frozen=True)
class _ParsedTemplate:
    front: dict[str, Any]
    body: str
    body_line: int  # line number of the body's first line in the file


def _read_template(path: Path) -> _ParsedTemplate:
    """The template file, parsed once per version of the file (a batch reads it once)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template: {exc}") from None
    return _parse_template_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parse_template_file(source: str, mtime_ns: int, size: int) -> _ParsedTemplate:
    try:
        text = Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{source}: cannot read the template: {exc}") from None
    return split_front_matter(text, source)


def split_front_matter(text: str, source: str) -> _ParsedTemplate:
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        raise TemplateError(
            f"{source}:1: a letter template starts with a '+++' line "
            '(TOML front matter with subject = "...")'
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER:
            try:
                front = tomllib.loads("\n".join(lines[1:index]))
            except tomllib.TOMLDecodeError as exc:
                raise TemplateError(f"{source}: front matter is not valid TOML: {exc}") from None
            except RecursionError:
                raise TemplateError(f"{source}: front matter is nested too deeply") from None
            return _ParsedTemplate(front, "\n".join(lines[index + 1 :]), index + 2)
    raise TemplateError(f"{source}:1: the front matter has no closing '+++' line")


def _template_error(exc: Exception, source: str, line: int | None, what: str) -> TemplateError:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    if isinstance(exc, TemplateSyntaxError):
        line = exc.lineno or line
        message = f"syntax error: {exc.message}"
    elif isinstance(exc, UndefinedError):
        message = str(exc.message)
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a letter template: {exc}"
    elif isinstance(exc, TemplateLimitError):
        message = f"stopped: {exc} (a letter template must stay small and quick)"
    else:
        message = f"{type(exc).__name__}: {exc}"
    where = f"{source}:{line}" if line else source
    return TemplateError(f"{where}: {what}: {message}")


def _error_line(exc: BaseException, template_name: str) -> int | None:
    """The template line Jinja2 recorded in the traceback (it rewrites frames to the template)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template_name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=512)
def _compile(
    kind: str,
    language: str,
    source_text: str,
    name: str,
    first_line: int,
    digits: str | None = None,
) -> Any:
    env = _environments(language, digits)[kind]
    padded = "\n" * (first_line - 1) + source_text  # line numbers match the file
    # Compiled with the file name, so tracebacks carry the template's own line numbers.
    code = env.compile(padded, name=name, filename=name)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _render(
    kind: str,
    language: str,
    source_text: str,
    name: str,
    context: Mapping[str, Any],
    first_line: int,
    what: str,
    digits: str | None = None,
) -> str:
    from jinja2.exceptions import TemplateError as JinjaError

    try:
        template = _compile(kind, language, source_text, name, first_line, digits)
    except JinjaError as exc:
        raise _template_error(exc, name, getattr(exc, "lineno", None), what) from None
    try:
        with budget():
            return str(template.render(context)).strip()
    except TemplateLimitError as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None
    except JinjaError as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None
    except (TypeError, ValueError, AttributeError, ArithmeticError, KeyError) as exc:
        raise _template_error(exc, name, _error_line(exc, name), what) from None


def template_context(
    campaign: Campaign,
    target: Target,
    sender: Sender,
    language: str,
    *,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
) -> dict[str, Any]:
    """Everything a letter template can use: ``sender``, ``target``, ``campaign``, ``row``."""
    day = today or _dt.date.today()
    target_fields = {
        "id": target.id,
        "honorific": target.field_in("honorific", language),
        "name": target.field_in("name", language),
        "position": target.field_in("position", language),
        "organisation": target.field_in("organisation", language),
        "country": target.address.country,
        "city": target.address.city,
        "email": target.email,
    }
    campaign_fields = {
        "id": campaign.id,
        "title": campaign.title,
        "reference": campaign.reference,
        "organisation": campaign.organisation,
        "deadline": campaign.deadline,
    }
    values = dict(row or {})
    return {
        "sender": _Fields("sender", sender.for_template()),
        "target": _Fields("target", target_fields),
        "campaign": _Fields("campaign", campaign_fields),
        "row": _Fields("row", values),
        "today": day,
        "language": language,
        "one_of": Variants(campaign.id, (sender.name, sender.email, sender.city)),
        "personal": lambda name, question="": clean_value(values.get(name, "")),
    }


class Variants:
    """``one_of("opening", "text A", "text B", …)`` in a template: one of the alternatives for a
    passage, the same every time for the same supporter (a stable hash of the campaign, the
    passage's name and the supporter), different from one supporter to the next — personal
    letters, not identical form letters. The request itself stays fixed text in the template.

    >>> pick = Variants("c", ("Amina Rahimi", "", "Berlin"))
    >>> pick("opening", "A", "B", "C") == pick("opening", "A", "B", "C")
    True
    """

    def __init__(self, campaign: str, who: Sequence[str]) -> None:
        self._seed = "\x1f".join((campaign, *who))

    def __call__(self, passage: str, *alternatives: str) -> str:
        if not alternatives:
            return ""
        digest = hashlib.sha256(f"{self._seed}\x1f{passage}".encode()).digest()
        return alternatives[int.from_bytes(digest[:8], "big") % len(alternatives)]


def _filters(language: str, digits: str | None = None) -> dict[str, Any]:
    def date_filter(value: Any, fmt: str = "long") -> str:
        if isinstance(value, str):
            value = _dt.date.fromisoformat(value)
        if isinstance(value, _dt.datetime):
            value = value.date()
        if not isinstance(value, _dt.date):
            raise TypeError(f"the date filter needs a date, not {value!r}")
        return format_date(value, language, fmt=fmt, digits=digits)

    def number_filter(value: Any) -> str:
        number = float(value) if "." in str(value) else int(value)
        return format_number(number, language, digits)

    return {"date": date_filter, "number": number_filter}


def render_letter_text(
    campaign: Campaign,
    target: Target,
    sender: Sender,
    language: str,
    *,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
    template_path: Path | None = None,
    digits: str | None = None,
) -> LetterText:
    """Render the campaign's template for ``language`` (values substituted, body as Markdown).

    ``digits`` (``latn``, ``arabext``, ``arab``) overrides the locale's digits in dates and
    numbers the template formats."""
    path = template_path or campaign.letters[language]
    source = str(path)
    parsed = _read_template(path)
    context = template_context(campaign, target, sender, language, row=row, today=today)

    def front(key: str, required: bool = False) -> str:
        value = parsed.front.get(key, "")
        if not isinstance(value, str):
            raise TemplateError(f"{source}: front matter field '{key}' must be text")
        if not value.strip():
            if required:
                raise TemplateError(f"{source}: front matter field '{key}' is missing")
            return ""
        rendered = _render(
            "text", language, value, source, context, 1, f"front matter '{key}'", digits
        )
        return clean_value(rendered)

    subject = front("subject", required=True)
    salutation = front("salutation")
    closing = front("closing")
    body = _render(
        "markdown", language, parsed.body, source, context, parsed.body_line, "body", digits
    )
    return LetterText(subject, salutation, closing, body, source)


# --------------------------------------------------------------------------------------------
# the Markdown subset

_ORDERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(.*)$")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch, ch)) if ch.isdecimal() else ch for ch in text)


def parse_inline(text: str) -> tuple[Span, ...]:
    """``**bold**``, ``*italic*``/``_italic_`` and backslash escapes → spans."""
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold=bold, italic=italic))
            buf.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if ch in "*_" and (ch == "*" or _is_word_boundary(text, i)):
            flush()
            italic = not italic
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        elif span.text:
            merged.append(span)
    return tuple(merged)


def _is_word_boundary(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum())


@lru_cache(maxsize=64)
def parse_body(markdown: str) -> tuple[Block, ...]:
    """Paragraphs (blank-line separated), numbered and bulleted lists → blocks.

    Cached: the blocks are immutable, and in a batch the body is the same text in letter after
    letter (only the sender's lines around it differ)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    ordered: bool | None = None
    start = 1

    def end_paragraph() -> None:
        if paragraph:
            spans = parse_inline(" ".join(line.strip() for line in paragraph))
            if spans:
                blocks.append(Paragraph(spans))
            paragraph.clear()

    def end_list() -> None:
        nonlocal ordered
        if items:
            blocks.append(ListBlock(bool(ordered), tuple(parse_inline(i) for i in items), start))
            items.clear()
        ordered = None

    for raw_line in markdown.splitlines():
        line = raw_line.rstrip()
        numbered = _ORDERED.match(_ascii_digits(line[:12]) + line[12:])
        bullet = _BULLET.match(line)
        if not line.strip():
            end_paragraph()
            end_list()
        elif numbered or bullet:
            end_paragraph()
            kind = bool(numbered)
            if ordered is not None and ordered != kind:
                end_list()
            if not items:
                start = int(numbered.group(1)) if numbered else 1
            ordered = kind
            items.append((numbered.group(2) if numbered else bullet.group(1)).strip())  # type: ignore[union-attr]
        elif items and raw_line[:1].isspace():
            items[-1] += " " + line.strip()  # continuation of a list item
        else:
            end_list()
            paragraph.append(line)
    end_paragraph()
    end_list()
    return tuple(blocks)


# --------------------------------------------------------------------------------------------
# the letter


def default_salutation(target: Target, language: str) -> str:
    name = target.field_in("name", language)
    honorific = target.field_in("honorific", language)
    template = translate(language, "Dear {honorific} {name},")
    return " ".join(template.format(honorific=honorific, name=name).split())


def default_closing(language: str) -> str:
    return translate(language, "Yours sincerely,")


def sender_party(sender: Sender, language: str, recipient_country: str) -> Party:
    if sender.safe:
        # Town and country only: they decide paper, layout and envelope, and reveal no home.
        lines = tuple(x for x in (sender.initials, sender.city) if x)
        town = PostalAddress(city=sender.city, country=sender.country)
        return Party(name=sender.initials, lines=lines, address=town)
    lines = format_postal(
        sender.address,
        recipient=(sender.name,),
        sender_country=recipient_country,
        posted_in=sender.country,
    )
    return Party(
        name=sender.name,
        lines=lines,
        address=sender.address,
        email=sender.email,
        phone=sender.phone,
    )


def recipient_party(target: Target, language: str, sender_country: str) -> Party:
    """The recipient block: name lines in the letter's language, the postal lines as the
    destination's post writes them, and a foreign country line as the post of the sender's
    country reads it (see :func:`letterkit.address.postal_country_line`)."""
    honorific = target.field_in("honorific", language)
    name = target.field_in("name", language)
    heading = tuple(
        line
        for line in (
            f"{honorific} {name}".strip(),
            target.field_in("position", language),
            target.field_in("organisation", language),
        )
        if line
    )
    lines = format_postal(target.address, recipient=heading, sender_country=sender_country)
    return Party(
        name=f"{honorific} {name}".strip(),
        lines=lines,
        address=target.address,
        email=target.email,
        phone=target.phone,
        fax=target.fax,
        organisation=target.field_in("organisation", language),
        position=target.field_in("position", language),
    )


def compose_letter(
    campaign: Campaign,
    target: Target | str,
    sender: Sender,
    *,
    language: str | None = None,
    row: Mapping[str, Any] | None = None,
    today: _dt.date | None = None,
    safe: bool | None = None,
    text: LetterText | None = None,
    digits: str | None = None,
    calendars: Sequence[str] | None = None,
) -> Letter:
    """Compose one letter. ``text`` replaces the rendered template (e.g. after ``--edit``).

    ``digits`` (``latn``, ``arabext``, ``arab``) and ``calendars`` (e.g. ``("gregorian",)`` or
    ``("solar_hijri", "gregorian")``) override the locale's defaults for numbers and the date."""
    if isinstance(target, str):
        target = campaign.target(target)
    sender = sender.with_safety(safe)
    code = choose_language(campaign, target, sender, language).code
    info = locale_info(code)
    day = today or _dt.date.today()
    if digits is not None:
        localize_digits("", digits)  # an unknown name raises ChoiceError listing the choices
    if text is None:
        text = render_letter_text(campaign, target, sender, code, row=row, today=day, digits=digits)
    salutation = (
        text.salutation or target.field_in("salutation", code) or default_salutation(target, code)
    )
    signature = (sender.initials, sender.city) if sender.safe else (sender.name,)
    recipient = recipient_party(target, code, sender.country)
    return Letter(
        language=code,
        direction=info.direction,
        sender=sender_party(sender, code, target.address.country),
        recipient=recipient,
        date=format_date_line(day, code, calendars=calendars, digits=digits),
        subject=text.subject,
        salutation=salutation,
        body=parse_body(text.body),
        closing=text.closing or default_closing(code),
        signature=tuple(x for x in signature if x),
        meta=Meta(
            title=text.subject,
            author=sender.initials if sender.safe else sender.name,
            subject=f"{campaign.reference} {campaign.title}".strip(),
            keywords=tuple(x for x in (campaign.reference, campaign.id, target.id) if x),
            campaign_id=campaign.id,
            target_id=target.id,
        ),
        labels=labels_for(code),
        reference=campaign.reference,
        place=sender.city,
        date_iso=day.isoformat(),
        digits=digits or info.digits,
    )


def letter_text_for_editing(text: LetterText) -> str:
    """The rendered letter as an editable file: front matter + body (see :func:`parse_edited`)."""
    import json

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        FRONT_MATTER,
        "# Put the letter in your own words. Keep the two +++ lines; the body follows them.",
        f"subject = {q(text.subject)}",
    ]
    if text.salutation:
        lines.append(f"salutation = {q(text.salutation)}")
    if text.closing:
        lines.append(f"closing = {q(text.closing)}")
    lines += [FRONT_MATTER, "", text.body, ""]
    return "\n".join(lines)


def parse_edited(content: str, source: str) -> LetterText:
    """Read back a letter edited by the supporter (their own words: no template rendering)."""
    parsed = split_front_matter(content, source)

    def get(key: str) -> str:
        value = parsed.front.get(key, "")
        if not isinstance(value, str):
            raise TemplateError(f"{source}: field '{key}' must be text")
        return clean_value(value)

    if not get("subject"):
        raise TemplateError(f"{source}: the subject is empty")
    if not parsed.body.strip():
        raise TemplateError(f"{source}: the letter's body is empty")
    return LetterText(
        get("subject"), get("salutation"), get("closing"), parsed.body.strip(), source
    )


def known_languages() -> tuple[str, ...]:
    return tuple(LOCALES)
