"""Who a row is: a stable identity of the supporter, so that letters keep their names and their
manifest entries when rows are deleted, added or sorted.

The identity is the row's ``id`` column when there is one (``ID``, ``Supporter ID``, ``Member
number``…, see :mod:`.columns`); otherwise a key made from the supporter's name and email
address, or name and postal address when there is no email. Before the key is made, case,
accents, spaces and punctuation are ignored (``René O'Brien`` ≡ ``rene obrien``), as are the
Arabic-script letter variants a Windows code page gives (``ي``/``ی``, ``ك``/``ک``), so a name
typed again slightly differently is still the same person. Two rows with the same identity in
one batch are an error in the second row (see :mod:`.jobs`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from .columns import header_key

_ARABIC_VARIANTS = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0647": "\u06c1"}
)
KEY_CHARS = 8  # the {id} placeholder's length when there is no id column


@dataclass(frozen=True)
class Identity:
    """``key`` names the supporter in the manifest; ``label`` is what ``{id}`` puts in file
    names; ``basis`` says what it was made from (for messages)."""

    key: str
    label: str
    basis: str

    @property
    def fingerprint(self) -> int:
        return (
            int(self.key.rsplit(":", 1)[-1][:16], 16)
            if self.key.startswith("key:")
            else int.from_bytes(
                hashlib.blake2b(self.key.encode("utf-8"), digest_size=8).digest(), "big"
            )
        )


def _norm(text: str) -> str:
    return header_key(text.translate(_ARABIC_VARIANTS))


def supporter_identity(values: Mapping[str, str]) -> Identity:
    """The identity of one row's supporter, from its known fields (see :mod:`.columns`)."""
    given = values.get("id", "").strip()
    if given:
        return Identity("id:" + " ".join(given.casefold().split()), given, "the same id")
    name = values.get("name", "").strip() or " ".join(
        values.get(key, "") for key in ("first_name", "last_name")
    )
    email = values.get("email", "").strip().casefold()
    if email:
        parts, basis = ["email", _norm(name), email], "the same name and email address"
    else:
        parts = [
            "post",
            _norm(name),
            *(
                _norm(values.get(key, ""))
                for key in ("street", "street2", "postal_code", "city", "country")
            ),
        ]
        basis = "the same name and address"
    digest = hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return Identity("key:" + digest, digest[:KEY_CHARS], basis)
