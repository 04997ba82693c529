"""The command line as docs/CONTRACT.md §1 fixes it, run through `main(argv)`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import retries_without_waiting
from tui.cli import main
from tui.demo.tenants import shared_demo_sandbox
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Sandbox,
    SandboxTenant,
    make_tenant,
)

ACTIVE, CREDIT_HOLD, CLIENT, MANAGED = 1, 17, 5, 77  # ids of the demo profile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_config(path: Path, site: str, *, private_key: str = DEMO_PRIVATE_KEY) -> Path:
    path.write_text(
        f"""
[tenants.lab]
label = "Lab sandbox"
site = "{site}"
company_id = "lab"
public_key = "{DEMO_PUBLIC_KEY}"
private_key = "{private_key}"
client_id = "{DEMO_CLIENT_ID}"
""",
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


@pytest.fixture(autouse=True)
def _no_real_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    retries_without_waiting(monkeypatch)


@pytest.fixture
def lab() -> SandboxTenant:
    return make_tenant("lab", 2_600, seed=5)


@pytest.fixture
def served(lab: SandboxTenant, tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    """A loopback sandbox server and a config file pointing at it."""
    sandbox = Sandbox([lab])
    with sandbox.serving() as base_url:
        yield sandbox, write_config(tmp_path / "config.toml", base_url)


def selected(tenant: SandboxTenant, conditions: str, child: str = "") -> list[dict]:
    return [
        {
            "id": c["id"],
            "identifier": c["identifier"],
            "name": c["name"],
            "status": {"id": c["status"]["id"], "name": c["status"]["name"]},
            "types": [{"id": t["id"], "name": t["name"]} for t in c["types"]],
        }
        for c in tenant.select(conditions, child)
    ]


# --- basics ------------------------------------------------------------------------------


def test_version_and_help_exit_zero(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, "psamap 0.1.0")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert all(c in out for c in ("tenants", "companies", "conditions", "automap", "sandbox"))


@pytest.mark.parametrize(
    "argv",
    [
        ["companies", "demo", "--demo", "--count", "--json"],
        ["frobnicate"],
        ["automap", "demo", "--demo"],
        ["sandbox", "--port", "eighty"],
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("psamap: error: ")
    assert err.count("\n") == 1


def test_missing_config_suggests_demo(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--config", str(tmp_path / "nope.toml"), "tenants")
    assert code == 2
    assert "nope.toml: no such file" in err
    assert "--demo" in err


def test_malformed_config_is_exit_2_naming_file_and_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[tenants.x]\nsite = "na.myconnectwise.net"\ncompany_id = \n')
    code, _, err = run(capsys, "--config", str(bad), "statuses", "x")
    assert code == 2
    assert f"{bad}:3" in err


def test_missing_tenant_lists_known_ones(capsys, served) -> None:
    _, config = served
    code, _, err = run(capsys, "--config", str(config), "statuses")
    assert code == 2
    assert "missing TENANT (tenants: lab)" in err
    code, _, err = run(capsys, "--config", str(config), "statuses", "nosuch")
    assert code == 2
    assert "unknown tenant 'nosuch'" in err


# --- demo --------------------------------------------------------------------------------


def test_tenants_with_demo_need_no_config(capsys) -> None:
    code, out, _ = run(capsys, "tenants", "--demo", "--json")
    assert code == 0
    tenants = {t["name"]: t for t in json.loads(out)}
    assert {"demo", "northwind"} <= set(tenants)
    assert tenants["demo"]["demo"] is True
    assert DEMO_PRIVATE_KEY not in out and DEMO_CLIENT_ID not in out


def test_tenants_table_merges_config_and_demo(capsys, served) -> None:
    _, config = served
    code, out, _ = run(capsys, "--config", str(config), "--demo", "tenants")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "LABEL", "SITE", "COMPANY"]
    assert [line.split()[0] for line in lines[1:]] == ["lab", "demo", "northwind"]


def test_demo_statuses_and_types_are_the_sandbox_lists(capsys) -> None:
    tenant = shared_demo_sandbox().tenants["demo"]
    code, out, _ = run(capsys, "--demo", "statuses", "--json")
    assert code == 0
    assert [(s["id"], s["name"]) for s in json.loads(out)] == [
        (s["id"], s["name"]) for s in tenant.statuses
    ]
    code, out, _ = run(capsys, "types", "--demo")  # --demo after the command works too
    assert code == 0
    assert out.splitlines()[0].split() == ["ID", "NAME", "FLAGS"]
    assert {line.split()[0] for line in out.splitlines()[1:]} == {
        str(t["id"]) for t in tenant.types
    }


def test_demo_companies_json_equals_the_sandbox_selection(capsys) -> None:
    tenant = shared_demo_sandbox().tenants["demo"]
    code, out, _ = run(
        capsys, "--demo", "companies", "--status", " active ", "--type", "Managed Client", "--json"
    )
    assert code == 0
    expected = selected(tenant, "deletedFlag = false and status/id = 1", "types/id = 77")
    assert json.loads(out) == expected
    assert expected  # the filter selects someone


def test_demo_count_prints_one_integer(capsys) -> None:
    tenant = shared_demo_sandbox().tenants["demo"]
    code, out, _ = run(
        capsys, "--demo", "companies", "--status", "1", "--type", "Client", "--count"
    )
    assert code == 0
    assert out == f"{tenant.count('deletedFlag = false and status/id = 1', 'types/id = 5')}\n"


def test_unknown_status_lists_valid_names(capsys) -> None:
    code, out, err = run(capsys, "--demo", "companies", "--status", "Activ")
    assert code == 2
    assert out == ""
    assert "unknown status 'Activ' (statuses: Active, Inactive, Credit Hold" in err


@pytest.mark.parametrize("value", ["\u00b2", "1\u00b9", "\u2460"])
def test_a_status_or_type_of_digit_like_signs_is_unknown_not_a_crash(capsys, value: str) -> None:
    """Superscripts and circled numbers pass `str.isdigit()` yet `int()` refuses them: a
    value that is neither a name nor an id is a usage error (exit 2), not an internal one."""
    for option in ("--status", "--type"):
        code, out, err = run(capsys, "--demo", "conditions", option, value)
        assert (code, out) == (2, "")
        assert err.startswith(f"psamap: error: unknown {option[2:]} ")
        assert "internal error" not in err


@pytest.mark.parametrize("argv", [[], ["--demo", "conditions"]])
def test_ctrl_c_exits_130_with_one_line(
    capsys, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    """Ctrl+C is the user stopping psamap, not a failure talking to the PSA (exit 1): the
    shell's convention, 128 + SIGINT, tells a script "interrupted" (the TUI's signal exits
    are 128 + the signal too). One line on stderr, no traceback."""
    import tui.cli
    import tui.cli.terminal_ui as terminal_ui

    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    commands = tuple(c._replace(run=interrupted) for c in tui.cli.all_commands())
    monkeypatch.setattr(tui.cli, "all_commands", lambda: commands)
    monkeypatch.setattr(terminal_ui, "run", interrupted)
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (130, "", "psamap: error: interrupted\n")


def test_conditions_prints_both_parameters_built_from_ids(capsys) -> None:
    code, out, _ = run(
        capsys, "--demo", "conditions", "--status", "Active", "--status", "credit hold",
        "--type", "Client", "--type", "77",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "conditions=deletedFlag = false and status/id in (1,17)\n"
        "childConditions=types/id = 5 or types/id = 77\n"
    )


def test_conditions_without_filters_needs_no_lookup(capsys) -> None:
    code, out, _ = run(capsys, "--demo", "conditions")
    assert (code, out) == (0, "conditions=deletedFlag = false\nchildConditions=\n")


# --- against a loopback server -----------------------------------------------------------


FILTERS = [
    ([], [], "deletedFlag = false", ""),
    (["Active"], ["Client"], "deletedFlag = false and status/id = 1", "types/id = 5"),
    (
        ["Active", "17"],
        ["client", "Managed Client"],
        "deletedFlag = false and status/id in (1,17)",
        "types/id = 5 or types/id = 77",
    ),
    (["Credit Hold"], [], "deletedFlag = false and status/id = 17", ""),
]


@pytest.mark.parametrize(("statuses", "types", "cond", "child"), FILTERS)
def test_companies_json_over_http_equals_selection(capsys, served, statuses, types, cond, child):
    sandbox, config = served
    argv = ["--config", str(config), "companies", "lab", "--json"]
    argv += [a for s in statuses for a in ("--status", s)]
    argv += [a for t in types for a in ("--type", t)]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert json.loads(out) == selected(sandbox.tenants["lab"], cond, child)


@pytest.mark.parametrize(("statuses", "types", "cond", "child"), FILTERS[:2])
def test_a_quarter_of_requests_failing_changes_no_output(
    capsys, lab, tmp_path, statuses, types, cond, child
) -> None:
    sandbox = Sandbox([lab], fault_rate=0.25, seed=4)
    with sandbox.serving() as base_url:
        config = write_config(tmp_path / "config.toml", base_url)
        argv = ["--config", str(config), "companies", "lab", "--json"]
        argv += [a for s in statuses for a in ("--status", s)]
        argv += [a for t in types for a in ("--type", t)]
        code, out, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == selected(lab, cond, child)
    assert sandbox.stats.faults_injected > 0


@pytest.mark.parametrize("delete_too", [False, True], ids=["insert", "insert+delete"])
def test_a_company_added_mid_load_is_neither_duplicated_nor_causes_a_skip(
    capsys, tmp_path: Path, delete_too: bool
) -> None:
    tenant = make_tenant("lab", 5_200, seed=5)  # big enough for the concurrent path
    sandbox = Sandbox([tenant])
    before = [c["id"] for c in tenant.select("deletedFlag = false")]
    added: list[int] = []
    deleted: list[int] = []

    def change_during_load(request, number: int) -> None:
        if "company/companies" not in request.url.path:
            return
        if number in (3, 5, 7):
            added.append(tenant.add_company(f"Midload {number} Ltd", ACTIVE, [CLIENT])["id"])
        if delete_too and number in (5, 6):  # while the offset pages are being read
            deleted.append(before[number * 10])
            tenant.delete_company(deleted[-1])

    sandbox.on_request.append(change_during_load)
    with sandbox.serving() as base_url:
        config = write_config(tmp_path / "config.toml", base_url)
        code, out, _ = run(capsys, "--config", str(config), "companies", "lab", "--json")
    ids = [c["id"] for c in json.loads(out)]

    assert code == 0
    assert len(ids) == len(set(ids))
    assert set(before) - set(deleted) <= set(ids)
    assert set(ids) <= set(before) | set(added)
    assert len(added) == 3 and len(deleted) == (2 if delete_too else 0)


def test_csv_is_flat_and_loadable_as_records(capsys, served, tmp_path: Path) -> None:
    sandbox, config = served
    code, out, _ = run(
        capsys, "--config", str(config), "companies", "lab", "--type", "Managed Client", "--csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = selected(sandbox.tenants["lab"], "deletedFlag = false", "types/id = 77")
    assert [r["id"] for r in rows] == [str(c["id"]) for c in expected]
    assert rows[0].keys() == {"id", "identifier", "name", "status", "types"}
    assert rows[0]["types"] == "; ".join(t["name"] for t in expected[0]["types"])

    from tui.core.records import load_records

    path = tmp_path / "export.csv"
    path.write_text(out, encoding="utf-8")
    assert [r.id for r in load_records(path)] == [r["id"] for r in rows]


def test_include_deleted_adds_the_deleted_ones(capsys, served) -> None:
    sandbox, config = served
    tenant = sandbox.tenants["lab"]
    code, out, _ = run(capsys, "--config", str(config), "companies", "lab", "--include-deleted")
    assert code == 0
    assert len(out.splitlines()) == 1 + len(tenant.select(""))
    assert len(tenant.select("")) > len(tenant.select("deletedFlag = false"))


def test_table_strips_escape_sequences_from_company_names(capsys, served) -> None:
    sandbox, config = served
    sandbox.tenants["lab"].add_company("Evil \x1b[2J\x1b]0;pwned\x07 Corp\r", ACTIVE, [CLIENT])
    code, out, _ = run(capsys, "--config", str(config), "companies", "lab", "--status", "Active")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "Evil  [2J ]0;pwned  Corp" in out


def test_psa_failure_is_exit_1_without_secrets(capsys, lab, tmp_path: Path) -> None:
    with Sandbox([lab]).serving() as base_url:
        config = write_config(tmp_path / "config.toml", base_url, private_key="WrongSecret123")
        code, out, err = run(capsys, "--config", str(config), "statuses", "lab")
    assert code == 1
    assert out == ""
    assert err.startswith("psamap: error: 401 Unauthorized on company/companies/statuses")
    assert "WrongSecret123" not in err and DEMO_CLIENT_ID not in err
    assert "Traceback" not in err


def test_unreachable_psa_is_exit_1(capsys, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9")  # discard port
    code, _, err = run(capsys, "--config", str(config), "types", "lab")
    assert code == 1
    assert err.startswith("psamap: error: connection failed on login/companyinfo/lab")


# --- the TUI and the sandbox server ------------------------------------------------------


def test_no_command_runs_the_tui_with_the_options(capsys, monkeypatch, tmp_path: Path) -> None:
    calls = []

    def fake_run_app(**kw) -> int:
        calls.append(kw)
        return 0

    monkeypatch.setattr("tui.app.run.run_app", fake_run_app)
    mapping, records = tmp_path / "m.toml", tmp_path / "r.csv"
    code, _, _ = run(capsys, "--demo", "--mapping", str(mapping), "--records", str(records))
    assert code == 0
    [kw] = calls
    assert (kw["mapping_path"], kw["records_path"], kw["demo"]) == (mapping, records, True)
    assert "demo" in kw["config"].tenants


def test_sandbox_refuses_non_loopback_hosts(capsys) -> None:
    code, _, err = run(capsys, "sandbox", "--host", "0.0.0.0")
    assert code == 2
    assert "loopback" in err


# --- automap -----------------------------------------------------------------------------


@pytest.fixture
def records_file(served, tmp_path: Path) -> Path:
    from tui.demo.sample_records import sample_records, write_records_csv

    sandbox, _ = served
    companies = sandbox.tenants["lab"].select("deletedFlag = false and status/id = 1")
    path = tmp_path / "customers.csv"
    write_records_csv(sample_records(companies, n=60, seed=2, unmatched=0.2), path)
    return path


def automap_args(config: Path, records: Path, out: Path, *extra: str) -> list[str]:
    return ["--config", str(config), "automap", "lab", "--records", str(records),
            "--status", "Active", "--out", str(out), *extra]  # fmt: skip


def test_automap_writes_confident_matches_and_prints_a_summary(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    import tomllib

    _, config = served
    out = tmp_path / "lab.mapping.toml"
    code, stdout, err = run(capsys, *automap_args(config, records_file, out))
    assert (code, err) == (0, "")
    first = stdout.splitlines()[0]
    counts = dict(part.split(": ") for part in first.split(", "))
    assert int(counts["records"]) == 60
    assert sum(int(counts[k]) for k in ("matched", "ambiguous", "unmatched")) == 60
    assert int(counts["matched"]) >= 30

    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    assert doc["tenant"] == "lab" and doc["company_id"] == "lab"
    assert doc["filter"]["conditions"] == "deletedFlag = false and status/id = 1"
    assert len(doc["mappings"]) == int(counts["matched"])
    assert all(m["score"] >= 92 for m in doc["mappings"].values())
    assert DEMO_PRIVATE_KEY not in out.read_text(encoding="utf-8")


def test_automap_never_overwrites_a_manual_entry(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    import tomllib

    _, config = served
    out = tmp_path / "lab.mapping.toml"
    assert run(capsys, *automap_args(config, records_file, out))[0] == 0
    text = out.read_text(encoding="utf-8")
    local_id = next(iter(tomllib.loads(text)["mappings"]))
    start = text.index(f'[mappings."{local_id}"]')
    block = text[start : text.index("\n\n", start)]
    manual = block.replace('method = "', 'method = "manual" #', 1)
    manual = manual.replace(manual[manual.index("psa_id = ") :].split("\n")[0], "psa_id = 1")
    out.write_text(text.replace(block, manual), encoding="utf-8")

    code, stdout, _ = run(capsys, *automap_args(config, records_file, out))
    assert code == 0
    assert "1 manual kept" in stdout
    kept = tomllib.loads(out.read_text(encoding="utf-8"))["mappings"][local_id]
    assert (kept["method"], kept["psa_id"]) == ("manual", 1)
    assert out.with_name(out.name + ".bak").exists()


def test_automap_bad_records_file_is_exit_2_and_writes_nothing(
    capsys, served, tmp_path: Path
) -> None:
    _, config = served
    records = tmp_path / "dupes.csv"
    records.write_text("id,name\nC-1,Acme\nC-1,Beta\n", encoding="utf-8")
    out = tmp_path / "m.toml"
    code, _, err = run(capsys, *automap_args(config, records, out))
    assert code == 2
    assert err.startswith(f"psamap: error: {records}:3: ")
    assert not out.exists()


def test_automap_into_a_missing_folder_fails_before_any_request(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    sandbox, config = served
    asked: list[object] = []
    sandbox.on_request.append(lambda request, _n: asked.append(request))
    out = tmp_path / "typo" / "m.toml"
    code, _, err = run(capsys, *automap_args(config, records_file, out))
    assert code == 1
    assert err == f"psamap: error: {out.parent}: no such folder (for --out {out})\n"
    assert asked == []
    assert not out.parent.exists()


def test_automap_refuses_another_tenants_mapping_file(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    _, config = served
    out = tmp_path / "other.toml"
    out.write_text('format = 1\ntenant = "contoso"\ncompany_id = "contoso"\n', encoding="utf-8")
    code, _, err = run(capsys, *automap_args(config, records_file, out))
    assert code == 2
    assert "maps tenant 'contoso'" in err


def test_automap_refuses_another_tenants_mapping_of_the_same_psa_company(
    capsys, served, records_file: Path, tmp_path: Path
) -> None:
    _, config = served
    out = tmp_path / "lab-test.toml"
    text = 'format = 1\ntenant = "lab-test"\ncompany_id = "lab"\n'
    out.write_text(text, encoding="utf-8")
    code, stdout, err = run(capsys, *automap_args(config, records_file, out))
    assert (code, stdout) == (2, "")
    assert err == (
        f"psamap: error: {out} maps tenant 'lab-test' (company 'lab'), not 'lab' "
        "(company 'lab'); choose another --out\n"
    )
    assert out.read_text(encoding="utf-8") == text
