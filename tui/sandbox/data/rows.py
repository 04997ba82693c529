"""Deterministic generated companies, stored compactly (one small slotted row per company).

A row holds only what identity and filtering need; the vendor-shaped 2 KB JSON record is
derived from it on demand (see `records.py`), so 50,000 companies stay a few megabytes.
Generation is cached per (profile, size, seed): tests and the demo share the rows, and
tenants never mutate a shared row (they replace it); only the `derived` cache is filled in
place, with values that are a pure function of the row and the tenant's seed.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zlib
from bisect import bisect
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

from tui.sandbox.data import names
from tui.sandbox.data.names import NameMaker
from tui.sandbox.data.profiles import PROFILES, TenantProfile

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
IDENTIFIER_MAX = 30
NAME_MAX = names.NAME_MAX  # the vendor's limit; the tenant checks POSTed names against it


@dataclass(slots=True)
class CompanyRow:
    """One company as stored: the fields conditions use most, the rest derives from `id`.

    `extra` holds fields a client set explicitly (POST body); they override derived ones.
    `updated_at` is epoch seconds of a change made after generation (0: derived).
    `twin` is the id of the company whose name this one repeats (0: none); its website and
    phone may be the twin's, as when one client is entered twice.
    `original_name` is the generated name: country, website and phone derive from it, so a
    rename keeps them ("": derive from `name`).
    `derived` caches what `RecordBuilder` derives for the row (rebuilt rows start without).
    """

    id: int
    identifier: str
    name: str
    status_id: int
    type_ids: tuple[int, ...]
    deleted: bool
    extra: dict[str, Any] | None = None
    updated_at: int = 0
    twin: int = 0
    original_name: str = ""
    derived: Any = field(default=None, init=False, repr=False, compare=False)


def identifier_for(name: str, taken: set[str]) -> str:
    """The vendor-style identifier: ASCII letters and digits only, at most 30, unique.

    `taken` holds lower-cased identifiers already in use and is updated.
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = _NOT_ALNUM.sub("", name)[:IDENTIFIER_MAX] or "Company"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        tail = str(n)
        candidate = base[: IDENTIFIER_MAX - len(tail)] + tail
    taken.add(candidate.lower())
    return candidate


def stable_seed(*parts: object) -> int:
    """A seed from values, stable across processes (unlike `hash()` of a str)."""
    return zlib.crc32("\x1f".join(map(str, parts)).encode())


@cache
def generate_rows(profile_key: str, n_companies: int, seed: int) -> tuple[CompanyRow, ...]:
    """The companies of a generated tenant, ordered by id (cached; treat rows as read-only)."""
    profile = PROFILES[profile_key]
    return tuple(_Generator(profile, seed).rows(n_companies))


class _Generator:
    """One pass of a seeded `random.Random`; picks use index arithmetic to stay fast."""

    def __init__(self, profile: TenantProfile, seed: int) -> None:
        self.p = profile
        self.rng = random.Random(stable_seed(profile.key, seed))
        self.rand = self.rng.random
        self.names = NameMaker(profile.vocabulary, self.rng)
        self.status_cum = list(accumulate(s.weight for s in profile.statuses))
        self.combo_cum = {
            s.id: (list(accumulate(w for _, w in s.combos)), [c for c, _ in s.combos])
            for s in profile.statuses
        }
        self.inactive = [s for s in profile.statuses if s.inactive]
        self.inactive_cum = list(accumulate(s.weight for s in self.inactive))
        self.inactive_ids = {s.id for s in self.inactive}
        self.default_status = next(s.id for s in profile.statuses if s.default)

    def rows(self, n: int) -> list[CompanyRow]:
        """`n` companies: the profile's fixed awkward names spread evenly, the rest drawn.

        About `duplicate_rate` of them repeat an earlier company's name (its legal form maybe
        respelled), mostly with the opposite standing: the live record and the old one.
        """
        rand = self.rand
        fixed = self.p.fixed_companies[: max(0, n // 3)]
        fixed_at = {(k + 1) * n // (len(fixed) + 1): spec for k, spec in enumerate(fixed)}
        taken: set[str] = set()
        rows: list[CompanyRow] = []
        originals: list[CompanyRow] = []  # drawn names a later company may repeat
        next_id = self.p.first_id
        for i in range(n):
            twin = 0
            if i in fixed_at:
                name, status_id, type_ids, deleted = fixed_at[i]
            elif originals and rand() < self.p.duplicate_rate:
                original = originals[int(rand() * len(originals))]
                twin = original.id
                name = self.names.legal_variant(original.name)
                status_id = self._copy_status(original.status_id)
                type_ids = self._types(status_id)
                deleted = rand() < self.p.deleted_copy_rate
            else:
                status_id = self._status()
                type_ids = self._types(status_id)
                name = self.names.name()
                deleted = rand() < self.p.deleted_rate
            row = CompanyRow(
                next_id,
                identifier_for(name, taken),
                name,
                status_id,
                type_ids,
                deleted,
                twin=twin,
                original_name=name,
            )
            rows.append(row)
            if not twin and i not in fixed_at:
                originals.append(row)
            gap = rand()
            next_id += 1 if gap < 0.85 else 2 + int(gap * 97) % 6
        return rows

    def _status(self) -> int:
        return self.p.statuses[bisect(self.status_cum, self.rand() * self.status_cum[-1])].id

    def _types(self, status_id: int) -> tuple[int, ...]:
        cum, combos = self.combo_cum[status_id]
        return combos[min(bisect(cum, self.rand() * cum[-1]), len(combos) - 1)]

    def _copy_status(self, original_status: int) -> int:
        """A copy of a live company is mostly an old record, a copy of an old one mostly live."""
        x = self.rand()
        if original_status not in self.inactive_ids and self.inactive and x < 0.8:
            cum = self.inactive_cum
            return self.inactive[bisect(cum, self.rand() * cum[-1])].id
        if original_status in self.inactive_ids and x < 0.7:
            return self.default_status
        return self._status()
