"""No secret ever leaves psamap: not on stdout or stderr, not in any file it writes.

Every command runs against a loopback sandbox whose tenant has a known private key and
clientId, fetched from a literal, an environment variable and a command, on the success
paths and on the error paths (401, a 500 whose body echoes the request headers).
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.cli_helpers import run_cli
from tests.reliability.secrets_fixtures import (
    CLIENT_ID,
    PRIVATE_KEY,
    EchoingSandbox,
    config_text,
    file_leaks,
    leaks,
    secret_tenant,
    write_records,
)
from tests.support.fault_harness import client_defaults, compressed_policy
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.core.config import load_config

SOURCES = ("literal", "env", "command")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[tuple[EchoingSandbox, str]]:
    """One loopback sandbox for the module: (sandbox, base URL)."""
    box = EchoingSandbox([secret_tenant()], seed=2)
    with box.serving() as base_url:
        yield box, base_url


@pytest.fixture
def work(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: tuple[EchoingSandbox, str],
    _isolated_user_dirs: Path,
) -> Path:
    """A working folder with the config; secrets in the environment for the `env` source."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PSAMAP_RELIABILITY_PRIVATE", PRIVATE_KEY)
    monkeypatch.setenv("PSAMAP_RELIABILITY_CLIENT", CLIENT_ID)
    config = tmp_path / "config.toml"
    config.write_text(config_text(sandbox[1], tmp_path))
    config.chmod(0o600)
    monkeypatch.setenv("PSAMAP_CONFIG", str(config))
    sandbox[0].echo = None
    return tmp_path


def commands(tenant: str) -> list[list[str]]:
    """Every headless command, with filters by name and by id."""
    return [
        ["tenants"],
        ["tenants", "--json"],
        ["statuses", tenant],
        ["statuses", tenant, "--json"],
        ["types", tenant, "--json"],
        ["companies", tenant, "--count"],
        ["companies", tenant, "--status", "Active", "--type", "5"],
        ["companies", tenant, "--status", "Active", "--json"],
        ["companies", tenant, "--include-deleted", "--csv"],
        ["conditions", tenant, "--status", "Active", "--status", "17", "--type", "Client"],
        ["automap", tenant, "--records", "records.csv", "--status", "Active", "--out", "m.toml"],
        ["doctor", tenant],
        ["doctor", tenant, "--json"],
    ]


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES)
def test_every_command_keeps_the_secrets_out_of_output_and_files(
    capsys: pytest.CaptureFixture[str], work: Path, _isolated_user_dirs: Path, source: str
) -> None:
    # The records file is psamap's own CSV export, as the contract promises it can be.
    export = run_cli(capsys, "companies", source, "--status", "Active", "--csv")
    assert export.code == 0
    (work / "records.csv").write_text(export.out)

    found: list[str] = []
    for argv in commands(source):
        run = run_cli(capsys, *argv)
        assert run.code == 0, (argv, run.err)
        found += leaks(run.out + run.err, " ".join(argv))

    assert (work / "m.toml").exists()
    skip = [work / "config.toml", work / "vault.py"]
    assert found + file_leaks([work, _isolated_user_dirs], skip=skip) == []


def test_a_refused_key_fails_with_exit_1_and_names_no_secret(
    capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    run = run_cli(capsys, "companies", "wrong", "--count")

    assert run.code == 1
    assert run.err.startswith("psamap: error: 401 ")
    assert leaks(run.out + run.err, "stderr") == []


@pytest.mark.parametrize(("body", "source"), zip(["json", "html", "text"], SOURCES, strict=True))
def test_an_error_body_echoing_the_headers_is_not_repeated(
    capsys: pytest.CaptureFixture[str],
    work: Path,
    sandbox: tuple[EchoingSandbox, str],
    body: str,
    source: str,
) -> None:
    sandbox[0].echo = body

    with client_defaults(retry=compressed_policy(seed=1)):  # six attempts, in milliseconds
        run = run_cli(capsys, "companies", source, "--count")

    assert run.code == 1
    assert run.error_line.startswith("500 Internal Server Error on company/companies/count: ")
    assert "[redacted]" in run.error_line  # the echo is there, the secrets are not
    assert leaks(run.out + run.err, "stderr") == []


def test_files_psamap_creates_are_private(
    capsys: pytest.CaptureFixture[str], work: Path, _isolated_user_dirs: Path
) -> None:
    (work / "records.csv").write_text("id,name\nC-1,Nobody Matches This Ltd\n")
    run = run_cli(capsys, "automap", "literal", "--records", "records.csv", "--out", "m.toml")
    assert run.code == 0, run.err

    created = [work / "m.toml", *(p for p in _isolated_user_dirs.rglob("*") if p.is_file())]
    assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in created} == {
        str(p): 0o600 for p in created
    }


# --- the TUI ---------------------------------------------------------------------------------


@pytest.mark.slow
async def test_the_tui_flows_keep_the_secrets_off_screen_and_out_of_files(
    work: Path, sandbox: tuple[EchoingSandbox, str], _isolated_user_dirs: Path
) -> None:
    box, _ = sandbox
    records = write_records(work / "records.csv", box)
    app = PsamapApp(config=load_config(work / "config.toml"), records_path=records)
    screens: list[str] = []

    async def step(*keys: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        screens.append(screen_text(pilot))

    with client_defaults(retry=compressed_policy(seed=1)):
        async with app.run_test(size=(100, 30)) as pilot:
            # Open the tenant, filter, map, accept all, save. The secret source only matters
            # for signing in, so the other two sources stop after the filter screen.
            app.open_tenant(app.config.tenants["literal"])
            await step()
            await step("down", "space")  # tick "Inactive" too: a choice to remember
            await step("enter")
            await step("A", "y", "s")
            assert (work / "literal.mapping.toml").exists(), screens[-1]
            await app.pop_screen()  # the mapping screen has no "back", only quit
            await step("escape")
            for source in ("env", "command"):
                app.open_tenant(app.config.tenants[source])
                await step("down", "space")
                assert "Selected" in screens[-1]
                await step("escape")
            app.open_tenant(app.config.tenants["wrong"])  # 401
            await step()
            assert "401" in screens[-1]
            await step("escape")
            box.echo = "html"  # a 500 whose page repeats the request headers
            app.open_tenant(app.config.tenants["env"])
            await step()
            assert "500" in screens[-1]
            await step("escape")

    found = [leak for i, text in enumerate(screens) for leak in leaks(text, f"screen {i}")]
    skip = [work / "config.toml", work / "vault.py"]
    assert found + file_leaks([work, _isolated_user_dirs], skip=skip) == []
    state_files = [p for p in _isolated_user_dirs.rglob("*") if p.is_file()]
    assert state_files, "the filter choice should have been remembered"
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in state_files} == {
        p.name: 0o600 for p in state_files
    }
