"""Every binding psamap has, by screen, and the check of the config's `[keys]` table.

Textual applies a keymap silently: an id it does not know is ignored, and a key that
another binding on the same screen already answers to makes one of them unreachable.
`check_keymap` turns both into warnings the app shows at start-up, naming the ids
involved and where the user wrote them. The README's Keys table is tested against
`bindings_by_screen`, so it lists exactly these ids and keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.keys import _normalize_key_list  # what App.set_keymap itself applies

from tui.app.screens.filter import FilterScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.mapping import MappingScreen
from tui.app.screens.mapping_dialogs import ChoiceDialog, PathDialog, TextDialog
from tui.app.screens.tenants import TenantsScreen
from tui.app.widgets.checklist import Checklist
from tui.app.widgets.checklist_pane import ChecklistPane
from tui.app.widgets.mapping_panes import CompaniesTable, RecordsTable

#: The screens by the name the README's Keys table and the warnings use, each with the
#: classes whose bindings are live on it. The app's own bindings ("any") are live on all.
SCREENS: dict[str, tuple[type[DOMNode], ...]] = {
    "tenants": (TenantsScreen,),
    "filter": (FilterScreen, ChecklistPane, Checklist),
    "mapping": (MappingScreen, RecordsTable, CompaniesTable),
    "dialog": (ChoiceDialog, TextDialog, PathDialog),
    "help": (HelpScreen,),
}
ANY_SCREEN = "any"

#: binding id -> its keys (Textual's names: "slash", "question_mark", "ctrl+z").
Keys = dict[str, tuple[str, ...]]


def bindings_by_screen(app: type[App[Any]]) -> dict[str, Keys]:
    """Every remappable binding (it has an id and is not a system key) by screen.

    `app` is the app class (its bindings are live on every screen). A class's bindings
    are as Textual merges them: a subclass's key replaces its base's.
    """
    screens = {ANY_SCREEN: _keys_of(app)}
    for screen, classes in SCREENS.items():
        found: Keys = {}
        for cls in classes:
            for binding_id, keys in _keys_of(cls).items():
                found[binding_id] = tuple(dict.fromkeys((*found.get(binding_id, ()), *keys)))
        screens[screen] = found
    return screens


def _keys_of(cls: type[DOMNode]) -> Keys:
    """binding id -> its keys, for the bindings of `cls` a user can remap."""
    keys: Keys = {}
    merged = cls._merged_bindings
    if merged is None:
        return keys
    for key, bindings in merged.key_to_bindings.items():
        for binding in bindings:
            if binding.id and not binding.system:
                keys[binding.id] = tuple(dict.fromkeys((*keys.get(binding.id, ()), key)))
    return keys


def check_keymap(
    keymap: Mapping[str, str], app: type[App[Any]], where: Callable[[str], str]
) -> list[str]:
    """Warnings for the config's `[keys]`: unknown ids, and keys that shadow another binding.

    `where(binding_id)` says where the user wrote that entry ("config.toml:12: "). Only
    keys the user chose are checked: psamap's own defaults overlap on purpose (escape
    clears a search before it goes back).
    """
    screens = bindings_by_screen(app)
    known = sorted({binding_id for keys in screens.values() for binding_id in keys})
    warnings = []
    for binding_id in keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(
                f"{where(binding_id)}[keys] {binding_id!r} is not a binding id{hint}; ignored"
            )
    chosen = {
        binding_id: tuple(_normalize_key_list(keys).split(","))
        for binding_id, keys in keymap.items()
        if binding_id in known
    }
    for (binding_id, other), on in _clashes(screens, chosen).items():
        warnings.append(
            f"{where(binding_id)}[keys] {binding_id!r} = {keymap[binding_id]!r} shadows "
            f"{other!r}, bound to the same key on the {', '.join(on)} screen"
        )
    return warnings


def _clashes(screens: dict[str, Keys], chosen: Keys) -> dict[tuple[str, str], list[str]]:
    """(remapped id, the id it shadows) -> the screens where a key the user chose meets it."""
    clashes: dict[tuple[str, str], list[str]] = {}
    for screen, defaults in screens.items():
        live = defaults if screen == ANY_SCREEN else {**screens[ANY_SCREEN], **defaults}
        keys_now = {binding_id: chosen.get(binding_id, keys) for binding_id, keys in live.items()}
        for binding_id in [binding_id for binding_id in chosen if binding_id in live]:
            new_keys = set(chosen[binding_id]) - set(live[binding_id])  # defaults kept are fine
            for other, other_keys in keys_now.items():
                shadowed = other != binding_id and new_keys & set(other_keys)
                if shadowed and (other, binding_id) not in clashes:  # both remapped: say once
                    clashes.setdefault((binding_id, other), []).append(screen)
    return clashes
