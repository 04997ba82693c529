"""Seeded `psamap create --yes` runs against a faulty sandbox served on loopback: exactly once?

Each run builds a fresh small tenant, a records file that mixes new companies with every
kind of refusal (same name as a live or deleted company, same website, no address, a name
over 50 characters), and serves the tenant with the default fault mix at `fault_rate`
(429s, 5xx, truncated bodies, dropped connections; on a POST, a drop or a 5xx comes
after the server processed it half of the time). It runs the real CLI in this process
(`main(argv)`), again if a run stopped (at most `MAX_INVOCATIONS`), then judges:

- every planned company exists exactly once in the tenant (duplicates, missing);
- the mapping points each planned record at its company with `method = "created"`;
- every refused record was reported with its reason in the first run's plan.

The retry clock is compressed as in the loopback fault runs (`SPEEDUP`), so a 1 s
Retry-After costs 50 ms. `bench/create.py` and `tests/reliability/test_create_faults.py`
both call `run_create_suite`.
"""

from __future__ import annotations

import csv
import random
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.fault_harness import client_defaults, compressed_policy, run_cli
from tui.core import create_run
from tui.core.create_plan import PlanItem
from tui.psa.errors import OutcomeUnknown
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, Sandbox, make_tenant
from tui.sandbox.tenant import SandboxTenant

MAX_INVOCATIONS = 4
TENANT_SIZE = 300
NEW_PER_RUN = 10
_WORDS = (
    "Amber", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo",
    "Juniper", "Kestrel", "Lumen", "Meadow", "Nimbus", "Orchid", "Pinnacle", "Quartz", "Ridge",
    "Summit", "Tidal", "Umber", "Vertex", "Willow", "Yonder", "Zephyr",
)  # fmt: skip
_KINDS = ("Bakery", "Dental", "Logistics", "Roofing", "Studio", "Consulting", "Motors")


@dataclass
class CreateRunResult:
    """One seeded run: what was planned, what exists afterwards, what was reported."""

    seed: int
    planned: int
    #: Planned records whose company exists exactly once in the tenant.
    created_once: int
    refusals_expected: int
    refusals_reported: int
    duplicates: int
    missing: int
    wrong_mapping: int
    invocations: int
    exit_codes: list[int]
    posts: int
    faults: Counter[str]
    processed_then_lost: int
    errors: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return (
            self.duplicates == 0
            and self.missing == 0
            and self.wrong_mapping == 0
            and self.refusals_reported == self.refusals_expected
            and self.exit_codes[-1] == 0
        )


