"""What psamap prints is inert: no terminal commands, no hidden or reordered text, no formulas.

A company name carrying an OSC 52 sequence, printed by `companies --csv`, wrote the
clipboard of the terminal it was printed in. Every output (table, CSV, JSON, error
lines) now keeps such characters from acting; CSV cells that a spreadsheet would run
as a formula are neutralised the OWASP way, and read back as the original by the
records loader, so the export stays a records file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.attacks import FORMULAS, HIDDEN, formula_cells, hostile_tenant, unsafe
from tests.reliability.cli_helpers import run_cli, tree, write_config
from tests.reliability.lab import ACTIVE, served_lab
from tui.core.records import load_records
from tui.sandbox import Sandbox


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, Path]]:
    with served_lab(tmp_path_factory.mktemp("lab"), hostile_tenant()) as served:
        yield served


def test_companies_csv_holds_no_control_bidi_or_invisible_character(
    capsys: pytest.CaptureFixture[str], served
) -> None:
    _, config = served

    run = run_cli(capsys, "--config", config, "companies", "lab", "--status", "Active", "--csv")

    assert run.code == 0, run.err
    assert unsafe(run.out) == []
    assert "Clip ]52;c;ZWNobyBwd25lZA== board Ltd" in run.out  # still there, inert


def test_companies_csv_neutralises_every_cell_a_spreadsheet_would_run(
    capsys: pytest.CaptureFixture[str], served
) -> None:
    _, config = served

    run = run_cli(capsys, "--config", config, "companies", "lab", "--csv")

    assert formula_cells(run.out) == []
    cells = [cell for row in csv.reader(io.StringIO(run.out)) for cell in row]
    assert '\'=HYPERLINK("http://evil.invalid","Click")' in cells
    assert "'+1 555 0100 Plumbing" in cells


def test_companies_csv_reads_back_as_the_same_records(
    capsys: pytest.CaptureFixture[str], served, tmp_path: Path
) -> None:
    sandbox, config = served
    run = run_cli(capsys, "--config", config, "companies", "lab", "--status", "Active", "--csv")
    (tmp_path / "export.csv").write_text(run.out, encoding="utf-8")

    records = load_records(tmp_path / "export.csv")

    by_id = {c["id"]: c["name"] for c in sandbox.tenants["lab"].select(ACTIVE)}
    assert {r.id: r.name for r in records if by_id[int(r.id)] in FORMULAS} == {
        str(i): name for i, name in by_id.items() if name in FORMULAS
    }
    assert len(records) == len(by_id)


def test_companies_json_is_exact_yet_inert(capsys: pytest.CaptureFixture[str], served) -> None:
    sandbox, config = served

    run = run_cli(capsys, "--config", config, "companies", "lab", "--status", "1", "--json")

    assert run.code == 0
    assert unsafe(run.out) == []
    names = [c["name"] for c in json.loads(run.out)]
    assert names == [c["name"] for c in sandbox.tenants["lab"].select(ACTIVE)]  # lossless
    assert set(HIDDEN) <= set(names)


@pytest.mark.parametrize(
    "argv",
    [
        ["companies", "lab", "--status", "Active"],
        ["statuses", "lab"],
        ["statuses", "lab", "--json"],
    ],
    ids=["companies table", "statuses table", "statuses json"],
)
def test_plain_output_holds_no_hidden_or_reordering_character(
    capsys: pytest.CaptureFixture[str], served, argv: list[str]
) -> None:
    _, config = served

    run = run_cli(capsys, "--config", config, *argv)

    assert run.code == 0, run.err
    assert unsafe(run.out) == []


def test_an_error_line_listing_remote_names_is_inert(
    capsys: pytest.CaptureFixture[str], served
) -> None:
    _, config = served

    run = run_cli(capsys, "--config", config, "companies", "lab", "--status", "Nope\u202e")

    assert run.code == 2
    assert "Hold on" in run.error_line
    assert unsafe(run.err) == []


# --- malformed CSV input ----------------------------------------------------------------------

MALFORMED = {
    "a quote never closed": (
        b'id,name\nC-1,Contoso\nC-2,"Fabrikam, Inc\nC-3,Northwind\nC-4,Tailspin\n',
        "r.csv:3: malformed CSV: a quote opened on this line is never closed",
    ),
    "text after a closing quote": (
        b'id,name\nC-1,"Contoso" Ltd\nC-2,Fabrikam\n',
        "r.csv:2: malformed CSV: ",
    ),
    "more cells than the header": (
        b"id,name\nC-1,Contoso\nC-2,Fabrikam,Ltd\n",
        "r.csv:3: 3 values but the header names 2 columns",
    ),
}


@pytest.mark.parametrize(("content", "expected"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_csv_stops_with_file_and_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path)
    (tmp_path / "r.csv").write_bytes(content)
    before = tree(tmp_path)

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", "m.toml"
    )

    assert run.code == 2
    assert run.error_line.startswith(expected), run.error_line
    assert tree(tmp_path) == before
