"""Keys as one list: README's table, the `?` screen and the palette agree; `[keys]` is checked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import Command, CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support.filter_fixtures import make_app, open_tenant, small_tenant
from tests.support.mapping_fixtures import MappingWorld
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.app.keymap import ANY_SCREEN, bindings_by_screen, check_keymap
from tui.app.screens.help import HelpScreen
from tui.core.config import Config, load_config

README = Path(__file__).resolve().parents[2] / "README.md"
TICKED = re.compile(r"`([^`]+)`")


def readme_section(title: str) -> str:
    """The text of one `## title` section of the README."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def key_name(written: str) -> str:
    """A key as the README writes it (`/`, `?`, `A`), as Textual names it (`slash`)."""
    return _character_to_key(written) if len(written) == 1 else written


def readme_bindings() -> dict[str, dict[str, tuple[str, ...]]]:
    """screen -> binding id -> keys, from the Keys table (` / ` pairs keys with ids)."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for line in readme_section("Keys").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("screen", "---") or not cells[3]:
            continue
        screen, keys_cell, _, ids_cell = cells
        key_groups = keys_cell.split(" / ")
        id_groups = ids_cell.split(" / ")
        assert len(key_groups) == len(id_groups), f"keys and ids do not pair up: {line}"
        for keys, ids in zip(key_groups, id_groups, strict=True):
            [binding_id] = TICKED.findall(ids)
            found = table.setdefault(screen, {})
            assert binding_id not in found, f"{binding_id} listed twice for {screen}"
            found[binding_id] = tuple(key_name(key) for key in TICKED.findall(keys))
    return table


def as_sets(table: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, dict[str, set[str]]]:
    return {screen: {i: set(keys) for i, keys in ids.items()} for screen, ids in table.items()}


def test_the_readme_keys_table_lists_every_binding_with_its_keys_and_id() -> None:
    assert as_sets(readme_bindings()) == as_sets(bindings_by_screen(PsamapApp))


def test_the_readme_config_example_remaps_a_real_binding() -> None:
    [example] = re.findall(r'^# ("[^"]+" = "[^"]+")', readme_section("Configuration"), re.M)
    binding_id, key = (part.strip().strip('"') for part in example.split("="))
    assert check_keymap({binding_id: key}, PsamapApp, lambda _: "") == []
    assert any(binding_id in ids for ids in bindings_by_screen(PsamapApp).values())


def write_keys(tmp_path: Path, keys: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text("# my keys\n[keys]\n" + keys, encoding="utf-8")
    return load_config(path)


def test_an_unknown_binding_id_is_a_warning_at_its_line(tmp_path: Path) -> None:
    config = write_keys(tmp_path, '"mapping.accept" = "b"\n"mapping.accept_best" = "x"\n')
    [warning] = check_keymap(config.keys, PsamapApp, config.where_key)
    assert warning.startswith(f"{tmp_path / 'config.toml'}:4: [keys] 'mapping.accept_best'")
    assert "not a binding id (did you mean 'mapping.accept'?)" in warning


def test_a_key_that_shadows_another_binding_is_a_warning_naming_both(tmp_path: Path) -> None:
    config = write_keys(tmp_path, '"mapping.link" = "n"\n')
    [warning] = check_keymap(config.keys, PsamapApp, config.where_key)
    assert warning == (
        f"{tmp_path / 'config.toml'}:3: [keys] 'mapping.link' = 'n' shadows "
        "'mapping.next-unmapped', bound to the same key on the mapping screen"
    )


def test_an_app_key_that_shadows_a_screen_key_names_each_screen(tmp_path: Path) -> None:
    config = write_keys(tmp_path, '"app.help" = "?"\n"table.search" = "?"\n')
    warnings = check_keymap(config.keys, PsamapApp, config.where_key)
    assert warnings == [
        f"{tmp_path / 'config.toml'}:4: [keys] 'table.search' = '?' shadows 'app.help', "
        "bound to the same key on the mapping screen"
    ]


def test_swapped_keys_and_kept_defaults_are_no_warning() -> None:
    swapped = {"mapping.save": "a", "mapping.accept": "s", "checklist.toggle": "space,x"}
    assert check_keymap(swapped, PsamapApp, lambda _: "") == []


def test_both_remapped_onto_one_key_is_one_warning() -> None:
    warnings = check_keymap({"mapping.view": "w", "mapping.unmap": "w"}, PsamapApp, str)
    assert len(warnings) == 1
    assert "'mapping.view'" in warnings[0] and "'mapping.unmap'" in warnings[0]


def test_every_screen_has_the_app_keys() -> None:
    screens = bindings_by_screen(PsamapApp)
    assert screens[ANY_SCREEN] == {"app.quit": ("ctrl+q",), "app.help": ("question_mark", "f1")}


async def test_the_app_shows_keymap_warnings_when_it_starts() -> None:
    app = make_app(small_tenant(), keys={"filter.copy-condition": "y"})
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "[keys] 'filter.copy-condition' is not a" in screen_text(pilot)  # the toast


def help_rows(pilot_app: App[Any]) -> list[tuple[str, str, str]]:
    """(keys, what it does, id) as the open `?` screen shows them."""
    screen = pilot_app.screen
    assert isinstance(screen, HelpScreen)
    cells = [str(static.content) for static in screen.query("Grid > Static").results(Static)]
    return [(cells[i], cells[i + 1], cells[i + 2]) for i in range(0, len(cells), 3)]


def palette_entries(pilot_app: App[Any]) -> list[tuple[str, str]]:
    """(name, help) of every command the open palette lists before anything is typed."""
    palette = pilot_app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList).options
    return [(str(o.hit.text), str(o.hit.help)) for o in options if isinstance(o, Command)]


async def assert_palette_matches_help(pilot_app: App[Any], pilot: Pilot) -> set[str]:
    """Open `?` then the palette; each lists the same actions, the palette by name."""
    await pilot.press("question_mark")
    await pilot.pause()
    rows = [row for row in help_rows(pilot_app) if row[2]]  # psamap's own, not tab or ^p
    await pilot.press("escape")
    await pilot.press("ctrl+p")
    await settle(pilot)
    entries = palette_entries(pilot_app)
    # Textual's own commands (theme, screenshot...) have no key; psamap's name theirs.
    ours = [(name, help) for name, help in entries if "key: " in help]
    palette_keys = sorted(help.rsplit("key: ", 1)[1].rstrip(")") for _, help in ours)
    assert palette_keys == sorted(keys for keys, _, _ in rows)
    await pilot.press("escape")
    return {name for name, _ in ours}


async def test_the_palette_offers_every_action_the_keys_screen_lists_on_the_mapping_screen(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        app = pilot.app
        await pilot.press("a", "down", "a", "z")  # so undo and redo can both run
        await settle(pilot)
        names = await assert_palette_matches_help(app, pilot)
    once_missing = {"Threshold +1", "Threshold −1", "Save as", "Next unmapped", "Mark", "Redo"}
    views = {"View: all/unmapped/conflicts/drift/renamed/orphans", "Orphans view"}
    assert once_missing | views | {"All ≥"} <= names


async def test_the_palette_offers_every_action_the_keys_screen_lists_on_the_filter_screen() -> None:
    app = make_app(small_tenant())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tenant(pilot, "acme")
        names = await assert_palette_matches_help(app, pilot)
    assert {"Copy", "Toggle", "Up", "Page down"} <= names
