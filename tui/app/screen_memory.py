"""A screen left for good gives back what it held (see `tui.core.gc_pause`).

Big loads freeze what they made out of the cyclic collector's way, so a screen holding
them (the mapping screen with its session, the filter screen with its client) is frozen
too; its widgets form reference cycles, which only the collector frees. Left frozen,
each visit would keep its records and companies for good.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.core.gc_pause import collect_and_refreeze

#: How long after a screen is left the collection runs: the screen is still referenced
#: while it unmounts (collected then, it would be frozen again), and by this time the
#: screen below has painted. One full pass, ~50-100 ms on the 2-core machine.
LEFT_SCREEN_COLLECT_S = 0.3


def collect_when_left(screen: Screen[Any]) -> None:
    """From a screen's unmount: collect it (and what it held) once it is truly gone."""
    screen.app.set_timer(LEFT_SCREEN_COLLECT_S, collect_and_refreeze)
