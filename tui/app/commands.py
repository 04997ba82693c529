"""Command palette (ctrl+p): every action of the current screen, found by name.

The palette lists the same bindings the footer and `?` show, so a user who forgets a
key can search "copy" or "retry" and run it; disabled actions are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActionsProvider(Provider):
    """Offers the footer's actions of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        keys: dict[tuple[int, str], list[str]] = {}
        found: dict[tuple[int, str], tuple[str, str, Callable[[], object]]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            usable = active.enabled and binding.show and not binding.system and binding.id
            if not usable or not binding.description:
                continue
            slot = (id(active.node), binding.action)
            keys.setdefault(slot, []).append(app.get_key_display(binding.with_key(key)))
            run = partial(app.run_action, binding.action, active.node)
            found[slot] = (binding.description, binding.tooltip, run)
        commands = []
        for slot, (name, tooltip, run) in found.items():
            shortcut = f"key: {' '.join(keys[slot])}"
            commands.append((name, f"{tooltip} ({shortcut})" if tooltip else shortcut, run))
        return commands

    async def discover(self) -> Hits:
        """Show every action before anything is typed."""
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the typed text against action names."""
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
