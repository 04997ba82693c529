"""A page of companies decoded a piece at a time: the same companies, the same errors, and
the interpreter lock handed over between pieces."""

from __future__ import annotations

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from tests.psa.fakes import company
from tui.psa.models import PsaCompany
from tui.psa.page_pieces import PIECE_BYTES, decode_in_pieces, pieces

COMPACT = TypeAdapter(list[PsaCompany])


def page(n: int = 1_000, **changes: dict) -> bytes:
    rows = [{**company(i), **changes.get(str(i), {})} for i in range(1, n + 1)]
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode()


def ids(rows: list[PsaCompany]) -> list[int]:
    return [c.id for c in rows]


def test_a_page_is_cut_between_companies_and_decodes_to_the_same_list() -> None:
    body = page(n=2_000)
    parts = pieces(body)
    assert parts is not None and len(parts) >= len(body) // PIECE_BYTES - 1
    assert all(len(p) < 2 * PIECE_BYTES for p in parts)
    assert sum(len(COMPACT.validate_json(p)) for p in parts) == 2_000
    assert decode_in_pieces(body, COMPACT.validate_json) == COMPACT.validate_json(body)


def test_a_name_that_looks_like_a_company_start_is_not_a_cut() -> None:
    lure = '{"id":7,"identifier":"X"}, {"id":8,"identifier":"Y"}'
    body = page(n=2_000, **{str(i): {"name": lure} for i in range(1, 2_001, 3)})
    parts = pieces(body)
    assert parts is not None
    # every cut falls where a company starts, so each piece is a list of whole companies
    assert [i for p in parts for i in ids(COMPACT.validate_json(p))] == list(range(1, 2_001))
    assert ids(decode_in_pieces(body, COMPACT.validate_json)) == list(range(1, 2_001))


@pytest.mark.parametrize(
    "body",
    [
        page(n=10),  # small: one piece
        json.dumps([{"identifier": f"C{i}", **company(i)} for i in range(1, 2_000)]).encode(),
        b"  " + page(n=2_000).replace(b'"identifier":', b'"identifier" :'),  # spaced keys
    ],
    ids=["small", "keys in another order", "another spacing"],
)
def test_what_cannot_be_cut_for_certain_is_decoded_whole(body: bytes) -> None:
    assert pieces(body) is None
    assert decode_in_pieces(body, COMPACT.validate_json) == COMPACT.validate_json(body)


def test_a_bad_company_deep_in_the_page_fails_as_the_whole_page_does() -> None:
    body = page(n=2_000, **{"1500": {"deletedFlag": "perhaps"}})
    with pytest.raises(ValidationError) as whole:
        COMPACT.validate_json(body)
    with pytest.raises(ValidationError) as cut:
        decode_in_pieces(body, COMPACT.validate_json)
    assert cut.value.errors(include_url=False) == whole.value.errors(include_url=False)


def test_a_cut_off_page_fails_as_the_whole_page_does() -> None:
    body = page(n=2_000)[:-5_000]
    with pytest.raises(ValidationError) as whole:
        COMPACT.validate_json(body)
    with pytest.raises(ValidationError) as cut:
        decode_in_pieces(body, COMPACT.validate_json)
    assert cut.value.errors()[0]["type"] == whole.value.errors()[0]["type"] == "json_invalid"


def test_the_lock_is_handed_over_between_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    body = page(n=2_000)
    parts = pieces(body)
    assert parts is not None
    handed: list[float] = []
    monkeypatch.setattr("tui.psa.page_pieces.time.sleep", handed.append)
    decode_in_pieces(body, COMPACT.validate_json)
    assert handed == [0] * len(parts)
