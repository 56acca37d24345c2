"""Campaign packages: a folder with metadata, target officials and one letter per language.

Layout (documented in ``docs/campaign-format.md``)::

    <campaign>/
      campaign.toml        id, title, reference, organisation, deadline, default_language,
                           background, [report] how supporters report back
      targets.toml         [[target]] officials with address, channels, languages, salutations
      letters/<lang>.md.j2 one Jinja2 letter template per language (TOML front matter + body)

Loading validates everything and raises :class:`CampaignError` naming the file and the field.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .address import PostalAddress
from .errors import CampaignError, ChoiceError
from .locales import LOCALES, normalize_code
from .resources import campaigns_dir

KINDS = ("letter", "open-letter")
CHANNELS = ("post", "email", "fax", "phone", "social")
LOCAL_FIELDS = ("honorific", "name", "position", "organisation", "salutation")
_EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class ChannelSource:
    """Where a contact detail came from and when it was last checked."""

    source: str = ""
    verified: _dt.date | None = None

    def age_days(self, today: _dt.date) -> int | None:
        return None if self.verified is None else (today - self.verified).days


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    honorific: str = ""
    position: str = ""
    organisation: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    fax: str = ""
    phone: str = ""
    social: str = ""
    languages: tuple[str, ...] = ()
    # per language: honorific, name, position, organisation, salutation as written in it
    local: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: dict[str, ChannelSource] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()

    def field_in(self, name: str, language: str) -> str:
        """A field as written in ``language`` (``[target.local.<lang>]``), else the default."""
        if name not in LOCAL_FIELDS:
            raise ValueError(f"{name!r} is not one of {LOCAL_FIELDS}")
        # salutation has no language-neutral default: getattr gives "" for it
        return self.local.get(language, {}).get(name) or str(getattr(self, name, "") or "")

    def channels(self) -> dict[str, str]:
        """The contact channels this target has, in a fixed order."""
        found: dict[str, str] = {}
        if not self.address.is_empty:
            found["post"] = ", ".join(
                [
                    *self.address.street,
                    " ".join(p for p in (self.address.postal_code, self.address.city) if p),
                    self.address.country,
                ]
            )
        for name in ("email", "fax", "phone", "social"):
            value = getattr(self, name)
            if value:
                found[name] = value
        return found


@dataclass(frozen=True)
class Addressee:
    """One institution an open letter is addressed to (``addressees.toml``)."""

    name: str
    local: dict[str, str] = field(default_factory=dict)  # language → the name as written in it

    def name_in(self, language: str) -> str:
        return self.local.get(language) or self.local.get(language.split("_")[0]) or self.name


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    reference: str
    organisation: str
    deadline: _dt.date | None
    default_language: str
    background: str
    report: str
    report_url: str
    targets: tuple[Target, ...]
    letters: dict[str, Path]  # language → template file
    path: Path
    bundled: bool = False
    kind: str = "letter"  # "open-letter": addressees and signatories, no target officials
    addressees: tuple[Addressee, ...] = ()

    @property
    def is_open_letter(self) -> bool:
        return self.kind == "open-letter"

    @property
    def signatories_file(self) -> Path | None:
        """An open letter's own signatory list (``signatories.csv`` or ``.xlsx``), if any."""
        for name in ("signatories.csv", "signatories.xlsx"):
            if (self.path / name).is_file():
                return self.path / name
        return None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.letters)

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise ChoiceError(
            f"campaign {self.id!r} has no target {target_id!r}; choose one of: "
            + ", ".join(t.id for t in self.targets)
        )

    def select_targets(self, value: str | None, where: str = "--to") -> tuple[Target, ...]:
        """The targets a ``--to`` value names: ``all``, or ids separated by commas, semicolons
        or spaces (``"pm;ambassador-us"``, ``"pm, ambassador-us"``), case-blind, each once.
        Nothing given: the only target of a one-target campaign, else an error listing them."""
        if not self.targets:
            raise ChoiceError(
                f"campaign {self.id!r} is an open letter with no target officials; "
                f"write it with `letterkit sign-on {self.id} SIGNATORIES.csv`"
            )
        if not value or not value.strip():
            if len(self.targets) == 1:
                return self.targets
            raise ChoiceError(
                f"{where} is required; choose one of: "
                + ", ".join(t.id for t in self.targets)
                + f" (or {where} all)"
            )
        if value.strip().lower() == "all":
            return self.targets
        found: list[Target] = []
        for target_id in re.split(r"[,;\s]+", value.strip()):
            if target_id:
                target = self.target(target_id.lower())
                if target not in found:
                    found.append(target)
        return tuple(found)

    def days_left(self, today: _dt.date) -> int | None:
        """Days until the deadline (negative once it has passed), ``None`` without a deadline."""
        return None if self.deadline is None else (self.deadline - today).days


