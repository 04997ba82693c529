"""The matcher's index is exact and compact: every look-up finds exactly the companies a scan
of all of them finds, and it holds flat arrays, not a Python object per key.

At 200,000 companies the index is what decides whether the mapping screen fits in its
memory target (README, Benchmarks: "Peak memory"), so its shape is held here without
measuring bytes: the objects it keeps per company are counted, and the suggestions of the
compact index are compared with those of one whose look-ups scan every company.
"""

from __future__ import annotations

import gc
import random
import types
from array import array
from collections.abc import Iterator

import pytest

import tui.core.company_index as company_index
import tui.core.key_index as key_index
from tui.core.key_index import HeldKeyIndex, KeyIndex, KeyOf
from tui.core.match_results import RecordMatches
from tui.core.matching import Matcher
from tui.core.records import LocalRecord, PostalAddress
from tui.demo.sample_records import sample_records
from tui.psa.models import Company
from tui.sandbox.factory import make_tenant


@pytest.fixture(scope="module")
def companies() -> list[Company]:
    tenant = make_tenant("index", 1_500, seed=21)
    return [Company.model_validate(c) for c in tenant.companies]


@pytest.fixture(scope="module")
def matcher(companies: list[Company]) -> Matcher:
    return Matcher(companies)


class ScanIndex:
    """The brute-force reference for `KeyIndex`: every company's key compared, every time."""

    def __init__(self, key_of: KeyOf, count: int, keys: object = None) -> None:
        self._key_of, self._count = key_of, count  # `keys` (made in bulk) not trusted: scanned

    def get(self, key: str) -> list[int]:
        return [p for p in range(self._count) if key and self._key_of(p) == key]


def scan_held(keys: list[str]) -> ScanIndex:
    """The brute-force reference for `HeldKeyIndex`."""
    return ScanIndex(keys.__getitem__, len(keys))


def _records(companies: list[Company]) -> Iterator[LocalRecord]:
    """Respelt names, plus records that reach each look-up: identifier (any case), phone (as
    typed), website (with a path or a subdomain), address."""
    for r in sample_records(companies, n=300, seed=22):
        yield LocalRecord(r.record["id"], r.record["name"], r.record.get("domain"),
                          r.record.get("phone"))  # fmt: skip
    rng = random.Random(23)
    for n in range(200):
        mine, other = rng.choice(companies), rng.choice(companies)
        phone = mine.phone_number or ""
        yield LocalRecord(
            f"T-{n}",
            mine.name if n % 2 else other.name,
            domain=f"https://shop.{mine.website}/about" if mine.website and n % 3 else None,
            phone=f"({phone[:3]}) {phone[3:6]}-{phone[6:]} x12" if n % 4 else None,
            identifier=mine.identifier.upper() if n % 5 else None,
            address=PostalAddress(city=mine.city or "", state=mine.state or "", zip=""),
        )


