"""The demo's sample records carry places (city, state, zip, phone), so `C` can create them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.create_plan import Choice, build_plan
from tui.core.normalize import normalize_phone
from tui.core.records import load_records
from tui.core.session import PsaCompany
from tui.demo.sample_records import demo_sample, write_demo_records
from tui.psa.models import Company
from tui.sandbox.factory import make_tenant


@pytest.fixture(scope="module")
def models() -> list[Company]:
    return [Company.model_validate(c) for c in make_tenant("places", 600, seed=4).companies]


def live(models: list[Company]) -> list[PsaCompany]:
    return [PsaCompany.of(c) for c in models if not c.deleted_flag]


def test_demo_records_without_a_psa_company_can_be_created(
    models: list[Company], tmp_path: Path
) -> None:
    labels = {item.record["id"]: item.psa_id for item in demo_sample(live(models), seed=7)}
    records = load_records(write_demo_records(live(models), tmp_path / "sample.csv", seed=7))
    absent = [r for r in records if labels[r.id] is None]
    assert absent
    plan = build_plan(absent, models, Choice(1, "Active"))
    assert [item.action for item in plan.items] == ["create"] * len(absent)
    assert all(item.company and item.company.address.city for item in plan.items)
    # Their phones are not the sandbox's: a phone never suggests a company that is not it.
    sandbox_phones = {normalize_phone(c.phone_number) for c in models if c.phone_number}
    assert all(r.phone and normalize_phone(r.phone) not in sandbox_phones for r in absent)


def test_demo_records_of_psa_companies_mostly_carry_that_companys_place(
    models: list[Company],
) -> None:
    companies = {c.id: c for c in live(models)}
    matched = [item for item in demo_sample(list(companies.values()), seed=7) if item.psa_id]
    placed = [item for item in matched if "city" in item.record]
    assert len(placed) >= 0.7 * len(matched) > 0
    for item in placed:
        company = companies[item.psa_id or 0]
        assert (item.record["city"], item.record.get("zip")) == (company.city, company.zip)
