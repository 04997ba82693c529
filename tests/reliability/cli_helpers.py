"""Running `tui.cli.main` in-process and checking what it printed and what it left on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.cli import main

#: A tenant whose site is a closed loopback port: a command that fails on bad input before
#: any request never notices, one that sent a request would fail with exit 1, not 2.
CONTOSO = """\
[tenants.contoso]
site = "http://127.0.0.1:9"
company_id = "contoso"
public_key = "pub"
private_key = "priv-literal"
client_id = "client-literal"
codebase = "v2025_1/"
"""


@dataclass(frozen=True)
class Run:
    """One CLI run: exit code and captured output."""

    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The single `psamap: error:` line (asserting there is exactly one stderr line)."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
        assert lines[0].startswith("psamap: error: "), lines[0]
        return lines[0].removeprefix("psamap: error: ")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | os.PathLike[str]) -> Run:
    """`psamap ARGV` in this process."""
    capsys.readouterr()
    code = main([os.fspath(a) for a in argv])
    out, err = capsys.readouterr()
    return Run(code, out, err)


def write_config(folder: Path, text: str = CONTOSO, *, name: str = "config.toml") -> Path:
    """A config file only its owner can read (so no permission warning joins stderr)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def tree(*folders: Path) -> dict[str, bytes]:
    """Every file under `folders` with its bytes: compare before and after to prove nothing
    was written, renamed or left behind."""
    out: dict[str, bytes] = {}
    for folder in folders:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    out[str(path)] = path.read_bytes()
    return out