def test_suggestions_equal_those_of_look_ups_that_scan_every_company(
    companies: list[Company], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = list(_records(companies))
    compact = Matcher(companies).rank_all(records)
    monkeypatch.setattr(company_index, "KeyIndex", ScanIndex)
    monkeypatch.setattr(company_index, "HeldKeyIndex", scan_held)
    scanned = Matcher(companies).rank_all(records)
    assert len(compact) == 500
    assert sum(bool(m.suggestions) for m in compact.values()) > 400  # the look-ups were used
    assert {m.suggestions[0].method for m in compact.values() if m.suggestions} == {
        "exact", "identifier", "domain", "fuzzy"}  # fmt: skip
    differ = [rid for rid in compact if compact[rid] != scanned[rid]]
    assert differ == [], f"{len(differ)} records differ, e.g. {differ[:3]}"


def test_every_look_up_finds_each_company_by_its_own_key_and_no_other(matcher: Matcher) -> None:
    count = len(matcher)
    lookups = matcher.index.lookups()
    assert len(lookups) == 9
    for name, index in lookups.items():
        key_of = index._key_of if isinstance(index, KeyIndex) else matcher.index.full.__getitem__
        keyed = [p for p in range(count) if key_of(p)]
        assert len(index) == len(keyed), name
        by_key: dict[str, list[int]] = {}
        for p in keyed:
            by_key.setdefault(key_of(p), []).append(p)  # type: ignore[arg-type]
        for key, positions in by_key.items():
            assert list(index.get(key)) == positions, (name, key)
        assert list(index.get("no company has this key")) == [], name


def test_word_postings_are_the_names_holding_each_word(matcher: Matcher) -> None:
    names = matcher._sorted_names
    holding: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        for word in dict.fromkeys(name.split()):
            holding.setdefault(word, []).append(position)
    search = matcher._name_search
    assert set(search._words) == set(holding)
    for word, positions in holding.items():
        assert list(search._posting(word)) == positions, word
        assert search.word_count(word) == len(positions)
    assert list(search._posting("nosuchword")) == [] and search.word_count("nosuchword") == 0


class _Colliding(str):
    """A key whose hash is the same as every other `_Colliding` key's."""

    def __hash__(self) -> int:
        return 12345


def test_a_hash_shared_with_another_key_is_not_a_hit() -> None:
    keys = [_Colliding("acme"), None, _Colliding("fabrikam"), _Colliding("acme"), ""]
    index = KeyIndex(keys.__getitem__, len(keys))
    assert len(index) == 3
    assert list(index.get(_Colliding("acme"))) == [0, 3]
    assert list(index.get(_Colliding("fabrikam"))) == [2]
    assert list(index.get(_Colliding("contoso"))) == []
    assert list(index.get("")) == []


def _held_objects(matcher: Matcher, companies: list[Company]) -> int:
    """How many objects the matcher holds beyond the companies and what they hold (code,
    classes and modules, reached through its methods, are not counted)."""
    theirs: set[int] = set()
    stack: list[object] = list(companies)
    while stack:
        obj = stack.pop()
        if id(obj) not in theirs and not isinstance(obj, _CODE):
            theirs.add(id(obj))
            stack += gc.get_referents(obj)
    seen: set[int] = set()
    stack = [matcher]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in theirs or isinstance(obj, _CODE):
            continue
        seen.add(id(obj))
        stack += gc.get_referents(obj)
        stack += getattr(obj, "__dict__", {}).values()  # an instance's inline attributes
    return len(seen) - 1  # not the matcher itself


_CODE = (type, types.FunctionType, types.BuiltinFunctionType, types.ModuleType)


def test_the_index_holds_a_few_objects_per_company_not_one_per_key(
    companies: list[Company], matcher: Matcher
) -> None:
    # Per company (~4.7 here): its normalised name, its sorted name and its website's domain
    # (when they differ from what it already holds), its position in the name dict (the one
    # look-up kept as a dict, over the names it holds) and its share of the distinct name
    # words (a word and its number: ~1.3 words a company in a tenant this small). Dicts of
    # strings for every look-up held ~11: a key string and an int per look-up, a name-key
    # tuple, a list slot per word.
    lookups = matcher.index.lookups()  # built on first need: all of them now
    assert isinstance(lookups.pop("by_name"), HeldKeyIndex)
    for name, index in lookups.items():
        assert isinstance(index, KeyIndex) and isinstance(index._codes, array), name
    held = _held_objects(matcher, companies)
    assert held < 6 * len(companies), held


def test_an_empty_index_finds_nothing() -> None:
    index = KeyIndex([].__getitem__, 0)
    assert len(index) == 0 and list(index.get("acme")) == []
    assert len(HeldKeyIndex([])) == 0 and list(HeldKeyIndex([]).get("acme")) == []
    assert Matcher([]).rank(LocalRecord("C-1", "Acme")) == RecordMatches("C-1")


@pytest.mark.parametrize("count", [0, 1, 2047, 2048, 5000, 50_000])
def test_codes_sorted_in_steps_are_the_codes_sorted(count: int) -> None:
    # Dealt into buckets by value and sorted a bucket at a time (short calls, so the UI's
    # loop is not kept waiting for the interpreter lock): the same order as one sort,
    # duplicates, the lowest code and the highest below the top included.
    rng = random.Random(count)
    top = float(1 << 40)
    codes = [float(rng.randrange(1 << 40)) for _ in range(count)]
    if count:
        codes[: min(count, 3)] = [0.0, top - 1, top - 1][: min(count, 3)]
        codes += codes[: count // 10]  # duplicates
    expected = sorted(codes)
    assert list(key_index._sorted_in_steps(list(codes), top)) == expected
