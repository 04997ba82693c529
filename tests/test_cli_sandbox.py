"""`psamap sandbox` end to end: serve in a child process, point a config at it, stop it."""

from __future__ import annotations

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
