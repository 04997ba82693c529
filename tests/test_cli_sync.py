"""`check`, `export`, `sync` and the company cache behind every command that lists companies."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import run, write_config
from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry, NamedId, dumps
from tui.sandbox import Sandbox, SandboxTenant, make_tenant


@pytest.fixture
def lab() -> SandboxTenant:
    return make_tenant("lab", 1_500, seed=4)


@pytest.fixture
def served(lab: SandboxTenant, tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    sandbox = Sandbox([lab])
    with sandbox.serving() as base_url:
        yield sandbox, write_config(tmp_path / "config.toml", base_url)


def entry(local_id: str, company: dict, name: str | None = None) -> MappingEntry:
    return MappingEntry(
        local_id=local_id,
        local_name=f"Local {local_id}",
        psa_id=company["id"],
        psa_identifier=company["identifier"],
        psa_name=name or company["name"],
        method="exact",
        score=100.0,
    )


@pytest.fixture
def mapped(lab: SandboxTenant, tmp_path: Path) -> tuple[Path, list[dict]]:
    """lab.mapping.toml: C-1..C-5 mapped to five Active companies, C-6 ignored; records C-1..C-8."""
    active = lab.select("deletedFlag = false and status/id = 1")[:5]
    doc = MappingDocument(
        tenant="lab",
        company_id="lab",
        records="records.csv",
        filter=FilterSpec(statuses=[NamedId(id=1, name="Active")], conditions="status/id = 1"),
        mappings={f"C-{i + 1}": entry(f"C-{i + 1}", c) for i, c in enumerate(active)},
        ignored={"C-6": "no PSA company"},
    )
    (tmp_path / "lab.mapping.toml").write_text(dumps(doc), encoding="utf-8")
    rows = "".join(f"C-{i},Local C-{i}\n" for i in range(1, 9))
    (tmp_path / "records.csv").write_text("id,name\n" + rows, encoding="utf-8")
    return tmp_path / "lab.mapping.toml", active


def test_check_is_clean_then_exit_3_with_each_drift_kind(
    capsys, served, lab, mapped, monkeypatch, tmp_path
) -> None:
    _sandbox, config = served
    _mapping, active = mapped
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--config", str(config), "check", "lab", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "tenant": "lab", "mapped": 5, "ignored": 1, "unmapped": 2, "drift": [], "orphans": [],
    }  # fmt: skip

    lab.delete_company(active[0]["id"])
    lab.update_company(active[1]["id"], name="Quite Another Name Ltd")
    lab.update_company(active[2]["id"], status_id=44)
    lab.purge_company(active[3]["id"])
    code, out, _ = run(capsys, "--config", str(config), "check", "lab", "--json")
    report = json.loads(out)
    assert code == 3
    assert [(d["local_id"], d["psa_id"], d["kind"]) for d in report["drift"]] == [
        ("C-1", active[0]["id"], "deleted"),
        ("C-2", active[1]["id"], "renamed"),
        ("C-3", active[2]["id"], "left_filter"),
        ("C-4", active[3]["id"], "missing"),
    ]
    assert "Quite Another Name Ltd" in report["drift"][1]["detail"]


def test_check_orphans_and_max_unmapped(capsys, served, mapped, tmp_path) -> None:
    _, config = served
    mapping, _ = mapped
    (tmp_path / "fewer.csv").write_text("id,name\nC-1,a\nC-2,b\nC-3,c\nC-9,d\n")
    argv = ["--config", str(config), "check", "lab", "--mapping", str(mapping)]
    code, out, _ = run(capsys, *argv, "--records", str(tmp_path / "fewer.csv"), "--json")
    assert code == 3
    assert (json.loads(out)["orphans"], json.loads(out)["unmapped"]) == (["C-4", "C-5"], 1)
    assert run(capsys, *argv, "--max-unmapped", "2")[0] == 0
    code, out, _ = run(capsys, *argv, "--max-unmapped", "1")
    assert code == 3
    assert out.splitlines()[0].endswith("5 mapped, 1 ignored, 2 unmapped, 0 drift, 0 orphans")


def test_check_refuses_another_tenants_mapping_and_a_missing_one(capsys, served, tmp_path) -> None:
    _, config = served
    other = MappingDocument(tenant="prod", company_id="contoso")
    (tmp_path / "other.toml").write_text(dumps(other), encoding="utf-8")
    argv = ["--config", str(config), "check", "lab"]
    code, _, err = run(capsys, *argv, "--mapping", str(tmp_path / "other.toml"))
    assert code == 2 and "maps tenant 'prod'" in err
    code, _, err = run(capsys, *argv, "--mapping", str(tmp_path / "nope.toml"))
    assert code == 2 and "no such mapping file" in err


def test_export_csv_and_json_rows(capsys, served, mapped, tmp_path) -> None:
    _, config = served
    mapping, active = mapped
    argv = ["--config", str(config), "export", "lab", "--mapping", str(mapping)]
    code, out, _ = run(capsys, *argv)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == [
        "local_id", "local_name", "psa_id", "psa_identifier", "psa_name", "method", "score",
    ]  # fmt: skip
    assert [(r["local_id"], int(r["psa_id"])) for r in rows] == [
        (f"C-{i + 1}", c["id"]) for i, c in enumerate(active)
    ]
    code, _, _ = run(capsys, *argv, "--format", "json", "--out", str(tmp_path / "out.json"))
    exported = json.loads((tmp_path / "out.json").read_text())
    assert code == 0
    assert exported[0] == {
        "local_id": "C-1", "local_name": "Local C-1", "psa_id": active[0]["id"],
        "psa_identifier": active[0]["identifier"], "psa_name": active[0]["name"],
        "method": "exact", "score": 100.0,
    }  # fmt: skip


def test_export_never_writes_over_the_mapping_or_its_records_file(
    capsys, served, mapped, tmp_path, monkeypatch
) -> None:
    """`--out` naming the mapping itself (or, by another spelling, its records file) once
    replaced it with CSV rows, without a .bak: the saved mapping was gone."""
    _, config = served
    mapping, _ = mapped
    monkeypatch.chdir(tmp_path)
    records = tmp_path / "records.csv"
    before = mapping.read_bytes(), records.read_bytes()
    argv = ["--config", str(config), "export", "lab", "--mapping", str(mapping), "--out"]
    for out in (str(mapping), "./lab.mapping.toml", "sub/../records.csv"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        code, stdout, err = run(capsys, *argv, out)
        assert (code, stdout) == (2, "")
        assert err.startswith("psamap: error: --out ") and "would replace" in err
    assert (mapping.read_bytes(), records.read_bytes()) == before


def test_sync_reports_changes_since_the_last_sync_even_across_other_commands(
    capsys, served, lab
) -> None:
    _sandbox, config = served
    argv = ["--config", str(config), "sync", "lab", "--json"]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and len(json.loads(out)["added"]) == 1_500
    assert json.loads(run(capsys, *argv)[1]) == {"added": [], "changed": [], "deleted": []}

    first = lab.rows[0].id
    lab.update_company(first, name="Changed Between Syncs")
    new = lab.add_company("Added Between Syncs LLC", 1, [5])["id"]
    run(capsys, "--config", str(config), "companies", "lab", "--json")  # refreshes the cache
    lab.delete_company(first + 1)
    assert json.loads(run(capsys, *argv)[1]) == {
        "added": [new], "changed": [first], "deleted": [first + 1],
    }  # fmt: skip


def test_sync_with_no_cache_is_a_usage_error(capsys, served) -> None:
    _, config = served
    code, _, err = run(capsys, "--config", str(config), "--no-cache", "sync", "lab")
    assert code == 2 and "--no-cache" in err


def test_companies_from_a_warm_cache_equal_no_cache_and_cost_four_requests(
    capsys, served, lab
) -> None:
    sandbox, config = served
    argv = ["--config", str(config), "companies", "lab", "--status", "Active", "--json"]
    code, direct, _ = run(capsys, *argv[:2], "--no-cache", *argv[2:])
    assert code == 0
    run(capsys, *argv)  # fills the cache
    lab.update_company(lab.rows[3].id, name="Edited Meanwhile", status_id=1)
    paths: list[str] = []
    sandbox.on_request.append(lambda request, _n: paths.append(request.url.path))
    code, cached, _ = run(capsys, *argv)
    assert code == 0
    # statuses, types, companies changed since the last refresh, the total count (plus
    # the unauthenticated codebase look-up every process makes)
    assert len([p for p in paths if "/apis/3.0/" in p]) == 4
    code, direct, _ = run(capsys, *argv[:2], "--no-cache", *argv[2:])
    assert json.loads(cached) == json.loads(direct)
    assert "Edited Meanwhile" in cached


def test_a_corrupt_cache_is_rebuilt_with_a_notice(capsys, served, tmp_path) -> None:
    from tui.core.cache import cache_dir

    _, config = served
    argv = ["--config", str(config), "companies", "lab", "--json"]
    run(capsys, *argv)
    (file,) = [p for p in cache_dir().iterdir() if p.suffix == ".sqlite3"]
    file.write_bytes(b"garbage" * 500)
    for extra in cache_dir().glob("*-wal"):
        extra.unlink()
    code, out, err = run(capsys, *argv)
    assert code == 0 and json.loads(out)
    assert err.startswith("psamap: notice: company cache ") and "rebuilt" in err


def test_streamed_json_is_the_same_text_as_the_whole_list(capsys) -> None:
    from tui.cli.output import print_json, print_json_stream

    rows = [
        {"id": 1, "name": "Acme [UK] \u202e Ltd", "types": [{"id": 5, "name": "Client"}]},
        {"id": 2, "name": "line\nbreak \x1b[31m", "status": None, "types": []},
    ]
    for sample in (rows, rows[:1], []):
        print_json(sample)
        whole = capsys.readouterr().out
        print_json_stream(iter(sample))
        assert capsys.readouterr().out == whole


@pytest.mark.parametrize("value", ["-1", "many"])
def test_check_refuses_a_max_unmapped_that_is_no_count(capsys, value: str) -> None:
    code, _, err = run(capsys, "--demo", "check", "demo", "--max-unmapped", value)
    assert code == 2
    assert f"--max-unmapped: {value!r} is not a whole number of 0 or more" in err
    assert "_count" not in err
