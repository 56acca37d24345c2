"""letterkit's own strings in the user's language: gettext catalogs.

Catalogs are ``.po`` files in the repository's top-level ``locales/`` folder, where translators
find them (an installed wheel carries them as ``letterkit/locales/catalogs/``, see
:func:`letterkit.resources.locales_dir`). They are compiled in memory on first use, so no ``.mo``
files need to be built or shipped.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import string
import struct
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import resources
from ..errors import LetterkitError
from .registry import normalize_code

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "letterkit"


def N_(message: str) -> str:
    """Mark a string for extraction (``pybabel extract``) without translating it yet."""
    return message


def catalog_path(code: str) -> Path:
    """Where the ``.po`` catalog of ``code`` lives (it may not exist yet)."""
    return resources.locales_dir() / normalize_code(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path() -> Path:
    """The extracted message template, ``locales/letterkit.pot``."""
    return resources.locales_dir() / f"{DOMAIN}.pot"


def read_catalog(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file, or a :class:`LetterkitError` naming it."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=None, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise LetterkitError(f"{path}: not a valid gettext catalog: {exc}") from None


@cache
def gettext_for(code: str) -> _gettext.NullTranslations:
    """Translations of letterkit's own strings for ``code`` (falls back to English quietly).

    ``fa_AF`` falls back to ``fa`` when it has no catalog of its own. Fuzzy entries are not
    used. Catalogs are compiled from the ``.po`` files (no ``.mo`` files are built or shipped)
    and the compiled form is kept in the cache folder, keyed by the catalog's contents: parsing
    a catalog took a tenth of a one-letter run.
    """
    from ..cachedir import remembered

    normalized = normalize_code(code)
    candidates = [normalized]
    if "_" in normalized:
        candidates.append(normalized.split("_")[0])
    for candidate in candidates:
        po_path = resources.locales_dir() / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        try:
            source = po_path.read_bytes()
        except OSError:
            continue
        key = b"letterkit catalog v1\0" + source
        compiled = remembered("catalogs", key, partial(_compile_catalog, po_path))
        try:
            return _gettext.GNUTranslations(io.BytesIO(compiled))
        except (OSError, ValueError, struct.error):  # a damaged kept copy: compile afresh
            return _gettext.GNUTranslations(io.BytesIO(_compile_catalog(po_path)))
    return _gettext.NullTranslations()


def _compile_catalog(po_path: Path) -> bytes:
    """The ``.mo`` form of a catalog (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, read_catalog(po_path))
    return buf.getvalue()


def placeholders(message: str) -> frozenset[str]:
    """The ``{names}`` a ``str.format`` message uses.

    >>> sorted(placeholders("Page {page} of {pages}"))
    ['page', 'pages']
    """
    try:
        return frozenset(
            name for _, name, _, _ in string.Formatter().parse(message) if name is not None
        )
    except ValueError:  # an unbalanced brace: report it as a placeholder nobody can fill
        return frozenset({"<unbalanced braces>"})


def translate(code: str, message: str) -> str:
    """``message`` in ``code``; a translation that uses a placeholder the English string lacks
    (or breaks the braces) is ignored, so a faulty catalog can never break a letter."""
    translated = gettext_for(code).gettext(message)
    if translated != message and not placeholders(translated) <= placeholders(message):
        return message
    return translated


def _(message: str) -> str:
    """Mark a CLI message for translation (interface language: ``LETTERKIT_LANG`` or English)."""
    lang = os.environ.get("LETTERKIT_LANG", "")
    if not lang:
        return message
    return translate(lang, message)