# --------------------------------------------------------------------------------------------
# loading


def bundled_campaigns() -> list[str]:
    """Ids of the campaigns that ship with letterkit."""
    root = campaigns_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "campaign.toml").is_file())


def resolve_campaign_path(ref: str | Path) -> tuple[Path, bool]:
    """A campaign reference is a folder path or the id of a bundled campaign."""
    path = Path(ref).expanduser()
    if path.is_dir():
        return path, False
    bundled = campaigns_dir() / str(ref)
    if (bundled / "campaign.toml").is_file():
        return bundled, True
    choices = ", ".join(bundled_campaigns()) or "(none bundled)"
    raise ChoiceError(
        f"no campaign {str(ref)!r}: not a folder and not a bundled campaign; bundled: {choices}"
    )


def load_campaign(ref: str | Path) -> Campaign:
    """Load and validate a campaign folder (or a bundled campaign by id)."""
    path, bundled = resolve_campaign_path(ref)
    meta_file = path / "campaign.toml"
    meta = _read_toml(meta_file)
    where = _Where(meta_file)
    campaign_id = where.string(meta, "id", required=True)
    if not _ID_RE.match(campaign_id):
        raise CampaignError(
            f"{meta_file}: field 'id' must be lower-case letters, digits, '-', '_' or '.', "
            f"not {campaign_id!r}"
        )
    default_language = where.language(meta, "default_language", required=True)
    report = meta.get("report", {})
    if not isinstance(report, dict):
        raise CampaignError(f"{meta_file}: [report] must be a table")
    letters = _find_letters(path)
    if not letters:
        raise CampaignError(f"{path / 'letters'}: no letter templates (expected e.g. en.md.j2)")
    if default_language not in letters:
        raise CampaignError(
            f"{meta_file}: default_language {default_language!r} has no letter; letters exist "
            f"for: {', '.join(letters)}"
        )
    kind = where.string(meta, "kind") or "letter"
    if kind not in KINDS:
        raise CampaignError(
            f"{meta_file}: field 'kind' must be one of {', '.join(KINDS)}, not {kind!r}"
        )
    addressees: tuple[Addressee, ...] = ()
    if kind == "open-letter":
        addressees = _load_addressees(path / "addressees.toml")
        targets_file = path / "targets.toml"
        targets = _load_targets(targets_file) if targets_file.is_file() else ()
    else:
        targets = _load_targets(path / "targets.toml")
    return Campaign(
        id=campaign_id,
        title=where.string(meta, "title", required=True),
        reference=where.string(meta, "reference"),
        organisation=where.string(meta, "organisation"),
        deadline=where.date(meta, "deadline"),
        default_language=default_language,
        background=where.string(meta, "background"),
        report=_Where(meta_file, "report.").string(report, "instructions"),
        report_url=_Where(meta_file, "report.").string(report, "url"),
        targets=targets,
        letters=letters,
        path=path,
        bundled=bundled,
        kind=kind,
        addressees=addressees,
    )


def _load_addressees(file: Path) -> tuple[Addressee, ...]:
    """``addressees.toml``: ``[[addressee]] name = "…"`` with ``[addressee.local] fa_AF = "…"``."""
    raw_list = _read_toml(file).get("addressee")
    if not isinstance(raw_list, list) or not raw_list:
        raise CampaignError(f"{file}: an open letter needs at least one [[addressee]] table")
    found: list[Addressee] = []
    for index, raw in enumerate(raw_list, start=1):
        if not isinstance(raw, dict):
            raise CampaignError(f"{file}: addressee {index} must be a table")
        name = _Where(file, f"addressee[{index}].").string(raw, "name", required=True)
        local_raw = raw.get("local", {})
        if not isinstance(local_raw, dict):
            raise CampaignError(f"{file}: addressee[{index}].local must be a table of languages")
        local: dict[str, str] = {}
        for code, value in local_raw.items():
            normalized = normalize_code(code)
            if normalized not in LOCALES:
                raise CampaignError(
                    f"{file}: addressee[{index}].local.{code}: unknown language; "
                    "known: " + ", ".join(LOCALES)
                )
            if not isinstance(value, str) or not value.strip():
                raise CampaignError(f"{file}: addressee[{index}].local.{code} must be text")
            local[normalized] = value.strip()
        found.append(Addressee(name, local))
    return tuple(found)


