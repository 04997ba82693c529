"""Command palette (ctrl+p): every action of the current screen, found by name.

The palette offers exactly the actions the `?` screen lists (both read `screen_keys`),
so a user who forgets a key can search "copy" or "threshold" and run it; actions that
cannot run right now (nothing to undo yet) are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.screen_keys import screen_keys


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry: the action's name, its explanation with its keys, and how to run it."""

    name: str
    help: str
    binding_id: str
    run: Callable[[], object]


class ScreenActionsProvider(Provider):
    """Offers the actions of the screen the palette was opened from."""

    def commands(self) -> list[PaletteCommand]:
        """The palette's entries, in the `?` screen's order."""
        found = []
        for entry in screen_keys(self.screen):
            if not entry.enabled:
                continue
            shortcut = f"key: {' '.join(entry.keys)}"
            help_text = f"{entry.tooltip} ({shortcut})" if entry.tooltip else shortcut
            run = partial(self.app.run_action, entry.action, entry.node)
            found.append(PaletteCommand(entry.description, help_text, entry.binding_id, run))
        return found

    async def discover(self) -> Hits:
        """Show every action before anything is typed."""
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the typed text against action names."""
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
