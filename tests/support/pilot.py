"""Driving the real app with Textual's Pilot: wait until it is quiet, read what it shows."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Let every worker finish (requests, debounce, sandbox build) and the screen repaint.

    Three rounds, because a finished worker may start another (a count after a load).
    """
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_lines(target: Pilot | App) -> list[str]:
    """Each terminal line as plain text, as the user sees it."""
    app = target.app if isinstance(target, Pilot) else target
    # The compositor is private API, but it is exactly "what is on the screen".
    return [strip.text for strip in app.screen._compositor.render_strips()]


def toast_text(target: Pilot | App) -> str:
    """The words of the notifications on screen, as one line: what each toast's region of
    the terminal shows, less its bar, so a message wrapped wherever its width breaks it
    (a longer temp path, another terminal size) still reads as one text."""
    app = target.app if isinstance(target, Pilot) else target
    lines = screen_lines(app)
    parts = [
        lines[y][toast.region.x : toast.region.right]
        for toast in app.screen.query("Toast")
        for y in range(toast.region.y, toast.region.bottom)
    ]
    return " ".join(" ".join(parts).replace("▌", " ").split())


def screen_text(target: Pilot | App) -> str:
    """The whole terminal as plain text, as the user sees it."""
    return "\n".join(screen_lines(target))
