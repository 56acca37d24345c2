"""Structured postal addresses and their formatting for the destination country.

An address is data (street lines, city, region, postal code, ISO country code), never a blob.
:func:`format_postal` turns one into the lines printed in an address block, following the
destination country's conventions; domestic mail carries no country line, foreign mail carries the
country name in the sender's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PostalAddress:
    street: tuple[str, ...] = ()
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case
    sorting_code: str = ""  # e.g. French CEDEX

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> PostalAddress:
        street = data.get("street", ())
        if isinstance(street, str):
            street = tuple(line for line in street.splitlines() if line.strip())
        return cls(
            street=tuple(str(s) for s in street),  # type: ignore[union-attr]
            city=str(data.get("city", "") or ""),
            region=str(data.get("region", "") or ""),
            postal_code=str(data.get("postal_code", "") or ""),
            country=str(data.get("country", "") or "").upper(),
            sorting_code=str(data.get("sorting_code", "") or ""),
        )

    def to_mapping(self) -> dict[str, object]:
        out: dict[str, object] = {"street": list(self.street)}
        for name in ("city", "region", "postal_code", "country", "sorting_code"):
            value = getattr(self, name)
            if value:
                out[name] = value
        return out

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.city or self.postal_code)


@dataclass(frozen=True)
class AddressLines:
    """The printed lines of an address block, top to bottom."""

    lines: tuple[str, ...] = field(default_factory=tuple)


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (Babel's CLDR data), e.g. ``("PK", "de") → "Pakistan"``."""
    from babel import Locale

    from .i18n import babel_locale

    try:
        return Locale.parse(babel_locale(language)).territories.get(code.upper(), code.upper())
    except Exception:  # noqa: BLE001 - unknown locale: fall back to the code itself
        return code.upper()


def format_postal(
    address: PostalAddress,
    *,
    recipient: tuple[str, ...] = (),
    sender_country: str = "",
    language: str = "en",
) -> tuple[str, ...]:
    """Lines for an address block: ``recipient`` lines (name, position…) then the address.

    Simple generic order (street, postal code + city, region); the country line is added only for
    foreign mail, in ``language``.
    """
    lines = [line for line in recipient if line]
    lines.extend(line for line in address.street if line)
    city_line = " ".join(part for part in (address.postal_code, address.city) if part)
    if address.region:
        city_line = f"{city_line}, {address.region}" if city_line else address.region
    if city_line:
        lines.append(city_line)
    if address.country and sender_country and address.country != sender_country.upper():
        lines.append(country_name(address.country, language))
    return tuple(lines)
