"""SIGKILL a process while it saves a mapping file, over and over, and check what is left.

A writer process loads the file with `MappingStore` and saves two versions, A and B,
alternately, as fast as it can. The harness kills it with SIGKILL after a random delay
(seeded), then checks that the file is exactly A or B (valid TOML, byte for byte what
was saved apart from its `saved_at` stamp) and that `.bak` is too. The next writer
resumes from whatever the kill left.

Writers are forked from one "zygote" process that has already imported psamap and built
both versions, so each kill costs milliseconds instead of an interpreter start. The
zygote is single-threaded, which keeps `os.fork` safe. The test and
`bench/reliability.py` both run `run_crash_trials`.
"""

from __future__ import annotations

import functools
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tui.core.atomic import backup_path
from tui.core.mapping_file import MappingDocument, MappingEntry, dumps
from tui.core.mapping_store import MappingStore

#: Entries per version: enough that one save spends real time writing and fsyncing.
ENTRIES = 200
_SAVED_AT = re.compile(rb"^saved_at = .*$", re.MULTILINE)
_ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def version(which: str) -> MappingDocument:
    """Version A or B of the document: same records, different companies and names."""
    offset = 0 if which == "A" else 10_000
    mappings = {
        f"C-{i}": MappingEntry(
            local_id=f"C-{i}",
            local_name=f'Local "{which}" {i} [x].',
            psa_id=offset + i + 1,  # PSA ids start at 1
            psa_identifier=f"Id{offset + i}",
            psa_name=f"PSA {which} {i}",
            method="fuzzy" if i % 3 else "exact",
            score=90.5 if i % 3 else 100.0,
        )
        for i in range(ENTRIES)
    }
    return MappingDocument(
        tenant="contoso",
        company_id="contoso",
        saved_at=datetime(2026, 1, 1, tzinfo=UTC),
        records=f"customers-{which}.csv",
        mappings=mappings,
        ignored={f"X-{which}": "no PSA company"},
    )


@functools.cache
def _unstamped(which: str) -> bytes:
    return _SAVED_AT.sub(b"", dumps(version(which)).encode("utf-8"))


def which_version(path: Path) -> str:
    """'A' or 'B' when the file is exactly one of them; raises AssertionError otherwise."""
    data = path.read_bytes()
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AssertionError(f"{path.name} is not valid TOML: {exc}") from None
    unstamped = _SAVED_AT.sub(b"", data)
    for name in ("A", "B"):
        if unstamped == _unstamped(name):
            return name
    raise AssertionError(f"{path.name} is valid TOML but neither version A nor B")


# --- the zygote and its writers (run in the child interpreter) -------------------------------


def _write_forever(path: str, ready: int) -> None:
    """The process that gets killed: resume from the file, then save B, A, B, A... forever."""
    store = MappingStore(path)
    current = store.load()
    now = "A" if current is None or current.records.endswith("A.csv") else "B"
    os.write(ready, b"r")
    os.close(ready)
    while True:
        now = "B" if now == "A" else "A"
        store.save(version(now))


def zygote() -> None:
    """Read commands on stdin: `fork PATH` starts a writer (prints its pid once it is ready),
    `reap PID` waits for a killed writer (prints `reaped`)."""
    version("A"), version("B")  # built once, inherited by every writer
    for line in sys.stdin:
        command, arg = line.split(" ", 1)
        arg = arg.strip()
        if command == "fork":
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                try:
                    _write_forever(arg, write_end)
                finally:
                    os._exit(1)
            os.close(write_end)
            started = os.read(read_end, 1) == b"r"
            os.close(read_end)
            print(pid if started else "failed", flush=True)
        elif command == "reap":
            os.waitpid(int(arg), 0)
            print("reaped", flush=True)


class Zygote:
    """The parent's handle on the zygote process."""

    def __init__(self) -> None:
        code = "from tests.support.crash_harness import zygote; zygote()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _ask(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def start_writer(self, path: Path) -> int:
        answer = self._ask(f"fork {path}")
        if not answer.isdigit():
            raise AssertionError(f"the writer process did not start ({answer or 'no answer'})")
        return int(answer)

    def reap(self, pid: int) -> None:
        self._ask(f"reap {pid}")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


# --- the trials (run in the test process) ------------------------------------------------------


@dataclass
class CrashReport:
    """What the kills found."""

    kills: int = 0
    valid_file: int = 0
    valid_bak: int = 0
    #: Kills that left a temporary file behind: they landed inside a write.
    mid_write: int = 0
    saw: dict[str, int] = field(default_factory=lambda: {"A": 0, "B": 0})
    seconds: float = 0.0


def _save_seconds(path: Path) -> float:
    """How long one save takes here (median of a few), to aim the kills inside saves."""
    store = MappingStore(path)
    store.load()
    samples = []
    for i in range(6):
        start = time.perf_counter()
        store.save(version("AB"[i % 2]))
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run_crash_trials(folder: Path, kills: int = 100, seed: int = 1) -> CrashReport:
    """Kill a saving writer `kills` times; any check that fails raises AssertionError."""
    started = time.perf_counter()
    path = folder / "contoso.mapping.toml"
    rng = random.Random(seed)
    window = 2 * _save_seconds(path)
    report = CrashReport()
    zygote = Zygote()
    try:
        for _ in range(kills):
            pid = zygote.start_writer(path)
            time.sleep(rng.uniform(0, window))
            os.kill(pid, signal.SIGKILL)  # no cleanup, no finally blocks, no flush
            zygote.reap(pid)
            report.kills += 1
            report.saw[which_version(path)] += 1
            report.valid_file += 1
            which_version(backup_path(path))
            report.valid_bak += 1
            leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
            if leftovers:
                report.mid_write += 1
                for leftover in leftovers:  # so each kill's leftovers are counted once
                    leftover.unlink()
    finally:
        zygote.close()
    report.seconds = time.perf_counter() - started
    return report
