"""`automap` on an existing mapping file: never re-points an entry, never silently switches
the file's filter, never rewrites a file it did not change.

It used to re-point automatic entries to companies outside the mapping's filter and
replace `[filter]` when run with another filter, and to stamp a new `saved_at` on every
run.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.reliability.cli_helpers import run_cli
from tests.reliability.lab import active_companies, served_lab, write_records

EXIT_USAGE = 2


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A served lab tenant, records naming 20 Active companies, and a first automap run."""
    monkeypatch.chdir(tmp_path)
    with served_lab(tmp_path) as (sandbox, config):
        companies = active_companies(sandbox)[:20]
        write_records(tmp_path / "r.csv", [(f"C-{c['id']}", c["name"]) for c in companies])
        yield sandbox, config, companies


def automap(capsys: pytest.CaptureFixture[str], config: Path, *argv: str):
    return run_cli(
        capsys, "--config", config, "automap", "lab", "--records", "r.csv", "--out", "m.toml",
        *argv,
    )  # fmt: skip


def mappings(path: Path) -> dict[str, int]:
    return {k: v["psa_id"] for k, v in tomllib.loads(path.read_text())["mappings"].items()}


def test_another_filter_is_refused_and_the_file_left_as_it_was(
    capsys: pytest.CaptureFixture[str], lab, tmp_path: Path
) -> None:
    _, config, _ = lab
    assert automap(capsys, config, "--status", "Active").code == 0
    before = (tmp_path / "m.toml").read_bytes()

    run = automap(capsys, config, "--status", "Inactive")

    assert run.code == EXIT_USAGE
    assert run.error_line.startswith(
        "m.toml was made with the filter [statuses Active (1); every type], not "
        "[statuses Inactive (2); every type]; add --refilter"
    ), run.error_line
    assert (tmp_path / "m.toml").read_bytes() == before


def test_refilter_switches_the_filter_keeps_every_entry_and_reports_drift(
    capsys: pytest.CaptureFixture[str], lab, tmp_path: Path
) -> None:
    _, config, _ = lab
    assert automap(capsys, config, "--status", "Active").code == 0
    before = mappings(tmp_path / "m.toml")
    assert len(before) >= 15

    run = automap(capsys, config, "--status", "Inactive", "--refilter")

    assert run.code == 0, run.err
    assert mappings(tmp_path / "m.toml") == before  # nothing re-pointed, nothing dropped
    saved = tomllib.loads((tmp_path / "m.toml").read_text())
    assert [s["id"] for s in saved["filter"]["statuses"]] == [2]
    assert f"drift: {len(before)} entries map companies outside the filter" in run.out


def test_an_existing_automatic_entry_is_never_re_pointed(
    capsys: pytest.CaptureFixture[str], lab, tmp_path: Path
) -> None:
    _, config, companies = lab
    assert automap(capsys, config, "--status", "Active").code == 0
    path = tmp_path / "m.toml"
    first, other = companies[0], companies[-1]
    local = f"C-{first['id']}"
    assert mappings(path)[local] == first["id"]
    # A person (or an older run) pointed this record at another company; method stays
    # automatic. A new run finds the "better" match, and must not move the entry.
    text = path.read_text()
    block = text.index(f'[mappings."{local}"]')
    text = text[:block] + text[block:].replace(
        f"psa_id = {first['id']}", f"psa_id = {other['id']}", 1
    )
    path.write_text(text)

    run = automap(capsys, config, "--status", "Active")

    assert run.code == 0, run.err
    assert mappings(path)[local] == other["id"]
    assert "1 kept (a new match differs; not re-pointed)" in run.out


def test_a_run_that_changes_nothing_does_not_rewrite_the_file(
    capsys: pytest.CaptureFixture[str], lab, tmp_path: Path
) -> None:
    _, config, _ = lab
    assert automap(capsys, config, "--status", "Active").code == 0
    path = tmp_path / "m.toml"
    # Stamp an old saved_at, as a file saved yesterday would carry.
    stamp = "saved_at = 2026-01-02T03:04:05Z"
    text = re.sub(r"^saved_at = .*$", stamp, path.read_text(), count=1, flags=re.M)
    path.write_text(text)
    (tmp_path / "m.toml.bak").unlink(missing_ok=True)

    run = automap(capsys, config, "--status", "Active")

    assert run.code == 0, run.err
    assert path.read_text() == text  # same bytes: no new saved_at, no churn
    assert not (tmp_path / "m.toml.bak").exists()
