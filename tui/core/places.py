"""Where a record and a company are: what tells two companies of one name apart.

Two "Riley Group" companies in one PSA are usually one per town. A record's zip, city or
state that agrees with one of them and not the other settles which one it means; when the
record says nothing about where it is, or both are in the same place, it stays ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from tui.core.normalize import fold

# How much each agreeing (or differing) field weighs: a zip is the most specific.
_ZIP_WEIGHT, _CITY_WEIGHT, _STATE_WEIGHT = 3, 2, 1
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class Located(Protocol):
    """Anything with an address: a local record or a PSA company."""

    @property
    def city(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def zip(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Place:
    """A normalised city, state and zip ("" where unknown)."""

    city: str
    state: str
    zip: str

    @classmethod
    def of(cls, located: object) -> Place | None:
        """The place of a company, or of a record (its `address`), or None when it names none."""
        located = getattr(located, "address", located)
        if located is None:
            return None
        city = _text(getattr(located, "city", None))
        state = _text(getattr(located, "state", None))
        postal = _postal(getattr(located, "zip", None))
        if not (city or state or postal):
            return None
        return cls(city, state, postal)

    def __bool__(self) -> bool:
        return bool(self.city or self.state or self.zip)


def place_agreement(place: Place, company: object) -> int:
    """Positive when the company is where the record is, negative when it is elsewhere, 0 when
    nothing can be compared. Fields only one side has are not counted."""
    theirs = Place.of(company)
    if theirs is None:
        return 0
    total = 0
    for mine, other, weight in (
        (place.zip, theirs.zip, _ZIP_WEIGHT),
        (place.city, theirs.city, _CITY_WEIGHT),
        (place.state, theirs.state, _STATE_WEIGHT),
    ):
        if mine and other:
            total += weight if mine == other else -weight
    return total


def _text(value: object) -> str:
    """City or state as compared: folded, punctuation and spacing ignored."""
    if not isinstance(value, str) or not value.strip():
        return ""
    return _NOT_ALNUM.sub("", fold(value))


def _postal(value: object) -> str:
    """A zip or postcode as compared: letters and digits only; a US ZIP+4 keeps its five."""
    text = _text(value)
    if len(text) == 9 and text.isdigit():
        return text[:5]
    return text
