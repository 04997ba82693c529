"""The CLI commands that load companies own the GC policy: paused while loading, then restored."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.demo.sample_records import sample_records, write_records_csv
from tui.demo.tenants import shared_demo_sandbox
from tui.psa.client import ConnectWiseClient


@pytest.fixture
def collector_seen(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on each time a command loaded companies."""
    seen: list[bool] = []

    def watched(name: str) -> Any:  # a list in memory, or streamed (a first cache fill)
        original = getattr(ConnectWiseClient, name)

        async def watching(self: ConnectWiseClient, *args: Any, **kw: Any) -> Any:
            seen.append(gc.isenabled())
            return await original(self, *args, **kw)

        return watching

    for name in ("companies", "stream_companies"):
        monkeypatch.setattr(ConnectWiseClient, name, watched(name))
    assert gc.isenabled()
    return seen


def test_companies_loads_with_the_collector_paused(capsys, collector_seen: list[bool]) -> None:
    code = main(["--demo", "companies", "--status", "1", "--type", "Client", "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)
    assert collector_seen == [False]
    assert gc.isenabled()


def test_automap_loads_and_ranks_with_the_collector_paused(
    capsys, collector_seen: list[bool], tmp_path: Path
) -> None:
    tenant = shared_demo_sandbox().tenants["demo"]
    companies = tenant.select("deletedFlag = false and status/id = 1", "types/id = 5")
    records = tmp_path / "r.csv"
    write_records_csv(sample_records(companies, n=30, seed=1), records)
    out = tmp_path / "m.toml"
    code = main(["--demo", "automap", "--records", str(records), "--status", "1",
                 "--type", "Client", "--out", str(out)])  # fmt: skip
    assert code == 0 and out.exists(), capsys.readouterr().err
    assert collector_seen == [False]
    assert gc.isenabled()
