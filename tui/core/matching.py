"""Rank PSA companies for each local record, say why, and refuse to guess between near-equals.

Exact keys (normalised name, identifier, website domain, phone) are dictionary lookups. Fuzzy
search runs only for records without a name or identifier hit, and only against companies that
share a word with the record (see `name_search`): 10,000 records against 50,000 companies take
about a second where scoring every pair takes several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from tui.core.name_search import NameSearch, similarity
from tui.core.normalize import (
    GENERIC_DOMAINS,
    NameKey,
    name_key,
    normalize_domain,
    normalize_phone,
)
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.psa.models import Company

#: Fuzzy candidates scoring below this are not suggested at all.
FUZZY_CUTOFF = 70.0
#: A runner-up this close to a top score below 100 makes the record ambiguous.
AMBIGUITY_MARGIN = 2.0
#: How much an agreeing phone number adds to a score below 100 (never reaching 100).
PHONE_BOOST = 3.0
#: What a different website costs a candidate whose name is not an exact match.
OTHER_DOMAIN_PENALTY = 5.0
#: A fuzzy name score that counts as evidence when two candidates are weighed.
NAME_SUPPORT = 90.0
#: At most this many suggestions per record.
MAX_SUGGESTIONS = 5

SCORE_EXACT = 100.0
SCORE_DOMAIN = 97.0
SCORE_BRACKETS = 95.0
#: One name's words all appear in the other: worth showing, never enough to accept unasked.
SCORE_CONTAINED = 85.0

# Phone numbers shared by more companies than this (a head-office switchboard) are not evidence.
_MAX_PHONE_SHARE = 5
_PROGRESS_STEP = 250

Method = Literal["exact", "identifier", "domain", "fuzzy"]


class RecordLike(Protocol):
    """What matching reads from a local record; `tui.core.records.LocalRecord` fits."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def domain(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def identifier(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class MatchSuggestion:
    """One PSA company proposed for a record, with a 0-100 score and the reason in words."""

    psa_id: int
    score: float
    method: Method
    reason: str


@dataclass(frozen=True, slots=True)
class RecordMatches:
    """A record's suggestions, best first; `ambiguous` means no suggestion may be auto-accepted."""

    record_id: str
    suggestions: tuple[MatchSuggestion, ...] = ()
    ambiguous: bool = False

    @property
    def best(self) -> MatchSuggestion | None:
        """The top suggestion, or None when nothing came close."""
        return self.suggestions[0] if self.suggestions else None

    def confident(self, min_score: float = DEFAULT_MIN_SCORE) -> MatchSuggestion | None:
        """The suggestion to accept without asking: the best one, unambiguous and good enough."""
        best = self.best
        if best is None or self.ambiguous or best.score < min_score:
            return None
        return best


@dataclass(slots=True)
class _Evidence:
    """What one record and one company have in common (mutable while a record is ranked)."""

    position: int
    exact: bool = False
    bracketed: bool = False
    identifier: bool = False
    domain: bool = False
    phone: bool = False
    name_score: float = -1.0  # -1: not computed yet
    other_domain: bool = False  # both have a website, and they differ
    contained: bool = False  # name_score says "one name's words are all in the other"
    score: float = 0.0
    signals: int = 0


class _KeyIndex:
    """Key -> positions of the companies that have it. A key most often has one company, kept
    as a bare int: 150,000 one-item lists would cost time to build and to garbage-collect."""

    __slots__ = ("_map",)

    def __init__(self, pairs: Iterable[tuple[str | None, int]]) -> None:
        held_by: dict[str, int | list[int]] = {}
        for key, position in pairs:
            if not key:
                continue
            held = held_by.setdefault(key, position)
            if held != position:  # positions are unique: equal means just stored
                if isinstance(held, int):
                    held_by[key] = [held, position]
                else:
                    held.append(position)
        self._map = held_by

    def get(self, key: str) -> Sequence[int]:
        """Positions of the companies with `key` (empty when none)."""
        held = self._map.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, int) else held


