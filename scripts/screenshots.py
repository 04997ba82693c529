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
    """One screenshot: file stem, terminal size, and the steps from launch to the picture."""

    name: str
    size: tuple[int, int]
    steps: list[Step] = field(default_factory=list)


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
]


async def take(shot: Shot) -> Path:
    """Run the demo app at the shot's size, play its steps, save the SVG.

    A fresh state file per shot: what the user last ticked must not leak into the pictures.
    """
    with tempfile.TemporaryDirectory(prefix="psamap-shots-") as state_dir:
        state = StateStore(Path(state_dir) / "state.json")
        mapping = Path(state_dir) / "demo.mapping.toml"  # never resume a file lying around
        app = PsamapApp(config=Config(None, {}), demo=True, state=state, mapping_path=mapping)
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
