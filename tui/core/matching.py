"""Rank PSA companies for each local record, say why, and refuse to guess between near-equals.

Exact keys (normalised name, identifier, website domain) are dictionary lookups. Fuzzy scoring
runs only for records without an exact name or identifier hit, and only against the companies
that share a word (or a word one typo away) with the record: blocking keeps 10,000 records
against 50,000 companies to about a second where scoring every pair takes several.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, Protocol

from rapidfuzz import fuzz, process

from tui.core.normalize import (
    GENERIC_DOMAINS,
    NameKey,
    name_key,
    normalize_domain,
    normalize_phone,
)
from tui.psa.models import Company

#: Suggestions at or above this score are accepted automatically unless the record is ambiguous.
DEFAULT_MIN_SCORE = 92.0
#: Fuzzy candidates scoring below this are not suggested at all.
FUZZY_CUTOFF = 70.0
#: A runner-up this close to a top score below 100 makes the record ambiguous.
AMBIGUITY_MARGIN = 2.0
#: How much an agreeing phone number adds to a score below 100 (never reaching 100).
PHONE_BOOST = 3.0
#: How far a fuzzy score moves toward the similarity of the words two names do not share.
DIFFERENCE_WEIGHT = 0.3
#: What a different website costs a candidate whose name is not an exact match.
OTHER_DOMAIN_PENALTY = 5.0
#: A fuzzy name score that counts as evidence when two candidates are weighed.
NAME_SUPPORT = 90.0
#: At most this many suggestions per record.
MAX_SUGGESTIONS = 5

SCORE_EXACT = 100.0
SCORE_IDENTIFIER = 100.0
SCORE_DOMAIN = 97.0
SCORE_BRACKETS = 95.0
#: One name's words all appear in the other: worth showing, never enough to accept unasked.
SCORE_CONTAINED = 85.0

# How many companies one fuzzy search scores at most (beyond those of its rarest word).
_CANDIDATE_BUDGET = 300
# Hits kept from one fuzzy search (a company sharing two words with the query comes twice).
_FUZZY_LIMIT = 4 * MAX_SUGGESTIONS
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


class Matcher:
    """Indexes the filtered PSA companies once; then ranks any number of local records."""

    def __init__(self, companies: Sequence[Company]) -> None:
        self._companies = tuple(companies)
        with _gc_paused():
            self._index()

    def _index(self) -> None:
        """Build the lookup tables: name, qualifier-free name, word, identifier, domain, phone."""
        companies = self._companies
        self._ids = [c.id for c in companies]
        keys = [name_key(c.name) for c in companies]
        self._sorted_names = [" ".join(sorted(k.full.split())) for k in keys]
        by_name: defaultdict[str, list[int]] = defaultdict(list)
        by_core: defaultdict[str, list[int]] = defaultdict(list)
        by_word: defaultdict[str, list[int]] = defaultdict(list)
        for position, (full, core) in enumerate(keys):
            by_name[full].append(position)
            if core != full:
                by_core[core].append(position)
            for word in set(full.split()):
                by_word[word].append(position)
        by_name.pop("", None)
        by_identifier: defaultdict[str, list[int]] = defaultdict(list)
        by_domain: defaultdict[str, list[int]] = defaultdict(list)
        by_phone: defaultdict[str, list[int]] = defaultdict(list)
        self._domains: list[str | None] = [None] * len(companies)
        for position, company in enumerate(companies):
            if company.identifier:
                by_identifier[company.identifier.casefold()].append(position)
            if company.website:
                domain = normalize_domain(company.website)
                if domain and domain not in GENERIC_DOMAINS:
                    by_domain[domain].append(position)
                    self._domains[position] = domain
            if company.phone_number:
                phone = normalize_phone(company.phone_number)
                if phone:
                    by_phone[phone].append(position)
        self._by_name = dict(by_name)
        self._by_core = dict(by_core)
        self._by_word = dict(by_word)
        self._by_identifier = dict(by_identifier)
        self._by_domain = dict(by_domain)
        self._by_phone = {k: v for k, v in by_phone.items() if len(v) <= _MAX_PHONE_SHARE}
        self._words_by_prefix: dict[str, list[str]] | None = None
        self._words_by_suffix: dict[str, list[str]] = {}

    def __len__(self) -> int:
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
        with _gc_paused():
            for done, record in enumerate(records, start=1):
                result[record.id] = self.rank(record)
                if on_progress is not None and (done % _PROGRESS_STEP == 0 or done == total):
                    on_progress(done, total)
        return result

    def rank(self, record: RecordLike) -> RecordMatches:
        """The record's best suggestions (at most five), and whether choosing needs a person."""
        key = name_key(record.name)
        found: dict[int, _Evidence] = {}
        for position in self._by_name.get(key.full, ()):
            found[position] = _Evidence(position, exact=True)
        for position in self._qualified_matches(key):
            if position not in found:
                found[position] = _Evidence(position, bracketed=True)
        if record.identifier:
            for position in self._by_identifier.get(record.identifier.strip().casefold(), ()):
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].identifier = True
        settled = bool(found)  # a name or identifier hit: no fuzzy search needed
        domain = normalize_domain(record.domain)
        if domain in GENERIC_DOMAINS:
            domain = None
        if domain:
            for position in self._by_domain.get(domain, ()):
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].domain = True
        phone = normalize_phone(record.phone)
        if phone:
            for position in self._by_phone.get(phone, ()):
                if position not in found:
                    found[position] = _Evidence(position)
                found[position].phone = True
        queries = [" ".join(sorted(key.core.split()))]
        if key.core != key.full:
            queries.append(" ".join(sorted(key.full.split())))
        if not settled and key.full:
            for query in queries:
                for position, score, contained in self._fuzzy(query):
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
            hits += self._by_name.get(key.core, ())
            hits += self._by_core.get(key.core, ())
        hits += self._by_core.get(key.full, ())
        return hits

    def _fuzzy(self, query: str) -> list[tuple[int, float, bool]]:
        """Companies whose token-sorted name scores at least FUZZY_CUTOFF against `query`.

        Only companies sharing a word with the query (or a word one typo from one of its
        words) are scored, rarest words first, up to a budget: the company a record means
        shares most of its words, so its rarest intact word finds it.
        """
        blocks: list[list[int]] = []
        for word in set(query.split()):
            if word in self._by_word:
                blocks.append(self._by_word[word])
            elif len(word) >= 4:
                blocks += (self._by_word[near] for near in self._near_words(word))
        if not blocks:
            return []
        blocks.sort(key=len)
        candidates = list(blocks[0])
        for positions in blocks[1:]:
            if len(candidates) + len(positions) > _CANDIDATE_BUDGET:
                break
            candidates += positions
        choices = [self._sorted_names[candidates[0]]]
        if len(candidates) > 1:
            choices = list(itemgetter(*candidates)(self._sorted_names))
        hits = process.extract(
            query, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=_FUZZY_LIMIT
        )
        scored = {candidates[i]: (similarity(query, n, s), False) for n, s, i in hits}
        if not scored or max(score for score, _ in scored.values()) < SCORE_CONTAINED:
            # "Glenford Imaging SA Main Office": every word of a PSA name is there, plus noise.
            for _, _, i in process.extract(
                query, choices, scorer=fuzz.token_set_ratio, score_cutoff=100, limit=_FUZZY_LIMIT
            ):
                scored.setdefault(candidates[i], (SCORE_CONTAINED, True))
        return [(position, score, contained) for position, (score, contained) in scored.items()]

    def _near_words(self, word: str) -> list[str]:
        """Known words one typo from `word`, found among words sharing its first or last three."""
        if self._words_by_prefix is None:
            by_prefix: defaultdict[str, list[str]] = defaultdict(list)
            by_suffix: defaultdict[str, list[str]] = defaultdict(list)
            for known in self._by_word:
                if len(known) >= 3:
                    by_prefix[known[:3]].append(known)
                    by_suffix[known[-3:]].append(known)
            self._words_by_prefix, self._words_by_suffix = dict(by_prefix), dict(by_suffix)
        pool = self._words_by_prefix.get(word[:3], []) + self._words_by_suffix.get(word[-3:], [])
        hits = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=75.0, limit=4)
        return list(dict.fromkeys(near for near, _, _ in hits))

    def _judge(
        self, record_id: str, queries: list[str], found: dict[int, _Evidence], domain: str | None
    ) -> RecordMatches:
        """Score each candidate, order them, and decide whether the top one stands alone."""
        if not found:
            return RecordMatches(record_id)
        names = self._sorted_names
        items = list(found.values())
        for item in items:
            if item.name_score < 0:
                item.name_score = max(similarity(q, names[item.position]) for q in queries)
            if domain and not item.domain and self._domains[item.position]:
                item.other_domain = True
            _score(item)
        items = [i for i in items if i.score >= FUZZY_CUTOFF or i.phone]
        if not items:
            return RecordMatches(record_id)
        ids = self._ids
        items.sort(key=lambda e: (-e.score, -e.signals, -e.name_score, ids[e.position]))
        top = items[0]
        margin = 0.0 if top.score >= 100.0 else AMBIGUITY_MARGIN
        ambiguous = any(
            (rival.score >= top.score - margin or rival.exact or rival.identifier or rival.domain)
            and rival.signals >= top.signals
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


def similarity(a: str, b: str, ratio: float | None = None) -> float:
    """Ratio of two token-sorted names, moved toward the ratio of the words they do not share.

    "arden travel" and "hartden travel" are 92 alike as strings, but the words that tell
    companies apart are only 83 alike: the score becomes 88, not enough to accept unasked.
    """
    if ratio is None:
        ratio = fuzz.ratio(a, b)
    if ratio >= 100.0 or (" " not in a and " " not in b):
        return ratio
    a_words, b_words = a.split(), b.split()
    common = set(a_words).intersection(b_words)
    a_rest = " ".join(w for w in a_words if w not in common)
    b_rest = " ".join(w for w in b_words if w not in common)
    if not common or not a_rest or not b_rest:
        return ratio  # nothing shared, or only words added: the plain ratio says it all
    return ratio - max(0.0, ratio - fuzz.ratio(a_rest, b_rest)) * DIFFERENCE_WEIGHT


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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: indexing and ranking allocate hundreds of thousands of small
    acyclic objects, and the collector would rescan them over and over (a third of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
