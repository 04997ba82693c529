"""`screen_keys`: psamap's actions live on a screen, one per action with all its keys.

The `?` screen and the command palette both read this list, so the palette offers
exactly the actions `?` lists (less the ones disabled right now) and the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class ScreenKey:
    """One action a screen answers to, with every key (after the user's keymap) that runs it."""

    keys: tuple[str, ...]
    """The keys as the footer shows them (`⏎`, `^z`)."""
    description: str
    """The short name: the footer's label and the palette's command name."""
    tooltip: str
    """The longer explanation, when the binding has one."""
    binding_id: str
    """The id to remap it by in the config's `[keys]` table."""
    action: str
    node: DOMNode
    """The widget, screen or app whose action runs."""
    in_footer: bool
    enabled: bool
    """False while the action is shown but cannot run (nothing to undo yet)."""

    @property
    def explanation(self) -> str:
        """What the action does, in the longest words the binding has."""
        return self.tooltip or self.description


def screen_keys(screen: Screen[object]) -> list[ScreenKey]:
    """psamap's actions active on `screen`: the footer's first, then movement and the like.

    Only bindings with an id and a description are psamap's own (and remappable);
    Textual's scrolling and editing keys are left out. Keys bound to the same action of
    the same node (`up`, `k`) share one entry.
    """
    app = screen.app
    keys: dict[tuple[int, str], list[str]] = {}
    first: dict[tuple[int, str], ScreenKey] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description or not binding.id:
            continue
        slot = (id(active.node), binding.action)
        keys.setdefault(slot, []).append(app.get_key_display(binding.with_key(key)))
        first.setdefault(
            slot,
            ScreenKey(
                keys=(),
                description=binding.description,
                tooltip=binding.tooltip,
                binding_id=binding.id,
                action=binding.action,
                node=active.node,
                in_footer=binding.show,
                enabled=active.enabled,
            ),
        )
    entries = [replace(entry, keys=tuple(keys[slot])) for slot, entry in first.items()]
    return sorted(entries, key=lambda entry: not entry.in_footer)
