"""Load every company a filter selects in few round trips, and prove the list complete.

Every load is checked against the vendor's `/count` for the same filter: asked alongside
the first page when nobody knows it yet (the CLI), or taken from the caller (the filter
screen shows one). A page shorter than asked is the end only when the count agrees,
because a proxy or an older PSA may cap `pageSize` below the 1,000 asked for; the page
size the server really honours is learnt from the first page and used from then on.
An incremental refresh (`few`) skips the count when its one page proves itself the last
by the vendor's `Link` header (see `CompanyLoader.load`).

Strategy, by how many pages the count says are left:

* One more page (or none): keyset pages one after another
  (`conditions=(filter) and id > last`, `orderBy=id asc`) until a short one, complete by
  construction: every page is a snapshot of the ids after the previous one.
* More: the navigable pages `page=2..N` concurrently (bounded by the client's semaphore).
  Offset paging shifts when a company is deleted mid-load, so one company can slip
  between two pages (and an insertion can repeat one, which is deduplicated by id).
  Each page proves the id span it returned was complete when it was read. Spans that
  touch (dense ids) prove themselves; the ids between the others, plus everything after
  the highest id when the count is not yet met, are fetched in ONE keyset round:
  `(filter) and ((id > l1 and id < f2) or ... or id > lN)`. That request returns the
  missing companies themselves (usually none: "[]").
* When that round would not fit in one URL (~2,000 characters: many pages of sparse ids)
  it is replaced by a fixed-size check: one fresh count and, in the same round, whether
  any company at all changed since the load began (`_info/lastUpdated` on the PSA's
  clock, deleted ones included). A count that has not moved and that the list meets,
  while nothing changed, proves nothing slipped between pages (a count alone does not:
  a deletion and an addition cancel out). Otherwise the full gap round runs, split into
  URL-sized requests. So while the tenant is quiet the gap check never grows with the
  number of pages; a tenant changing during the load pays one request per ~50 gaps.

A list that still has fewer companies than a fresh count after all that raises
IncompleteResult naming both numbers; it is never returned as if it were complete.
Inherent races remain: a company deleted (or moved out of the filter) after its page
was read stays in the list, and one moved *into* the filter inside an id span already
read is not seen. A response that breaks the paging contract (rows out of id order, or
not after the keyset bound, or pages that never end) also raises IncompleteResult.

Decoding 50,000 companies is GC-heavy; the caller that owns the process decides whether
to pause the collector for it (`tui.core.gc_pause`): this module never changes GC state.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from tui.psa import offload
from tui.psa.concurrent import gather
from tui.psa.errors import IncompleteResult
from tui.psa.filter import CompanyFilter
from tui.psa.gaps import Span, after_clause, all_of, gap_clauses
from tui.psa.models import PsaCompany
from tui.psa.page_runs import PageRuns

PAGE_SIZE = 1000
#: Up to this many pages in all, sequential keyset paging is as fast as concurrent paging.
SEQUENTIAL_PAGES = 2
#: The vendor's default `pageSize`: a server may cap pages at or above it, never below.
VENDOR_DEFAULT_PAGE_SIZE = 25
#: Keep every URL within the vendor's advice (2,000 characters).
MAX_URL_CHARS = 2000
#: A runaway guard: more pages than this (and than the count needs) means something is wrong.
MAX_PAGES = 1000

FetchPage = Callable[[dict[str, str]], Awaitable[list[PsaCompany]]]
OnProgress = Callable[[int, int], None]
#: "No company at all changed since this load began" (see `CompanyLoader._prove`).
Quiet = Callable[[], Awaitable[bool]]
#: Takes each page as it arrives (see `CompanyLoader.stream`).
Sink = Callable[[list[PsaCompany]], Awaitable[None]]


class Page(list[PsaCompany]):
    """One page's rows and what its `Link` header said of the pages after it (RFC 8288; the
    vendor omits `rel="next"` on the last page): `more` is True when it names a next page,
    False when it has a Link header without one, None when it has no Link header at all
    (a single page, or a server that sends none). A plain list from `FetchPage` is None."""

    __slots__ = ("more",)

    def __init__(self, rows: Iterable[PsaCompany] = (), more: bool | None = None) -> None:
        super().__init__(rows)
        self.more = more


@dataclass(frozen=True, slots=True)
class _Read:
    """One page as read: the ids it covers (`high` = its last id) and how many rows it had.

    A page shorter than the honoured page size also claims that nothing follows it; the
    claim is believed only when the count agrees (see `CompanyLoader._spans`).
    """

    low: int | None
    high: int
    rows: int
    more: bool | None = None  # see `Page`


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
        quiet: Quiet | None = None,
        sink: Sink | None = None,
    ) -> None:
        """`quiet` answers whether any company changed since the load began; without it
        a count never stands in for the gap requests (see `_prove`). `sink` takes each
        page as it arrives instead of this loader keeping it: only the ids are held (a
        200,000-company list is ~1.6 MB of ids instead of ~100 MB of companies)."""
        self._filter = flt
        self._quiet = quiet
        self._fetch = fetch
        self._count_now = count
        self._url_length = url_length
        self._asked = page_size
        self._cap = page_size  # the page size the server honours (learnt, never above asked)
        self._on_progress = on_progress
        self._sink = sink
        self._seen = PageRuns(keep_rows=sink is None)
        self._reads: list[_Read] = []
        self._longest = 0
        self._count = 0
        self._first_count: int | None = None  # the count as the load began
        self._pages = 0
        self._max_pages = MAX_PAGES

    @property
    def page_size(self) -> int:
        """The page size the server was seen to honour (the asked one unless it capped it)."""
        return self._cap

    async def load(
        self, expected: int | None = None, *, few: bool = False, links: bool = False
    ) -> list[PsaCompany]:
        """Every company the filter selects, ordered by id; IncompleteResult if unprovable.

        `few`: the caller expects few or none (an incremental refresh), so no count is
        asked when the first page proves itself the last: shorter than 25 rows (the
        vendor's default page size, below which no server caps a page), or with a Link
        header that names no next page. `links` says this server was seen to send a
        `rel="next"` link whenever a next page existed, so a page with no Link header at
        all is the only one too. Otherwise the count decides, as a server may cap pages.
        """
        await self._load(expected, few, links)
        result = await offload.off_loop(self._seen.ordered)
        self._report(len(result), len(result))
        return result

    async def stream(self, expected: int | None = None) -> int:
        """Load as `load` does, every page going to the sink as it arrives (a company
        repeated by shifting offset pages goes again, as its later read); how many
        distinct companies the proven list has. The sink's pages are the whole list only
        when this returns: an IncompleteResult means they are not."""
        await self._load(expected, False, False)
        done = self._seen.count
        self._report(done, done)
        return done

    async def _load(self, expected: int | None, few: bool, links: bool) -> None:
        conditions = self._filter.conditions()
        if expected is None and few:
            await self._keyset(conditions, None, max_pages=1)
            if _last(self._reads[0], links):
                return
            await self._recount()
        if expected is None:
            if not few:  # nobody knows the count: ask it alongside the first page
                await gather([self._keyset(conditions, None, max_pages=1), self._recount()])
            self._learn_cap()
            first = self._reads[0]
            left = self._count - self._seen.count
            if first.rows >= self._cap and left > 0:
                if left <= self._cap:
                    await self._keyset(conditions, first.high)
                else:
                    await self._navigable(2, _pages(self._count, self._cap))
        else:
            self._count = self._first_count = expected
            last = _pages(expected, self._asked)
            if last <= SEQUENTIAL_PAGES:
                await self._keyset(conditions, None)
            else:
                await self._navigable(1, last)
            if not self._enough():
                await self._recount()  # the caller's count may be stale
                if self._learn_cap():
                    await self._navigable(2, _pages(self._count, self._cap))
        await self._prove()

    async def _keyset(
        self, conditions: str, after: int | None, *, max_pages: int = 0, record: bool = True
    ) -> None:
        """Pages of ids after `after` until a short one (or `max_pages` of them, if set)."""
        read = 0
        while True:
            cond = all_of(conditions, after_clause(after))
            rows = await self._page({"conditions": cond} if cond else {}, after)
            if record:
                high = rows[-1].id if rows else after or 0
                self._reads.append(_Read(_next(after), high, len(rows), _more(rows)))
            await self._keep(rows)
            read += 1
            if len(rows) < self._cap or read == max_pages:
                return
            after = rows[-1].id

    async def _navigable(self, first: int, last: int) -> None:
        """Offset pages `first..last` concurrently, each proving the id span it returned."""

        async def one(page: int) -> None:
            params = {"page": str(page)}
            if cond := self._filter.conditions():
                params["conditions"] = cond
            rows = await self._page(params, None)
            if rows or page == 1:
                low = None if page == 1 else rows[0].id
                self._reads.append(_Read(low, rows[-1].id if rows else 0, len(rows), _more(rows)))
            await self._keep(rows)

        await gather(one(page) for page in range(first, last + 1))

    async def _prove(self) -> None:
        """Close the gaps the spans leave; then the list must meet a fresh count."""
        counted_now = False
        clauses = self._gap_clauses()
        if clauses:
            groups = self._pack(clauses)
            if len(groups) > 1 and self._enough() and self._quiet is not None:
                # Too many gaps for one request. A count that has not moved since the load
                # began, and that the list meets, proves no company slipped between pages
                # only if nothing else changed meanwhile: a deletion plus an addition (or a
                # company moved into the filter) leaves the count as it was while a company
                # slips between two pages. So the same round asks whether any company
                # changed since the load began (deleted ones included); a purge leaves no
                # trace there, but then the count falls with nothing to make up for it.
                quiet = self._quiet
                counted, calm = await gather([self._recounted(), quiet()])
                counted_now = counted
                if calm and self._count == self._first_count and self._enough():
                    return
                groups = self._pack(self._gap_clauses())
            await gather(self._keyset(group, None, record=False) for group in groups)
        if not self._enough() and not counted_now:
            await self._recount()
        if not self._enough():
            raise IncompleteResult(
                f"the PSA listed {self._seen.count:,} companies but counts {self._count:,} "
                "for this filter, so the list is not complete (a proxy or the PSA may be "
                "cutting pages short)"
            )

    def _gap_clauses(self) -> list[str]:
        """The id ranges no page proved, plus the tail when the count is not yet met."""
        enough = self._enough()
        top = max((r.high for r in self._reads), default=0)
        spans = [
            Span(r.low, None if enough and (r.rows < self._cap or r.high == top) else r.high)
            for r in self._reads
        ]
        if not spans:
            return ["id > 0"]
        return gap_clauses(spans, self._seen.top)

    def _learn_cap(self) -> bool:
        """A server that sends fewer rows than asked while the count says more exist caps
        the page size: from now on ask for the longest page it sent. True when learnt."""
        if self._enough() or not 0 < self._longest < self._cap:
            return False
        self._cap = self._longest
        self._max_pages = max(MAX_PAGES, 3 * _pages(self._count, self._cap) + 10)
        return True

    async def _recounted(self) -> bool:
        await self._recount()
        return True

    async def _recount(self) -> None:
        self._count = await self._count_now()
        if self._first_count is None:
            self._first_count = self._count
        self._report(self._seen.count, max(self._count, self._seen.count))

    def _enough(self) -> bool:
        return self._seen.count >= self._count

    def _pack(self, clauses: Sequence[str]) -> list[str]:
        """Join gap clauses into condition strings whose URLs stay under MAX_URL_CHARS."""
        groups: list[list[str]] = [[]]
        for clause in clauses:
            trial = [*groups[-1], clause]
            if groups[-1] and self._url_length(self._gap_params(trial)) > MAX_URL_CHARS:
                groups.append([clause])
            else:
                groups[-1] = trial
        return [all_of(self._filter.conditions(), " or ".join(g)) for g in groups]

    def _gap_params(self, clauses: list[str]) -> dict[str, str]:
        """The worst-case params of a gap request (with the keyset bound), for URL sizing."""
        cond = all_of(self._filter.conditions(), " or ".join(clauses), "id > 2147483647")
        return self._params({"conditions": cond})

    async def _page(self, params: dict[str, str], after: int | None) -> list[PsaCompany]:
        """One request, checked; the runaway guard stops a server that never runs out."""
        self._pages += 1
        if self._pages > self._max_pages:
            raise IncompleteResult(
                f"more than {self._max_pages} pages of companies; stopped loading"
            )
        size = self._cap
        rows = await self._fetch(self._params(params))
        self._check(rows, after, size)
        self._longest = max(self._longest, len(rows))
        return rows

    def _params(self, params: dict[str, str]) -> dict[str, str]:
        out = dict(params)
        if child := self._filter.child_conditions():
            out["childConditions"] = child
        out["orderBy"] = "id asc"
        out["pageSize"] = str(self._cap)
        return out

    @staticmethod
    def _check(rows: list[PsaCompany], after: int | None, size: int) -> None:
        """A page proves its span only if it is no longer than asked and its ids ascend."""
        previous = after
        for row in rows:
            if previous is not None and row.id <= previous:
                raise IncompleteResult(
                    "the PSA returned companies out of id order; cannot prove the list complete"
                )
            previous = row.id
        if len(rows) > size:
            raise IncompleteResult(f"the PSA returned {len(rows)} companies for a page of {size}")

    async def _keep(self, rows: list[PsaCompany]) -> None:
        self._seen.add(rows)
        if self._sink is not None and rows:
            await self._sink(rows)
        done = self._seen.count
        self._report(done, max(self._count, done))

    def _report(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


def _more(rows: list[PsaCompany]) -> bool | None:
    return rows.more if isinstance(rows, Page) else None


def _last(read: _Read, links: bool) -> bool:
    """Whether a first page proves by itself that nothing follows it (see `load`)."""
    if read.rows < VENDOR_DEFAULT_PAGE_SIZE:
        return True  # no server caps a page below its own default size
    return read.more is False or (read.more is None and links)


def _pages(count: int, size: int) -> int:
    """Pages of `size` that `count` rows fill (at least one: an empty list is one page)."""
    return max(1, -(-count // size))


def _next(after: int | None) -> int | None:
    return None if after is None else after + 1
