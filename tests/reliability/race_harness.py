"""Concurrent writers on one mapping file: real processes, released at once, counting losses.

Each writer process adds its own entries to the same file, one save per entry, as fast
as it can, all writers starting on the same signal, so nearly every save races another.
A save refused with `MappingConflict` is retried from a fresh load (what a person does
after "changed on disk"). At the end every entry ever saved must be in the file; a
missing one is a *lost update*.

`locked` writers use `MappingStore.update` (read, check, write under the file lock);
the baseline writers run the same conflict check and write without the lock, the way
saving worked before, to show what the lock prevents. The test and
`bench/reliability.py` both run `run_writer_races`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.lab import ROOT, document
from tui.core.mapping_store import MappingStore

_WRITER = r"""
import sys, time
from pathlib import Path
from tests.reliability.lab import entry
from tui.core.mapping_store import MappingConflict, MappingStore

path, who, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
go, mode = Path(sys.argv[4]), sys.argv[5]
while not go.exists():
    time.sleep(0.0005)
conflicts = 0
for r in range(rounds):
    local_id = f"{who}-{r}"
    while True:
        store = MappingStore(path)
        if mode == "locked":
            def add(doc):
                doc.mappings[local_id] = entry(local_id, r + 1)
                return doc
            store.update(add)
            break
        doc = store.load()
        doc.mappings[local_id] = entry(local_id, r + 1)
        try:
            store._check_unchanged()  # the check, then the write, with no lock between
            store._write(doc)
            break
        except MappingConflict:
            conflicts += 1
print(conflicts)
"""


@dataclass(frozen=True)
class RaceReport:
    """What the writers did and what survived."""

    writers: int
    saves: int  # one per entry, all racing
    conflicts_retried: int
    lost: int


def run_writer_races(
    folder: Path, *, writers: int = 2, rounds: int = 50, locked: bool = True
) -> RaceReport:
    """`writers` processes each save `rounds` entries into one file concurrently."""
    path = folder / "race.mapping.toml"
    path.unlink(missing_ok=True)
    MappingStore(path).save(document("base"), force=True)
    go = folder / "race.go"
    go.unlink(missing_ok=True)
    mode = "locked" if locked else "unlocked"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), f"w{w}", str(rounds), str(go), mode],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    time.sleep(0.5)  # every writer imported and waiting: then release them at once
    go.touch()
    conflicts = 0
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        conflicts += int(out.strip() or 0)
    doc = MappingStore(path).load()
    assert doc is not None
    expected = {f"w{w}-{r}" for w in range(writers) for r in range(rounds)}
    return RaceReport(writers, writers * rounds, conflicts, len(expected - set(doc.mappings)))
