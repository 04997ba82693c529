"""CLI test helpers shared by several test files: a served sandbox and wait-free retries."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tui.psa.client import ConnectWiseClient
from tui.psa.retry import RetryPolicy


@contextmanager
def served_sandbox_config(folder: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """`psamap sandbox` in its own process, and the config file its printed snippet makes.

    The server is stopped (and reaped: its `returncode` is set) on the way out, whatever
    the test did.
    """
    command = [sys.executable, "-m", "tui", "sandbox", "--port", "0", "--seed", "7"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        snippet = []
        for line in server.stdout:
            snippet.append(line)
            if line.startswith("client_id") and len(snippet) > 10:
                break
        path = folder / "config.toml"
        path.write_text("".join(snippet))
        path.chmod(0o600)
        yield path, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def retries_without_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen, but their waits (429 says 1 s) take no time in tests."""

    async def no_sleep(_seconds: float) -> None:
        return None

    defaults = ConnectWiseClient.__init__.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "retry", RetryPolicy(sleep=no_sleep, attempts=12))
