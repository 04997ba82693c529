"""The vendor's `Link` header read as RFC 8288 says any server may write it.

The vendor documents `rel="next"` and `rel="last"` (omitted when there is no such page);
another server may write the same header with relation types in any case, several
relation types in one `rel`, parameter names in any case, unquoted values, relative URLs,
extra parameters, or its query parameters in another case. Each must read the same.
"""

from __future__ import annotations

import httpx
import pytest

from tests.psa.fakes import API, company
from tui.psa.filter import CompanyFilter
from tui.psa.newest import total_from_links
from tui.psa.responses import link_relations, names_next_page

URL = f"{API}/company/companies"


def answer(link: str | None) -> httpx.Response:
    return httpx.Response(200, headers={} if link is None else {"Link": link}, json=[])


@pytest.mark.parametrize(
    ("link", "more"),
    [
        (f'<{URL}?page=2>; rel="next", <{URL}?page=9>; rel="last"', True),  # the vendor's form
        (f"<{URL}?page=2>; rel=next", True),  # unquoted
        (f'<{URL}?page=2>; rel="Next"', True),  # RFC 8288: relation types are case-insensitive
        (f'<{URL}?page=2>; REL="NEXT"', True),  # ... and so are parameter names
        (f'<{URL}?page=9>; rel="next last"', True),  # several relation types in one link
        (f'<{URL}?page=2>;rel="next";title="a, <b>; c"', True),  # extra params, no spaces
        ('</v2025_1/apis/3.0/company/companies?page=2>; rel="next"', True),  # relative URL
        (f'<{URL}?page=1>; rel="first", <{URL}?page=9>; rel="last"', False),  # no next page
        (f'<{URL}?page=1>; rel="first"; title="next"', False),  # "next" that is no relation
        (f'<{URL}?page=3>; rel="nextpage"', False),  # another relation type
        ("", False),  # a Link header naming nothing
        (None, None),  # no Link header at all
    ],
)
def test_names_next_page_reads_every_form_of_the_link_header(
    link: str | None, more: bool | None
) -> None:
    assert names_next_page(answer(link)) is more


def test_link_relations_keeps_each_url_whole_and_the_first_link_of_a_relation() -> None:
    link = (
        f'<{URL}?conditions=name%20like%20%22a;b%22&page=2>; rel="next", '
        f'<{URL}?page=3>; rel="next", <{URL}?page=7>; rel="Last"'
    )
    assert link_relations(answer(link)) == {
        "next": f"{URL}?conditions=name%20like%20%22a;b%22&page=2",
        "last": f"{URL}?page=7",
    }


@pytest.mark.parametrize(
    "link",
    [
        f'<{URL}?page=2&pageSize=1>; rel="next", <{URL}?page=48213&pageSize=1>; rel="last"',
        f'<{URL}?page=2&pageSize=1>; rel="Next", <{URL}?page=48213&pageSize=1>; rel="Last"',
        f"<{URL}?PAGE=48213&PAGESIZE=1>; REL=last",  # query names in another case
        '</v2025_1/apis/3.0/company/companies?pageSize=1&Page=48213>; rel="first last"',
    ],
)
def test_total_from_links_reads_every_form_of_the_last_link(link: str) -> None:
    assert total_from_links(answer(link), 1, False) == 48213


async def test_a_capitalised_next_relation_is_not_read_as_the_last_page(psa, client) -> None:
    """An incremental load trusts a Link header that names no next page as the end: a
    server writing `rel="Next"` (as RFC 8288 allows) must not have its list cut short."""
    rows = [company(i) for i in range(1, 101)]
    more = [company(i) for i in range(101, 131)]

    def pages(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("conditions", "").rpartition("id > ")[2]
        page = request.url.params.get("page")
        if page == "2" or after == "100":
            return httpx.Response(200, json=more, headers={"Link": f'<{URL}?page=1>; rel="First"'})
        # a server capping pageSize at 100, naming its next page as `Next`
        return httpx.Response(200, json=rows, headers={"Link": f'<{URL}?page=2>; rel="Next"'})

    psa.get(URL).mock(side_effect=pages)
    psa.get(f"{URL}/count").respond(json={"count": 130})

    found = await client.companies(CompanyFilter(), few=True)

    assert [c.id for c in found] == list(range(1, 131))
