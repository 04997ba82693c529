"""JSON bodies as any server may encode them: a byte-order mark (RFC 8259 lets a parser
ignore it, and .NET writers emit one), or a charset the Content-Type declares.

Each answer must read as the same UTF-8 JSON would, on every path: discovery, lists,
counts, error bodies and the company POST.
"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.psa.conftest import INFO
from tests.psa.fakes import API, BASE
from tui.psa.errors import AuthError, CompanyRejected
from tui.psa.filter import CompanyFilter

BOM = b"\xef\xbb\xbf"
JSON = "application/json; charset=utf-8"


def body(value: object, encoding: str = "utf-8", prefix: bytes = b"") -> bytes:
    return prefix + json.dumps(value, ensure_ascii=False).encode(encoding)


async def test_a_byte_order_mark_is_ignored_on_discovery_lists_and_counts(psa, client) -> None:
    psa.get(f"{BASE}/login/companyinfo/contoso").respond(
        content=body(INFO, prefix=BOM), headers={"Content-Type": JSON}
    )
    psa.get(f"{API}/company/companies/count").respond(content=body({"count": 3}, prefix=BOM))
    psa.get(f"{API}/company/companies/statuses").respond(
        content=body([{"id": 1, "name": "Aktiv – ny"}], prefix=BOM)
    )

    assert await client.count_companies(CompanyFilter()) == 3
    assert [s.name for s in await client.statuses()] == ["Aktiv – ny"]


@pytest.mark.parametrize(
    ("encoding", "prefix", "charset"),
    [
        ("latin-1", b"", "iso-8859-1"),  # a declared legacy charset
        ("cp1252", b"", "windows-1252"),
        ("utf-16-le", b"\xff\xfe", None),  # UTF-16 told by its byte-order mark
        ("utf-16-be", b"", "utf-16be"),  # ... or by its charset
    ],
)
async def test_a_body_in_another_encoding_is_read_by_its_mark_or_charset(
    psa, client, encoding: str, prefix: bytes, charset: str | None
) -> None:
    ctype = "application/json" + (f"; charset={charset}" if charset else "")
    psa.get(f"{API}/company/companies/types").respond(
        content=body([{"id": 5, "name": "Kunde Café"}], encoding, prefix),
        headers={"Content-Type": ctype},
    )

    assert [t.name for t in await client.types()] == ["Kunde Café"]


async def test_utf8_mislabelled_as_latin1_is_still_read_as_utf8(psa, client) -> None:
    psa.get(f"{API}/company/companies/types").respond(
        content=body([{"id": 5, "name": "Kunde Café"}]),
        headers={"Content-Type": "application/json; charset=iso-8859-1"},
    )

    assert [t.name for t in await client.types()] == ["Kunde Café"]


async def test_an_error_body_with_a_byte_order_mark_keeps_the_vendor_words(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(
        401, content=body({"code": "Unauthorized", "message": "Bad keys"}, prefix=BOM)
    )

    with pytest.raises(AuthError) as caught:
        await client.count_companies(CompanyFilter())

    assert caught.value.code == "Unauthorized"
    assert "401 Unauthorized on company/companies/count: Bad keys" in str(caught.value)


async def test_a_created_or_refused_company_with_a_byte_order_mark_is_read(psa, client) -> None:
    url = f"{API}/company/companies"
    created = {"id": 250, "identifier": "Alpha", "name": "Alpha"}
    refused = {
        "code": "InvalidObject",
        "message": "company object is invalid",
        "errors": [{"code": "ObjectExists", "message": "in use", "field": "identifier"}],
    }
    psa.post(url).mock(
        side_effect=[
            httpx.Response(201, content=body(created, prefix=BOM)),
            httpx.Response(400, content=body(refused, prefix=BOM)),
        ]
    )
    new = {"identifier": "Alpha", "name": "Alpha", "city": "Oslo"}

    assert (await client.create_company(new)).id == 250
    with pytest.raises(CompanyRejected) as caught:
        await client.create_company(new)
    assert caught.value.has("identifier", "ObjectExists")
