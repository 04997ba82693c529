"""Secrets echoed back in any spelling are scrubbed; a site URL's password is never repeated;
a secret command that hangs leaves nothing running.

A .NET server or a proxy may repeat the request headers in its error body: JSON-escaped
(`\\u002B`, `\\/`), URL-encoded, as HTML entities, or with the Authorization value
decoded back to `company+public:private`. Each form must be gone from stderr.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.attacks import ECHO_FORMS, Echoing, echo_failure, echoing_lab, leaks
from tests.reliability.cli_helpers import CONTOSO, run_cli, write_config
from tui.core import secrets


@pytest.fixture(scope="module")
def echoing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Echoing, Path]]:
    with echoing_lab(tmp_path_factory.mktemp("echo")) as served:
        yield served


@pytest.mark.parametrize("form", ECHO_FORMS)
def test_an_error_body_echoing_the_credentials_in_any_spelling_leaks_none(
    echoing: tuple[Echoing, Path], form: str
) -> None:
    code, out, err = echo_failure(*echoing, form)

    assert code == 1
    assert err.startswith("psamap: error: 500 Internal Server Error on company/companies/count")
    assert len(err.splitlines()) == 1
    assert leaks(out + err) == []
    assert "[redacted]" in err or "withheld" in err  # the echo was there


# --- a password in the site URL --------------------------------------------------------------


@pytest.mark.parametrize(
    "site",
    [
        "https://api:Hunter2Pass@psa.example.com",
        "https://:Hunter2Pass@psa.example.com/",
        "api:Hunter2Pass@psa.example.com",
        "https://api:Hunter2Pass@psa.example.com:99999",
    ],
)
def test_a_password_in_the_site_is_refused_without_being_echoed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, site: str
) -> None:
    text = CONTOSO.replace('site = "http://127.0.0.1:9"', f'site = "{site}"')
    config = write_config(tmp_path, text)

    run = run_cli(capsys, "--config", config, "tenants")

    assert run.code == 2
    assert run.error_line.startswith(f"{config}:2: tenant 'contoso': site: ")
    assert "Hunter2Pass" not in run.out + run.err


# --- a secret command that hangs ---------------------------------------------------------------

HANGING_VAULT = """\
import subprocess, sys, time
child = subprocess.Popen(
    [sys.executable, "-c", "import time; time.sleep(120)"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
with open(sys.argv[1], "w") as out:
    out.write(str(child.pid))
time.sleep(120)
"""


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_secret_command_that_times_out_is_killed_with_everything_it_started(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secrets, "COMMAND_TIMEOUT_SECONDS", 1.0)
    (tmp_path / "vault.py").write_text(HANGING_VAULT)
    pid_file = tmp_path / "child.pid"
    command = f"{sys.executable} {tmp_path / 'vault.py'} {pid_file}"
    text = CONTOSO.replace(
        'private_key = "priv-literal"', f"private_key = {{ command = '{command}' }}"
    )
    config = write_config(tmp_path, text)

    run = run_cli(capsys, "--config", config, "statuses", "contoso")

    child = int(pid_file.read_text())
    try:
        assert run.code == 2
        assert run.error_line.endswith(f"command {sys.executable!r} did not finish within 1 s")
        # SIGKILL is delivered asynchronously: a loaded machine may take a moment to end
        # the child after killpg returns. Wait for that, never for the timeout itself.
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not alive(child), "the command's own child is still running"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)
