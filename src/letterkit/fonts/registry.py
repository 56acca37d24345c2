"""Which font files letterkit uses, each face made once per process.

A *family* here is a letterkit family id ("serif", "nastaliq", "naskh"...), each with up to four
faces (regular, bold, italic, bold italic). Faces come from three places:

* bundled in the package (``letterkit/fonts/data``): Noto Nastaliq Urdu, Noto Naskh Arabic;
* static files of the ``fontpkg-*`` dependencies: Amiri;
* variable fonts of the ``fontpkg-*`` dependencies (Noto Serif, Noto Sans, Noto Sans Arabic),
  cut into static instances on first use (see :mod:`letterkit.fonts.instancing`).

Every face has a unique key (``serif-Bold``: its PDF font resource is ``LK-<key>``) and a
unique PostScript name (the name its embedded subsets carry, see
:mod:`letterkit.pdf.font_embedding`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..resources import font_data_dir

if TYPE_CHECKING:
    from .program import FontProgram


@dataclass(frozen=True)
class FamilyInfo:
    """One letterkit font family: where its faces come from and what it is for."""

    id: str
    name: str  # the family name as the font calls itself
    scripts: tuple[str, ...]  # "Arab", "Latn", "Cyrl"
    source: str  # "bundled", "fontpkg", "fontpkg-vf"
    has_bold: bool = True
    has_italic: bool = False
    # default leading as a multiple of the size (Nastaliq stacks words diagonally: needs ~2.1x)
    leading: float = 1.4
    # ps name stem for instanced variable fonts
    ps_stem: str = ""


FAMILIES: dict[str, FamilyInfo] = {
    f.id: f
    for f in (
        FamilyInfo(
            "serif",
            "Noto Serif",
            ("Latn", "Cyrl"),
            "fontpkg-vf",
            has_italic=True,
            leading=1.35,
            ps_stem="LetterkitNotoSerif",
        ),
        FamilyInfo(
            "sans",
            "Noto Sans",
            ("Latn", "Cyrl"),
            "fontpkg-vf",
            has_italic=True,
            leading=1.35,
            ps_stem="LetterkitNotoSans",
        ),
        FamilyInfo("nastaliq", "Noto Nastaliq Urdu", ("Arab",), "bundled", leading=2.1),
        FamilyInfo("naskh", "Noto Naskh Arabic", ("Arab",), "bundled", leading=1.6),
        FamilyInfo("amiri", "Amiri", ("Arab", "Latn"), "fontpkg", has_italic=True, leading=1.7),
        FamilyInfo(
            "sans-arabic",
            "Noto Sans Arabic",
            ("Arab",),
            "fontpkg-vf",
            leading=1.6,
            ps_stem="LetterkitNotoSansArabic",
        ),
    )
}

_BUNDLED_FILES = {
    ("nastaliq", False): "NotoNastaliqUrdu-Regular.ttf",
    ("nastaliq", True): "NotoNastaliqUrdu-Bold.ttf",
    ("naskh", False): "NotoNaskhArabic-Regular.ttf",
    ("naskh", True): "NotoNaskhArabic-Bold.ttf",
}


# Known defects of bundled fonts, corrected in a cached copy (the bundled file stays unmodified).
# Noto Nastaliq Urdu Bold 2.000: the initial do-chashmi heh before a dal-like letter
# ("HehDoIni.outD2Y", as in سندھی, ڈھاکہ) has an advance of 1500 units for an outline 750 wide,
# which opens a gap inside the word (Pango shows the same gap). Its sibling "HehDoIni.outD2",
# with the same outline extent, advances 779.
_FIXES: dict[tuple[str, bool], dict[str, int]] = {
    ("nastaliq", True): {"HehDoIni.outD2Y": 779},
}


def _style_name(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "BoldItalic"
    if bold:
        return "Bold"
    if italic:
        return "Italic"
    return "Regular"


@dataclass(eq=False)
class Face:
    """One concrete font face: a file, its cmap and metrics.

    Faces are created once per process by :func:`face` and shared; everything expensive
    (instancing, parsing, the HarfBuzz face) happens lazily on first use.
    """

    family: FamilyInfo
    bold: bool
    italic: bool

    @cached_property
    def key(self) -> str:
        return f"{self.family.id}-{_style_name(self.bold, self.italic)}"

    @cached_property
    def path(self) -> Path:
        return _resolve_path(self.family, self.bold, self.italic)

    @cached_property
    def cmap(self) -> frozenset[int]:
        """Code points the face maps to a glyph."""
        return frozenset(self.program.cmap)

    @property
    def ascent(self) -> float:
        """Ascender as a fraction of the em (hhea)."""
        return float(self.program.hhea_ascent / self.program.upem)

    @property
    def descent(self) -> float:
        """Descender as a positive fraction of the em (hhea)."""
        return float(-self.program.hhea_descent / self.program.upem)

    @property
    def ps_name(self) -> str:
        return str(self.program.ps_name)

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap

    @cached_property
    def hb_font(self) -> Any:
        """A HarfBuzz font at the font's own scale (units per em); positions are unscaled."""
        import uharfbuzz as hb

        return hb.Font(hb.Face(hb.Blob.from_file_path(str(self.path))))

    @cached_property
    def program(self) -> FontProgram:
        """The face as the PDF writer embeds it (:class:`~letterkit.fonts.program.FontProgram`)."""
        from .program import FontProgram

        return FontProgram(self.path)

    @property
    def upem(self) -> int:
        return int(self.program.upem)


