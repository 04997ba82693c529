"""The state file remembers each tenant's filter choice privately, atomically and forgivingly."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tui.core.state import FilterChoice, StateStore, state_dir, tenant_key


def choice(statuses: set[int], types: set[int], known_s=None, known_t=None) -> FilterChoice:
    return FilterChoice(
        frozenset(statuses),
        frozenset(types),
        frozenset(known_s if known_s is not None else statuses),
        frozenset(known_t if known_t is not None else types),
    )


def test_state_dir_follows_the_environment_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PSAMAP_STATE_DIR", str(tmp_path / "elsewhere"))
    assert state_dir() == tmp_path / "elsewhere"
    assert StateStore().path == tmp_path / "elsewhere" / "state.json"


def test_a_remembered_choice_is_read_back_per_tenant(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    store.remember_filter_choice("a@site", choice({1, 2}, {5}, {1, 2, 3}, {5, 6}))
    store.remember_filter_choice("b@site", choice({9}, set(), {9}, {7}))

    again = StateStore(tmp_path / "state.json")
    assert again.filter_choice("a@site") == choice({1, 2}, {5}, {1, 2, 3}, {5, 6})
    assert again.filter_choice("b@site") == choice({9}, set(), {9}, {7})
    assert again.filter_choice("c@site") is None


def test_the_state_file_is_private_and_holds_only_ids(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "state.json"
    StateStore(path).remember_filter_choice("a@site", choice({1}, {2}))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data == {
        "format": 1,
        "filters": {
            "a@site": {"statuses": [1], "types": [2], "known_statuses": [1], "known_types": [2]}
        },
    }
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temp file left


@pytest.mark.parametrize(
    "content", ["", "not json", "[1, 2]", '{"filters": {"a@site": {"statuses": ["x"]}}}']
)
def test_a_damaged_state_file_reads_as_nothing_remembered(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    store = StateStore(path)
    assert store.filter_choice("a@site") is None
    store.remember_filter_choice("a@site", choice({1}, {2}))
    assert store.filter_choice("a@site") == choice({1}, {2})


def test_items_created_since_the_choice_get_their_default() -> None:
    remembered = choice({1}, {5}, known_s={1, 2}, known_t={5, 6})
    assert remembered.status_ticked(1, default=False) is True
    assert remembered.status_ticked(2, default=True) is False  # known, deliberately unticked
    assert remembered.status_ticked(3, default=True) is True  # new since: its default
    assert remembered.type_ticked(6, default=True) is False
    assert remembered.type_ticked(7, default=True) is True


def test_tenant_key_ignores_case_and_trailing_slash() -> None:
    assert tenant_key("HTTP://127.0.0.1:8099/", "Demo") == tenant_key(
        "http://127.0.0.1:8099", "demo"
    )
    assert tenant_key("na.example.net", "a") != tenant_key("na.example.net", "b")
