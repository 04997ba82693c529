"""Cold launch of `psamap` in a real pseudo-terminal, to the tenant picker drawn.

Not headless: the app runs in a pty as a user's terminal would host it, and the clock
stops when the picker's text has been written to the terminal; the app is then told to
quit with ctrl+q. Two launches: `psamap --demo` (no config file: the demo tenants) and
`psamap --config FILE` with three tenants (the everyday case: the file is read and
checked before the first frame). Each run is a fresh interpreter with its bytecode
cached, as after `pip install` (PYTHONDONTWRITEBYTECODE, which a shell may set, is
dropped for the runs so that the warm-up writes the cache).

The baseline is the floor no Textual app can go below on this machine: a bare Textual
app that draws one line of text, launched the same way. The runs alternate (psamap,
psamap with a config, bare, psamap, ...) so that a machine busy with other work slows all
alike. Besides wall time, each run's CPU time (user + system, read from /proc when the
text appears) is kept: it hardly moves with the machine's load, so the gap between
psamap's CPU and the floor's is what psamap itself costs before its first frame.

`python -m bench.launch psamap|config|floor` runs one launch (for timing the whole
process from outside, e.g. with /usr/bin/time).
"""

from __future__ import annotations

import math
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.table import BenchRow

RUNS = 11
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

CONFIG = """\
[tenants.contoso]
label = "Contoso MSP (production)"
site = "api-na.myconnectwise.net"
company_id = "contoso"
public_key = "pub"
private_key = { env = "CONTOSO_CW_PRIVATE" }
client_id = "0a1b2c3d"

[tenants.fabrikam]
label = "Fabrikam (staging)"
site = "https://cw.fabrikam.example/v4_6_release/apis/3.0/"
company_id = "fabrikam"
public_key = "pub"
private_key = { command = "pass show cw/fabrikam" }
client_id = { env = "FABRIKAM_CLIENT_ID" }

[tenants.northwind]
site = "eu.myconnectwise.net"
company_id = "northwind"
public_key = "pub"
private_key = { env = "NORTHWIND_CW_PRIVATE" }
client_id = "4e5f6a7b"
"""

DEMO_MARKS = (b"demo", b"sandbox")
CONFIG_MARKS = (b"contoso", b"northwind")


def launches(config: Path) -> dict[str, tuple[list[str], tuple[bytes, ...]]]:
    """What is launched, by name: argv and the words that mean "the picker is drawn"."""
    return {
        "psamap": ([sys.executable, "-m", "tui", "--demo"], DEMO_MARKS),
        "config": ([sys.executable, "-m", "tui", "--config", str(config)], CONFIG_MARKS),
        "floor": ([sys.executable, "-c", FLOOR_APP], DEMO_MARKS),
    }


def rows() -> list[BenchRow]:
    """A row per psamap launch, each next to the bare Textual app's, runs alternating."""
    with tempfile.TemporaryDirectory() as folder:
        config = write_config(Path(folder))
        runs = launches(config)
        for argv, marks in runs.values():  # warm-ups: bytecode cached, files in page cache
            launch_once(argv, marks)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(RUNS):
            for name, (argv, marks) in runs.items():
                times[name].append(launch_once(argv, marks))
    floor_wall, floor_cpu = _medians(times["floor"])
    floor = (
        f"bare Textual app, one line of text: {floor_wall:.2f} s "
        f"({_spread(times['floor'])}), CPU {floor_cpu:.2f} s"
    )
    out = []
    for name, what in (
        ("psamap", "`psamap --demo`"),
        ("config", "`psamap --config` (3 tenants)"),
    ):
        wall, cpu = _medians(times[name])
        out.append(
            BenchRow(
                f"TUI in a real pty: cold launch to tenant picker drawn, {what} (median of {RUNS})",
                f"{wall:.2f} s ({_spread(times[name])}; floor +{wall - floor_wall:.2f} s); "
                f"CPU {cpu:.2f} s (floor +{cpu - floor_cpu:.2f} s)",
                floor,
                f"< {TARGET} s",
                wall < TARGET,
            )
        )
    return out


def _medians(runs: Sequence[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _spread(runs: Sequence[tuple[float, float]]) -> str:
    walls = sorted(r[0] for r in runs)
    return f"min {walls[0]:.2f}, max {walls[-1]:.2f}"


def write_config(folder: Path) -> Path:
    """The three-tenant config file (0600, as psamap asks of a file with keys)."""
    path = folder / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    path.chmod(0o600)
    return path


def launch_once(
    argv: list[str], marks: tuple[bytes, ...], timeout: float = 20.0
) -> tuple[float, float]:
    """Wall seconds from spawn until every mark is on the terminal, and the CPU seconds
    the process had used by then."""
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
        elapsed, cpu = timeout, math.nan
        try:
            while time.perf_counter() - start < timeout:
                ready, _, _ = select.select([main], [], [], 0.05)
                if ready:
                    try:
                        seen += os.read(main, 65536)
                    except OSError:
                        break
                    if all(mark in seen.lower() for mark in marks):
                        elapsed = time.perf_counter() - start
                        cpu = _cpu_seconds(proc.pid)
                        break
        finally:
            try:
                os.write(main, b"\x11")  # ctrl+q
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
            os.close(main)
        return elapsed, cpu


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process (Linux /proc; NaN elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as _folder:
        _argv, _marks = launches(write_config(Path(_folder)))[sys.argv[1]]
        _wall, _cpu = launch_once(_argv, _marks)
    print(f"{_wall:.3f} s to the first frame (CPU {_cpu:.3f} s)")
