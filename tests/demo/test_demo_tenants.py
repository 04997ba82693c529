"""The shape of the demo sandbox: sizes, mix, per-tenant ids, awkward names."""

from __future__ import annotations

from collections import Counter

from tui.demo.tenants import demo_sandbox


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
