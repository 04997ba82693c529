"""Test doubles for the PSA client: a fake clock and a tiny fake company endpoint for respx."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import CodeType

import httpx

from tui.psa.auth import Credentials
from tui.psa.retry import RetryPolicy

SITE = "na.myconnectwise.net"
BASE = "https://api-na.myconnectwise.net"
API = f"{BASE}/v2025_1/apis/3.0"
CREDS = Credentials("contoso", "pub123", "priv-SECRET-456", "client-GUID-789")


@dataclass
class FakeTime:
    """A clock that only moves when the code under test sleeps; records every sleep."""

    now: float = 1_000.0
    wall: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.wall += seconds

    def policy(self, **kw: object) -> RetryPolicy:
        """A retry policy on this clock, with jitter fixed at its maximum (random() = 1)."""
        return RetryPolicy(
            sleep=self.sleep,
            clock=lambda: self.now,
            wall_clock=lambda: self.wall,
            random=lambda: 1.0,
            **kw,  # type: ignore[arg-type]
        )


def company(i: int, status: int = 1, types: tuple[int, ...] = (5,)) -> dict:
    """A vendor-shaped company record trimmed to the fields psamap asks for."""
    return {
        "id": i,
        "identifier": f"C{i}",
        "name": f"Company {i}",
        "status": {"id": status, "name": "Active"},
        "types": [{"id": t, "name": "Client"} for t in types],
        "deletedFlag": False,
    }


@functools.cache
def _compiled(expr: str) -> CodeType:
    return compile(expr, "<conditions>", "eval")


def _matches(conditions: str, company_id: int) -> bool:
    """Evaluate the id part of a conditions string; the filter part is taken as true.

    Every row in a FakeCompanies already matches the filter, so only the id clauses the
    loader adds (`id > n`, `id < n`, `id = n`, and/or, parentheses) need evaluating.
    """
    expr = re.sub(r"deletedFlag = false", "True", conditions)
    expr = re.sub(r"status/id (in \([\d,]+\)|= \d+)", "True", expr)
    expr = re.sub(r"\bid = ", "id == ", expr)
    if not re.fullmatch(r"[\sA-Za-z()<>=\d]*", expr):
        raise AssertionError(f"unexpected conditions: {conditions!r}")
    return bool(eval(_compiled(expr), {}, {"id": company_id}))  # test-only: alphabet checked


@dataclass
class FakeCompanies:
    """`company/companies` and `/count` over an in-memory list, with a hook before each page.

    Honours `conditions` (id clauses), `orderBy=id asc`, `page` and `pageSize` like the
    vendor's offset paging, so a deletion between two page reads shifts later pages.
    `before_page(n)` runs before the n-th page (1-based) is read: the place to add or
    delete companies "while the load runs".
    """

    rows: list[dict]
    before_page: Callable[[int], None] | None = None
    #: Like a proxy or an older PSA: never more than this many rows per page, whatever is asked.
    cap: int | None = None
    #: Whether pages say, as the vendor's Link header does, if a next page exists
    #: (`more` after each page: None without Link, or for a single page).
    links: bool = False
    more: bool | None = None
    #: Ids the count includes but the list never returns (a row the listing cannot read).
    unlisted: frozenset[int] = frozenset()
    pages: list[dict[str, str]] = field(default_factory=list)
    counts: list[dict[str, str]] = field(default_factory=list)
    #: How often a loader asked whether anything changed since its load began.
    quiet_asked: int = 0
    at_first_page: list[int] | None = None

    def ids(self) -> list[int]:
        return sorted(r["id"] for r in self.rows)

    def quiet(self) -> bool:
        """Whether no company was added or removed since the first page was served (rows
        here are only ids, so that is every change a filter could see)."""
        self.quiet_asked += 1
        return self.at_first_page is not None and self.ids() == self.at_first_page

    def _selected(self, params: dict[str, str]) -> list[dict]:
        cond = params.get("conditions", "")
        rows = sorted(self.rows, key=lambda r: r["id"])
        return [r for r in rows if not cond or _matches(cond, r["id"])]

    def select(self, params: dict[str, str]) -> list[dict]:
        """One page as the vendor would serve it."""
        self.pages.append(dict(params))
        if self.at_first_page is None:
            self.at_first_page = self.ids()
        if self.before_page is not None:
            self.before_page(len(self.pages))
        size = int(params.get("pageSize", "25"))
        if self.cap is not None:
            size = min(size, self.cap)
        page = int(params.get("page", "1"))
        listed = [r for r in self._selected(params) if r["id"] not in self.unlisted]
        last = max(1, -(-len(listed) // size))
        self.more = page < last if self.links and last > 1 else None
        return listed[(page - 1) * size : page * size]

    def count(self, params: dict[str, str]) -> int:
        self.counts.append(dict(params))
        return len(self._selected(params))

    def page_response(self, request: httpx.Request) -> httpx.Response:
        """respx side effect for `company/companies`."""
        rows = self.select(dict(request.url.params))
        return httpx.Response(200, content=json.dumps(rows).encode())

    def count_response(self, request: httpx.Request) -> httpx.Response:
        """respx side effect for `company/companies/count`."""
        return httpx.Response(200, json={"count": self.count(dict(request.url.params))})
