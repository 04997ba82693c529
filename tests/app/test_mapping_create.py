"""Create in the PSA and export unmapped companies, from the mapping screen, driven by keys."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.support.mapping_fixtures import MappingWorld, open_mapping, read_toml
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.app.screens.create_dialog import CreatePlanDialog
from tui.app.screens.mapping_dialogs import PathDialog

NEW = ("Quillfeather Bakery", "Orbitwise Dental", "Saltmarsh Rowing Club")


def world_with_new_records(folder: Path) -> MappingWorld:
    """The standard world, its records file replaced by three new names, one existing, one
    without an address."""
    world = MappingWorld.build(folder)
    existing = world.companies[0].name
    rows = [
        ("N-1", NEW[0], "1 Main St", "Springfield"),
        ("N-2", NEW[1], "", "Shelbyville"),
        ("N-3", NEW[2], "", "Ogdenville"),
        ("E-1", existing, "", "Oslo"),
        ("X-1", "Nowhere Ltd", "", ""),
    ]
    with world.records_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "address", "city"])
        writer.writerows(rows)
    return world


async def shown(pilot: Pilot, kind: type[Screen]) -> Screen:
    """Wait (bounded) until a dialog of this kind is on top: the worker that pushed it is
    waiting for its answer, so `settle` would wait for ever."""
    for _ in range(200):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"no {kind.__name__} shown")


async def open_plan(pilot: Pilot, world: MappingWorld, app: PsamapApp) -> CreatePlanDialog:
    await open_mapping(pilot, world.screen(app))
    await pilot.press("C")
    dialog = await shown(pilot, CreatePlanDialog)
    assert isinstance(dialog, CreatePlanDialog)
    return dialog


def posts(world: MappingWorld) -> list[str]:
    seen: list[str] = []
    world.sandbox.on_request.append(lambda request, _n: seen.append(request.method))
    return seen


async def test_the_plan_dialog_names_the_count_and_every_refusal(tmp_path: Path) -> None:
    world = world_with_new_records(tmp_path)
    methods = posts(world)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot, world, app)
        text = screen_text(pilot)
        assert "5 records: 3 to create, 2 refused" in text
        assert "y Create 3" in text
        line = "create  N-1 Quillfeather Bakery → QuillfeatherBakery · 1 Main St, Springfield"
        assert line in text
        assert "refuse  E-1" in text and "already in the PSA: same name as #" in text
        assert "refuse  X-1 Nowhere Ltd: no address" in text
        assert "New companies: status Active" in text
        await pilot.press("n")
        await settle(pilot)
    assert "POST" not in methods


async def test_confirming_creates_each_company_once_and_maps_it_as_created(tmp_path: Path):
    world = world_with_new_records(tmp_path)
    methods = posts(world)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot, world, app)
        before = len(world.tenant.rows)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        session = screen.session  # type: ignore[attr-defined]
        assert methods.count("POST") == 3
        assert [r.name for r in world.tenant.rows[before:]] == list(NEW)
        entries = {rid: session.entry(rid) for rid in ("N-1", "N-2", "N-3")}
        assert all(e is not None and e.method == "created" for e in entries.values())
        assert entries["N-1"].psa_id == world.tenant.rows[before].id
        assert "mapped 3 ·" in screen_text(pilot)
        assert world.tenant.rows[before].id in screen.companies_table.visible_keys  # type: ignore[attr-defined]
        await pilot.press("s")
        await settle(pilot)
        written = read_toml(world.mapping_path)
        assert {rid: e["method"] for rid, e in written["mappings"].items()} == dict.fromkeys(
            ("N-1", "N-2", "N-3"), "created"
        )
        audit = world.mapping_path.with_name("acme.mapping.audit.jsonl")
        assert audit.read_text().count('"event": "created"') == 3


async def test_undo_of_a_creation_unlinks_and_says_the_companies_stay(tmp_path: Path) -> None:
    world = world_with_new_records(tmp_path)
    app = world.app()
    said: list[str] = []
    notify = app.notify

    def heard(message: str, **kw: object) -> None:
        said.append(message)
        notify(message, **kw)  # type: ignore[arg-type]

    app.notify = heard  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot, world, app)
        before = len(world.tenant.rows)
        await pilot.press("y")
        await settle(pilot)
        assert said[-1] == "Created 3 in the PSA. Save (s) to keep the mapping."
        await pilot.press("z")
        await pilot.pause()
        session = app.screen.session  # type: ignore[attr-defined]
        assert session.counts().mapped == 0
        assert len(world.tenant.rows) == before + 3  # nothing is deleted in the PSA
    assert said[-1] == (
        "Undone: Linked 3 records to companies created in the PSA; "
        "unlinked only: the companies stay in the PSA"
    )


async def test_marked_records_alone_are_planned(tmp_path: Path) -> None:
    world = world_with_new_records(tmp_path)
    async with world.opened(size=(100, 30)) as (pilot, screen):
        screen.records_table.move_cursor_to_key("N-2")
        await pilot.press("space", "C")
        dialog = await shown(pilot, CreatePlanDialog)
        assert isinstance(dialog, CreatePlanDialog)
        assert [i.record_id for i in dialog.plan.items] == ["N-2"]
        assert "y Create 1" in screen_text(pilot)


async def test_s_and_t_change_the_status_and_type_of_the_new_companies(tmp_path: Path):
    world = world_with_new_records(tmp_path)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app)
        active, hold = 1, 17
        screen.flt = screen.flt.of([active, hold], [5])
        await pilot.app.push_screen(screen)
        await settle(pilot)
        await pilot.press("C")
        dialog = await shown(pilot, CreatePlanDialog)
        assert isinstance(dialog, CreatePlanDialog)
        assert dialog.plan.status.id == active
        assert [t.id for t in dialog.plan.types] == [5]
        await pilot.press("s", "t")
        assert dialog.plan.status.id == hold
        assert dialog.plan.types == ()
        assert "status Credit Hold · type no type" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        created = world.tenant.record(world.tenant.rows[-1])
        assert created["status"]["id"] == hold


async def test_export_unmapped_writes_the_filter_companies_no_record_maps_to(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    out = tmp_path / "unmapped.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        session = screen.session
        assert session is not None
        await pilot.press("A", "y")
        await pilot.pause()
        mapped = {session.entry(r.id).psa_id for r in session.records if session.entry(r.id)}  # type: ignore[union-attr]
        assert mapped
        screen.companies_table.focus()
        await pilot.press("E")
        await shown(pilot, PathDialog)
        field = app.screen.query_one(Input)
        field.value = str(out)
        await pilot.press("enter")
        await settle(pilot)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["id", "name", "identifier", "website", "phone", "city", "zip"]
    expected = sorted(c.id for c in world.companies if c.id not in mapped)
    assert [int(r["id"]) for r in rows] == expected


def test_the_plan_dialog_snapshot(snap_compare, tmp_path: Path) -> None:
    world = world_with_new_records(tmp_path)
    app = world.app()

    async def run_before(pilot: Pilot) -> None:
        await open_plan(pilot, world, app)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
