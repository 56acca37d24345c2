"""Where bundled data lives: ``templates/`` and the gettext catalogs in ``locales/``.

In a built wheel they are inside the package (``letterkit/templates``, and
``letterkit/locales/catalogs`` beside the :mod:`letterkit.locales` code: the build maps the
top-level folders in, see ``pyproject.toml``). In a source checkout used in place (editable
install, or tests run from the tree) they are the top-level folders of the repository, where
translators find them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find(name: str, inside_package: str) -> Path:
    inside = _PACKAGE_DIR / inside_package
    if inside.is_dir():
        return inside
    checkout = _PACKAGE_DIR.parent.parent / name  # src/letterkit/../../name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"letterkit's bundled {name}/ folder is missing (looked in {inside} and {checkout}); "
        "reinstall letterkit"
    )


@cache
def templates_dir() -> Path:
    return _find("templates", "templates")


@cache
def locales_dir() -> Path:
    """The gettext catalogs: ``<code>/LC_MESSAGES/letterkit.po`` and ``letterkit.pot``."""
    return _find("locales", "locales/catalogs")


def campaigns_dir() -> Path:
    """Bundled campaigns: ``templates/campaigns/<id>/``."""
    return templates_dir() / "campaigns"


def font_data_dir() -> Path:
    """Fonts bundled inside the package (OFL fonts that are on no package index)."""
    return _PACKAGE_DIR / "fonts" / "data"
