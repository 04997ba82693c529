"""Bad input through the real command line: the contract's exit code, one line, nothing written.

Every case runs `psamap ...` in-process and checks three things a user relies on: exit 2
for bad input (docs/CONTRACT.md §1), exactly one `psamap: error:` line on stderr naming the file,
the line and the field, and not a byte changed in the working folder or the user dirs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.reliability.cli_helpers import CONTOSO, run_cli, tree, write_config
from tui.core.records import RecordsError, load_records

EXIT_USAGE = 2


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _isolated_user_dirs: Path) -> Path:
    """Run from an empty folder; the user dirs are the suite's isolated ones."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def unchanged(workdir: Path, _isolated_user_dirs: Path):
    """Call after writing the inputs; asserts at teardown that nothing was written since."""
    folders = (workdir, _isolated_user_dirs)
    snapshot: dict[str, dict[str, bytes]] = {}

    def take() -> None:
        snapshot["before"] = tree(*folders)

    yield take
    assert "before" in snapshot, "the test never took its snapshot"
    assert tree(*folders) == snapshot["before"], "bad input must leave every file as it was"


def replace_line(text: str, start: str, new: str | None) -> str:
    """CONTOSO with the line starting with `start` replaced (or removed when `new` is None)."""
    lines = text.splitlines(keepends=True)
    out = [(new + "\n" if new is not None else "") if ln.startswith(start) else ln for ln in lines]
    assert out != lines, f"no line starts with {start!r}"
    return "".join(out)


# --- the config file ----------------------------------------------------------------------------

CONFIG_CASES = {
    "malformed table header": (
        "[tenants.contoso\nsite = 1\n",
        "config.toml:1: invalid TOML",
    ),
    "file cut off mid-value": (
        CONTOSO[: CONTOSO.index('public_key = "pub"') + len('public_key = "pu')],
        "config.toml:4: invalid TOML",
    ),
    "missing field": (
        replace_line(CONTOSO, "client_id", None),
        "config.toml:1: tenant 'contoso': client_id: missing field",
    ),
    "number for a string": (
        replace_line(CONTOSO, "public_key", "public_key = 123"),
        "config.toml:4: tenant 'contoso': public_key: expected a string",
    ),
    "array for a secret": (
        replace_line(CONTOSO, "private_key", 'private_key = ["k"]'),
        "config.toml:5: tenant 'contoso': private_key: expected a string, { env",
    ),
    "secret source with two keys": (
        replace_line(CONTOSO, "client_id", 'client_id = { env = "A", command = "b" }'),
        "config.toml:6: tenant 'contoso': client_id: expected a string, { env",
    ),
    "number for the codebase": (
        replace_line(CONTOSO, "codebase", "codebase = 5"),
        "config.toml:7: tenant 'contoso': codebase: ",
    ),
    "unknown field (a typo)": (
        replace_line(CONTOSO, "codebase", 'code_base = "v2025_1/"'),
        "config.toml:7: tenant 'contoso': code_base: unknown field",
    ),
    "tenants is not a table": (
        "tenants = 3\n",
        "config.toml:1: tenants: expected tables",
    ),
    "http to a public host": (
        replace_line(CONTOSO, "site", 'site = "http://psa.example.com"'),
        "config.toml:2: tenant 'contoso': site: site 'http://psa.example.com' uses plain http://",
    ),
    "http to a private-network host": (
        replace_line(CONTOSO, "site", 'site = "http://10.0.0.8:8080"'),
        "config.toml:2: tenant 'contoso': site: site 'http://10.0.0.8:8080' uses plain http://",
    ),
}


@pytest.mark.parametrize(("text", "expected"), CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_bad_config_is_exit_2_with_file_line_tenant_and_field(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged, text: str, expected: str
) -> None:
    config = write_config(workdir, text)
    unchanged()

    run = run_cli(capsys, "--config", config, "statuses", "contoso")

    assert run.code == EXIT_USAGE
    assert run.error_line.startswith(f"{config.parent}/{expected}")
    assert run.out == ""


def test_config_that_is_not_utf8_names_the_line(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged
) -> None:
    config = workdir / "config.toml"
    config.write_bytes(b'[tenants.contoso]\nlabel = "Caf\xe9"\n')
    config.chmod(0o600)
    unchanged()

    run = run_cli(capsys, "--config", config, "tenants")

    assert run.code == EXIT_USAGE
    assert run.error_line == f"{config}:2: not valid UTF-8"


def test_unknown_tenant_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged
) -> None:
    config = write_config(workdir)
    unchanged()

    run = run_cli(capsys, "--config", config, "companies", "contosso", "--count")

    assert run.code == EXIT_USAGE
    assert run.error_line == f"{config}: unknown tenant 'contosso' (tenants: contoso)"


