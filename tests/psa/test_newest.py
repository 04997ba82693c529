"""The total of a one-a-page answer, read from its Link header as the vendor documents it."""

from __future__ import annotations

import httpx
import pytest

from tui.psa.newest import total_from_links

BASE = "https://na.myconnectwise.net/v4_6_release/apis/3.0/company/companies"


def answer(link: str | None) -> httpx.Response:
    headers = {} if link is None else {"Link": link}
    return httpx.Response(200, headers=headers, json=[])


def rel(page: int, name: str, size: str = "1") -> str:
    query = f"orderBy=_info%2FlastUpdated%20desc&pageSize={size}&page={page}"
    return f'<{BASE}?{query}>; rel="{name}"'


@pytest.mark.parametrize(
    ("link", "rows", "links", "total"),
    [
        (f"{rel(2, 'next')}, {rel(48213, 'last')}", 1, False, 48213),  # page 1 of many
        (f"{rel(2, 'next')}, {rel(7, 'last', size='25')}", 1, False, None),  # another size
        (f"{rel(2, 'next')}", 1, True, None),  # a next page, but no last named
        (f"{rel(1, 'first')}", 1, True, 1),  # names no next page: the only one
        (None, 1, True, 1),  # no Link at all, from a PSA that sends them: a lone page
        (None, 0, True, 0),
        (None, 1, False, None),  # no Link from a PSA never seen to send one: unknown
        (f"{rel(2, 'next')}, {rel(30, 'last')}", 2, True, None),  # not one to a page
        (f'<{BASE}?pageSize=1>; rel="last"', 1, True, None),  # no page number
        (f'<{BASE}?pageSize=1&page=%C2%B2>; rel="last"', 1, True, None),  # "²": not a number
    ],
)
def test_total_from_links(link: str | None, rows: int, links: bool, total: int | None) -> None:
    assert total_from_links(answer(link), rows, links) == total