def _find_letters(path: Path) -> dict[str, Path]:
    letters_dir = path / "letters"
    found: dict[str, Path] = {}
    if not letters_dir.is_dir():
        return found
    check_inside(letters_dir, path)
    for file in sorted(letters_dir.glob("*.md.j2")):
        check_inside(file, path)
        code = normalize_code(file.name[: -len(".md.j2")])
        if code not in LOCALES:
            raise CampaignError(
                f"{file}: unknown language {file.name[:-6]!r} in the file name; known: "
                + ", ".join(LOCALES)
            )
        found[code] = file
    return found


def _load_targets(file: Path) -> tuple[Target, ...]:
    data = _read_toml(file)
    raw_targets = data.get("target")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise CampaignError(f"{file}: needs at least one [[target]] table")
    targets: list[Target] = []
    seen: dict[str, int] = {}  # id → its [[target]] entry, to say where it is used twice
    for index, raw in enumerate(raw_targets, start=1):
        where = _Where(file, f"target[{index}].")
        if not isinstance(raw, dict):
            raise CampaignError(f"{file}: target {index} must be a table")
        target_id = where.string(raw, "id", required=True)
        if not _ID_RE.match(target_id):
            raise CampaignError(
                f"{file}: target[{index}].id {target_id!r} must be lower-case "
                "letters, digits, '-', '_' or '.'"
            )
        if target_id in seen:
            raise CampaignError(
                f"{file}: target id {target_id!r} is used twice: "
                f"target[{seen[target_id]}] and target[{index}] "
                f"([[target]] entries {seen[target_id]} and {index})"
            )
        seen[target_id] = index
        address = _load_address(raw.get("address", {}), file, f"target[{index}].address")
        email = where.string(raw, "email")
        if email and not _EMAIL_RE.match(email):
            raise CampaignError(f"{file}: target[{index}].email {email!r} is not an email address")
        languages = raw.get("languages", [])
        if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
            raise CampaignError(f"{file}: target[{index}].languages must be a list of codes")
        codes = []
        for code in languages:
            normalized = normalize_code(code)
            if normalized not in LOCALES:
                raise CampaignError(
                    f"{file}: target[{index}].languages: unknown language {code!r}; known: "
                    + ", ".join(LOCALES)
                )
            codes.append(normalized)
        targets.append(
            Target(
                id=target_id,
                name=where.string(raw, "name", required=True),
                honorific=where.string(raw, "honorific"),
                position=where.string(raw, "position"),
                organisation=where.string(raw, "organisation"),
                address=address,
                email=email,
                fax=where.string(raw, "fax"),
                phone=where.string(raw, "phone"),
                social=where.string(raw, "social"),
                languages=tuple(codes),
                local=_load_local(raw.get("local", {}), file, index),
                sources=_load_sources(raw.get("sources", {}), file, index),
            )
        )
    return tuple(targets)


def _load_address(raw: Any, file: Path, where: str) -> PostalAddress:
    if not isinstance(raw, dict):
        raise CampaignError(f"{file}: {where} must be a table")
    street = raw.get("street", [])
    if isinstance(street, str):
        street = [street]
    if not isinstance(street, list) or not all(isinstance(s, str) for s in street):
        raise CampaignError(f"{file}: {where}.street must be a list of lines")
    address = PostalAddress.from_mapping({**raw, "street": street})
    if address.country and not re.fullmatch(r"[A-Z]{2}", address.country):
        raise CampaignError(
            f"{file}: {where}.country must be an ISO 3166 two-letter code such as 'PK', "
            f"not {address.country!r}"
        )
    if not address.is_empty and not address.country:
        raise CampaignError(f"{file}: {where}.country is missing (ISO code such as 'PK')")
    return address


