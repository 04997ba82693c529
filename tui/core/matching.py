"""Rank PSA companies for each local record, say why, and refuse to guess between near-equals.

Candidates come from dictionary lookups (normalised name, the same words in any order, the
words joined, the name without a generic word, identifier, website domain, phone), and, for
records without a name or identifier hit, from fuzzy search over companies that share a word
(or a mistyped word) with the record (see `name_search`). Each candidate's name is then
explained change by change (`name_compare`); what no known change explains is scored by
string similarity. Same-name companies are told apart by website, phone and address; names
that must not be linked unasked (placeholders, people, another branch) are held for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from tui.core.company_index import CompanyIndex, without_generic
from tui.core.match_results import MatchSuggestion, Method, RecordMatches
from tui.core.name_compare import NameVerdict, explain, holds_the_other
from tui.core.name_kinds import hold_reason, without_markers
from tui.core.name_search import similarity
from tui.core.normalize import NameKey, legal_form, name_key, normalize_phone, short_joined
from tui.core.places import Place, place_agreement
from tui.core.websites import website_key
from tui.psa.models import CompanyLike

#: Fuzzy candidates scoring below this are not suggested unless nothing scores higher.
FUZZY_CUTOFF = 70.0
#: When no candidate reaches `FUZZY_CUTOFF`, the best ones down to this score are shown (a
#: person may still recognise the company; "no suggestion" leaves them to search).
SUGGEST_FLOOR = 60.0
#: A runner-up this close to a top score below 100 makes the record ambiguous.
AMBIGUITY_MARGIN = 2.0
#: How much an agreeing phone number adds to a score below 100 (never reaching 100).
PHONE_BOOST = 3.0
#: What a different website costs a candidate whose name is not an exact match.
OTHER_DOMAIN_PENALTY = 5.0
#: A fuzzy name score that counts as evidence when two candidates are weighed.
NAME_SUPPORT = 90.0
#: The most a name missing a generic word may score when the words left name several companies.
NOT_UNIQUE_CEILING = 90.0
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
    verdict: NameVerdict | None = None
    other_domain: bool = False  # both have a website, and they differ
    contained: bool = False  # name_score says "one name's words are all in the other"
    not_unique: bool = False  # without a generic word, the name fits several companies
    place: int = 0  # how far the addresses agree (+) or differ (-)
    score: float = 0.0
    signals: int = 0


class _Query(NamedTuple):
    """A record's name as the lookups and comparisons read it."""

    key: NameKey
    core: list[str]
    qualifier: list[str]
    sorted_names: list[str]


