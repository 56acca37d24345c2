"""Output formats as a registry: each format registers its writer, options, extension and help.

Every writer renders the same :class:`~letterkit.model.Letter`. A format is added in one place:
an adapter function decorated with :func:`register`, which records

* ``name`` and ``extension`` (``"fax"``, ``".fax.pdf"``);
* ``options`` — the writer's own options type, as ``"module:Class"`` (imported on first use);
  the registry builds it from :class:`RenderOptions`, field by field, and passes it to the writer;
* ``batch`` — whether ``merge`` writes it, one file per letter and row;
* ``preload`` — modules ``merge`` imports before its workers fork;
* ``help`` — the line ``--format`` help and ``docs/cli.md`` show.

``write``, ``merge``, the CLI help and the library (``render(letter, "pdf")``) all read
:data:`FORMATS`. Adapters import their writer inside the function, so ``letterkit --help`` does
not load reportlab or python-docx.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ChoiceError
from .fileio import refuse_existing, write_atomic
from .layouts import check_paper
from .locales import N_
from .model import Letter

if TYPE_CHECKING:
    from .pdf.letter import PdfOptions
    from .writers.docx import DocxOptions


@dataclass(frozen=True)
class RenderOptions:
    """Options that apply across formats (each writer reads what concerns it)."""

    paper: str | None = None  # "a4" | "letter"; None: from the sender's country
    layout: str | None = None  # window-envelope layout name; None: from the sender's country
    attach_pdf: bool = False  # eml: attach the PDF letter
    html: bool = False  # eml: add an HTML alternative
    invariant: bool = False  # reproducible bytes (fixed timestamps/ids), for batches and tests
    envelope: str | None = None  # envelope size (DL, C5, 10); None: from the sender's country
    from_addr: str | None = None  # eml: From address when the profile has none (safe mode)
    family: str | None = None  # font family for the letter's script: "naskh" offers Urdu in Naskh
    letterhead: Path | None = None  # a PDF under every PDF letter (letterkit.pdf.letterhead)
    # a .docx whose header and footer every DOCX letter takes (letterkit.writers.docx_letterhead)
    docx_letterhead: Path | None = None

    def __post_init__(self) -> None:
        """The same checks for the CLI, scripts and the web app: a ChoiceError names the option."""
        if self.family is not None:
            from .fonts.registry import check_family

            check_family(self.family)
        check_paper(self.paper)


Writer = Callable[[Letter, RenderOptions, Any], bytes]


@dataclass(frozen=True)
class Format:
    """One output format; see the module's docstring for the fields."""

    name: str
    extension: str
    writer: Writer
    help: str
    options: str = ""  # "module:Class" of the writer's options type; "" when it takes none
    batch: bool = False
    preload: tuple[str, ...] = ()

    def options_type(self) -> type | None:
        """The writer's options class (imported now), or ``None``."""
        if not self.options:
            return None
        module, _, name = self.options.partition(":")
        cls: type = getattr(importlib.import_module(module), name)
        return cls

    def writer_options(self, options: RenderOptions) -> Any:
        """The writer's options made from ``options``: every field both have, by name."""
        cls = self.options_type()
        if cls is None:
            return None
        names = {f.name for f in dataclasses.fields(cls)}
        wanted = {
            "paper": options.paper,
            "layout": options.layout,
            "invariant": options.invariant,
            "family": options.family,
            "letterhead": options.docx_letterhead,  # DocxOptions; PDF's is applied in _pdf
        }
        return cls(**{k: v for k, v in wanted.items() if k in names})

    def render(self, letter: Letter, options: RenderOptions) -> bytes:
        return self.writer(letter, options, self.writer_options(options))


FORMATS: dict[str, Format] = {}


def register(
    name: str,
    *,
    extension: str,
    help: str,
    options: str = "",
    batch: bool = False,
    preload: tuple[str, ...] = (),
) -> Callable[[Writer], Writer]:
    """Register the decorated adapter as the writer of format ``name`` (see the module doc)."""

    def add(writer: Writer) -> Writer:
        if name in FORMATS:
            raise ValueError(f"format {name!r} is registered twice")
        FORMATS[name] = Format(name, extension, writer, help, options, batch, preload)
        return writer

    return add


def batch_formats() -> list[Format]:
    """The formats ``merge`` writes, one file per letter."""
    return [f for f in FORMATS.values() if f.batch]