def _load_local(raw: Any, file: Path, index: int) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise CampaignError(f"{file}: target[{index}].local must be a table of languages")
    local: dict[str, dict[str, str]] = {}
    for code, fields in raw.items():
        where = f"{file}: target[{index}].local.{code}"
        normalized = normalize_code(code)
        if normalized not in LOCALES:
            raise CampaignError(f"{where}: unknown language; known: " + ", ".join(LOCALES))
        if not isinstance(fields, dict):
            raise CampaignError(f"{where} must be a table")
        for key, value in fields.items():
            if key not in LOCAL_FIELDS:
                raise CampaignError(
                    f"{where}.{key}: unknown field; one of " + ", ".join(LOCAL_FIELDS)
                )
            if not isinstance(value, str):
                raise CampaignError(f"{where}.{key} must be text")
        local[normalized] = {k: v.strip() for k, v in fields.items()}
    return local


def _load_sources(raw: Any, file: Path, index: int) -> dict[str, ChannelSource]:
    if not isinstance(raw, dict):
        raise CampaignError(f"{file}: target[{index}].sources must be a table")
    sources: dict[str, ChannelSource] = {}
    for channel, value in raw.items():
        if channel not in CHANNELS:
            raise CampaignError(
                f"{file}: target[{index}].sources.{channel}: unknown channel; one of "
                + ", ".join(CHANNELS)
            )
        if not isinstance(value, dict):
            raise CampaignError(f"{file}: target[{index}].sources.{channel} must be a table")
        where = _Where(file, f"target[{index}].sources.{channel}.")
        sources[channel] = ChannelSource(
            source=where.string(value, "source"), verified=where.date(value, "verified")
        )
    return sources


MAX_FILE_BYTES = 2_000_000  # a campaign file is a page of settings or a letter, never more


def check_inside(file: Path, root: Path) -> Path:
    """``file`` if it is a regular file inside the campaign folder ``root``, however reached.

    Campaign folders are untrusted: a symbolic link (or a name with ``..``) that leads out of
    the folder — to ``/etc/passwd``, to a supporter's documents — is refused, so no file
    outside the campaign is ever read into a letter; so is a file too large to be a campaign's.
    """
    try:
        real, real_root = file.resolve(strict=True), root.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return file
    if real != real_root and real_root not in real.parents:
        raise CampaignError(
            f"{file}: leads outside the campaign folder ({real}); a campaign "
            "may only use its own files"
        )
    if not real.is_file() and not real.is_dir():  # a named pipe would hang the read
        raise CampaignError(f"{file}: is not a regular file; a campaign may only use plain files")
    if real.is_file() and real.stat().st_size > MAX_FILE_BYTES:
        raise CampaignError(
            f"{file}: {real.stat().st_size} bytes is too large for a campaign "
            f"file (at most {MAX_FILE_BYTES})"
        )
    return file


def _read_toml(file: Path) -> dict[str, Any]:
    check_inside(file, file.parent)
    try:
        with file.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CampaignError(f"{file}: file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"{file}: not valid TOML: {exc}") from None
    except RecursionError:
        raise CampaignError(f"{file}: nested too deeply to be a campaign file") from None


@dataclass
class _Where:
    """Reads typed fields from a TOML table; errors name the file and the field."""

    file: Path
    prefix: str = ""

    def string(self, table: dict[str, Any], key: str, *, required: bool = False) -> str:
        value = table.get(key)
        if value is None or value == "":
            if required:
                raise CampaignError(f"{self.file}: field '{self.prefix}{key}' is missing")
            return ""
        if not isinstance(value, str):
            raise CampaignError(f"{self.file}: field '{self.prefix}{key}' must be text")
        return value.strip()

    def date(self, table: dict[str, Any], key: str) -> _dt.date | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise CampaignError(
            f"{self.file}: field '{self.prefix}{key}' must be a date like 2024-02-08"
        )

    def language(self, table: dict[str, Any], key: str, *, required: bool = False) -> str:
        code = self.string(table, key, required=required)
        normalized = normalize_code(code)
        if code and normalized not in LOCALES:
            raise CampaignError(
                f"{self.file}: field '{self.prefix}{key}': unknown language {code!r}; known: "
                + ", ".join(LOCALES)
            )
        return normalized
