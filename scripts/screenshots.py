"""Regenerate `screenshots/*.svg` from the real app running on the embedded demo sandbox.

`make screenshots` runs this as `python -m scripts.screenshots` from the repo root, so
the Pilot helpers in `tests.support` import. Each shot is a name, a terminal size and
the keys (or steps) that lead to the screen; add a screen by adding a `Shot` to `SHOTS`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from tests.support.pilot import settle
from tui.app.app import PsamapApp
from tui.core.config import Config
from tui.core.state import StateStore

OUT = Path(__file__).resolve().parent.parent / "screenshots"
THEME = "textual-dark"

Step = Callable[[Pilot], Awaitable[None]]


def keys(*pressed: str) -> Step:
    """A step that presses keys, then waits for the app to settle."""

    async def step(pilot: Pilot) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return step


@dataclass(frozen=True)
class Shot:
    """One screenshot: file stem, terminal size, and the steps from launch to the picture.

    `records` (CSV text) is given to the app as its records file, for shots that need
    records the demo's generated sample does not have (addresses, for "create").
    """

    name: str
    size: tuple[int, int]
    steps: list[Step] = field(default_factory=list)
    records: str = ""


#: Records for the "create in the PSA" plan: three new companies with an address, one the
#: demo tenant already has (refused as a duplicate), one without an address (refused).
CREATE_RECORDS = (
    "id,name,address,city,zip\n"
    "N-1,Quillfeather Bakery,1 Main St,Springfield,62701\n"
    "N-2,Orbitwise Dental,,Shelbyville,62565\n"
    "N-3,Saltmarsh Rowing Club,4 Quay Rd,Ogdenville,\n"
    "E-1,Lumenspring Lighting,,Oslo,\n"
    "X-1,Nowhere Ltd,,,\n"
)


async def create_plan(pilot: Pilot) -> None:
    """From the filter screen: continue with the given records, then ask to create."""
    from tui.app.screens.create_dialog import CreatePlanDialog
    from tui.app.screens.mapping import MappingScreen

    await pilot.press("enter")
    while not (isinstance(pilot.app.screen, MappingScreen) and pilot.app.screen.session):
        await pilot.pause(0.05)
    await settle(pilot)
    await pilot.press("C")
    while not isinstance(pilot.app.screen, CreatePlanDialog):
        await pilot.pause(0.05)
    pilot.app.clear_notifications()
    await pilot.pause()


SIZES = [(80, 24), (120, 40)]


async def mapping_with_sample(pilot: Pilot) -> None:
    """From the filter screen: continue, take the demo's generated records, wait for matching."""
    from tui.app.screens.mapping import MappingScreen
    from tui.app.screens.mapping_dialogs import ChoiceDialog

    await pilot.press("enter")
    while not isinstance(pilot.app.screen, ChoiceDialog):
        await pilot.pause(0.05)
    await pilot.press("g")
    while not (isinstance(pilot.app.screen, MappingScreen) and pilot.app.screen.session):
        await pilot.pause(0.05)
    await settle(pilot)
    pilot.app.clear_notifications()  # the toast names a path under the user's data folder
    await pilot.pause()


SHOTS: list[Shot] = [
    *(Shot(f"tenants-{w}x{h}", (w, h)) for w, h in SIZES),
    *(Shot(f"filter-{w}x{h}", (w, h), [keys("enter")]) for w, h in SIZES),
    # Untick "Active" and keep only the "Client" type: the total and childConditions change.
    Shot("filter-toggled-120x40", (120, 40), [keys("enter"), keys("space", "tab", "n", "space")]),
    *(Shot(f"mapping-{w}x{h}", (w, h), [keys("enter"), mapping_with_sample]) for w, h in SIZES),
    # Accept every clear suggestion (after the confirmation), then show what is left.
    Shot(
        "mapping-accepted-120x40",
        (120, 40),
        [keys("enter"), mapping_with_sample, keys("A", "y", "v")],
    ),
    # The plan of "create in the PSA": what each record becomes, or why it is refused.
    Shot("create-plan-80x24", (80, 24), [keys("enter"), create_plan], records=CREATE_RECORDS),
    # The review queue after the clear ones are accepted: undecided records, best score first.
    Shot(
        "mapping-queue-200x50",
        (200, 50),
        [keys("enter"), mapping_with_sample, keys("A", "y", "Q")],
    ),
]


async def take(shot: Shot) -> Path:
    """Run the demo app at the shot's size, play its steps, save the SVG.

    A fresh state file per shot: what the user last ticked must not leak into the pictures.
    """
    with tempfile.TemporaryDirectory(prefix="psamap-shots-") as state_dir:
        state = StateStore(Path(state_dir) / "state.json")
        mapping = Path(state_dir) / "demo.mapping.toml"  # never resume a file lying around
        records = None
        if shot.records:
            records = Path(state_dir) / "customers.csv"
            records.write_text(shot.records, encoding="utf-8")
        app = PsamapApp(
            config=Config(None, {}), demo=True, state=state, mapping_path=mapping,
            records_path=records,
        )  # fmt: skip
        app.theme = THEME
        async with app.run_test(size=shot.size) as pilot:
            await settle(pilot)
            for step in shot.steps:
                await step(pilot)
            name = app.save_screenshot(filename=f"{shot.name}.svg", path=str(OUT))
    return Path(name)


async def main(names: list[str]) -> int:
    """Take every shot (or those named on the command line)."""
    OUT.mkdir(exist_ok=True)
    chosen = [s for s in SHOTS if not names or s.name in names]
    for shot in chosen:
        print(f"screenshots/{(await take(shot)).name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
