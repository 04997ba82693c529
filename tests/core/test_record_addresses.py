"""Address columns of a records file: found by common header names, kept as given, for `create`."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.records import LocalRecord, PostalAddress, load_records


def test_csv_address_columns_by_common_names(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Customer ID,Company Name,Street Address,Address Line 2,Town,Province,Postal Code,Country\n"
        "C-1,Contoso, 1 Main St ,Suite 4,Springfield,IL,62701,USA\n"
        "C-2,Fabrikam,,,,,,\n",
        encoding="utf-8",
    )
    first, second = load_records(path)
    assert first.address == PostalAddress(
        "1 Main St", "Suite 4", "Springfield", "IL", "62701", "USA"
    )
    assert second.address is None


def test_json_address_columns_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"id": 1, "name": "Contoso", "city": "Oslo", "zip": 150}]))
    (record,) = load_records(path)
    assert record.address == PostalAddress(city="Oslo", zip="150")
    assert bool(record.address)


def test_a_file_without_address_columns_has_no_addresses(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,email\nC-1,Contoso,ops@contoso.com\n", encoding="utf-8")
    assert load_records(path) == [LocalRecord("C-1", "Contoso", "contoso.com", line=2)]


def test_an_email_address_column_is_a_domain_not_a_street(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,Email Address,Address\nC-1,Contoso,a@contoso.com,1 Main St\n")
    (record,) = load_records(path)
    assert record.domain == "contoso.com"
    assert record.address == PostalAddress(line1="1 Main St")


def test_city_state_and_zip_read_through_from_the_address() -> None:
    record = LocalRecord("C-1", "Contoso", address=PostalAddress(city="Oslo", zip="0150"))
    assert (record.city, record.state, record.zip) == ("Oslo", None, "0150")
    assert LocalRecord("C-2", "Fabrikam").city is None
