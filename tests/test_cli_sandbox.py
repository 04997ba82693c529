"""`psamap sandbox` end to end: serve in a child process, point a config at it, stop it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.support.cli import served_sandbox_config
from tui.cli import main
from tui.cli.commands.sandbox import sandbox_snippet
from tui.core.config import load_config


def test_snippet_is_a_config_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(sandbox_snippet("http://127.0.0.1:8099", ["demo", "northwind"]))
    path.chmod(0o600)
    config = load_config(path)
    assert sorted(config.tenants) == ["sandbox-demo", "sandbox-northwind"]
    assert config.tenants["sandbox-demo"].site == "http://127.0.0.1:8099"
    assert config.tenants["sandbox-northwind"].company_id == "northwind"


def test_served_sandbox_answers_psamap_and_stops_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with served_sandbox_config(tmp_path) as (config, server):
        code = main(["--config", str(config), "companies", "sandbox-northwind", "--count"])
        out, err = capsys.readouterr()
    returncode = server.returncode
    assert (code, err) == (0, "")
    assert int(out) > 1000
    assert returncode == 0


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--port", "99999", "a whole number from 0 to 65535"),
        ("--latency-ms", "-5", "a whole number of 0 or more"),
        ("--fault-rate", "2", "a share from 0 to 1"),
        ("--fault-rate", "nan", "a share from 0 to 1"),
    ],
)
def test_a_value_out_of_range_is_a_usage_error_before_anything_is_built(
    capsys: pytest.CaptureFixture[str], option: str, value: str, expected: str
) -> None:
    code = main(["sandbox", option, value])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == f"psamap: error: argument {option}: {value!r} is not {expected}" + (
        " (see psamap --help)\n"
    )


def test_a_port_in_use_is_a_failure_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["sandbox", "--port", str(port)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == f"psamap: error: cannot serve on 127.0.0.1:{port}: address already in use\n"