@dataclass
class CreateSuiteReport:
    """All runs of the suite."""

    results: list[CreateRunResult] = field(default_factory=list)

    @property
    def runs(self) -> int:
        return len(self.results)

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.results)

    @property
    def exact(self) -> int:
        return sum(r.exact for r in self.results)

    @property
    def reruns(self) -> int:
        return sum(r.invocations - 1 for r in self.results)

    @property
    def faults(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for r in self.results:
            out.update(r.faults)
        return out


def records_for(tenant: SandboxTenant, seed: int) -> tuple[list[dict[str, str]], set[str]]:
    """Records to create (new names) and records that must be refused, with their ids."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    taken = {r.name.casefold() for r in tenant.rows}
    while len(rows) < NEW_PER_RUN:
        name = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {rng.choice(_KINDS)} {seed}"
        if name.casefold() in taken:
            continue
        taken.add(name.casefold())
        rows.append({"id": f"N-{len(rows) + 1}", "name": name, "city": "Springfield",
                     "zip": f"{rng.randrange(10_000, 99_999)}", "website": ""})  # fmt: skip
    live = next(r for r in tenant.rows if not r.deleted)
    deleted = next((r for r in tenant.rows if r.deleted), live)
    site = next(w for r in tenant.rows[5:] if (w := tenant.record(r).get("website")))
    refused = [
        {"id": "R-live", "name": live.name.upper(), "city": "Oslo", "zip": "", "website": ""},
        {"id": "R-deleted", "name": deleted.name, "city": "Oslo", "zip": "", "website": ""},
        {"id": "R-site", "name": f"Other Name {seed}", "city": "Oslo", "zip": "", "website": site},
        {"id": "R-noaddress", "name": f"Nowhere {seed}", "city": "", "zip": "", "website": ""},
        {"id": "R-long", "name": "L" * 51, "city": "Oslo", "zip": "", "website": ""},
    ]
    return rows + refused, {r["id"] for r in refused}


def run_create(folder: Path, seed: int, *, fault_rate: float = 0.25) -> CreateRunResult:
    """One seeded run (see the module docstring)."""
    tenant = make_tenant("acme", TENANT_SIZE, seed=seed)
    rows, refused_ids = records_for(tenant, seed)
    records = folder / f"records-{seed}.csv"
    with records.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "name", "city", "zip", "website"])
        writer.writeheader()
        writer.writerows(rows)
    mapping = folder / f"acme-{seed}.mapping.toml"
    sandbox = Sandbox([tenant], seed=seed, fault_rate=fault_rate)
    posts = 0

    def count_posts(request: httpx.Request, _number: int) -> None:
        nonlocal posts
        posts += request.method == "POST"

    sandbox.on_request.append(count_posts)
    timeout = httpx.Timeout(2.0, connect=2.0)
    codes: list[int] = []
    outputs: list[str] = []
    errors: list[str] = []
    with sandbox.serving() as base_url:
        config = folder / f"config-{seed}.toml"
        config.write_text(
            "[tenants.acme]\n"
            f'site = "{base_url}"\ncompany_id = "acme"\n'
            f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{DEMO_PRIVATE_KEY}"\n'
            f'client_id = "{DEMO_CLIENT_ID}"\n'
        )
        config.chmod(0o600)
        argv = [
            "--config", str(config), "create", "acme", "--records", str(records),
            "--mapping", str(mapping), "--status", "Active", "--type", "Client", "--yes",
        ]  # fmt: skip
        for _ in range(MAX_INVOCATIONS):
            with client_defaults(retry=compressed_policy(seed), timeout=timeout):
                code, out, err = run_cli(argv)
            codes.append(code)
            outputs.append(out)
            if err:
                errors.append(err.strip())
            if code == 0:
                break
    return _judge(seed, tenant, rows, refused_ids, mapping, outputs, codes, errors, posts, sandbox)


def _judge(
    seed: int,
    tenant: SandboxTenant,
    rows: list[dict[str, str]],
    refused_ids: set[str],
    mapping: Path,
    outputs: list[str],
    codes: list[int],
    errors: list[str],
    posts: int,
    sandbox: Sandbox,
) -> CreateRunResult:
    planned = [r for r in rows if r["id"] not in refused_ids]
    by_name = Counter(r.name for r in tenant.rows)
    duplicates = sum(max(0, by_name[r["name"]] - 1) for r in planned)
    missing = sum(by_name[r["name"]] == 0 for r in planned)
    entries = {}
    if mapping.exists():
        entries = tomllib.loads(mapping.read_text(encoding="utf-8")).get("mappings", {})
    ids_by_name = {r.name: r.id for r in tenant.rows}
    wrong = 0
    for r in planned:
        entry = entries.get(r["id"])
        if (
            entry is None
            or entry["method"] != "created"
            or entry["psa_id"] != ids_by_name.get(r["name"])
        ):
            wrong += 1
    wrong += sum(1 for rid in refused_ids if rid in entries)
    first = outputs[0] if outputs else ""
    reported = sum(
        1
        for rid in refused_ids
        if any(line.startswith("refuse") and f" {rid} " in line for line in first.splitlines())
    )
    return CreateRunResult(
        seed=seed,
        planned=len(planned),
        created_once=sum(by_name[r["name"]] == 1 for r in planned),
        refusals_expected=len(refused_ids),
        refusals_reported=reported,
        duplicates=duplicates,
        missing=missing,
        wrong_mapping=wrong,
        invocations=len(codes),
        exit_codes=codes,
        posts=posts,
        faults=Counter(sandbox.stats.by_fault),
        processed_then_lost=sandbox.stats.processed_then_lost,
        errors=errors,
    )


def run_create_suite(
    folder: Path, runs: int, *, first_seed: int = 1, fault_rate: float = 0.25
) -> CreateSuiteReport:
    """`runs` seeded runs from `first_seed` on."""
    report = CreateSuiteReport()
    for seed in range(first_seed, first_seed + runs):
        report.results.append(run_create(folder, seed, fault_rate=fault_rate))
    return report


@contextmanager
def careless_runner() -> Iterator[None]:
    """The baseline: a runner that takes a lost answer for "not created" and moves on, as a
    client without the look-up would. Companies whose answer was lost after processing
    then exist in the PSA but never reach the mapping (and the next run calls them
    duplicates)."""

    async def careless(self: create_run.CreateRun, item: PlanItem) -> create_run.CreateOutcome:
        if item.action == "link" or item.company is None:
            return create_run.CreateOutcome(item, "linked", item.existing)
        try:
            created = await self.client.create_company(item.company.body())
        except OutcomeUnknown:
            return create_run.CreateOutcome(item, "refused", None, "no answer")
        return self._created(item, created)

    settle = create_run.CreateRun._settle
    create_run.CreateRun._settle = careless  # type: ignore[method-assign]
    try:
        yield
    finally:
        create_run.CreateRun._settle = settle  # type: ignore[method-assign]
