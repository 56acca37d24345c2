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
from functools import cache
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
    used. Catalogs are compiled in memory, so no ``.mo`` files need to be built or shipped.
    """
    from babel.messages.mofile import write_mo

    normalized = normalize_code(code)
    candidates = [normalized]
    if "_" in normalized:
        candidates.append(normalized.split("_")[0])
    for candidate in candidates:
        po_path = resources.locales_dir() / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.is_file():
            catalog = read_catalog(po_path)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


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