def format_help(*, batch: bool = False, translate: Callable[[str], str] = str) -> str:
    """``--format`` help: every format (or every batch format) with its help line, its words
    passed through ``translate`` (the CLI's gettext)."""
    chosen = batch_formats() if batch else list(FORMATS.values())
    return (
        translate(N_("Comma-separated formats ({names}).")).format(
            names=", ".join(f.name for f in chosen)
        )
        + " "
        + "; ".join(f"{f.name}: {translate(f.help)}" for f in chosen)
        + "."
    )


# ------------------------------------------------------------------------------------------
# the formats, in the order the CLI lists them

_PDF_OPTIONS = "letterkit.pdf.letter:PdfOptions"


@register(
    "pdf",
    extension=".pdf",
    options=_PDF_OPTIONS,
    batch=True,
    preload=("letterkit.pdf.letter", "letterkit.text.layout"),
    help=N_("PDF letter for printing or attaching"),
)
def _pdf(letter: Letter, options: RenderOptions, pdf_options: PdfOptions) -> bytes:
    from .pdf.letter import render_pdf

    pdf = render_pdf(letter, pdf_options)
    if options.letterhead is not None:
        from .pdf.letterhead import apply_letterhead, load_letterhead

        pdf = apply_letterhead(pdf, load_letterhead(options.letterhead))
    return pdf


@register(
    "docx",
    extension=".docx",
    options="letterkit.writers.docx:DocxOptions",
    batch=True,
    preload=("letterkit.writers.docx",),
    help=N_("editable Word/LibreOffice document"),
)
def _docx(letter: Letter, options: RenderOptions, docx_options: DocxOptions) -> bytes:
    from .writers.docx import render_docx

    return render_docx(letter, docx_options)


@register(
    "txt",
    extension=".txt",
    batch=True,
    preload=("letterkit.writers.text",),
    help=N_("plain UTF-8 text to paste into an email or web form"),
)
def _txt(letter: Letter, options: RenderOptions, _none: None) -> bytes:
    from .writers.text import render_text

    return render_text(letter).encode("utf-8")


@register("eml", extension=".eml", help=N_("email message (RFC 5322), ready for `letterkit send`"))
def _eml(letter: Letter, options: RenderOptions, _none: None) -> bytes:
    from .writers.email import render_eml

    attachment = render(letter, "pdf", options) if options.attach_pdf else None
    return render_eml(letter, attach_pdf=attachment, html=options.html, from_addr=options.from_addr)


@register(
    "fax", extension=".fax.pdf", options=_PDF_OPTIONS, help=N_("fax-ready PDF with a cover sheet")
)
def _fax(letter: Letter, options: RenderOptions, pdf_options: PdfOptions) -> bytes:
    from .pdf.fax import render_fax

    return render_fax(letter, options=pdf_options)  # paper, layout and font as for the letter


@register("envelope", extension=".envelope.pdf", help=N_("the envelope, addressed, as a PDF"))
def _envelope(letter: Letter, options: RenderOptions, _none: None) -> bytes:
    from .layouts import envelope_for_country
    from .pdf.envelope import render_envelopes

    country = letter.sender.address.country if letter.sender.address else ""
    size = options.envelope or envelope_for_country(country).name
    return render_envelopes([letter], size)


def parse_formats(value: str | Iterable[str]) -> list[Format]:
    """``"pdf,docx"`` → formats; an unknown name lists the valid ones."""
    names = value.split(",") if isinstance(value, str) else list(value)
    formats: list[Format] = []
    for raw in names:
        name = raw.strip().lower()
        if not name:
            continue
        if name not in FORMATS:
            raise ChoiceError(f"unknown format {raw!r}; choose from: {', '.join(FORMATS)}")
        if FORMATS[name] not in formats:
            formats.append(FORMATS[name])
    if not formats:
        raise ChoiceError(f"no format given; choose from: {', '.join(FORMATS)}")
    return formats


def render(letter: Letter, fmt: str | Format, options: RenderOptions = RenderOptions()) -> bytes:
    """The letter in format ``fmt`` (a name such as ``"pdf"``, or a :class:`Format`), as bytes."""
    chosen = FORMATS[fmt] if isinstance(fmt, str) else fmt
    return chosen.render(letter, options)


def write(
    letter: Letter,
    fmt: str | Format,
    path: Path,
    options: RenderOptions = RenderOptions(),
    *,
    force: bool = False,
) -> Path:
    """Render and write atomically; an existing file is kept unless ``force``."""
    refuse_existing(Path(path), force)
    return write_atomic(Path(path), render(letter, fmt, options), force=force)