def test_missing_environment_variable_names_tenant_field_and_variable(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PSAMAP_RELIABILITY_UNSET", raising=False)
    text = replace_line(
        CONTOSO, "private_key", 'private_key = { env = "PSAMAP_RELIABILITY_UNSET" }'
    )
    config = write_config(workdir, text)
    unchanged()

    run = run_cli(capsys, "--config", config, "types", "contoso")

    assert run.code == EXIT_USAGE
    assert run.error_line == (
        f"{config}: tenant 'contoso': private_key: "
        "environment variable PSAMAP_RELIABILITY_UNSET is not set or empty"
    )


def test_failing_credential_command_says_so_without_echoing_its_output(
    capfd: pytest.CaptureFixture[str], workdir: Path, unchanged
) -> None:
    # The command prints what might be (part of) a secret on both streams, then fails.
    script = workdir.parent / "leaky.py"
    script.write_text(
        "import sys\nprint('LEAKY-SECRET-7')\nprint('LEAKY-SECRET-7', file=sys.stderr)\n"
        "sys.exit(3)\n"
    )
    command = f"{sys.executable} {script}"
    text = replace_line(CONTOSO, "client_id", f"client_id = {{ command = '{command}' }}")
    config = write_config(workdir, text)
    unchanged()

    run = run_cli(capfd, "--config", config, "statuses", "contoso")

    assert run.code == EXIT_USAGE
    assert run.error_line == (
        f"{config}: tenant 'contoso': client_id: "
        f"command {sys.executable!r} failed with exit status 3"
    )
    assert "LEAKY-SECRET-7" not in run.out + run.err


def test_credential_command_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged
) -> None:
    text = replace_line(CONTOSO, "private_key", "private_key = { command = '/no/such/vault get' }")
    config = write_config(workdir, text)
    unchanged()

    run = run_cli(capsys, "--config", config, "statuses", "contoso")

    assert run.code == EXIT_USAGE
    assert run.error_line == (
        f"{config}: tenant 'contoso': private_key: command '/no/such/vault' was not found"
    )


# --- the records file ---------------------------------------------------------------------------

RECORDS_CASES = {
    "duplicate id (csv)": (
        "r.csv",
        b"id,name\nC-1,Contoso\nC-2,Fabrikam\nC-1,Northwind\n",
        "r.csv:4: duplicate id 'C-1' (first on line 2)",
    ),
    "duplicate id (json, one line)": (
        "r.json",
        b'[{"id": "C-1", "name": "Contoso"}, {"id": "C-1", "name": "Fabrikam"}]',
        "r.json:1: duplicate id 'C-1'",
    ),
    "duplicate id (json lines)": (
        "r.jsonl",
        b'{"id": "C-1", "name": "Contoso"}\n{"id": "C-1", "name": "Fabrikam"}\n',
        "r.jsonl:2: duplicate id 'C-1' (first on line 1)",
    ),
    "empty name": (
        "r.csv",
        b"id,name\nC-1,Contoso\nC-2,   \n",
        "r.csv:3: empty name for id 'C-2'",
    ),
    "empty id": (
        "r.csv",
        b"id,name\nC-1,Contoso\n,Fabrikam\n",
        "r.csv:3: empty id",
    ),
    "missing name column": (
        "r.csv",
        b"id,title\nC-1,Contoso\n",
        "r.csv:1: no name column found (columns: 'id', 'title')",
    ),
    "missing id column (json)": (
        "r.json",
        b'[{"name": "Contoso"}]',
        "r.json:1: no id column found (columns: 'name')",
    ),
    "latin-1 byte": (
        "r.csv",
        b"id,name\nC-1,Contoso\nC-2,Caf\xe9 Bleu\n",
        "r.csv:3: undecodable byte 0xe9 (not UTF-8)",
    ),
    "utf-16 file": (
        "r.csv",
        "id,name\nC-1,Contoso\n".encode("utf-16"),
        "r.csv:1: undecodable byte 0xff (not UTF-8)",
    ),
    "json cut off": (
        "r.json",
        b'[{"id": "C-1", "name": "Contoso"},\n {"id": "C-2", "na',
        "r.json:2: malformed JSON",
    ),
    "too many values in a row": (
        "r.csv",
        b"id,name\nC-1,Contoso,extra\n",
        "r.csv:2: 3 values but the header names 2 columns",
    ),
}


@pytest.mark.parametrize(
    ("name", "content", "expected"), RECORDS_CASES.values(), ids=RECORDS_CASES.keys()
)
def test_bad_records_file_is_exit_2_and_no_mapping_file_is_written(
    capsys: pytest.CaptureFixture[str],
    workdir: Path,
    unchanged,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    config = write_config(workdir)
    (workdir / name).write_bytes(content)
    unchanged()

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", name, "--out", "m.toml"
    )

    assert run.code == EXIT_USAGE
    assert run.error_line.startswith(expected)
    assert not (workdir / "m.toml").exists()