_REGISTRY_LOCK = threading.RLock()
_FACES: dict[tuple[str, bool, bool], Face] = {}


def check_family(family: str, *, option: str = "--font") -> None:
    """Raise :class:`~letterkit.errors.ChoiceError` unless ``family`` is in :data:`FAMILIES`."""
    if family not in FAMILIES:
        from ..errors import ChoiceError

        raise ChoiceError(
            f"{option}: unknown family {family!r}; choose one of: " + ", ".join(FAMILIES)
        )


def face(family_id: str, bold: bool = False, italic: bool = False) -> Face:
    """The shared :class:`Face` for a family and style, falling back to what the family has.

    Arabic-script families have no italic: italic then means the upright face (Arabic script
    does not slant); a family without bold uses regular.
    """
    info = FAMILIES.get(family_id)
    if info is None:
        raise ConfigError(f"unknown font family {family_id!r}; known: {', '.join(FAMILIES)}")
    bold = bold and info.has_bold
    italic = italic and info.has_italic
    key = (family_id, bold, italic)
    found = _FACES.get(key)
    if found is None:
        with _REGISTRY_LOCK:
            found = _FACES.setdefault(key, Face(info, bold, italic))
    return found


def _resolve_path(info: FamilyInfo, bold: bool, italic: bool) -> Path:
    if info.source == "bundled":
        path = font_data_dir() / _BUNDLED_FILES[(info.id, bold)]
        if not path.is_file():
            raise ConfigError(f"{path}: bundled font is missing; reinstall letterkit")
        fixes = _FIXES.get((info.id, bold))
        if fixes:
            from .instancing import patched_copy

            return patched_copy(path, fixes, "fixed")
        return path
    from .instancing import remembered_source, static_instance

    def find() -> Path:
        import fontpkg
        from fontpkg.errors import FontpkgError

        try:
            return Path(
                fontpkg.path(info.name, 700 if bold else 400, "italic" if italic else "normal")
            )
        except FontpkgError as exc:
            raise ConfigError(
                f"font {info.name!r} ({_style_name(bold, italic)}) is not installed ({exc}); "
                f"reinstall letterkit"
            ) from None

    source = remembered_source(f"{info.name}|{bold}|{italic}", find)
    if info.source == "fontpkg":
        return source

    style = _style_name(bold, italic)
    return static_instance(
        source,
        f"{info.ps_stem}-{style}",
        700 if bold else 400,
        full_name=f"{info.name} {style} (letterkit instance)",
    )
