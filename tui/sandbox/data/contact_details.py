"""Country, website and phone of a generated company: derived once per row and cached on it.

Filters (`website = null`), trimmed `fields=` pages and full records all read these three,
so each row computes them once and keeps them in `CompanyRow.derived` (a pure function of
the row and the tenant's seed, so caching it on a shared row is safe). A company entered
twice (`twin`) often keeps its twin's website or phone, as a re-created client does.
"""

from __future__ import annotations

import re
import unicodedata

from tui.sandbox.data import words
from tui.sandbox.data.rows import CompanyRow

_MASK = (1 << 64) - 1
_WORD = re.compile(r"[a-z0-9]+")
# Dots, apostrophes and slashes join what they separate: "O'Brien" -> obrien, "24/7" -> 247.
_JOINERS = str.maketrans("", "", ".'’/")
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "þ": "th", "ı": "i"})
_STEM_MAX = 24

#: (salt, country code, website, phone): what `ContactDeriver.details` caches on a row.
Details = tuple[int, str, str | None, str | None]


def mix(x: int) -> int:
    """splitmix64 finaliser: a well-spread 64-bit hash of an int."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


class ContactDeriver:
    """Derives one tenant's countries, websites and phones from its seed (`salt`)."""

    def __init__(
        self, salt: int, suffixes: tuple[tuple[str, str | None], ...], home_country: str
    ) -> None:
        self.salt = salt
        self.home_country = home_country
        self._suffix_countries = {s: c for s, c in suffixes if c}
        legal = {w for s, _ in suffixes for w in s.lower().translate(_JOINERS).split()}
        self._legal_words = frozenset(w for w in legal if w.isalnum()) | {"company"}

    def hash(self, key_id: int, field: int) -> int:
        """The derived-value hash of one field of the company with id `key_id`."""
        return mix(self.salt ^ (key_id * 1_000_003 + field))

    def details(self, row: CompanyRow) -> Details:
        """The row's (salt, country, website, phone), computed on first use."""
        cached = row.derived
        if cached is None or cached[0] != self.salt:
            cached = row.derived = (self.salt, *self._derive(row))
        return cached

    def _derive(self, row: CompanyRow) -> tuple[str, str | None, str | None]:
        own = row.id
        key = row.twin or own  # what a copy shares with the company it repeats
        name = row.original_name or row.name
        country = self._suffix_country(name)
        if country is None:
            pick = self.hash(key, 1) % 10
            country = self.home_country if pick < 7 else ("US", "GB", "CA")[pick % 3]
        website = None
        h = self.hash(own, 2)
        if h % 8:  # about one company in eight has no website
            own_site = row.twin and (h >> 3) % 10 >= 5
            domain = self._domain(name, country, self.hash(own if own_site else key, 7))
            if own_site:
                domain = self._variant(domain, country, h >> 16)
            form = (h >> 8) % 10
            website = f"www.{domain}" if form < 5 else f"https://{domain}" if form < 7 else domain
        h = self.hash(own, 3)
        shared_phone = row.twin and (h >> 40) % 10 < 4
        return country, website, _phone(country, self.hash(key, 3) if shared_phone else h)

    def _suffix_country(self, name: str) -> str | None:
        """The country of the legal form the name ends with ("Pty Ltd" before "Ltd")."""
        tail = name.rsplit(" ", 2)
        if len(tail) < 2:
            return None
        countries = self._suffix_countries
        return (len(tail) == 3 and countries.get(f"{tail[1]} {tail[2]}")) or countries.get(tail[-1])

    def stem_words(self, name: str) -> list[str]:
        """The words a domain is made of: no "The", "and" or legal form, ASCII only."""
        text = name.lower()
        if not text.isascii():
            text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
            text = text.encode("ascii", "ignore").decode()
        found = [w for w in _WORD.findall(text.translate(_JOINERS)) if w != "and"]
        if len(found) > 1 and found[0] == "the":
            found = found[1:]
        while len(found) > 1 and found[-1] in self._legal_words:
            found.pop()
        return found or ["company"]

    def _domain(self, name: str, country: str, h: int) -> str:
        parts = self.stem_words(name)
        stem = "-".join(parts) if len(parts) > 1 and h % 9 == 0 else "".join(parts)
        if len(stem) > _STEM_MAX:
            two = "".join(parts[:2])
            stem = two if len(two) <= _STEM_MAX else parts[0][:_STEM_MAX]
        return stem + words.TLDS[country]

    def _variant(self, domain: str, country: str, h: int) -> str:
        """Another domain for the same name: the copy's own website."""
        tld = words.TLDS[country]
        stem = domain[: -len(tld)]
        kind = h % 6
        if kind == 0:
            return f"{stem}online{tld}"
        if kind == 1:
            return f"get{stem}{tld}"
        if kind == 2:
            return f"{stem}-{'uk' if country == 'GB' else country.lower()}{tld}"
        if kind == 3:
            return f"{stem}.net"
        if kind == 4:
            return f"{stem}hq{tld}"
        return f"{stem}group{tld}"


def _phone(country: str, h: int) -> str | None:
    """Digits only, as the vendor stores them; a few companies have none."""
    if h % 25 == 0:
        return None
    if country in ("US", "CA"):
        return f"{200 + h % 790}555{(h >> 12) % 10000:04d}"
    return f"0{(h >> 12) % 90 + 10}{(h >> 20) % 10000000:07d}"
