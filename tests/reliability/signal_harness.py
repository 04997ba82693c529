"""One real psamap in a real terminal (a pty), with unsaved work, sent a signal: what is left.

Shared by `tests/reliability/test_signals.py` and `bench/reliability.py`.
"""

from __future__ import annotations

import csv
import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.lab import ROOT, lab_tenant, served_lab
from tui.core.journal import JOURNAL_DELAY_SECONDS, RecoveryJournal

ACTIVE = "deletedFlag = false and status/id = 1"
ALT_SCREEN_OFF, MOUSE_OFF = b"\x1b[?1049l", b"\x1b[?1000l"


def records_for(tenant, path: Path, n: int = 12) -> Path:
    """A records file naming the tenant's first `n` Active companies."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        writer.writerows([f"R-{c['id']}", c["name"]] for c in tenant.select(ACTIVE)[:n])
    return path


def journal_of(mapping: Path, tenant: str = "lab", folder: Path | None = None) -> RecoveryJournal:
    """The lab tenant's journal for `mapping` (in the state folder `folder`, else the default)."""
    return RecoveryJournal(mapping, tenant=tenant, company_id=tenant, folder=folder)


@dataclass(frozen=True)
class SignalTrial:
    signal: int
    returncode: int
    terminal_restored: bool  # alternate screen left and mouse tracking off
    saved: bool  # the mapping file was written (it must not be: the work was unsaved)
    recovered_changes: int  # unsaved record states the next launch can restore
    journaled_changes: int  # unsaved record states on the screen when the signal came

    @property
    def work_recovered(self) -> bool:
        """Everything unsaved is there to restore, and nothing was written behind its back."""
        return not self.saved and self.recovered_changes == self.journaled_changes >= 1


def read_until(fd: int, wanted: bytes, seen: bytearray, *, deadline: float) -> bool:
    """Read the terminal's output into `seen` until `wanted` appears (False: gave up)."""
    while time.monotonic() < deadline:
        if wanted in seen:
            return True
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return wanted in seen
            if not chunk:
                return wanted in seen
            seen += chunk
    return wanted in seen


def continue_to_mapping(fd: int, seen: bytearray, *, deadline: float) -> None:
    """Press Enter on the filter screen until the mapping screen's companies pane shows.

    An Enter that comes before the filter screen takes keys is dropped; a fixed pause
    before one Enter lost that race on a busy machine (the trial then never reached the
    mapping screen). The pane title is drawn as soon as the mapping screen opens. The
    first Enter still waits the 0.5 s that is enough on a quiet machine, so a trial
    there is no slower than one Enter was.
    """
    time.sleep(0.5)
    while time.monotonic() < deadline:
        os.write(fd, b"\r")
        if read_until(fd, b"PSA companies", seen, deadline=min(deadline, time.monotonic() + 3.0)):
            return


def run_signal_trial(folder: Path, sig: int) -> SignalTrial:
    """Open the mapping screen, accept one suggestion (unsaved), wait past the journal
    delay, send `sig`, and report what the terminal and the state folder show."""
    tenant = lab_tenant(60)
    records = records_for(tenant, folder / "r.csv")
    mapping = folder / "lab.mapping.toml"
    with served_lab(folder, tenant) as (_, config):
        main, child = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color",
               "COLUMNS": "100", "LINES": "30", "PSAMAP_STATE_DIR": str(folder / "state"),
               "XDG_CACHE_HOME": str(folder / "cache")}  # fmt: skip
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "--config", str(config), "--records", str(records),
             "--mapping", str(mapping)],
            stdin=child, stdout=child, stderr=child, env=env, cwd=folder,
            start_new_session=True,
        )  # fmt: skip
        os.close(child)
        seen = bytearray()
        try:
            deadline = time.monotonic() + 60
            read_until(main, b"lab", seen, deadline=deadline)
            os.write(main, b"\r")  # open the tenant
            read_until(main, b"conditions", seen, deadline=deadline)
            continue_to_mapping(main, seen, deadline=deadline)
            # Accept a suggestion (unsaved work) once the screen takes keys: until the
            # journal shows it, which also proves it is on disk before a SIGKILL.
            journal = journal_of(mapping, folder=folder / "state")
            while time.monotonic() < deadline and journal.read() is None:
                os.write(main, b"a")
                read_until(main, b"\x00never", seen, deadline=time.monotonic() + 2.0)
            time.sleep(JOURNAL_DELAY_SECONDS + 0.5)  # any accept still pending lands too
            before = journal.read()
            journaled = 0 if before is None else len(before.changes)
            seen.clear()
            proc.send_signal(sig)
            proc.wait(timeout=30)
            read_until(main, b"\x00never", seen, deadline=time.monotonic() + 1)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(main)

    recovered = journal_of(mapping, folder=folder / "state").read()
    return SignalTrial(
        sig,
        proc.returncode,
        ALT_SCREEN_OFF in seen and MOUSE_OFF in seen,
        mapping.exists(),
        0 if recovered is None else len(recovered.changes),
        journaled,
    )
