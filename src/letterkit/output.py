"""Output formats: one table from format name to writer, shared by ``write`` and ``merge``.

Every writer renders the same :class:`~letterkit.model.Letter`; this module only picks the writer
and the file extension, importing heavy libraries (reportlab, python-docx) on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import ChoiceError
from .fileio import write_atomic
from .model import Letter


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


def _pdf(letter: Letter, options: RenderOptions) -> bytes:
    from .writers.pdf import PdfOptions, render_pdf

    return render_pdf(letter, _pdf_options(PdfOptions, options))


def _pdf_options(cls: type, options: RenderOptions, **extra: object) -> object:
    import dataclasses

    names = {f.name for f in dataclasses.fields(cls)}
    wanted = {"paper": options.paper, "layout": options.layout, "invariant": options.invariant,
              "family": options.family, **extra}
    return cls(**{k: v for k, v in wanted.items() if k in names})


def _docx(letter: Letter, options: RenderOptions) -> bytes:
    from .writers.docx import DocxOptions, render_docx

    return render_docx(letter, _pdf_options(DocxOptions, options))  # type: ignore[arg-type]


def _txt(letter: Letter, options: RenderOptions) -> bytes:
    from .writers.text import render_text

    return render_text(letter).encode("utf-8")


def _eml(letter: Letter, options: RenderOptions) -> bytes:
    from .writers.email import render_eml

    attachment = _pdf(letter, options) if options.attach_pdf else None
    return render_eml(letter, attach_pdf=attachment, html=options.html,
                      from_addr=options.from_addr)


def _fax(letter: Letter, options: RenderOptions) -> bytes:
    from .writers.fax import render_fax

    return render_fax(letter)


def _envelope(letter: Letter, options: RenderOptions) -> bytes:
    from .layouts import envelope_for_country
    from .writers.envelope import render_envelopes

    country = letter.sender.address.country if letter.sender.address else ""
    size = options.envelope or envelope_for_country(country).name
    return render_envelopes([letter], size)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    render: Callable[[Letter, RenderOptions], bytes]
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pdf", ".pdf", _pdf, "PDF letter for printing or attaching"),
        Format("docx", ".docx", _docx, "editable Word/LibreOffice document"),
        Format("txt", ".txt", _txt, "plain UTF-8 text to paste into an email or web form"),
        Format("eml", ".eml", _eml, "email message (RFC 5322), ready for `letterkit send`"),
        Format("fax", ".fax.pdf", _fax, "fax-ready PDF with a cover sheet"),
        Format("envelope", ".envelope.pdf", _envelope, "the envelope, addressed, as a PDF"),
    )
}


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
    chosen = FORMATS[fmt] if isinstance(fmt, str) else fmt
    return chosen.render(letter, options)


def write(
    letter: Letter, fmt: str | Format, path: Path, options: RenderOptions = RenderOptions(),
    *, force: bool = False,
) -> Path:
    """Render and write atomically; an existing file is kept unless ``force``."""
    from .errors import OutputError

    if Path(path).exists() and not force:
        raise OutputError(f"{path}: file exists; use --force to overwrite it")
    return write_atomic(Path(path), render(letter, fmt, options), force=force)