class Matcher:
    """Indexes the filtered PSA companies once; then ranks any number of local records.

    Indexing and ranking allocate hundreds of thousands of small objects: a caller doing a
    big run owns the GC policy and wraps it in `tui.core.gc_pause.gc_paused()`.
    """

    def __init__(self, companies: Sequence[Company]) -> None:
        self._companies = tuple(companies)
        self._index()

    def _index(self) -> None:
        """Build the lookup tables: name, qualifier-free name, identifier, domain, phone."""
        companies = self._companies
        self._ids = [c.id for c in companies]
        self._deleted = [c.deleted_flag for c in companies]
        keys = [name_key(c.name) for c in companies]
        self._sorted_names = [" ".join(sorted(k.full.split())) for k in keys]
        self._by_name = _KeyIndex((full, p) for p, (full, _) in enumerate(keys))
        self._by_core = _KeyIndex((core, p) for p, (full, core) in enumerate(keys) if core != full)
        self._name_search = NameSearch(
            self._sorted_names, cutoff=FUZZY_CUTOFF, contained_score=SCORE_CONTAINED
        )
        self._by_identifier = _KeyIndex(
            (c.identifier.casefold(), p) for p, c in enumerate(companies) if c.identifier
        )
        domains = [normalize_domain(c.website) if c.website else None for c in companies]
        self._domains = [None if d in GENERIC_DOMAINS else d for d in domains]
        self._by_domain = _KeyIndex((d, p) for p, d in enumerate(self._domains))
        self._by_phone = _KeyIndex(
            (normalize_phone(c.phone_number), p) for p, c in enumerate(companies) if c.phone_number
        )

    def __len__(self) -> int:
        """How many companies were indexed."""
        return len(self._companies)

    def rank_all(
        self,
        records: Iterable[RecordLike],
        *,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, RecordMatches]:
        """Rank every record; `on_progress(done, total)` runs at the start, every few hundred
        records and at the end."""
        records = list(records)
        total = len(records)
        result: dict[str, RecordMatches] = {}
        if on_progress is not None:
            on_progress(0, total)
        for done, record in enumerate(records, start=1):
            result[record.id] = self.rank(record)
            if on_progress is not None and (done % _PROGRESS_STEP == 0 or done == total):
                on_progress(done, total)
        return result

    def rank(self, record: RecordLike) -> RecordMatches:
        """The record's best suggestions (at most five), and whether choosing needs a person."""
        key = name_key(record.name)
        found: dict[int, _Evidence] = {}
        for position in self._by_name.get(key.full):
            found[position] = _Evidence(position, exact=True)
        for position in self._qualified_matches(key):
            if position not in found:
                found[position] = _Evidence(position, bracketed=True)
        if record.identifier:
            for position in self._by_identifier.get(record.identifier.strip().casefold()):
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].identifier = True
        settled = bool(found)  # a name or identifier hit: no fuzzy search needed
        domain = normalize_domain(record.domain)
        if domain in GENERIC_DOMAINS:
            domain = None
        if domain:
            for position in self._by_domain.get(domain):
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].domain = True
        phone = normalize_phone(record.phone)
        if phone:
            shared_by = self._by_phone.get(phone)
            # A number many companies share (a head-office switchboard) tells nothing apart.
            for position in shared_by if len(shared_by) <= _MAX_PHONE_SHARE else ():
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].phone = True
        queries = [" ".join(sorted(key.core.split()))]
        if key.core != key.full:
            queries.append(" ".join(sorted(key.full.split())))
        if not settled and key.full:
            for query in queries:
                for position, score, contained in self._name_search.search(query):
                    item = found.get(position)
                    if item is None:
                        item = found[position] = _Evidence(position)
                    if score > item.name_score:
                        item.name_score, item.contained = score, contained
        return self._judge(record.id, queries, found, domain)

    def _qualified_matches(self, key: NameKey) -> list[int]:
        """Companies equal to the record once qualifiers ("(HQ)", "[UK]", "- Accounts") are set
        aside on either side."""
        hits: list[int] = []
        if key.core != key.full:
            hits += self._by_name.get(key.core)
            hits += self._by_core.get(key.core)
        hits += self._by_core.get(key.full)
        return hits

    def _judge(
        self, record_id: str, queries: list[str], found: dict[int, _Evidence], domain: str | None
    ) -> RecordMatches:
        """Score each candidate, order them, and decide whether the top one stands alone."""
        if not found:
            return RecordMatches(record_id)
        names = self._sorted_names
        items = list(found.values())
        for item in items:
            if item.exact:
                item.name_score = 100.0
            elif item.name_score < 0:
                item.name_score = max(similarity(q, names[item.position]) for q in queries)
            if domain and not item.domain and self._domains[item.position]:
                item.other_domain = True
            _score(item)
        items = [i for i in items if i.score >= FUZZY_CUTOFF or i.phone]
        if not items:
            return RecordMatches(record_id)
        if len(items) == 1:
            return RecordMatches(record_id, (self._suggestion(items[0], domain),))
        ids, deleted = self._ids, self._deleted

        def order(e: _Evidence) -> tuple[float, int, bool, float, int]:
            return (-e.score, -e.signals, deleted[e.position], -e.name_score, ids[e.position])

        items.sort(key=order)
        top = items[0]
        margin = 0.0 if top.score >= 100.0 else AMBIGUITY_MARGIN
        # A company in the recycle bin never rivals a live one of the same name: the live one
        # is the company the record means (only `--include-deleted` loads deleted ones at all).
        ambiguous = any(
            (rival.score >= top.score - margin or rival.exact or rival.identifier or rival.domain)
            and rival.signals >= top.signals
            and (deleted[top.position] or not deleted[rival.position])
            for rival in items[1:]
        )
        suggestions = tuple(self._suggestion(item, domain) for item in items[:MAX_SUGGESTIONS])
        return RecordMatches(record_id, suggestions, ambiguous)

    def _suggestion(self, item: _Evidence, domain: str | None) -> MatchSuggestion:
        """The user-facing form of one candidate: id, score, method and reason."""
        reasons: list[str] = []
        method: Method = "fuzzy"
        if item.exact:
            method = "exact"
            reasons.append("same name after normalisation")
        if item.identifier:
            method = "exact" if item.exact else "identifier"
            identifier = self._companies[item.position].identifier
            reasons.append(f"same identifier {identifier}")
        if item.domain:
            if method == "fuzzy":
                method = "domain"
            reasons.append(f"same website domain {domain}")
        if item.bracketed and not item.exact:
            reasons.append("same name apart from a qualifier")
        elif item.contained:
            reasons.append("one name holds all the words of the other")
        elif not item.exact:
            reasons.append(f"fuzzy {item.name_score:.0f} (token sort)")
        if item.phone:
            reasons.append("phone matches")
        if item.other_domain and not item.exact:
            reasons.append(f"but website is {self._domains[item.position]}")
        return MatchSuggestion(
            self._ids[item.position], round(item.score, 1), method, "; ".join(reasons)
        )


def _score(item: _Evidence) -> None:
    """Set the candidate's score and how many independent signals agree on it."""
    if item.exact or item.identifier:
        score = SCORE_EXACT
    elif item.domain:
        score = SCORE_DOMAIN
    elif item.bracketed:
        score = SCORE_BRACKETS
    else:
        score = item.name_score
    if item.phone and score < 100.0:
        score = min(score + PHONE_BOOST, 99.0)
    if item.other_domain and score < 100.0:
        score -= OTHER_DOMAIN_PENALTY
    named = item.exact or item.bracketed or item.name_score >= NAME_SUPPORT
    item.score = score
    item.signals = named + item.identifier + item.domain + item.phone