def test_a_hundred_thousand_row_records_file_loads_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"C-{i},Company {i} Ltd,company{i}.example.com\n" for i in range(100_000))
    path.write_text("Customer ID,Company Name,Website\n" + rows, encoding="utf-8")

    records = load_records(path)

    assert len(records) == 100_000
    assert (records[0].id, records[0].name, records[0].domain) == (
        "C-0",
        "Company 0 Ltd",
        "company0.example.com",
    )
    assert records[-1].id == "C-99999" and records[-1].line == 100_001


def test_a_duplicate_at_the_end_of_a_hundred_thousand_rows_is_still_caught(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"C-{i},Company {i}\n" for i in range(100_000))
    path.write_text("id,name\n" + rows + "C-5,Again\n", encoding="utf-8")

    with pytest.raises(RecordsError) as caught:
        load_records(path)

    assert str(caught.value) == f"{path}:100002: duplicate id 'C-5' (first on line 7)"


# --- the mapping file ---------------------------------------------------------------------------

RECORDS = b"id,name\nC-1,Contoso\n"
GOOD_MAPPING = """\
format = 1
tenant = "contoso"
company_id = "contoso"
saved_at = 2026-11-26T17:30:00Z
records = "r.csv"

[filter]
statuses = [{ id = 1, name = "Active" }]
types = []
conditions = "deletedFlag = false and status/id = 1"
child_conditions = ""

[mappings."C-1"]
local_name = "Contoso"
psa_id = 250
psa_identifier = "ContosoLtd"
psa_name = "Contoso, Ltd."
method = "manual"
score = 100.0
"""

MAPPING_CASES = {
    "unknown format version": (
        GOOD_MAPPING.replace("format = 1", "format = 2"),
        "m.toml:1: format: unsupported format 2: this psamap reads format 1",
    ),
    "no format line": (
        GOOD_MAPPING.replace("format = 1\n", ""),
        "m.toml: format: missing field",
    ),
    "hand-edited: text for an id": (
        GOOD_MAPPING.replace("psa_id = 250", 'psa_id = "250x"'),
        'm.toml:15: mappings."C-1".psa_id: ',
    ),
    "hand-edited: unknown method": (
        GOOD_MAPPING.replace('method = "manual"', 'method = "guess"'),
        "m.toml:18: mappings.\"C-1\".method: expected 'exact', 'identifier'",
    ),
    "hand-edited: score out of range": (
        GOOD_MAPPING.replace("score = 100.0", "score = 140.0"),
        'm.toml:19: mappings."C-1".score: ',
    ),
    "hand-edited: unclosed quote": (
        GOOD_MAPPING.replace('psa_name = "Contoso, Ltd."', 'psa_name = "Contoso, Ltd.'),
        "m.toml:17: invalid TOML",
    ),
    "hand-edited: typo in a field name": (
        GOOD_MAPPING.replace("psa_name =", "psa_nmae ="),
        'm.toml:17: mappings."C-1".psa_nmae: unknown field',  # the line the typo is on
    ),
    "hand-edited: duplicate table": (
        GOOD_MAPPING + '\n[mappings."C-1"]\nlocal_name = "again"\n',
        "m.toml:21: invalid TOML",
    ),
}


@pytest.mark.parametrize(("text", "expected"), MAPPING_CASES.values(), ids=MAPPING_CASES.keys())
def test_bad_mapping_file_is_exit_2_and_is_left_exactly_as_it_was(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged, text: str, expected: str
) -> None:
    config = write_config(workdir)
    (workdir / "r.csv").write_bytes(RECORDS)
    (workdir / "m.toml").write_text(text, encoding="utf-8")
    unchanged()

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", "m.toml"
    )

    assert run.code == EXIT_USAGE
    assert run.error_line.startswith(expected)
    assert not (workdir / "m.toml.bak").exists()


def test_mapping_file_for_another_tenant_is_not_merged_into(
    capsys: pytest.CaptureFixture[str], workdir: Path, unchanged
) -> None:
    config = write_config(workdir)
    (workdir / "r.csv").write_bytes(RECORDS)
    text = GOOD_MAPPING.replace('company_id = "contoso"', 'company_id = "fabrikam"', 1)
    (workdir / "m.toml").write_text(text, encoding="utf-8")
    unchanged()

    run = run_cli(
        capsys, "--config", config, "automap", "contoso", "--records", "r.csv", "--out", "m.toml"
    )

    assert run.code == EXIT_USAGE
    assert "m.toml maps tenant 'contoso' (company 'fabrikam')" in run.error_line
