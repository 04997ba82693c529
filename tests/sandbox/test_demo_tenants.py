"""The shape of the demo sandbox: sizes, mix, per-tenant ids, awkward names, determinism."""

from __future__ import annotations

from collections import Counter

from tui.sandbox import demo_sandbox, make_tenant


def test_demo_tenant_shape() -> None:
    sandbox = demo_sandbox()
    demo, northwind = sandbox.tenants["demo"], sandbox.tenants["northwind"]

    assert len(demo.companies) == 50_000
    assert 1_400 <= demo.count("status/id = 1", "types/id = 5") <= 1_600
    assert demo.count("status/id = 1", "types/id = 5 and types/id = 77") == 0
    managed_clients = [r for r in demo.rows if {5, 77} <= set(r.type_ids) and r.status_id == 1]
    assert len(managed_clients) > 300
    assert demo.count("deletedFlag = true") > 500

    by_status = Counter(r.status_id for r in demo.rows)
    assert set(by_status) == {1, 2, 17, 23, 31, 44}
    assert by_status[1] < 35_000  # most companies are not the active clients a sync wants

    assert not {s["id"] for s in demo.statuses} & {s["id"] for s in northwind.statuses}
    assert not {t["id"] for t in demo.types} & {t["id"] for t in northwind.types}
    assert {s["name"] for s in northwind.statuses} >= {"Current", "Dormant", "On Hold"}
    assert {t["name"] for t in northwind.types} >= {"Customer", "Lead", "Supplier"}
    assert 7_000 <= len(northwind.companies) <= 9_000

    names = [r.name for r in demo.rows]
    for awkward in (
        "Acme [UK] Ltd",
        "Foo [/] Bar",
        "[b]Bold[/b] Corp",
        "Müller GmbH",
        "O'Brien & Sons Plumbing",
        '"Best" Widgets Inc',
    ):
        assert awkward in names
    assert len(set(names)) < len(names)  # duplicate names exist, as in real tenants
    identifiers = [r.identifier for r in demo.rows]
    assert len({i.lower() for i in identifiers}) == len(identifiers)
    assert all(len(i) <= 30 and " " not in i for i in identifiers)
    assert all(len(n) <= 50 for n in names)
    assert [r.id for r in demo.rows] == sorted(r.id for r in demo.rows)
    assert demo.rows[-1].id - demo.rows[0].id > len(demo.rows)  # ids have gaps


def test_generation_is_deterministic_per_seed() -> None:
    a, b, c = make_tenant("a", 200, seed=9), make_tenant("b", 200, seed=9), make_tenant("c", 200, 8)
    assert list(a.companies) == list(b.companies)
    assert [r.name for r in a.rows] != [r.name for r in c.rows]


def test_tenants_over_shared_rows_do_not_see_each_others_changes() -> None:
    one, two = make_tenant("one", 50, seed=2), make_tenant("two", 50, seed=2)
    one.add_company("Only In One")
    one.delete_company(one.rows[0].id)
    assert len(two.rows) == 50
    assert not two.rows[0].deleted


def test_status_names_can_be_renamed_by_id_or_in_order() -> None:
    by_id = make_tenant("x", 30, status_names={17: "Foo [/] Bar"})
    assert [s["name"] for s in by_id.statuses][2] == "Foo [/] Bar"
    in_order = make_tenant("y", 30, type_names=["Customer [x]"])
    assert in_order.types[0] == {**in_order.types[0], "id": 5, "name": "Customer [x]"}
    record = next(r for r in in_order.companies if r["types"] and r["types"][0]["id"] == 5)
    assert record["types"][0]["name"] == "Customer [x]"
