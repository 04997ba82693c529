"""`psamap sandbox` end to end: serve in a child process, point a config at it, stop it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
    command = [sys.executable, "-m", "tui", "sandbox", "--port", "0", "--seed", "7"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        snippet = []
        for line in server.stdout:
            snippet.append(line)
            if line.startswith("client_id") and len(snippet) > 10:
                break
        config = tmp_path / "config.toml"
        config.write_text("".join(snippet))
        config.chmod(0o600)

        code = main(["--config", str(config), "companies", "sandbox-northwind", "--count"])
        out, err = capsys.readouterr()
    finally:
        server.terminate()
        returncode = server.wait(timeout=10)
    assert (code, err) == (0, "")
    assert int(out) > 1000
    assert returncode == 0
