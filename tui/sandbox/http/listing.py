"""Collection GETs: query parameters, navigable and forward-only paging, Link headers, `fields`.

Navigable paging follows the vendor's documented example, where page 1 carries only
`next` and `last`: `first` and `prev` appear from page 2 on, `next` and `last` while a
later page exists, and a single page gets no Link header at all. Link URLs repeat the
request's own parameters (with the effective pageSize) and end with `page=N`.

Forward-only paging (`pagination-type: forward-only`) acts as `id > pageId`, ordered by
id, refuses `orderBy`, and always carries a `rel="next"` link with the next pageId.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from tui.sandbox.http.quirks import Quirks, with_nulls
from tui.sandbox.http.responses import ApiError, encoded_response, json_response
from tui.sandbox.query.conditions import ConditionError

NO_QUIRKS = Quirks()

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000
_PAGING_PARAMS = {"page", "pageid"}

FieldTree = dict[str, "FieldTree | None"]


class Params:
    """Query parameters in their order, looked up case-insensitively like the vendor's server."""

    def __init__(self, request: httpx.Request) -> None:
        self.items: list[tuple[str, str]] = request.url.params.multi_items()
        self._last = {k.lower(): v for k, v in self.items}

    def get(self, name: str, default: str = "") -> str:
        """The last value given for `name` (any case), or `default`."""
        return self._last.get(name.lower(), default)

    def has(self, name: str) -> bool:
        """Whether the parameter was given at all."""
        return name.lower() in self._last


@dataclass(frozen=True, slots=True)
class Paging:
    """What page the client asked for."""

    page: int
    page_size: int
    forward_only: bool
    page_id: int


@dataclass(frozen=True, slots=True)
class Collection:
    """A listable resource: how to query it, read a row's id and render a row.

    `encoded`, when set, answers a page trimmed by `fields` (rows, their tree, the
    `fields` text) with the same bytes as encoding the rendered rows, from kept pieces.
    """

    query: Callable[[str, str, str, str], list[Any]]
    row_id: Callable[[Any], int]
    render: Callable[[Any, FieldTree | None], dict[str, Any]]
    encoded: Callable[[Sequence[Any], FieldTree, str], bytes] | None = None


def _int_param(params: Params, name: str) -> int | None:
    raw = params.get(name).strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            400, "InvalidObject", f"The value '{raw}' is not valid for {name}."
        ) from None


def read_paging(request: httpx.Request, params: Params) -> Paging:
    """Parse page, pageSize, pageId and the forward-only header; 400 on nonsense."""
    size = _int_param(params, "pageSize")
    size = DEFAULT_PAGE_SIZE if size is None or size < 1 else min(size, MAX_PAGE_SIZE)
    forward = request.headers.get("pagination-type", "").strip().lower() == "forward-only"
    if forward:
        if params.get("orderBy").strip():
            raise ApiError(
                400, "InvalidObject", "orderBy cannot be used with forward-only pagination."
            )
        return Paging(1, size, True, max(_int_param(params, "pageId") or 0, 0))
    page = _int_param(params, "page")
    if page is not None and page < 1:
        raise ApiError(400, "InvalidObject", "page must be 1 or greater.")
    return Paging(page or 1, size, False, 0)


def parse_fields(text: str) -> FieldTree | None:
    """`id,status/name` into {"id": None, "status": {"name": None}} (lower-cased keys)."""
    tree: FieldTree = {}
    for item in text.split(","):
        parts = [p for p in item.strip().lower().split("/") if p]
        node = tree
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if part in node and node[part] is None:
                break  # the whole value is already asked for
            if last:
                node[part] = None
            else:
                child = node.setdefault(part, {})
                assert child is not None
                node = child
    return tree or None