class Matcher:
    """Indexes the filtered PSA companies once; then ranks any number of local records.

    Indexing and ranking allocate hundreds of thousands of small objects: a caller doing a
    big run owns the GC policy and wraps it in `tui.core.gc_pause.gc_paused()`.
    """

    def __init__(self, companies: Iterable[CompanyLike]) -> None:
        self._companies = tuple(companies)
        index = self._index = CompanyIndex(
            self._companies, cutoff=FUZZY_CUTOFF, contained_score=SCORE_CONTAINED,
            floor=SUGGEST_FLOOR,
        )  # fmt: skip
        # What every record reads, at hand; the other look-ups are built on first need.
        self._ids, self._deleted = index.ids, index.deleted
        self._full, self._core, self._sorted_names = index.full, index.core, index.sorted_names
        self._by_name, self._by_core = index.by_name, index.by_core
        self._name_search = index.name_search
        self._holds: dict[int, str | None] = {}
        self._forms: dict[int, str] = {}  # legal forms, read for companies that tie

    @property
    def index(self) -> CompanyIndex:
        """The companies' keys and look-ups (read-only: for measures and tests)."""
        return self._index

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
        held = hold_reason(record.name) or ""
        key = name_key(without_markers(record.name) if held else record.name)
        core = key.core.split()
        query = _Query(key, core, key.full.split()[len(core) :], [" ".join(sorted(core))])
        if key.core != key.full:
            query.sorted_names.append(" ".join(sorted(key.full.split())))
        found: dict[int, _Evidence] = {}
        for position in self._by_name.get(key.full):
            found[position] = _Evidence(position, exact=True)
        for position in self._qualified_matches(key):
            if position not in found:
                found[position] = _Evidence(position, bracketed=True)
        if record.identifier:
            for position in self._index.by_identifier.get(record.identifier.strip().casefold()):
                _evidence(found, position).identifier = True
        settled = bool(found)  # a name or identifier hit: no fuzzy search needed
        if not settled:
            self._variant_lookups(query, found)
        domain = website_key(record.domain) if record.domain else None
        for position in self._index.by_domain.get(domain) if domain else ():
            _evidence(found, position).domain = True
        phone = normalize_phone(record.phone)
        if phone:
            shared_by = self._index.by_phone.get(phone)
            # A number many companies share (a head-office switchboard) tells nothing apart.
            for position in shared_by if len(shared_by) <= _MAX_PHONE_SHARE else ():
                _evidence(found, position).phone = True
        if not settled and key.full:
            for name in query.sorted_names:
                for position, score, contained in self._name_search.search(name):
                    item = _evidence(found, position)
                    if score > item.name_score:
                        item.name_score, item.contained = score, contained
        return self._judge(record, query, found, domain, held)

    def _variant_lookups(self, query: _Query, found: dict[int, _Evidence]) -> None:
        """Companies whose name is the record's in another word order, with words joined or
        split, or with a generic word more or less."""
        core = query.core
        generic_free = without_generic(core)
        companies = self._index
        joined, short = "".join(core), short_joined(core)
        for index, lookup in (
            (companies.by_bag, query.sorted_names[0]),  # words in another order
            (companies.by_joined, joined),  # compounds split or merged
            (companies.by_joined_short, short),  # "GreenTech" / "Green Tech(nology)"
            (companies.by_joined, short if short != joined else ""),  # the other way round
            (companies.by_generic_free, query.sorted_names[0]),  # the record lacks a generic word
            (companies.by_bag, generic_free),  # the record adds one
            (companies.by_generic_free, generic_free),  # each has another
        ):
            for position in index.get(lookup) if lookup else ():
                if position not in found:
                    found[position] = _Evidence(position)

    def _qualified_matches(self, key: NameKey) -> list[int]:
        """Companies equal to the record once qualifiers ("(HQ)", "[UK]", "- Accounts") are set
        aside on either side."""
        hits: list[int] = []
        if key.core != key.full:
            hits += self._by_name.get(key.core)
            hits += self._by_core.get(key.core)
        hits += self._by_core.get(key.full)
        return hits

    def _weigh_name(self, item: _Evidence, query: _Query) -> None:
        """Set the candidate's name score: explained change by change where every difference
        is a known kind, else string similarity."""
        if item.exact:
            item.name_score = 100.0
            return
        position = item.position
        their_core = self._core[position].split()
        verdict = explain(
            query.core,
            their_core,
            query.qualifier,
            self._full[position].split()[len(their_core) :],
            word_count=self._name_search.word_count,
        )
        if verdict is not None:
            item.verdict, item.contained = verdict, False
            item.name_score = verdict.score
            if verdict.generic_word and not self._names_one(query.core, their_core, item):
                item.not_unique = True
                item.name_score = min(item.name_score, NOT_UNIQUE_CEILING)
        else:
            if item.name_score < 0:
                names = self._sorted_names
                item.name_score = max(similarity(q, names[position]) for q in query.sorted_names)
            if item.name_score > SCORE_CONTAINED and holds_the_other(
                query.core, their_core, self._name_search.word_count
            ):
                # An extra word nothing explains ("3 Rivers Health" / "Rivers Health") may be
                # the one that names another company; a short one barely moves the ratio.
                item.name_score, item.contained = SCORE_CONTAINED, True

    def _names_one(self, mine: list[str], theirs: list[str], item: _Evidence) -> bool:
        """Whether the words two names share (one lacks a generic word) fit this company only."""
        shorter = mine if len(mine) < len(theirs) else theirs
        cores = self._core
        core = cores[item.position]
        return all(cores[p] == core for p in self._name_search.holding(shorter))

    def _judge(
        self,
        record: RecordLike,
        query: _Query,
        found: dict[int, _Evidence],
        domain: str | None,
        held: str,
    ) -> RecordMatches:
        """Score each candidate, order them, and decide whether the top one stands alone."""
        if not found:
            return RecordMatches(record.id, held=held)
        place = Place.of(record)
        items = list(found.values())
        for item in items:
            self._weigh_name(item, query)
            if domain and not item.domain and self._index.domains[item.position]:
                item.other_domain = True
            if place:
                item.place = place_agreement(place, self._companies[item.position])
            _score(item)
        if len(items) == 1 and items[0].score >= FUZZY_CUTOFF:  # the common case: one name hit
            only = items[0]
            held = held or self._hold_on(only, items)
            return RecordMatches(record.id, (self._suggestion(only, domain),), False, held)
        kept = [i for i in items if i.score >= FUZZY_CUTOFF or i.phone]
        if not kept:
            kept = sorted((i for i in items if i.score >= SUGGEST_FLOOR), key=lambda i: -i.score)
            kept = kept[:3]
        items = kept
        if not items:
            return RecordMatches(record.id, held=held)
        ids, deleted = self._ids, self._deleted
        form = legal_form(record.name) if record.name else ""

        def order(e: _Evidence) -> tuple[float, int, int, bool, bool, float, int]:
            return (-e.score, -e.signals, -e.place, deleted[e.position],
                    not form or self._legal_form(e.position) != form, -e.name_score,
                    ids[e.position])  # fmt: skip

        items.sort(key=order)
        top = items[0]
        margin = 0.0 if top.score >= 100.0 else AMBIGUITY_MARGIN
        # A company in the recycle bin never rivals a live one of the same name: the live one
        # is the company the record means (only `--include-deleted` loads deleted ones at all).
        ambiguous = any(
            (rival.score >= top.score - margin or rival.exact or rival.identifier or rival.domain)
            and (rival.signals, rival.place) >= (top.signals, top.place)
            and (deleted[top.position] or not deleted[rival.position])
            for rival in items[1:]
        )
        held = held or self._hold_on(top, items)
        suggestions = tuple(self._suggestion(item, domain) for item in items[:MAX_SUGGESTIONS])
        return RecordMatches(record.id, suggestions, ambiguous, held)

    def _legal_form(self, position: int) -> str:
        """The company's legal form in one spelling (see `legal_form`), read once."""
        if (form := self._forms.get(position)) is None:
            form = self._forms[position] = legal_form(self._companies[position].name)
        return form

    def _hold_on(self, top: _Evidence, items: list[_Evidence]) -> str:
        """Why the best candidate must not be linked unasked ("" when nothing stands in the way)."""
        position = top.position
        if position not in self._holds:
            self._holds[position] = hold_reason(self._companies[position].name)
        if (reason := self._holds[position]) is not None:
            return f"the company {reason[0].lower()}{reason[1:]}"
        verdict = top.verdict
        if verdict is not None and verdict.other_branch:
            return "another branch of the same name"
        if (
            verdict is not None
            and "a qualifier" in verdict.changes
            and any(i.verdict is not None and i.verdict.other_branch for i in items[1:])
        ):
            return "the PSA holds several branches of this name"
        return ""

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
        verdict = item.verdict
        if item.exact:
            pass
        elif verdict is not None and verdict.changes == ("a qualifier",):
            reasons.append("same name apart from a qualifier")
        elif verdict is not None:
            reasons.append("same name but " + ", ".join(verdict.changes))
            if item.not_unique:
                reasons.append("the words left fit several companies")
        elif item.contained:
            reasons.append("one name holds all the words of the other")
        else:
            reasons.append(f"fuzzy {_whole(item.name_score):.0f} (token sort)")
        if item.phone:
            reasons.append("phone matches")
        if item.place > 0:
            reasons.append("address matches")
        elif item.place < 0:
            reasons.append("but the address differs")
        if item.other_domain and not item.exact:
            reasons.append(f"but website is {self._index.domains[item.position]}")
        return MatchSuggestion(
            self._ids[item.position], _whole(item.score), method, "; ".join(reasons)
        )


