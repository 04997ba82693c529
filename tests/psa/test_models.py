"""Explicit nulls, wherever the vendor's schema allows them, never fail a load."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter

from tests.psa.nullable_fixtures import (
    NULL_COMPANY_INFO,
    NULL_FIELDS,
    NULL_STATUS,
    NULL_TYPE,
    full_company,
)
from tui.psa.models import Company, CompanyInfo, CompanyStatus, CompanyType, PsaCompany

_COMPANIES = TypeAdapter(list[Company])
_COMPACT = TypeAdapter(list[PsaCompany])


def read(company: dict) -> Company:
    """As the client reads a page: raw JSON bytes through the list adapter."""
    return _COMPANIES.validate_json(json.dumps([company]).encode())[0]


def test_a_whole_company_full_of_nulls_reads_as_empty_values() -> None:
    company = read(full_company(42))
    assert (company.id, company.identifier, company.name) == (42, "Co42", "Company 42")
    assert company.deleted_flag is False
    assert company.website is None and company.phone_number is None
    assert company.status is not None and (company.status.id, company.status.name) == (
        1,
        "Active",
    )
    assert [(t.id, t.name) for t in company.types] == [(5, "Client")]


@pytest.mark.parametrize("case", sorted(NULL_FIELDS))
def test_each_nullable_field_set_to_null_still_reads(case: str) -> None:
    company = read(full_company(3, **NULL_FIELDS[case]))
    assert company.id == 3
    assert isinstance(company.identifier, str) and isinstance(company.name, str)
    assert company.deleted_flag in (True, False)
    assert all(isinstance(t.id, int) and isinstance(t.name, str) for t in company.types)


def test_nulls_read_as_the_value_they_mean() -> None:
    assert read(full_company(1, deletedFlag=None)).deleted_flag is False
    assert read(full_company(1, identifier=None)).identifier == ""
    assert read(full_company(1, types=None)).types == ()
    assert read(full_company(1, status={"id": None, "name": None})).status is None
    status = read(full_company(1, status={"id": 1, "name": None})).status
    assert status is not None and (status.id, status.name) == (1, "")
    types = read(full_company(1, **NULL_FIELDS["types item id"])).types
    assert [(t.id, t.name) for t in types] == [(5, "Client")]


def test_statuses_and_types_with_null_flags_read_as_unset() -> None:
    status = TypeAdapter(CompanyStatus).validate_python(NULL_STATUS)
    assert (status.id, status.name, status.inactive_flag, status.default_flag) == (
        7,
        "Credit Hold",
        False,
        False,
    )
    kind = TypeAdapter(CompanyType).validate_python(NULL_TYPE)
    assert (kind.id, kind.name, kind.vendor_flag, kind.default_flag) == (
        9,
        "Prospect",
        False,
        False,
    )


def test_companyinfo_with_nulls_and_a_string_is_cloud_reads() -> None:
    info = CompanyInfo.model_validate(NULL_COMPANY_INFO)
    assert info.codebase == "v2025_1/"
    assert info.is_cloud == "True"
    assert info.company_name is None


@pytest.mark.parametrize("case", sorted(NULL_FIELDS))
def test_the_compact_form_reads_each_null_as_the_model_does(case: str) -> None:
    raw = json.dumps([full_company(3, **NULL_FIELDS[case])]).encode()
    assert _COMPACT.validate_json(raw)[0] == PsaCompany.of(_COMPANIES.validate_json(raw)[0])


def test_the_compact_form_keeps_every_field_the_model_reads() -> None:
    place = {"city": "Denver", "state": "CO", "zip": "80201", "website": "www.a.com"}
    stamp = {"_info": {"lastUpdated": "2026-11-30T10:00:00Z"}}
    raw = json.dumps([full_company(7, phoneNumber="555", deletedFlag=True, **place, **stamp)])
    compact = _COMPACT.validate_json(raw)[0]
    model = _COMPANIES.validate_json(raw)[0]
    for name in PsaCompany.__dataclass_fields__:
        assert getattr(compact, name) == getattr(model, name), name
    assert (compact.city, compact.phone_number, compact.last_updated) == (
        "Denver",
        "555",
        "2026-11-30T10:00:00Z",
    )
    assert compact.deleted_flag is True


def test_the_compact_form_holds_no_dict_and_shares_what_repeats() -> None:
    """200,000 companies held: no per-company dict, one object per status, type list,
    city and state, even when each company's strings arrive as objects of their own."""

    def fresh(text: str) -> str:
        return "".join(list(text))  # equal, but a new object

    page = [full_company(i, city=fresh("Denver"), state=fresh("CO")) for i in range(3)]
    assert page[0]["city"] is not page[1]["city"]
    first, second, third = _COMPACT.validate_python(page)
    assert not hasattr(first, "__dict__")
    assert first.city == "Denver" and first.city is second.city is third.city
    assert first.state is third.state
    assert first.status is second.status
    assert first.types is third.types


#: References as a page may hold them: odd, but each readable (the compact form reads them
#: as dicts, the model as `Reference` models: both must mean the same).
ODD_REFERENCES: dict[str, dict[str, Any]] = {
    "no id key": {"status": {"name": "Active"}, "types": [{"name": "Client"}]},
    "no name key": {"status": {"id": 1}, "types": [{"id": 5}]},
    "links beside": {
        "status": {"id": 1, "name": "Active", "_info": {"status_href": "x"}},
        "types": [{"id": 5, "name": "Client", "_info": {"type_href": "y"}}, {"id": None}],
    },
    "an id as text": {"status": {"id": "1", "name": "Active"}, "types": [{"id": "5"}]},
    "empty": {"status": {}, "types": []},
    "several types": {"types": [{"id": 5, "name": "Client"}, {}, {"id": 9, "name": None}]},
}


def _meant(reference: dict[str, Any]) -> tuple[int, str] | None:
    """What a wire reference names: (id, name), or None when it has no id."""
    number = reference.get("id")
    return None if number is None else (int(number), reference.get("name") or "")


@pytest.mark.parametrize("case", sorted(ODD_REFERENCES))
def test_the_compact_form_reads_odd_references_as_meant(case: str) -> None:
    company = full_company(3, **ODD_REFERENCES[case])
    raw = json.dumps([company]).encode()
    compact = _COMPACT.validate_json(raw)[0]
    status = None if compact.status is None else (compact.status.id, compact.status.name)
    assert status == _meant(company["status"])
    named = [_meant(t) for t in company["types"]]
    assert [(t.id, t.name) for t in compact.types] == [n for n in named if n is not None]
    assert compact == PsaCompany.of(_COMPANIES.validate_json(raw)[0])
    again = _COMPACT.validate_json(raw)[0]
    assert again.status is compact.status and again.types is compact.types  # shared


@pytest.mark.parametrize(
    ("field", "value"), [("status", "Active"), ("types", [5]), ("status", {"id": "one"})]
)
def test_a_reference_that_is_not_one_fails_with_its_place(field: str, value: object) -> None:
    raw = json.dumps([full_company(1), full_company(2, **{field: value})]).encode()
    with pytest.raises(ValueError, match=rf"^1 validation error[\s\S]*\n1\.{field}"):
        _COMPACT.validate_json(raw)
