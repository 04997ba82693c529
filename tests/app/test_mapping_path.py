"""Path completion for the records and mapping prompts."""

from __future__ import annotations

import os
from pathlib import Path

from tui.app.widgets.mapping_path import complete_path


def make(folder: Path, *names: str) -> None:
    for name in names:
        if name.endswith("/"):
            (folder / name).mkdir()
        else:
            (folder / name).write_text("")


def test_a_unique_file_completes_in_full(tmp_path: Path):
    make(tmp_path, "customers.csv", "notes.txt")
    assert complete_path("cu", cwd=tmp_path) == "customers.csv"
    assert complete_path(f"{tmp_path}/cu") == f"{tmp_path}/customers.csv"


def test_a_folder_completes_with_a_separator_so_tab_continues_inside(tmp_path: Path):
    make(tmp_path, "exports/")
    assert complete_path("ex", cwd=tmp_path) == "exports" + os.sep


def test_several_matches_complete_to_their_common_prefix_first(tmp_path: Path):
    make(tmp_path, "customers-2025.csv", "customers-2026.csv")
    assert complete_path("cu", cwd=tmp_path) == "customers-202"
    assert complete_path("customers-202", cwd=tmp_path) == "customers-2025.csv"


def test_hidden_files_need_a_leading_dot_and_nothing_matching_gives_none(tmp_path: Path):
    make(tmp_path, ".secret.csv", "data.csv")
    assert complete_path("", cwd=tmp_path) is None
    assert complete_path("zz", cwd=tmp_path) is None
    assert complete_path(".s", cwd=tmp_path) == ".secret.csv"
    assert complete_path("nowhere/x", cwd=tmp_path) is None


def test_home_is_understood(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    make(tmp_path, "records.jsonl")
    assert complete_path("~") == "~" + os.sep
    assert complete_path("~/rec") == "~/records.jsonl"