def project(value: dict[str, Any], tree: FieldTree) -> dict[str, Any]:
    """Keep only the asked-for keys (any case); an array is kept whole, as the vendor does."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        low = key.lower()
        if low not in tree:
            continue
        sub = tree[low]
        if sub is None or isinstance(item, list):
            out[key] = item
        elif isinstance(item, dict):
            out[key] = project(item, sub)
    return out


def _url(base: str, items: list[tuple[str, str]]) -> str:
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='/,()')}" for k, v in items)
    return f"{base}?{query}"


def _link_items(params: Params, paging: Paging) -> list[tuple[str, str]]:
    items = [(k, v) for k, v in params.items if k.lower() not in _PAGING_PARAMS]
    sized = [(k, str(paging.page_size)) if k.lower() == "pagesize" else (k, v) for k, v in items]
    if not any(k.lower() == "pagesize" for k, _ in sized):
        sized.append(("pageSize", str(paging.page_size)))
    return sized


def navigable_links(base: str, params: Params, paging: Paging, total: int) -> str | None:
    """The Link header of a navigable page, or None when there is only one page."""
    last = max(1, -(-total // paging.page_size))
    items = _link_items(params, paging)
    links: list[str] = []

    def add(page: int, rel: str) -> None:
        links.append(f'<{_url(base, [*items, ("page", str(page))])}>; rel="{rel}"')

    if paging.page > 1:
        add(1, "first")
        add(paging.page - 1, "prev")
    if paging.page < last:
        add(paging.page + 1, "next")
    if paging.page != last:
        add(last, "last")
    return ", ".join(links) or None


def serve_collection(
    request: httpx.Request,
    params: Params,
    collection: Collection,
    *,
    content_type: str,
    headers: dict[str, str],
    quirks: Quirks = NO_QUIRKS,
    unlisted: frozenset[int] = frozenset(),
) -> httpx.Response:
    """Answer a collection GET: filter, order, page, project, add Link.

    `quirks` may cap the page size and send explicit nulls; rows whose id is in `unlisted`
    are counted by `/count` but never listed (a row the listing cannot read).
    """
    paging = read_paging(request, params)
    if quirks.page_size_cap is not None and paging.page_size > quirks.page_size_cap:
        paging = Paging(paging.page, quirks.page_size_cap, paging.forward_only, paging.page_id)
    order_by = "" if paging.forward_only or quirks.order_by_ignored else params.get("orderBy")
    refused = {item.split()[0] for item in order_by.split(",") if item.split()} & quirks.unsortable
    if refused:
        raise ApiError(400, "InvalidObject", f"orderBy cannot sort by {min(refused)}.")
    try:
        rows = collection.query(
            params.get("conditions"),
            params.get("childConditions"),
            params.get("customFieldConditions"),
            order_by,
        )
    except ConditionError as exc:
        raise ApiError(400, "InvalidObject", exc.message) from None
    if unlisted:
        rows = [row for row in rows if collection.row_id(row) not in unlisted]
    base = str(request.url.copy_with(query=None, fragment=None))
    if paging.forward_only:
        start = bisect_right(rows, paging.page_id, key=collection.row_id)
        page_rows = rows[start : start + paging.page_size]
        next_id = collection.row_id(page_rows[-1]) if page_rows else paging.page_id
        items = [*_link_items(params, paging), ("pageId", str(next_id))]
        link: str | None = f'<{_url(base, items)}>; rel="next"'
    else:
        start = (paging.page - 1) * paging.page_size
        page_rows = rows[start : start + paging.page_size]
        link = navigable_links(base, params, paging, len(rows))
    out_headers = dict(headers)
    if link and quirks.link_headers:
        out_headers["link"] = link
    tree = parse_fields(params.get("fields"))
    if collection.encoded is not None and tree is not None and not quirks.explicit_nulls:
        content = collection.encoded(page_rows, tree, params.get("fields"))
        return encoded_response(200, content, content_type=content_type, headers=out_headers)
    body = [collection.render(row, tree) for row in page_rows]
    if quirks.explicit_nulls:
        body = [with_nulls(item) for item in body]
    return json_response(200, body, content_type=content_type, headers=out_headers)


def serve_count(
    params: Params, collection: Collection, *, content_type: str, headers: dict[str, str]
) -> httpx.Response:
    """Answer a `/count` GET: `{"count": n}` for the same filter parameters."""
    try:
        rows = collection.query(
            params.get("conditions"),
            params.get("childConditions"),
            params.get("customFieldConditions"),
            "",
        )
    except ConditionError as exc:
        raise ApiError(400, "InvalidObject", exc.message) from None
    return json_response(200, {"count": len(rows)}, content_type=content_type, headers=headers)
