"""SIGTERM, SIGHUP and SIGKILL while a mapping has unsaved work: the terminal is restored and
the work comes back at the next launch.

psamap used to exit at once on SIGTERM/SIGHUP, losing the work and leaving the terminal
in the alternate screen with mouse tracking on. Now the unsaved record states are kept
in a recovery journal (written atomically within a second or two of each action), the
signals write it once more and exit through the normal path (which restores the
terminal), and the next launch offers to restore it; SIGKILL loses at most the last
second or two.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.reliability.lab import lab_tenant
from tests.reliability.signal_harness import journal_of, records_for, run_signal_trial
from tests.support.filter_fixtures import make_app
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.app.screens.mapping import MappingScreen
from tui.core.journal import JOURNAL_DELAY_SECONDS, journal_path
from tui.core.mapping_store import MappingStore

# --- in-process, with Pilot ------------------------------------------------------------------


def mapping_screen(app: PsamapApp) -> MappingScreen:
    screen = app.screen
    assert isinstance(screen, MappingScreen), screen
    return screen


async def open_mapping(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")  # the tenant
    await settle(pilot)
    await pilot.press("enter")  # the filter as remembered (all statuses)
    await settle(pilot)


async def test_unsaved_work_is_journaled_within_seconds_and_offered_at_the_next_launch(
    tmp_path: Path,
) -> None:
    tenant = lab_tenant(60)
    records = records_for(tenant, tmp_path / "r.csv")
    mapping = tmp_path / "lab.mapping.toml"

    app = make_app(tenant)
    app.records_path, app.mapping_path = records, mapping
    async with app.run_test(size=(100, 30)) as pilot:
        await open_mapping(pilot)
        await pilot.press("a")  # accept the first record's best suggestion: unsaved
        await pilot.pause(JOURNAL_DELAY_SECONDS + 0.5)
        journaled = journal_of(mapping).read()
        session = mapping_screen(app).session
        assert session is not None and session.dirty
        accepted = dict(session.unsaved_changes())
        app.terminate(signal.SIGTERM)  # what the SIGTERM handler runs
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert not mapping.exists()  # nothing was saved...
    assert journaled is not None and journaled.changes == accepted  # ...but it is on disk
    assert len(accepted) == 1

    again = make_app(tenant)
    again.records_path, again.mapping_path = records, mapping
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the load waits on the recovery question: no settle
        for _ in range(200):
            await pilot.pause(0.05)
            if "Recover unsaved work" in screen_text(pilot):
                break
        assert "Recover unsaved work" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        session = mapping_screen(again).session
        assert session is not None and session.dirty
        assert dict(session.unsaved_changes()) == accepted
        await pilot.press("s")  # save: the journal has done its job
        await settle(pilot)
    saved = MappingStore(mapping).load()
    assert saved is not None and set(saved.mappings) == set(accepted)
    assert not journal_path(mapping).exists()


async def test_quitting_without_saving_on_purpose_drops_the_journal(tmp_path: Path) -> None:
    tenant = lab_tenant(60)
    app = make_app(tenant)
    app.records_path = records_for(tenant, tmp_path / "r.csv")
    app.mapping_path = tmp_path / "lab.mapping.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await open_mapping(pilot)
        await pilot.press("a")
        mapping_screen(app).flush_journal()
        assert journal_path(app.mapping_path).exists()
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("d")  # quit without saving
        await pilot.pause()
    assert not journal_path(app.mapping_path).exists()


# --- a real process in a real terminal -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=str)
def test_a_signal_with_unsaved_work_restores_the_terminal_and_keeps_the_work(
    tmp_path: Path, sig: signal.Signals
) -> None:
    trial = run_signal_trial(tmp_path, sig)

    if sig != signal.SIGKILL:
        assert trial.returncode == 128 + sig
        assert trial.terminal_restored
    assert not trial.saved
    assert trial.work_recovered, trial


def test_a_journal_is_never_offered_to_another_tenant(tmp_path: Path) -> None:
    from tests.reliability.lab import entry

    mapping = tmp_path / "m.toml"
    journal_of(mapping).write({"C-1": entry("C-1", 5)}, None)

    assert journal_of(mapping).read() is not None
    assert journal_of(mapping, tenant="other").read() is None