def _evidence(found: dict[int, _Evidence], position: int) -> _Evidence:
    """The candidate's evidence, made on its first hit (most hits are of a candidate already
    found: `setdefault` would make an `_Evidence` each time, to throw away)."""
    item = found.get(position)
    if item is None:
        item = found[position] = _Evidence(position)
    return item


#: Every whole score as one shared float: 50,000 records' suggestions hold no float each.
_WHOLE_SCORES = tuple(float(n) for n in range(101))


def _whole(score: float) -> float:
    """A score as shown and compared: rounded half up to a whole number."""
    whole = int(score + 0.5)
    return _WHOLE_SCORES[whole] if 0 <= whole <= 100 else float(whole)


def _score(item: _Evidence) -> None:
    """Set the candidate's score and how many independent signals agree on it."""
    if item.exact or item.identifier:
        score = SCORE_EXACT
    elif item.domain:
        score = SCORE_DOMAIN
    else:
        score = item.name_score
    if item.phone and score < 100.0:
        score = min(score + PHONE_BOOST, 99.0)
    if item.other_domain and score < 100.0:
        score -= OTHER_DOMAIN_PENALTY
    verdict = item.verdict
    branch = verdict is not None and verdict.other_branch
    named = item.exact or item.bracketed or item.name_score >= NAME_SUPPORT
    item.score = score
    item.signals = (named and not branch) + item.identifier + item.domain + item.phone
