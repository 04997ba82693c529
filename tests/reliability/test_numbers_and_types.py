"""Numbers and types at the edges: huge ids, hand-edited TOML of the wrong type, scores, names
that differ only by case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.cli_helpers import run_cli, write_config
from tests.reliability.lab import document, entry, lab_tenant, served_lab, write_records
from tests.reliability.test_bad_input import GOOD_MAPPING, RECORDS
from tui.core.mapping_file import natural_sorted
from tui.core.mapping_store import MappingStore

EXIT_USAGE = 2
HUGE = "9" * 5_000  # Python's int() refuses more than 4,300 digits


def test_natural_order_holds_for_ids_with_thousands_of_digits() -> None:
    ids = [HUGE, "C-10", "1" + "0" * 5_000, "C-2", "00" + HUGE, "7"]

    # Equal values ("00" + HUGE and HUGE) fall back to the text itself.
    assert natural_sorted(ids) == ["7", "00" + HUGE, HUGE, "1" + "0" * 5_000, "C-2", "C-10"]


def test_a_mapping_with_a_five_thousand_digit_id_saves_and_reads_back(tmp_path: Path) -> None:
    doc = document("C-1")
    doc.mappings[HUGE] = entry(HUGE, 2)
    store = MappingStore(tmp_path / "m.toml")

    store.save(doc, force=True)

    loaded = MappingStore(tmp_path / "m.toml").load()
    assert loaded is not None and list(loaded.mappings) == [HUGE, "C-1"]  # digits first


def test_automap_with_a_five_thousand_digit_record_id_succeeds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with served_lab(tmp_path) as (sandbox, config):
        name = sandbox.tenants["lab"].select("deletedFlag = false and status/id = 1")[0]["name"]
        write_records(tmp_path / "r.csv", [(HUGE, name), ("C-1", "Nobody Matches This")])
        run = run_cli(
            capsys, "--config", config, "automap", "lab", "--records", tmp_path / "r.csv",
            "--status", "Active", "--out", tmp_path / "m.toml",
        )  # fmt: skip

    assert run.code == 0, run.err
    assert f'[mappings."{HUGE}"]' in (tmp_path / "m.toml").read_text()


# --- hand-edited TOML of the wrong type ------------------------------------------------------

FORMAT_PROBLEM = "m.toml:1: format: expected the integer 1"
WRONG_TYPES = {
    "a boolean for an id": ("psa_id = 250", "psa_id = true", 'm.toml:15: mappings."C-1".psa_id: '),
    "a quoted number for an id": (
        "psa_id = 250",
        'psa_id = "321"',
        'm.toml:15: mappings."C-1".psa_id: ',
    ),
    "a float for an id": ("psa_id = 250", "psa_id = 250.0", 'm.toml:15: mappings."C-1".psa_id: '),
    "a float format": (
        "format = 1",
        "format = 1.0",
        "m.toml:1: format: expected the integer 1, not a float",
    ),
    "a boolean format": (
        "format = 1",
        "format = true",
        "m.toml:1: format: expected the integer 1, not a boolean",
    ),
    "a number for a name": (
        'psa_name = "Contoso, Ltd."',
        "psa_name = 42",
        'm.toml:17: mappings."C-1".psa_name: ',
    ),
    "a quoted score": ("score = 100.0", 'score = "100"', 'm.toml:19: mappings."C-1".score: '),
    "a boolean score": ("score = 100.0", "score = true", 'm.toml:19: mappings."C-1".score: '),
    "a quoted status id": (
        'statuses = [{ id = 1, name = "Active" }]',
        'statuses = [{ id = "1", name = "Active" }]',
        "m.toml:8: filter.statuses[0].id: ",
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_value_of_the_wrong_type_is_named_with_file_line_and_field(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path)
    (tmp_path / "r.csv").write_bytes(RECORDS)
    assert old in GOOD_MAPPING
    (tmp_path / "m.toml").write_text(GOOD_MAPPING.replace(old, new, 1), encoding="utf-8")
    before = (tmp_path / "m.toml").read_bytes()

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", "m.toml"
    )

    assert run.code == EXIT_USAGE
    assert run.error_line.startswith(expected), run.error_line
    assert (tmp_path / "m.toml").read_bytes() == before


# --- --min-score -----------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["nan", "-1", "100.5", "inf", "-inf", "NaN", "ninety"])
def test_min_score_outside_0_to_100_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, score: str
) -> None:
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path)
    (tmp_path / "r.csv").write_bytes(RECORDS)

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv",
        f"--min-score={score}",
    )  # fmt: skip

    assert run.code == EXIT_USAGE
    assert "--min-score" in run.error_line and repr(score) in run.error_line
    assert not (tmp_path / "mapping.toml").exists()


# --- names that differ only by case ----------------------------------------------------------


@pytest.fixture
def twin_statuses(tmp_path: Path):
    """The lab tenant with statuses "Active" (id 1) and "ACTIVE" (id 17)."""
    with served_lab(tmp_path, lab_tenant(status_names={17: "ACTIVE"})) as served:
        yield served


@pytest.mark.parametrize(("written", "status_id"), [("Active", 1), ("ACTIVE", 17), ("17", 17)])
def test_the_exactly_written_name_wins_over_its_case_twin(
    capsys: pytest.CaptureFixture[str], twin_statuses, written: str, status_id: int
) -> None:
    _, config = twin_statuses

    run = run_cli(capsys, "--config", config, "conditions", "lab", "--status", written)

    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == f"conditions=deletedFlag = false and status/id = {status_id}"


def test_a_name_matching_two_statuses_only_by_case_is_ambiguous(
    capsys: pytest.CaptureFixture[str], twin_statuses
) -> None:
    _, config = twin_statuses

    run = run_cli(capsys, "--config", config, "companies", "lab", "--status", "active")

    assert run.code == EXIT_USAGE
    assert run.error_line == (
        "ambiguous status name 'active' ('Active' id 1, 'ACTIVE' id 17): use the id"
    )
    assert run.out == ""
