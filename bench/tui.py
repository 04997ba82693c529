"""TUI benchmarks: cold launch to the first screen and to the demo filter screen; toggle latency.

Launch times are measured in fresh processes (interpreter start and imports included, as a
user waits for them), headless at 80x24, pressing Enter on the demo tenant as soon as the
picker is drawn. The child imports only what `psamap` imports before its first frame (until
session 8 it imported the filter screen first, for an `isinstance` check). The toggle is
measured in-process against the demo sandbox with 150 ms added to every request, next to one
bare request's round trip: the target is that round trip plus 50 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import BenchRow

RUNS = 5
LATENCY_MS = 150
FIRST_SCREEN_TARGET = 0.5
TOGGLE_SLACK = 0.050

#: Run in a fresh interpreter; argv[1] is the parent's wall clock just before the spawn.
#: "Drawn" is Textual's Ready event: posted once the first frame has been written.
_CHILD = """
import asyncio, json, sys, time
t0 = float(sys.argv[1])
import tui.cli
from tui.app.app import PsamapApp
from tui.core.config import Config

class Timed(PsamapApp):
    first = 0.0
    def on_ready(self):
        self.first = time.time() - t0

async def main():
    app = Timed(config=Config(None, {}), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.first:
            await asyncio.sleep(0.001)
        await pilot.press("enter")
        # By its class name: importing the filter screen here, before the app starts,
        # would put it before the first frame, where psamap itself never loads it.
        while not (type(app.screen).__name__ == "FilterScreen" and app.screen.status_list.items):
            await asyncio.sleep(0.001)
        interactive = time.time() - t0
    print(json.dumps({"first": app.first, "interactive": interactive}))

asyncio.run(main())
"""


def launch_once(env: dict[str, str]) -> dict[str, float]:
    """One cold launch: seconds from spawn to the picker drawn and to the filter lists loaded."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, repr(start)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def launches(runs: int = RUNS) -> list[dict[str, float]]:
    """`runs` timed launches after one warm-up, with bytecode cached as a pip install has it.

    (A dev checkout run with PYTHONDONTWRITEBYTECODE recompiles every module at each start,
    which is not what users see; the cache goes to a temporary folder, not the tree.)
    """
    with tempfile.TemporaryDirectory(prefix="psamap-bench-") as scratch:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pyc")
        env["PSAMAP_STATE_DIR"] = os.path.join(scratch, "state")  # never the user's choices
        launch_once(env)
        return [launch_once(env) for _ in range(runs)]


async def toggle_latency(runs: int = RUNS) -> tuple[float, float]:
    """(median toggle-to-total seconds, median bare `/count` round trip) at 150 ms latency."""
    from tui.app.app import PsamapApp
    from tui.app.screens.filter import FilterScreen
    from tui.core.state import StateStore
    from tui.demo.config import demo_config
    from tui.demo.tenants import demo_sandbox
    from tui.psa.filter import CompanyFilter

    sandbox = demo_sandbox(latency_ms=LATENCY_MS)
    config = demo_config()
    scratch = tempfile.TemporaryDirectory(prefix="psamap-bench-")
    state = StateStore(Path(scratch.name) / "state.json")
    app = PsamapApp(config=config, transport=sandbox.transport(), state=state)
    toggles: list[float] = []
    trips: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FilterScreen) and screen.client is not None
        statuses = screen.status_list
        for run in range(runs):
            # A bare request with an uncached filter: the round trip the toggle is held to.
            flt = CompanyFilter.of({statuses.items[run % len(statuses.items)].id}, {5 + run})
            start = time.perf_counter()
            await screen.client.count_companies(flt)
            trips.append(time.perf_counter() - start)

            await asyncio.sleep(0.3)  # a lone toggle, as a user makes it
            statuses.cursor = run % len(statuses.items)
            start = time.perf_counter()
            statuses.action_toggle_item()
            while screen.total is None:
                await asyncio.sleep(0.001)
            toggles.append(time.perf_counter() - start)
            await app.workers.wait_for_complete()
    scratch.cleanup()
    return statistics.median(toggles), statistics.median(trips)


def rows() -> list[BenchRow]:
    """The TUI rows of the README's benchmark table."""
    runs = launches()
    first = statistics.median(run["first"] for run in runs)
    interactive = statistics.median(run["interactive"] for run in runs)
    toggle, trip = asyncio.run(toggle_latency())
    return [
        BenchRow(
            "TUI: cold launch to tenant picker drawn (median of 5)",
            f"{first:.2f} s",
            "—",
            f"< {FIRST_SCREEN_TARGET} s",
            first < FIRST_SCREEN_TARGET,
        ),
        BenchRow(
            "TUI: cold launch to demo filter lists loaded (builds the 50,000-company sandbox)",
            f"{interactive:.2f} s",
            "—",
            "< 2 s",
            interactive < 2.0,
        ),
        BenchRow(
            f"TUI: toggle to updated total at {LATENCY_MS} ms latency (median)",
            f"{toggle * 1000:.0f} ms",
            f"{trip * 1000:.0f} ms (one /count round trip)",
            f"<= round trip + {TOGGLE_SLACK * 1000:.0f} ms",
            toggle <= trip + TOGGLE_SLACK,
        ),
    ]


if __name__ == "__main__":
    from bench.table import render

    print(render(rows()))
