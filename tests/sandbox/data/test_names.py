"""Generated company names read like a real tenant's: varied, rarely repeated, copies on purpose."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from tui.core.normalize import normalize_domain, normalize_name
from tui.demo.tenants import demo_sandbox
from tui.sandbox import SandboxTenant, make_tenant
from tui.sandbox.data.profiles import PROFILES
from tui.sandbox.data.rows import CompanyRow, generate_rows


@pytest.fixture(scope="module")
def demo() -> SandboxTenant:
    """The 50,000-company demo tenant (rows are generated once per process)."""
    return demo_sandbox().tenants["demo"]


def _inactive_ids(tenant: SandboxTenant) -> set[int]:
    return {s["id"] for s in tenant.statuses if s["inactiveFlag"]}


def test_few_demo_companies_share_a_normalised_name(demo: SandboxTenant) -> None:
    keys = Counter(normalize_name(r.name) for r in demo.rows)
    shared = sum(keys[normalize_name(r.name)] > 1 for r in demo.rows)
    assert 0.02 * len(demo.rows) < shared < 0.06 * len(demo.rows)


def test_northwind_names_are_as_rarely_repeated() -> None:
    rows = generate_rows("northwind", 8_000, 7)
    keys = Counter(normalize_name(r.name) for r in rows)
    assert sum(keys[normalize_name(r.name)] > 1 for r in rows) < 0.06 * len(rows)


def test_copies_repeat_a_name_mostly_with_the_opposite_standing(demo: SandboxTenant) -> None:
    by_id = {r.id: r for r in demo.rows}
    copies = [r for r in demo.rows if r.twin]
    assert 0.015 * len(demo.rows) < len(copies) < 0.03 * len(demo.rows)
    for copy in copies:
        twin = by_id[copy.twin]
        assert twin.id < copy.id
        assert normalize_name(copy.name) == normalize_name(twin.name)
    assert any(copy.name != by_id[copy.twin].name for copy in copies)  # legal form respelled
    inactive = _inactive_ids(demo)
    standing = [(c.status_id in inactive, by_id[c.twin].status_id in inactive) for c in copies]
    assert sum(mine != twins for mine, twins in standing) > 0.7 * len(copies)
    assert sum(c.deleted for c in copies) > 0.05 * len(copies)  # recycle-bin look-alikes


def test_copies_keep_their_twins_website_or_phone_only_sometimes(demo: SandboxTenant) -> None:
    by_id = {r.id: r for r in demo.rows}
    keys = ["website", "phoneNumber"]
    pairs = [
        (demo.record(c, keys=keys), demo.record(by_id[c.twin], keys=keys))
        for c in demo.rows
        if c.twin
    ]
    sites = [
        normalize_domain(a["website"]) == normalize_domain(b["website"])
        for a, b in pairs
        if "website" in a and "website" in b
    ]
    phones = [a["phoneNumber"] == b["phoneNumber"] for a, b in pairs if len(a) == len(b) == 2]
    assert 0.15 * len(sites) < sum(sites) < 0.85 * len(sites)
    assert 0.15 * len(phones) < sum(phones) < 0.85 * len(phones)


def test_names_come_in_the_shapes_real_companies_use(demo: SandboxTenant) -> None:
    names = [r.name for r in demo.rows]
    shapes = {
        "initials": r"^[A-Z]&[A-Z] ",
        "number first": r"^\d",
        "partners": r"^[^,]+, [^,]+ & ",
        "the ... company": r"^The .+ Company$",
        "possessive": r"'s ",
        "family firm": r" & Sons\b",
        "person": r"^(Dr\. )?[A-Z][a-z]+ [A-Z][a-z]+ (CPA|DDS|Photography|Consulting)",
        "legal form": r" (Inc|LLC|Ltd|GmbH)$",
    }
    for shape, pattern in shapes.items():
        assert sum(bool(re.search(pattern, n)) for n in names) >= 20, shape
    assert sum(not n.isascii() for n in names) > 200
    assert not [n for n in names if n != n.strip() or "  " in n or "Group Group" in n]


def test_awkward_names_survive_in_small_tenants() -> None:
    names = [r.name for r in make_tenant("small", 300, seed=3).rows]
    assert names.count("Acme [UK] Ltd") == 2
    for awkward in ("Foo [/] Bar", "[b]Bold[/b] Corp", "Contoso, Ltd.", "Contoso Ltd"):
        assert awkward in names


def test_renaming_a_company_keeps_its_website_phone_and_country() -> None:
    tenant = make_tenant("rename", 200, seed=4)
    row = next(r for r in tenant.rows if tenant.builder.website(r) and not r.deleted)
    keys = ["website", "phoneNumber", "country"]
    before = tenant.record(row, keys=keys)
    after = tenant.update_company(row.id, name="Entirely New Name GmbH")
    assert after["name"] == "Entirely New Name GmbH"
    assert {k: after[k] for k in before} == before


def test_details_cached_on_a_shared_row_never_leak_into_another_seed() -> None:
    rows = generate_rows("demo", 60, 1)
    seeded_one = make_tenant("one", 60, seed=1)
    other = SandboxTenant(
        company_id="other",
        profile=PROFILES["demo"],
        rows=rows,
        seed=2,
        public_key="pub",
        private_key="priv",
        client_id="client",
    )
    keys = ["website", "phoneNumber"]
    first = [seeded_one.record(r, keys=keys) for r in rows]
    second = [other.record(r, keys=keys) for r in rows]
    fresh = [other.record(_uncached(r), keys=keys) for r in rows]
    assert second == fresh
    assert first != second
    assert [seeded_one.record(r, keys=keys) for r in rows] == first


def _uncached(row: CompanyRow) -> CompanyRow:
    return replace(row)  # a rebuilt row starts without derived details
