"""A small loopback PSA tenant, a config for it and records that match it, for CLI-level cases.

`psamap` is run either in-process (`run_cli`) or as a real process (`psamap_process`),
when the case needs two at once, a resource limit or a signal.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.reliability.cli_helpers import write_config
from tui.core.mapping_file import MappingDocument, MappingEntry
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Sandbox,
    SandboxTenant,
    make_tenant,
)

ROOT = Path(__file__).resolve().parents[2]
ACTIVE = "deletedFlag = false and status/id = 1"


def lab_tenant(n: int = 200, **kw: object) -> SandboxTenant:
    """A small tenant called `lab` (seeded, so every run sees the same companies)."""
    return make_tenant("lab", n, seed=11, **kw)  # type: ignore[arg-type]


@contextmanager
def served_lab(
    folder: Path, tenant: SandboxTenant | None = None, *, latency_ms: float = 0
) -> Iterator[tuple[Sandbox, Path]]:
    """The tenant on a loopback port and a config file (0600) pointing at it."""
    sandbox = Sandbox([tenant or lab_tenant()], latency_ms=latency_ms)
    with sandbox.serving() as base_url:
        config = write_config(
            folder,
            f'[tenants.lab]\nsite = "{base_url}"\ncompany_id = "lab"\n'
            f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{DEMO_PRIVATE_KEY}"\n'
            f'client_id = "{DEMO_CLIENT_ID}"\n',
        )
        yield sandbox, config


def active_companies(sandbox: Sandbox) -> list[dict]:
    """The lab tenant's Active, not deleted companies, by id."""
    return sandbox.tenants["lab"].select(ACTIVE)


def write_records(path: Path, rows: Sequence[tuple[str, str]]) -> Path:
    """A CSV records file of (id, name) rows."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        writer.writerows(rows)
    return path


def psamap_process(
    *argv: str | os.PathLike[str], cwd: Path, preexec_fn=None
) -> subprocess.Popen[str]:
    """`psamap ARGV` as its own process (the suite's isolated user dirs are inherited)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tui", *(os.fspath(arg) for arg in argv)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec_fn,
    )


def entry(local_id: str, psa_id: int = 1, *, method: str = "exact") -> MappingEntry:
    """A mapping entry with made-up names."""
    return MappingEntry(
        local_id=local_id,
        local_name=f"Local {local_id}",
        psa_id=psa_id,
        psa_name=f"PSA {psa_id}",
        method=method,  # type: ignore[arg-type]
        score=100.0,
    )


def document(*local_ids: str) -> MappingDocument:
    """A mapping for tenant `lab` holding one entry per local id."""
    return MappingDocument(
        tenant="lab",
        company_id="lab",
        mappings={i: entry(i, n + 1) for n, i in enumerate(local_ids)},
    )
