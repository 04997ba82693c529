"""Scale benchmark: peak memory of `psamap companies --json` at 50,000 and 200,000 companies.

Each figure is one `psamap` process (its peak resident memory, from the OS), run against a
generated tenant served on loopback from this process: with a warm company cache (rows
streamed from SQLite to stdout), on first use (the cache filled by a full read), and with
`--no-cache` (every company held as it is read, then printed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.table import BenchRow
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Sandbox,
    make_tenant,
)

SIZES = (50_000, 200_000)
TARGET_MB = {50_000: 200, 200_000: 400}


def rows() -> list[BenchRow]:
    """One row per tenant size."""
    out = []
    for size in SIZES:
        warm, cold, direct = _peaks(size)
        out.append(
            BenchRow(
                f"peak memory, `companies --json`, {size:,} companies",
                f"{warm:.0f} MB with a warm cache; first use (fills it) {cold:.0f} MB",
                f"{direct:.0f} MB with --no-cache",
                f"< {TARGET_MB[size]} MB",
                max(warm, cold) < TARGET_MB[size],
            )
        )
    return out


def _peaks(size: int) -> tuple[float, float, float]:
    tenant = make_tenant("big", size, seed=3)
    sandbox = Sandbox([tenant])
    with tempfile.TemporaryDirectory() as folder, sandbox.serving() as base:
        config = Path(folder) / "config.toml"
        config.write_text(
            f'[tenants.big]\nsite = "{base}"\ncompany_id = "big"\n'
            f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{DEMO_PRIVATE_KEY}"\n'
            f'client_id = "{DEMO_CLIENT_ID}"\ncodebase = "v2025_1/"\n',
            encoding="utf-8",
        )
        config.chmod(0o600)
        env = {**os.environ, "PSAMAP_CACHE_DIR": str(Path(folder) / "cache")}
        argv = ["--config", str(config), "companies", "big", "--json"]
        cold = _peak_mb([*argv], env)
        warm = _peak_mb([*argv], env)
        direct = _peak_mb(["--no-cache", *argv], env)
    return warm, cold, direct


def _peak_mb(argv: list[str], env: dict[str, str]) -> float:
    """Run `psamap argv` to /dev/null; its peak RSS in MB (a fresh interpreter that forks
    the run, so the figure is that process's alone)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "tui", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip()) / 1024
