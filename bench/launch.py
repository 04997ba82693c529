"""Cold launch of `psamap --demo` in a real pseudo-terminal, to the tenant picker drawn.

Not headless: the app runs in a pty as a user's terminal would host it, and the clock
stops when the picker's text ("Demo MSP (embedded sandbox)") has been written to the
terminal. Each run is a fresh interpreter with its bytecode cached, as after
`pip install` (PYTHONDONTWRITEBYTECODE, which a shell may set, is dropped for the runs so
that the warm-up writes the cache); the app is then told to quit with ctrl+q.

The baseline is the floor no Textual app can go below on this machine: a bare Textual
app that draws one line of text, launched the same way. The runs alternate (psamap,
bare, psamap, ...) so that a machine busy with other work slows both alike; the gap
between the two medians is what psamap itself costs before its first frame.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time

from bench.table import BenchRow

RUNS = 7
TARGET = 0.3

#: The bare app: one Static with the words the clock waits for.
FLOOR_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Sandbox demo")

Bare().run()
"""

PSAMAP = [sys.executable, "-m", "tui", "--demo"]
FLOOR = [sys.executable, "-c", FLOOR_APP]


def rows() -> list[BenchRow]:
    """One row: psamap's median launch next to the bare Textual app's, runs alternating."""
    launch_once(PSAMAP)  # warm-ups: bytecode compiled and cached, files in the page cache
    launch_once(FLOOR)
    ours: list[float] = []
    floor: list[float] = []
    for _ in range(RUNS):
        ours.append(launch_once(PSAMAP))
        floor.append(launch_once(FLOOR))
    ours.sort()
    floor.sort()
    median, floor_median = statistics.median(ours), statistics.median(floor)
    return [
        BenchRow(
            f"TUI in a real pty: cold launch to tenant picker drawn (median of {RUNS})",
            f"{median:.2f} s (min {ours[0]:.2f}, max {ours[-1]:.2f}; "
            f"+{median - floor_median:.2f} s over the floor)",
            f"bare Textual app, one line of text: {floor_median:.2f} s "
            f"(min {floor[0]:.2f}, max {floor[-1]:.2f})",
            f"< {TARGET} s",
            median < TARGET,
        )
    ]


def launch_once(argv: list[str], timeout: float = 20.0) -> float:
    """Seconds from spawn until "demo" and "sandbox" are both on the terminal."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": "80",
            "LINES": "24",
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_STATE_HOME": f"{home}/state",
            "XDG_CACHE_HOME": f"{home}/cache",
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        main, child = pty.openpty()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=child, stdout=child, stderr=child, env=env, close_fds=True
        )
        os.close(child)
        seen = b""
        elapsed = timeout
        try:
            while time.perf_counter() - start < timeout:
                ready, _, _ = select.select([main], [], [], 0.05)
                if ready:
                    try:
                        seen += os.read(main, 65536)
                    except OSError:
                        break
                    if b"demo" in seen.lower() and b"sandbox" in seen.lower():
                        elapsed = time.perf_counter() - start
                        break
        finally:
            try:
                os.write(main, b"\x11")  # ctrl+q
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
            os.close(main)
        return elapsed
