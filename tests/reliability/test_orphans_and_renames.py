"""Records that moved on since they were mapped: orphans kept and shown, renames flagged.

An entry whose record left the records file is never dropped: it is counted apart
(`mapped N + M orphans`), listed in an orphans view, and goes only when the user removes
it (undoable, saved like any change). `psamap check` reports the same set: one rule.
A record whose name changed since it was mapped is flagged until the new name is
confirmed (or the record re-linked), which writes it to the file as `local_name`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests import test_cli_sync
from tests.reliability.record_drift_harness import run_record_drift
from tests.support.mapping_fixtures import MappingWorld, mapped_entry, read_toml
from tests.support.pilot import screen_text, settle
from tests.test_cli import run
from tui.core.check import check_mapping
from tui.core.mapping_file import MappingDocument
from tui.core.records import LocalRecord, load_records
from tui.core.session import MappingSession
from tui.psa.models import Company

# `check`'s sandbox tenant, config and mapping file, as its own tests build them.
lab, served, mapped = test_cli_sync.lab, test_cli_sync.served, test_cli_sync.mapped


def with_orphans(world: MappingWorld) -> tuple[list[LocalRecord], MappingDocument]:
    """One entry for a record of the file, two for ids the file no longer has."""
    records = load_records(world.records_path)
    first, c1, c2, c3 = records[0], *world.companies[:3]
    document = world.write_mapping({
        first.id: mapped_entry(first.id, first.name, c1),
        "C-9001": mapped_entry("C-9001", "Left Us Ltd", c2),
        "C-9002": mapped_entry("C-9002", "Moved Away Inc", c3),
    })  # fmt: skip
    return records, document


async def test_orphans_are_counted_shown_and_removed_only_when_asked(tmp_path: Path):
    world = MappingWorld.build(tmp_path, n_records=12)
    records, document = with_orphans(world)
    kept = records[0].id
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        assert "mapped 1 + 2 orphans" in screen_text(pilot)
        # The same set `psamap check` reports.
        report = check_mapping("acme", document, world.companies, records)
        assert session.view_ids("orphans") == list(report.orphans) == ["C-9001", "C-9002"]
        # Not among the records of the file, and nothing to remove there.
        assert "C-9001" not in screen.records_table.visible_keys
        assert not screen.check_action("remove_orphans", ())

        await pilot.press("O")
        await settle(pilot)
        assert list(screen.records_table.visible_keys) == ["C-9001", "C-9002"]
        text = screen_text(pilot)
        assert "Left Us Ltd" in text and "orphan" in text
        assert not screen.check_action("accept_best", ())  # no record to decide here

        await pilot.press("home", "D")  # the highlighted one: the first
        await settle(pilot)
        assert list(screen.records_table.visible_keys) == ["C-9002"]
        assert "mapped 1 + 1 orphan" in screen_text(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert list(screen.records_table.visible_keys) == ["C-9001", "C-9002"]

        await pilot.press("asterisk", "D")  # every orphan shown, marked
        await settle(pilot)
        assert screen.records_table.visible_keys == []
        assert session.counts().orphans == 0 and session.dirty
        await pilot.press("s")
        await settle(pilot)
    assert set(read_toml(world.mapping_path)["mappings"]) == {kept}


async def test_saving_other_work_keeps_the_orphans_entries(tmp_path: Path):
    world = MappingWorld.build(tmp_path, n_records=12)
    records, _ = with_orphans(world)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        assert screen.session is not None
        screen.session.ignore([records[1].id], "not ours")
        await pilot.press("s")
        await settle(pilot)
    saved = read_toml(world.mapping_path)
    assert {"C-9001", "C-9002", records[0].id} <= set(saved["mappings"])
    assert saved["mappings"]["C-9001"]["local_name"] == "Left Us Ltd"


async def test_renamed_records_are_flagged_until_confirmed_or_relinked(tmp_path: Path):
    world = MappingWorld.build(tmp_path, n_records=12)
    records = load_records(world.records_path)
    r0, r1, r2 = records[:3]
    c0, c1, c2 = world.companies[:3]
    world.write_mapping({
        r0.id: mapped_entry(r0.id, "Old Name Ltd", c0),
        r1.id: mapped_entry(r1.id, "Older Name Ltd", c1),
        r2.id: mapped_entry(r2.id, r2.name, c2),
    })  # fmt: skip
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        assert "renamed 2" in screen_text(pilot)
        for _ in range(4):  # all -> unmapped -> conflicts -> drift -> renamed
            await pilot.press("v")
        await settle(pilot)
        assert screen.view == "renamed"
        assert list(screen.records_table.visible_keys) == [r0.id, r1.id]
        assert f"✎ {r0.name}" in screen_text(pilot)

        screen.records_table.move_cursor_to_key(r0.id)
        await pilot.press("R")  # confirm the new name
        await settle(pilot)
        assert list(screen.records_table.visible_keys) == [r1.id]
        await pilot.press("z")  # undoable like any change
        await settle(pilot)
        assert list(screen.records_table.visible_keys) == [r0.id, r1.id]
        await pilot.press("Z")
        await settle(pilot)

        # Re-linking the other record to its company refreshes its name as well.
        screen.records_table.move_cursor_to_key(r1.id)
        screen.companies_table.move_cursor_to_key(c1.id)
        await pilot.press("l")
        await settle(pilot)
        assert screen.records_table.visible_keys == []
        assert session.counts().renamed == 0
        await pilot.press("s")
        await settle(pilot)
    saved = read_toml(world.mapping_path)["mappings"]
    assert [saved[r.id]["local_name"] for r in (r0, r1, r2)] == [r0.name, r1.name, r2.name]
    assert saved[r0.id]["psa_id"] == c0.id and saved[r0.id]["method"] == "exact"


def test_journal_restores_an_orphans_removal() -> None:
    company = Company(id=7, identifier="Seven", name="Seven Ltd")
    gone = mapped_entry("C-9", "Gone Ltd", company)
    document = MappingDocument(tenant="t", company_id="t", mappings={"C-9": gone})
    records = [LocalRecord("C-1", "Here Ltd")]
    session = MappingSession(records, [company], document, {})
    assert session.remove_orphans(["C-9", "C-1"]) == 1  # C-1 is no orphan: left alone
    changes = session.unsaved_changes()
    assert changes == {"C-9": None}

    again = MappingSession(records, [company], document, {})
    assert again.restore(changes) == 1
    assert "C-9" not in again.to_document().mappings
    assert again.counts().orphans == 0 and again.counts().mapped == 0


def test_check_lists_renamed_records_without_changing_its_exit_or_json(
    capsys,
    served,
    mapped,
    monkeypatch,
    tmp_path,
) -> None:
    _sandbox, config = served
    monkeypatch.chdir(tmp_path)
    rows = "".join(f"C-{i},Local C-{i}\n" for i in range(1, 9)).replace(
        "C-2,Local C-2", "C-2,Renamed Locally Ltd"
    )
    (tmp_path / "records.csv").write_text("id,name\n" + rows, encoding="utf-8")
    code, out, err = run(capsys, "--config", str(config), "check", "lab")
    assert (code, err) == (0, "")
    assert 'renamed: C-2: mapped as "Local C-2", now "Renamed Locally Ltd"' in out
    code, out, _ = run(capsys, "--config", str(config), "check", "lab", "--json")
    assert code == 0
    assert set(json.loads(out)) == {"tenant", "mapped", "ignored", "unmapped", "drift", "orphans"}


def test_a_records_file_that_moved_on_loses_no_entry_and_flags_every_rename(tmp_path: Path):
    report = run_record_drift(tmp_path, records=300, removed=4, renamed=3)
    assert (report.kept, report.shown, report.checked) == (4, 4, 4) and report.same_ids
    assert (report.flagged, report.confirmed) == (3, 3)
