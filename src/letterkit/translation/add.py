"""``letterkit locale add``: start a translation of letterkit itself or of a campaign letter."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..campaign import Campaign, load_campaign, resolve_campaign_path
from ..errors import ChoiceError, OutputError
from ..fileio import write_atomic
from ..locales import DOMAIN, LOCALES, babel_locale, catalog_path, locale_info, template_path
from .letterfile import read_letter
from .targets import targets_without_local_name

TODO_FILE = "targets.{code}.todo.toml"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, force=True)


def _known(code: str) -> str:
    if code not in LOCALES:
        raise ChoiceError(
            f"unknown language {code!r}; letterkit knows: "
            + ", ".join(LOCALES)
            + " (docs/localization.md, 'Adding a language', adds one)"
        )
    return locale_info(code).code


def add_catalog(code: str, *, force: bool = False) -> Path:
    """A new ``locales/<code>/LC_MESSAGES/letterkit.po`` from ``locales/letterkit.pot``."""
    import io

    from babel import Locale
    from babel.messages.pofile import read_po, write_po

    code = _known(code)
    path = catalog_path(code)
    if path.exists() and not force:
        raise OutputError(f"{path}: a catalog for {code} exists already (--force replaces it)")
    with template_path().open("rb") as fh:
        catalog = read_po(fh, domain=DOMAIN)
    catalog.locale = Locale.parse(babel_locale(code))
    catalog.revision_date = catalog.creation_date
    buf = io.BytesIO()
    write_po(buf, catalog, width=100)
    text = buf.getvalue().decode("utf-8")
    # the Babel locale may be a stand-in (Balochi borrows ur_PK): name the real language
    text = text.replace(f"Language: {babel_locale(code)}\\n", f"Language: {code}\\n", 1)
    _write_atomic(path, text.encode("utf-8"))
    return path


@dataclass(frozen=True)
class AddedLetter:
    letter: Path
    todo: Path | None  # the TOML stub for the targets' names, None: nothing to do
    targets_todo: tuple[str, ...]


def copy_campaign(ref: str, into: Path) -> Path:
    """Copy a (bundled) campaign folder to ``into`` so it can be translated."""
    source, _ = resolve_campaign_path(ref)
    if into.exists():
        raise OutputError(f"{into}: exists already; choose a new folder for the copy")
    shutil.copytree(source, into)
    return into


def add_letter(campaign_ref: str | Path, code: str, *, force: bool = False) -> AddedLetter:
    """``letters/<code>.md.j2`` holding the source letter to translate, with a header naming
    the source language and a fingerprint of each source paragraph; and
    ``targets.<code>.todo.toml``, commented ``[target.local.<code>]`` stubs for the targets
    that lack a name in the language (to fill and paste into targets.toml)."""
    code = _known(code)
    path, bundled = resolve_campaign_path(campaign_ref)
    if bundled:
        raise ChoiceError(
            f"{campaign_ref!r} is a bundled campaign; copy it first "
            f"(`letterkit locale add {code} --campaign {campaign_ref} --into DIR`)"
        )
    campaign = load_campaign(path)
    letter_path = campaign.path / "letters" / f"{code}.md.j2"
    if letter_path.exists() and not force:
        raise OutputError(f"{letter_path}: exists already (--force replaces it)")
    source_code = campaign.default_language
    source = read_letter(campaign.letters[source_code])
    _write_atomic(
        letter_path,
        letter_skeleton(source.text, source_code, code, [u.fingerprint for u in source.units]),
    )
    lacking = targets_without_local_name(campaign, code)
    todo = None
    if lacking:
        todo = campaign.path / TODO_FILE.format(code=code)
        _write_atomic(todo, targets_stub(campaign, code).encode("utf-8"))
    return AddedLetter(letter_path, todo, tuple(t.id for t in lacking))


def letter_skeleton(
    source_text: str, source_code: str, code: str, fingerprints: list[str]
) -> bytes:
    lines = source_text.splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    header = (
        f"{{# letterkit-source: {source_code} fingerprints: {' '.join(fingerprints)} #}}\n"
        f"{{# Translate the {LOCALES[source_code].english_name} text below into "
        f"{LOCALES[code].english_name}: the subject and closing above, then each paragraph and "
        "list item in place. Keep every {{ ... }} and {% ... %} as it is. The line above "
        "records which source text this translation is made from; `letterkit locale status` "
        "shows paragraphs changed since. #}"
    )
    out = [*lines[: end + 1], header, *lines[end + 1 :]]
    return ("\n".join(out) + "\n").encode("utf-8")


def targets_stub(campaign: Campaign, code: str) -> str:
    name = LOCALES[code].english_name
    out = [
        f"# {name} names for the targets of {campaign.id}: fill in each value, then move each",
        "# table into targets.toml, under its [[target]] (after the [target.local.*] tables",
        "# already there), and delete this file.",
        "",
    ]
    for target in campaign.targets:
        if target.local.get(code, {}).get("name"):
            continue
        out.append(f"# target {target.id}: {target.display_name}, {target.position}")
        out.append(f"# [target.local.{code}]")
        for key in ("honorific", "name", "position", "organisation", "salutation"):
            current = str(getattr(target, key, "") or "")
            note = f"   # {current}" if current else ""
            out.append(f'# {key} = ""{note}')
        out.append("")
    return "\n".join(out)


def refresh_fingerprints(campaign_ref: str | Path, code: str) -> Path:
    """Record the source letter's current fingerprints in ``letters/<code>.md.j2`` (after the
    translator has brought the stale paragraphs up to date)."""
    from .letterfile import SOURCE_MARK

    code = _known(code)
    campaign = load_campaign(campaign_ref)
    if code not in campaign.letters:
        raise ChoiceError(f"{campaign.path / 'letters'}: no {code}.md.j2 to refresh")
    path = campaign.letters[code]
    source_code = campaign.default_language
    source = read_letter(campaign.letters[source_code])
    mark = (
        f"{{# letterkit-source: {source_code} fingerprints: "
        f"{' '.join(u.fingerprint for u in source.units)} #}}"
    )
    text = path.read_text(encoding="utf-8")
    if SOURCE_MARK.search(text):
        text = SOURCE_MARK.sub(lambda _: mark, text, count=1)
    else:
        lines = text.splitlines()
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
        text = "\n".join([*lines[: end + 1], mark, *lines[end + 1 :]]) + "\n"
    _write_atomic(path, text.encode("utf-8"))
    return path
