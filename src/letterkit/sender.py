"""The sender profile: who writes, saved once in the user config directory.

The profile is a small TOML file, ``profile.toml``, in ``config_dir()``: the platform's user config
folder (platformdirs), or ``$LETTERKIT_CONFIG_DIR``. ``safe`` mode signs with initials and town
only and leaves out street, email and phone — advocacy groups advise it for writers with family in
Afghanistan or plans to travel there.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .address import PostalAddress
from .errors import ConfigError, DataError, OutputError
from .fileio import write_atomic
from .locales import LOCALES, normalize_code
from .textclean import plain_line, plain_lines

PROFILE_NAME = "profile.toml"
_EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def config_dir() -> Path:
    """``$LETTERKIT_CONFIG_DIR``, else the platform's user config directory for letterkit."""
    override = os.environ.get("LETTERKIT_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("letterkit", appauthor=False))


def profile_path() -> Path:
    return config_dir() / PROFILE_NAME


@dataclass(frozen=True)
class Sender:
    name: str
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    phone: str = ""
    language: str = "en"
    safe: bool = False  # sign with initials and town only
    tally: bool = True  # count letters for report-back (no names: see letterkit.tally)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""

    @property
    def last_name(self) -> str:
        parts = self.name.split()
        return parts[-1] if len(parts) > 1 else ""

    @property
    def initials(self) -> str:
        """``"Amina Rahimi"`` → ``"A. R."`` (also for Arabic-script names: first letters)."""
        return " ".join(f"{part[0]}." for part in self.name.split() if part)

    @property
    def city(self) -> str:
        return self.address.city

    @property
    def country(self) -> str:
        return self.address.country

    def with_safety(self, safe: bool | None) -> Sender:
        return self if safe is None else replace(self, safe=safe)

    def for_template(self) -> dict[str, Any]:
        """What a letter template may use. In safe mode, only initials and town exist."""
        if self.safe:
            return {
                "name": self.initials,
                "first_name": "",
                "last_name": "",
                "initials": self.initials,
                "city": self.city,
                "country": self.country,
                "email": "",
                "phone": "",
                "street": [],
                "safe": True,
                "language": self.language,
            }
        return {
            "name": self.name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "initials": self.initials,
            "city": self.city,
            "country": self.country,
            "email": self.email,
            "phone": self.phone,
            "street": list(self.address.street),
            "postal_code": self.address.postal_code,
            "region": self.address.region,
            "safe": False,
            "language": self.language,
        }

    def to_toml(self) -> str:
        lines = [
            "# letterkit sender profile: edit freely, or run `letterkit init --force`",
            f"name = {_toml_str(self.name)}",
            f"email = {_toml_str(self.email)}",
            f"phone = {_toml_str(self.phone)}",
            f"language = {_toml_str(self.language)}",
            f"safe = {'true' if self.safe else 'false'}",
            f"tally = {'true' if self.tally else 'false'}  # count letters for report-back",
            "",
            "[address]",
            "street = [" + ", ".join(_toml_str(s) for s in self.address.street) + "]",
            f"city = {_toml_str(self.address.city)}",
            f"region = {_toml_str(self.address.region)}",
            f"postal_code = {_toml_str(self.address.postal_code)}",
            f"country = {_toml_str(self.address.country)}",
            "",
        ]
        return "\n".join(lines)


def _toml_str(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes), once non-ASCII stays literal.
    return json.dumps(value, ensure_ascii=False)


def make_sender(
    *,
    name: str,
    street: str | list[str] | tuple[str, ...] = (),
    city: str = "",
    region: str = "",
    postal_code: str = "",
    country: str = "",
    email: str = "",
    phone: str = "",
    language: str = "en",
    safe: bool = False,
    source: str = "profile",
    tally: bool = True,
) -> Sender:
    """Build and validate a sender; errors name the field (and ``source``, e.g. a file)."""
    # every value is plain text: no control or bidi formatting characters reach any output
    name = plain_line(name)
    if not name:
        raise DataError(f"{source}: field 'name' is empty")
    if isinstance(street, str):
        street = street.replace("\\n", "\n").splitlines()
    street = plain_lines(street)
    city, region, postal_code = plain_line(city), plain_line(region), plain_line(postal_code)
    email = plain_line(email)
    if email and not _EMAIL_RE.match(email):
        raise DataError(f"{source}: field 'email' is not an email address: {email!r}")
    country = plain_line(country).upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise DataError(
            f"{source}: field 'country' must be a two-letter ISO code such as DE, not {country!r}"
        )
    code = normalize_code(language or "en")
    if code not in LOCALES:
        raise DataError(
            f"{source}: field 'language': unknown language {language!r}; known: "
            + ", ".join(LOCALES)
        )
    return Sender(
        name=name,
        address=PostalAddress(street, city, region, postal_code, country),
        email=email,
        phone=plain_line(phone),
        language=code,
        safe=safe,
        tally=tally,
    )


def load_sender(path: Path | None = None) -> Sender:
    """Read a profile (the saved one unless ``path`` is given)."""
    file = path or profile_path()
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        if path is None:
            raise ConfigError(
                f"no sender profile yet ({file}); run `letterkit init` first, or pass --sender FILE"
            ) from None
        raise ConfigError(f"{file}: sender file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    address = data.get("address", {})
    if not isinstance(address, dict):
        raise ConfigError(f"{file}: [address] must be a table")
    try:
        return make_sender(
            name=str(data.get("name", "")),
            street=address.get("street", []),
            city=str(address.get("city", "")),
            region=str(address.get("region", "")),
            postal_code=str(address.get("postal_code", "")),
            country=str(address.get("country", "")),
            email=str(data.get("email", "")),
            phone=str(data.get("phone", "")),
            language=str(data.get("language", "en")),
            safe=bool(data.get("safe", False)),
            tally=bool(data.get("tally", True)),
            source=str(file),
        )
    except DataError as exc:
        raise ConfigError(str(exc)) from None


def save_sender(sender: Sender, *, force: bool = False, path: Path | None = None) -> Path:
    """Write the profile; an existing profile is replaced only with ``force``."""
    file = path or profile_path()
    if file.exists() and not force:
        raise OutputError(f"{file}: a profile exists already; use --force to replace it")
    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(file, sender.to_toml().encode("utf-8"), force=True)
    return file
