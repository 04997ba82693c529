"""Sample local records: realistic respellings of PSA names, labelled with the true company."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.normalize import name_key, normalize_domain, normalize_name, normalize_phone
from tui.core.records import load_records
from tui.demo.sample_records import LabelledRecord, sample_records, write_records_csv
from tui.psa.models import Company
from tui.sandbox.factory import make_tenant


@pytest.fixture(scope="module")
def companies() -> list[dict]:
    return make_tenant("samples", 600, seed=4).companies[:]


def test_the_same_seed_gives_the_same_records(companies: list[dict]) -> None:
    assert sample_records(companies, n=200, seed=9) == sample_records(companies, n=200, seed=9)
    assert sample_records(companies, n=200, seed=9) != sample_records(companies, n=200, seed=10)


def test_ids_run_from_c_1001_in_natural_order(companies: list[dict]) -> None:
    records = sample_records(companies, n=150, seed=1)
    assert [r.record["id"] for r in records] == [f"C-{n}" for n in range(1001, 1151)]


def test_the_unmatched_share_is_as_asked(companies: list[dict]) -> None:
    records = sample_records(companies, n=200, seed=2, unmatched=0.25)
    assert sum(r.psa_id is None for r in records) == 50
    known = {c["id"] for c in companies}
    assert all(r.psa_id in known for r in records if r.psa_id is not None)


def test_unmatched_names_never_equal_a_psa_name_after_normalisation(
    companies: list[dict],
) -> None:
    taken: set[str] = set()
    for c in companies:
        taken.update(name_key(c["name"]))
    absent = [r for r in sample_records(companies, n=400, seed=3, unmatched=0.5) if not r.psa_id]
    assert len(absent) == 200
    for r in absent:
        assert not taken & set(name_key(r.record["name"])), r.record["name"]


def test_names_are_respelled_like_real_local_lists(companies: list[dict]) -> None:
    by_id = {c["id"]: c for c in companies}
    matched = [r for r in sample_records(companies, n=500, seed=4) if r.psa_id is not None]
    names = [(r.record["name"], by_id[r.psa_id]["name"]) for r in matched]
    respelled = sum(local != psa for local, psa in names)
    same_key = sum(normalize_name(local) == normalize_name(psa) for local, psa in names)
    assert respelled > 0.5 * len(names)  # most differ from the PSA spelling...
    assert same_key > 0.6 * len(names)  # ...yet most still mean the same name
    assert same_key < 0.97 * len(names)  # and some need fuzzy matching (typos, extra words)


def test_domains_and_phones_belong_to_the_true_company(companies: list[dict]) -> None:
    by_id = {c["id"]: c for c in companies}
    matched = [r for r in sample_records(companies, n=500, seed=5) if r.psa_id is not None]
    with_domain = [r for r in matched if "domain" in r.record]
    with_phone = [r for r in matched if "phone" in r.record]
    assert with_domain and with_phone
    for r in with_domain:
        domain = normalize_domain(r.record["domain"])
        webmail = domain in {"gmail.com", "outlook.com", "yahoo.com", "hotmail.com"}
        assert webmail or domain == normalize_domain(by_id[r.psa_id]["website"])
    for r in with_phone:
        assert normalize_phone(r.record["phone"]) == normalize_phone(by_id[r.psa_id]["phoneNumber"])


def test_company_models_and_vendor_json_give_the_same_records(companies: list[dict]) -> None:
    models = [Company.model_validate(c) for c in companies]
    assert sample_records(models, n=100, seed=6) == sample_records(companies, n=100, seed=6)


def test_a_few_records_may_all_be_matched(companies: list[dict]) -> None:
    """Fewer than ten records round the unmatched share to none, which is not an error."""
    records = sample_records(companies, n=4, seed=3)
    assert len(records) == 4 and all(r.psa_id is not None for r in records)


def test_with_no_companies_every_record_is_unmatched() -> None:
    records = sample_records([], n=20, seed=1)
    assert len(records) == 20 and all(r.psa_id is None for r in records)


def test_written_csv_loads_as_records_file(companies: list[dict], tmp_path: Path) -> None:
    records: list[LabelledRecord] = sample_records(companies, n=50, seed=7)
    path = tmp_path / "customers.csv"
    write_records_csv(records, path)
    loaded = load_records(path)
    assert [(r.id, r.name) for r in loaded] == [(r.record["id"], r.record["name"]) for r in records]
    assert [r.phone for r in loaded] == [r.record.get("phone") for r in records]


def test_records_never_stand_for_a_company_in_the_recycle_bin() -> None:
    tenant = make_tenant("recycle", 400, seed=3)
    deleted = {c["id"] for c in tenant.companies if c.get("deletedFlag")}
    assert deleted, "the tenant must hold deleted companies for this test to mean anything"
    labelled = sample_records(tenant.companies[:], n=350, seed=1)
    assert not {r.psa_id for r in labelled} & deleted
