"""Deterministic generated companies, stored compactly (one small slotted row per company).

A row holds only what identity and filtering need; the vendor-shaped 2 KB JSON record is
derived from it on demand (see `records.py`), so 50,000 companies stay a few megabytes.
Generation is cached per (profile, size, seed): tests and the demo share the rows, and
tenants never mutate a shared row (they replace it).
"""

from __future__ import annotations

import random
import re
import unicodedata
import zlib
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from tui.sandbox import words
from tui.sandbox.profiles import PROFILES, TenantProfile

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
IDENTIFIER_MAX = 30
NAME_MAX = 50


@dataclass(slots=True)
class CompanyRow:
    """One company as stored: the fields conditions use most, the rest derives from `id`.

    `extra` holds fields a client set explicitly (POST body); they override derived ones.
    `updated_at` is epoch seconds of a change made after generation (0: derived).
    """

    id: int
    identifier: str
    name: str
    status_id: int
    type_ids: tuple[int, ...]
    deleted: bool
    extra: dict[str, Any] | None = None
    updated_at: int = 0


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
        self.status_cum = list(accumulate(s.weight for s in profile.statuses))
        self.combo_cum = {
            s.id: (list(accumulate(w for _, w in s.combos)), [c for c, _ in s.combos])
            for s in profile.statuses
        }

    def rows(self, n: int) -> list[CompanyRow]:
        """`n` companies: the profile's fixed awkward names spread evenly, the rest drawn."""
        rand = self.rng.random
        fixed = self.p.fixed_companies[: max(0, n // 3)]
        fixed_at = {(k + 1) * n // (len(fixed) + 1): spec for k, spec in enumerate(fixed)}
        taken: set[str] = set()
        names: list[str] = []
        rows: list[CompanyRow] = []
        next_id = self.p.first_id
        total = self.status_cum[-1]
        for i in range(n):
            if i in fixed_at:
                name, status_id, type_ids, deleted = fixed_at[i]
            else:
                status = self.p.statuses[bisect(self.status_cum, rand() * total)]
                status_id = status.id
                cum, combos = self.combo_cum[status_id]
                type_ids = combos[min(bisect(cum, rand() * cum[-1]), len(combos) - 1)]
                if names and rand() < self.p.duplicate_rate:
                    name = names[int(rand() * len(names))]
                else:
                    name = self.name()
                deleted = rand() < self.p.deleted_rate
            names.append(name)
            rows.append(
                CompanyRow(next_id, identifier_for(name, taken), name, status_id, type_ids, deleted)
            )
            gap = rand()
            next_id += 1 if gap < 0.85 else 2 + int(gap * 97) % 6
        return rows

    def _pick(self, seq: tuple[str, ...]) -> str:
        return seq[int(self.rng.random() * len(seq))]

    def _surname(self) -> str:
        if self.rng.random() < self.p.accented_rate:
            return self._pick(words.ACCENTED_SURNAMES)
        return self._pick(self.p.surnames)

    def _suffix(self) -> str:
        suffixes = self.p.suffixes
        return suffixes[int(self.rng.random() * len(suffixes))][0]

    def name(self) -> str:
        """A realistic company name from the profile's word lists (at most 50 characters)."""
        x = self.rng.random()
        pick = self._pick
        if x < 0.25:
            name = f"{self._surname()} {pick(self.p.industries)}"
        elif x < 0.28:
            name = f"{self._surname()} {pick(words.SERVICE_PAIRS)}"
        elif x < 0.46:
            name = f"{self._surname()} {pick(self.p.industries)} {self._suffix()}"
        elif x < 0.55:
            name = f"{self._surname()} & {self._surname()}"
            if self.rng.random() < 0.5:
                name = f"{name} {self._suffix()}"
        elif x < 0.61:
            if self.rng.random() < 0.5:
                name = f"The {self._surname()} Group"
            else:
                name = f"The {pick(self.p.descriptors)} {pick(self.p.industries)} Group"
        elif x < 0.84:
            name = f"{pick(self.p.descriptors)} {pick(self.p.industries)} {self._suffix()}"
        elif x < 0.90:
            head, tail = pick(words.COMPOUND_HEADS), pick(words.COMPOUND_TAILS)
            name = f"{head}{tail} {pick(words.COMPOUND_NOUNS)}"
        elif x < 0.95:
            name = f"{pick(self.p.descriptors)} {pick(self.p.industries)}"
        else:
            name = f"{self._surname()}, {self._surname()} & {self._surname()}"
        return name[:NAME_MAX]
