"""`psamap suggest` as docs/CONTRACT.md §1 fixes it: every record, its top candidates and the
decision, where `auto` is exactly what `automap` writes."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

from tests import test_cli
from tests.test_cli import automap_args, run

# The CLI tests' fixtures: a served sandbox tenant "lab", its config and a records file.
_no_real_waiting = test_cli._no_real_waiting
lab = test_cli.lab
served = test_cli.served
records_file = test_cli.records_file


def suggest_args(config: Path, records: Path, *extra: str) -> list[str]:
    return ["--config", str(config), "suggest", "lab", "--records", str(records),
            "--status", "Active", *extra]  # fmt: skip


def test_suggest_json_lists_every_record_in_file_order_with_its_decision(
    capsys, served, records_file: Path
) -> None:
    _, config = served
    code, stdout, err = run(capsys, *suggest_args(config, records_file, "--json"))
    assert (code, err) == (0, "")
    rows = json.loads(stdout)
    with records_file.open(encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert [r["id"] for r in rows] == ids
    assert {r["decision"] for r in rows} <= {"auto", "review", "ambiguous", "none"}
    assert {r["decision"] for r in rows} >= {"auto", "none"}
    for row in rows:
        assert set(row) == {"id", "name", "decision", "candidates"}
        assert len(row["candidates"]) <= 3
        assert (row["decision"] == "none") == (row["candidates"] == [])
        scores = [c["score"] for c in row["candidates"]]
        assert scores == sorted(scores, reverse=True)
        for candidate in row["candidates"]:
            assert set(candidate) == {"psa_id", "psa_identifier", "psa_name", "score", "reason"}


def test_suggest_auto_is_exactly_what_automap_writes(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    _, config = served
    out = tmp_path / "lab.mapping.toml"
    assert run(capsys, *automap_args(config, records_file, out))[0] == 0
    written = tomllib.loads(out.read_text(encoding="utf-8"))["mappings"]
    code, stdout, _ = run(capsys, *suggest_args(config, records_file, "--json"))
    assert code == 0
    auto = {r["id"]: r["candidates"][0] for r in json.loads(stdout) if r["decision"] == "auto"}
    assert auto  # the comparison means something
    assert {rid: c["psa_id"] for rid, c in auto.items()} == {
        rid: entry["psa_id"] for rid, entry in written.items()
    }
    assert all(auto[rid]["score"] == entry["score"] for rid, entry in written.items())


def test_suggest_csv_is_one_row_per_record_with_candidates_side_by_side(
    capsys, served, records_file: Path
) -> None:
    _, config = served
    code, stdout, _ = run(capsys, *suggest_args(config, records_file, "--csv", "--top", "2"))
    assert code == 0
    rows = list(csv.reader(io.StringIO(stdout)))
    candidate = ["psa_id", "psa_identifier", "psa_name", "score", "reason"]
    assert rows[0] == ["id", "name", "decision", *(f"{c}_{n}" for n in (1, 2) for c in candidate)]
    assert len(rows) == 61 and all(len(r) == 13 for r in rows)
    json_rows = json.loads(run(capsys, *suggest_args(config, records_file, "--json"))[1])
    for row, same in zip(rows[1:], json_rows, strict=True):
        assert row[:3] == [same["id"], same["name"], same["decision"]]
        assert row[3] == (str(same["candidates"][0]["psa_id"]) if same["candidates"] else "")


def test_suggest_marks_a_placeholder_for_review_and_says_why(
    capsys, served, tmp_path: Path
) -> None:
    sandbox, config = served
    company = sandbox.tenants["lab"].select("deletedFlag = false and status/id = 1")[0]
    records = tmp_path / "r.csv"
    records.write_text(f"id,name\nR-1,DO NOT USE - {company['name']}\n", encoding="utf-8")
    code, stdout, _ = run(capsys, *suggest_args(config, records, "--json"))
    assert code == 0
    (row,) = json.loads(stdout)
    assert row["decision"] == "review"
    assert row["candidates"][0]["psa_id"] == company["id"]
    assert "for a person: looks like a placeholder" in row["candidates"][0]["reason"]


def test_suggest_refuses_a_top_out_of_range(capsys, served, records_file: Path) -> None:
    _, config = served
    code, _, err = run(capsys, *suggest_args(config, records_file, "--top", "9"))
    assert code == 2 and "from 1 to 5" in err
