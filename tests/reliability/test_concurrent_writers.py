"""Two writers on one mapping file: they merge, or one is refused clearly; nothing is lost.

Before the file lock, the conflict check and the rename were separate steps: two
processes could both pass the check, and the second rename dropped the first one's
entries while both reported success.
"""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path

import pytest

from tests.reliability.lab import (
    active_companies,
    document,
    entry,
    psamap_process,
    served_lab,
    write_records,
)
from tests.reliability.race_harness import run_writer_races
from tui.core import atomic, mapping_store
from tui.core.atomic import backup_path
from tui.core.mapping_store import MappingConflict, MappingStore


@pytest.mark.slow
def test_writer_processes_racing_on_one_file_lose_no_entry(tmp_path: Path) -> None:
    report = run_writer_races(tmp_path, writers=3, rounds=15)

    assert (report.saves, report.lost) == (45, 0)


def test_a_save_landing_between_anothers_check_and_rename_is_refused_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.toml"
    MappingStore(path).save(document("C-0"), force=True)
    first, second = MappingStore(path), MappingStore(path)
    mine, theirs = first.load(), second.load()
    assert mine is not None and theirs is not None
    mine.mappings["C-mine"] = entry("C-mine", 7)
    theirs.mappings["C-theirs"] = entry("C-theirs", 8)
    outcome: dict[str, str] = {}

    def their_save() -> None:
        try:
            second.save(theirs)
            outcome["theirs"] = "saved"
        except MappingConflict:
            outcome["theirs"] = "refused"

    real_write = atomic.write_atomic
    other = threading.Thread(target=their_save)

    def write_after_the_other_tried(target: Path, data: bytes, **kw: bool) -> None:
        # My check has passed; the other writer saves now, before my rename.
        monkeypatch.setattr(mapping_store, "write_atomic", real_write)
        other.start()
        other.join(timeout=0.5)
        real_write(target, data, **kw)

    monkeypatch.setattr(mapping_store, "write_atomic", write_after_the_other_tried)
    first.save(mine)
    other.join()

    on_disk = MappingStore(path).load()
    assert on_disk is not None
    assert outcome == {"theirs": "refused"}  # told clearly, with its work still in hand
    assert set(on_disk.mappings) == {"C-0", "C-mine"}


def test_a_save_onto_a_backup_that_already_is_this_version_leaves_no_temp_file(
    tmp_path: Path,
) -> None:
    # `.bak` and the file are one inode (a save interrupted between its two renames, or a
    # concurrent writer): renaming a link onto the same file is a no-op that kept the temp.
    path = tmp_path / "m.toml"
    store = MappingStore(path)
    store.save(document("C-1"), force=True)
    os.link(path, backup_path(path))

    store.save(document("C-1", "C-2"))

    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    assert set(tomllib.loads(path.read_text())["mappings"]) == {"C-1", "C-2"}
    assert set(tomllib.loads(backup_path(path).read_text())["mappings"]) == {"C-1"}


@pytest.mark.slow
def test_two_automap_processes_on_one_file_both_succeed_and_both_sets_are_kept(
    tmp_path: Path,
) -> None:
    # Each run waits ~0.6 s on the PSA between reading the file and saving it, so both
    # have read the file before either saves.
    with served_lab(tmp_path, latency_ms=300) as (sandbox, config):
        companies = active_companies(sandbox)[:40]
        write_records(tmp_path / "a.csv", [(f"A-{c['id']}", c["name"]) for c in companies[::2]])
        write_records(tmp_path / "b.csv", [(f"B-{c['id']}", c["name"]) for c in companies[1::2]])
        argv: list[str | os.PathLike[str]] = [
            "--config",
            config,
            "automap",
            "lab",
            "--status",
            "Active",
            "--out",
            "m.toml",
        ]
        runs = [
            psamap_process(*argv, "--records", f"{who}.csv", cwd=tmp_path) for who in ("a", "b")
        ]
        results = [run.communicate(timeout=60) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], results
    saved = tomllib.loads((tmp_path / "m.toml").read_text())["mappings"]
    assert {i[0] for i in saved} == {"A", "B"}
    counts = [int(out.split("matched: ")[1].split(",")[0]) for out, _ in results]
    assert len(saved) == sum(counts) > 0
