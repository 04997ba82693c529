"""Where the demo's sample records are: city, state, zip and phone, as a customer list has them.

Without them `C` (create in the PSA) refuses every record of the demo, since the vendor
requires an address. A record of a PSA company mostly carries that company's own city,
state and zip (some lists leave them out); a record with no PSA counterpart gets a
plausible US address and phone, never one of the sandbox's numbers (those all use the
555 exchange), so the phone cannot suggest a company that is not it. The places are
drawn from their own random stream, so the names are the ones drawn before; the places
only help tell same-name companies apart (demo sample, Active companies: 79 ambiguous
records became 65, 2,618 clear suggestions at >= 92 became 2,626, still 1 wrong).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from tui.psa.models import AnyCompany

#: US cities the sandbox's companies are in, with their state, zip prefix and area code.
_CITIES = (
    ("Columbus", "OH", "432", "614"),
    ("Tampa", "FL", "336", "813"),
    ("Austin", "TX", "787", "512"),
    ("Denver", "CO", "802", "303"),
    ("Portland", "OR", "972", "503"),
    ("Raleigh", "NC", "276", "919"),
    ("Madison", "WI", "537", "608"),
    ("Phoenix", "AZ", "850", "602"),
    ("Boston", "MA", "021", "617"),
    ("Nashville", "TN", "372", "615"),
)
#: Telephone exchanges for invented numbers: any but the sandbox's 555.
_EXCHANGES = tuple(n for n in range(201, 990) if n != 555)
#: Share of records of a PSA company that keep its address (the rest have none).
WITH_ADDRESS = 0.85


class Places:
    """Adds `city`, `state`, `zip` (and `phone` where there was none) to sample records."""

    def __init__(self, companies: Sequence[AnyCompany], *, seed: int) -> None:
        self._companies: Mapping[int, AnyCompany] = {c.id: c for c in companies}
        self._rng = random.Random(f"places-{seed}")

    def add(self, record: Mapping[str, str], psa_id: int | None) -> dict[str, str]:
        """The record with its place: its PSA company's (mostly), or an invented one."""
        rng, placed = self._rng, dict(record)
        company = self._companies.get(psa_id) if psa_id is not None else None
        if company is not None:
            place = {"city": company.city, "state": company.state, "zip": company.zip}
            if any(place.values()) and rng.random() < WITH_ADDRESS:
                placed.update({key: value for key, value in place.items() if value})
        elif psa_id is None:
            city, state, prefix, area = rng.choice(_CITIES)
            placed.update(city=city, state=state, zip=f"{prefix}{rng.randrange(100):02d}")
            if "phone" not in placed:
                exchange = rng.choice(_EXCHANGES)
                placed["phone"] = f"({area}) {exchange}-{rng.randrange(10_000):04d}"
        return placed
