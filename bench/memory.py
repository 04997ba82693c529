"""Memory benchmarks: bytes held per company, and the mapping screen at 200,000 companies.

* Bytes held per company: company pages (the client's 12-field projection, as JSON bytes)
  are validated the way the client reads them, into the compact `PsaCompany`, and kept;
  `tracemalloc` counts what they hold once the pages are dropped. The baseline is the same
  pages validated into the pydantic `Company` model (what psamap held before), in the same
  run; the matcher's index over the compact companies is measured on top.
* The mapping screen at the `--demo` size (the demo tenant's 50,000 companies and 10,000
  records, as `bench.mapping_ui` uses) and with 200,000 companies and 50,000 records:
  `bench.mapping_ui`'s headless child (psamap's app: the picker, the tenant's filter
  screen with every box ticked, then Enter: the real `MappingScreen`, its load, matching
  and panes) in a fresh process against the tenant served over loopback HTTP by this
  process, so the child's peak resident memory (VmHWM) is the app's own (a real
  `--demo` process also holds the in-process sandbox's generated tenants). The baseline
  is the child's memory before the screen opens (Python, Textual and psamap imported).
"""

from __future__ import annotations

import gc
import json
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

from bench.table import BenchRow

PER_COMPANY = 50_000
#: (companies, records, tenant seed, target MB): the `--demo` size, then the big tenant.
SCREENS = ((50_000, 10_000, 7, 200), (200_000, 50_000, 3, 400))
PAGE = 1_000
#: The fields `COMPANY_FIELDS` asks for, as the PSA returns them.
_FIELDS = ("id", "identifier", "name", "types", "website", "phoneNumber", "deletedFlag")
_PLACE = ("city", "state", "zip")


def rows() -> list[BenchRow]:
    """Bytes per company, then the mapping screen at the demo size and at 200,000."""
    held = held_per_company()
    out = [
        BenchRow(
            f"memory held per company ({PER_COMPANY:,} read from pages and kept)",
            f"{held['compact']:,.0f} B (with the matcher's index: {held['indexed']:,.0f} B)",
            f"pydantic model per company: {held['model']:,.0f} B",
            "<= 1.5 KB",
            held["compact"] <= 1536,
        )
    ]
    for companies, records, seed, target in SCREENS:
        run = mapping_screen_peak(companies, records, seed)
        per_company = 1024 * 1024 * (run["rss_mb"] - run["base_rss_mb"]) / companies
        out.append(
            BenchRow(
                f"peak memory, mapping screen, {companies:,} companies + {records:,} records "
                "loaded and matched (headless)",
                f"{run['rss_mb']:.0f} MB ({per_company:,.0f} B per company over the app "
                f"alone, records and matches included; load + match {run['load_s']:.0f} s)",
                f"app alone: {run['base_rss_mb']:.0f} MB",
                f"< {target} MB",
                run["rss_mb"] < target,
            )
        )
    return out


def _pages(size: int, seed: int = 3) -> list[bytes]:
    """The tenant's companies as the client receives them: 12 fields, pages of 1,000."""
    from tui.sandbox import make_tenant

    tenant = make_tenant("held", size, seed=seed)
    projected = []
    for row in tenant.select():
        company = {key: row.get(key) for key in _FIELDS}
        status = row.get("status")
        company["status"] = None if status is None else {k: status[k] for k in ("id", "name")}
        company.update({key: row.get(key) for key in _PLACE if key in row})
        company["_info"] = {"lastUpdated": (row.get("_info") or {}).get("lastUpdated")}
        projected.append(company)
    return [json.dumps(projected[i : i + PAGE]).encode() for i in range(0, len(projected), PAGE)]


def held_per_company() -> dict[str, float]:
    """Bytes per company held as compact companies, with the matcher's index, and as models."""
    from pydantic import TypeAdapter

    from tui.core.matching import Matcher
    from tui.psa.models import Company, PsaCompany

    pages = _pages(PER_COMPANY)
    out: dict[str, float] = {}
    for name, adapter in (
        ("model", TypeAdapter(list[Company])),
        ("compact", TypeAdapter(list[PsaCompany])),
    ):
        gc.collect()
        tracemalloc.start()
        kept: list[Any] = []
        for page in pages:
            kept.extend(adapter.validate_json(page))
        gc.collect()
        out[name] = tracemalloc.get_traced_memory()[0] / len(kept)
        if name == "compact":
            matcher = Matcher(kept)
            matcher.index.lookups()  # the look-ups ranking builds on first need, all of them
            gc.collect()
            out["indexed"] = tracemalloc.get_traced_memory()[0] / len(kept)
            del matcher
        tracemalloc.stop()
        del kept
    return out


def mapping_screen_peak(companies: int, records: int, seed: int) -> dict[str, Any]:
    """The mapping screen's child run on the user's path (`bench.mapping_ui`'s `path-memory`)."""
    from bench.mapping_ui import _run_child
    from tui.demo.sample_records import sample_records, write_records_csv
    from tui.sandbox import Sandbox, make_tenant

    tenant = make_tenant("demo", companies, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        live = tenant.select("deletedFlag = false")
        write_records_csv(sample_records(live, n=records, seed=11), folder / "records.csv")
        del live
        with Sandbox([tenant]).serving() as url:
            return _run_child("path-memory", url, folder)
