"""`make_tenant`: determinism per seed, tenants over shared rows, renamed statuses and types."""

from __future__ import annotations

from tui.sandbox import make_tenant


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
