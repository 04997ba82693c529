"""Load every company a filter selects in the fewest requests, and prove the list complete.

Strategy, by how many companies are expected:

* Few (unknown, or fewer than two pages): keyset pages one after another
  (`conditions=(filter) and id > last`, `orderBy=id asc`) until a short page. That is the
  physical minimum, ceil(n/1000) requests for n <= 2,000 with no count, and complete by
  construction: every page is a snapshot of the ids after the previous one.
* Many: the navigable pages `page=1..N` concurrently (bounded by the client's semaphore).
  Offset paging shifts when a company is deleted mid-load, so one company can slip
  between two pages (and an insertion can repeat one, which is deduplicated by id).
  Each page proves the id span it returned was complete when it was read; page 1 covers
  everything below its last id. The ids between spans, plus everything after the highest
  id, are then fetched in ONE round: `(filter) and ((id > l1 and id < f2) or ... or id > lN)`,
  keyset-paged, split so that no URL passes ~2,000 characters. That request returns the
  missing companies themselves (usually none: "[]"), so a gap costs no extra count request.
  When the spans already touch (dense ids) and the last page was short, nothing is left to
  check and no extra request is sent.

Result: no duplicates, and no company that matched the filter throughout the load is
missing. Inherent races remain: a company deleted (or moved out of the filter) after its
page was read stays in the list, and one moved *into* the filter inside an id span already
read is not seen; new companies get higher ids, which the final round picks up. A response
that breaks the paging contract (rows out of id order, or not after the keyset bound, or
pages that never end) raises IncompleteResult rather than returning a list that might be
partial.

Decoding 50,000 companies is GC-heavy; the caller that owns the process decides whether
to pause the collector for it (`tui.core.gc_pause`): this module never changes GC state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tui.psa.errors import IncompleteResult
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company

T = TypeVar("T")

PAGE_SIZE = 1000
#: Up to this many pages, sequential keyset paging is as fast as concurrent paging and cheaper.
SEQUENTIAL_PAGES = 2
#: Keep every URL within the vendor's advice (2,000 characters).
MAX_URL_CHARS = 2000
#: A runaway guard: more pages than this (a million companies) means something is wrong.
MAX_PAGES = 1000

FetchPage = Callable[[dict[str, str]], Awaitable[list[Company]]]
OnProgress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Span:
    """Ids [low, high] a page proved complete when it was read; None means unbounded."""

    low: int | None
    high: int | None


class CompanyLoader:
    """One load of a filtered company list: fetch pages, deduplicate, fill gaps, prove it."""

    def __init__(
        self,
        flt: CompanyFilter,
        fetch: FetchPage,
        count: Callable[[], Awaitable[int]],
        url_length: Callable[[dict[str, str]], int],
        *,
        page_size: int = PAGE_SIZE,
        on_progress: OnProgress | None = None,
    ) -> None:
        self._filter = flt
        self._fetch = fetch
        self._count = count
        self._url_length = url_length
        self._page_size = page_size
        self._on_progress = on_progress
        self._rows: dict[int, Company] = {}
        self._spans: list[Span] = []
        self._pages = 0
        self._total = 0

    async def load(self, expected: int | None = None) -> list[Company]:
        """Every company the filter selects, ordered by id; IncompleteResult if unprovable."""
        await self._load(expected)
        result = [self._rows[i] for i in sorted(self._rows)]
        self._report(len(result), len(result))
        return result

    async def _load(self, expected: int | None) -> None:
        size = self._page_size
        first_page = 1
        if expected is None or expected < SEQUENTIAL_PAGES * size:
            self._total = expected or 0
            if await self._keyset(self._filter.conditions(), None, max_pages=SEQUENTIAL_PAGES):
                return
            expected = await self._count()
            self._total = max(expected, len(self._rows))
            if expected - len(self._rows) < size:
                await self._keyset(self._filter.conditions(), self._spans[-1].high)
                return
            first_page = SEQUENTIAL_PAGES + 1
        self._total = expected
        last_page = max(first_page, -(-expected // size))
        await gather(self._navigable(page) for page in range(first_page, last_page + 1))
        await self._fill_gaps()

    async def _keyset(self, conditions: str, after: int | None, max_pages: int = MAX_PAGES) -> bool:
        """Pages of ids after `after` until a short one (True) or `max_pages` full ones (False)."""
        for _ in range(max_pages):
            cond = _all_of(conditions, _after(after))
            rows = await self._page({"conditions": cond} if cond else {})
            self._check(rows, after)
            full = len(rows) == self._page_size
            if rows:
                self._spans.append(Span(_next(after), rows[-1].id if full else None))
                after = rows[-1].id
            else:
                self._spans.append(Span(_next(after), None))
            self._keep(rows, guess_more=full)
            if not full:
                return True
        return False

    async def _navigable(self, page: int) -> None:
        """Offset page `page`: its rows, and the id span it proves."""
        params = {"page": str(page)}
        if cond := self._filter.conditions():
            params["conditions"] = cond
        rows = await self._page(params)
        self._check(rows, None)
        full = len(rows) == self._page_size
        if rows or page == 1:
            low = None if page == 1 else rows[0].id
            self._spans.append(Span(low, rows[-1].id if full else None))
        self._keep(rows, guess_more=False)

    async def _fill_gaps(self) -> None:
        """Fetch whatever lies between the proven spans (and after them) in one round."""
        clauses = gap_clauses(self._spans, max(self._rows, default=None))
        if not clauses:
            return
        self._spans = []
        groups = self._pack(clauses)
        await gather(self._keyset(group, None) for group in groups)

    def _pack(self, clauses: Sequence[str]) -> list[str]:
        """Join gap clauses into condition strings whose URLs stay under MAX_URL_CHARS."""
        groups: list[list[str]] = [[]]
        for clause in clauses:
            trial = [*groups[-1], clause]
            if groups[-1] and self._url_length(self._gap_params(trial)) > MAX_URL_CHARS:
                groups.append([clause])
            else:
                groups[-1] = trial
        return [_all_of(self._filter.conditions(), " or ".join(g)) for g in groups]

    def _gap_params(self, clauses: list[str]) -> dict[str, str]:
        """The worst-case params of a gap request (with the keyset bound), for URL sizing."""
        cond = _all_of(self._filter.conditions(), " or ".join(clauses), "id > 2147483647")
        return self._params({"conditions": cond})

    async def _page(self, params: dict[str, str]) -> list[Company]:
        """One request; the runaway guard stops a server that never runs out of pages."""
        self._pages += 1
        if self._pages > MAX_PAGES:
            raise IncompleteResult(f"more than {MAX_PAGES} pages of companies; stopped loading")
        return await self._fetch(self._params(params))

    def _params(self, params: dict[str, str]) -> dict[str, str]:
        out = dict(params)
        if child := self._filter.child_conditions():
            out["childConditions"] = child
        out["orderBy"] = "id asc"
        out["pageSize"] = str(self._page_size)
        return out

    def _check(self, rows: list[Company], after: int | None) -> None:
        """A page proves its span only if it is no longer than asked and its ids ascend."""
        previous = after
        for row in rows:
            if previous is not None and row.id <= previous:
                raise IncompleteResult(
                    "the PSA returned companies out of id order; cannot prove the list complete"
                )
            previous = row.id
        if len(rows) > self._page_size:
            raise IncompleteResult(
                f"the PSA returned {len(rows)} companies for a page of {self._page_size}"
            )

    def _keep(self, rows: list[Company], *, guess_more: bool) -> None:
        for row in rows:
            self._rows[row.id] = row
        done = len(self._rows)
        self._total = max(self._total, done + (self._page_size if guess_more else 0))
        self._report(done, self._total)

    def _report(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


def gap_clauses(spans: Sequence[Span], highest: int | None) -> list[str]:
    """Conditions for the ids no span covers, plus `id > highest` for companies added since.

    Empty when the spans cover every id and the last one was open-ended: nothing to check.
    """
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: (s.low is not None, s.low or 0))
    clauses = [] if ordered[0].low is None else [f"id < {ordered[0].low}"]
    reach = ordered[0].high  # the merged spans cover every id up to here (None: all of them)
    for span in ordered[1:]:
        if reach is None:
            break
        if span.low is not None and span.low > reach + 1:
            clauses.append(_between(reach, span.low))
        reach = None if span.high is None else max(reach, span.high)
    if reach is not None:
        clauses.append(f"id > {max(reach, highest or reach)}")
    elif clauses and highest is not None:
        clauses.append(f"id > {highest}")  # free in the same request: companies added meanwhile
    return clauses


def _between(low: int, high: int) -> str:
    """Ids strictly between two proven ids (a single id reads as `id = n`)."""
    if high - low == 2:
        return f"id = {low + 1}"
    return f"(id > {low} and id < {high})"


def _all_of(*conditions: str) -> str:
    """`(a and b) and (c or d) and id > 5`: compound parts parenthesised so none leaks."""
    parts = [c for c in conditions if c]
    if len(parts) == 1:
        return parts[0]
    return " and ".join(f"({c})" if _compound(c) else c for c in parts)


def _compound(condition: str) -> bool:
    lowered = condition.lower()
    return " and " in lowered or " or " in lowered


def _after(after: int | None) -> str:
    return "" if after is None else f"id > {after}"


def _next(after: int | None) -> int | None:
    return None if after is None else after + 1


async def gather(coros: Iterable[Awaitable[T]]) -> list[T]:
    """Run concurrently; on the first failure cancel the rest and raise that failure as is."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
