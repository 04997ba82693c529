"""Seeded fault runs: load a filtered company list from a misbehaving sandbox, judge the result.

Each run draws a fault mix (429 with and without Retry-After, 500/502/503 with JSON, HTML
and plain-text bodies, truncated JSON, dropped connections, slow answers under or past the
read timeout), a fault rate and a filter, loads the companies through the real
`ConnectWiseClient`, and sorts the outcome into one of:

- exact: the list equals the sandbox's own `select` for that filter;
- clean failure: a `PSAError` subclass with a one-line message;
- wrong: a list that is not the sandbox's (a partial list presented as complete);
- crash: any other exception (a bug: the user would see "internal error").

Time is virtual: the retry policy sleeps on a `VirtualTime` and the transport turns a
response slower than the request's read timeout into `httpx.ReadTimeout` after advancing
the clock by that timeout, exactly as a socket transport would. So backoff and timeouts
cost no real time, and "bounded time" is measured on that clock. The test and
`bench/reliability.py` both call `run_fault_suite`.
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from pydantic import TypeAdapter

from tui.psa.auth import Credentials
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import PSAError
from tui.psa.filter import CompanyFilter
from tui.psa.models import PsaCompany
from tui.psa.retry import RetryPolicy
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
    FAULT_KINDS,
    Sandbox,
    SandboxTenant,
    make_tenant,
)
from tui.sandbox.data.rows import CompanyRow

COMPANIES = TypeAdapter(list[PsaCompany])
#: The read timeout the runs use (the client's default is 30 s): "slow" answers take
#: either less than this or more.
READ_TIMEOUT = 30.0
SLOW_UNDER, SLOW_PAST = 8.0, 45.0
#: One load never takes longer than this on the virtual clock, faults or not.
TIME_BOUND = 10 * 60.0


class VirtualTime:
    """A clock that moves only when the code under test sleeps; concurrent sleeps overlap."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.wall = 1_700_000_000.0

    def clock(self) -> float:
        return self.now

    def wall_clock(self) -> float:
        return self.wall + (self.now - 1_000.0)

    async def sleep(self, seconds: float) -> None:
        wake = self.now + max(0.0, seconds)
        await asyncio.sleep(0)  # let the other requests run, as a real sleep would
        self.now = max(self.now, wake)

    def policy(self, rng: random.Random) -> RetryPolicy:
        """The client's default retry policy, on this clock, with seeded jitter."""
        return RetryPolicy(
            sleep=self.sleep, clock=self.clock, wall_clock=self.wall_clock, random=rng.random
        )


class VirtualTimeTransport(httpx.AsyncBaseTransport):
    """The sandbox in-process, with latency and slow answers on virtual time and the read
    timeout enforced as a socket transport would enforce it."""

    def __init__(self, sandbox: Sandbox, time: VirtualTime) -> None:
        self.sandbox = sandbox
        self.time = time

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        outcome = self.sandbox.process(request)
        read_timeout = request.extensions.get("timeout", {}).get("read")
        if read_timeout is not None and outcome.delay > read_timeout:
            await self.time.sleep(read_timeout)
            raise httpx.ReadTimeout("timed out", request=request)
        if outcome.delay > 0:
            await self.time.sleep(outcome.delay)
        if outcome.response is None:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        response = outcome.response
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(response.content),
            extensions={"http_version": b"HTTP/1.1"},
        )


def credentials(tenant: SandboxTenant) -> Credentials:
    return Credentials(tenant.company_id, DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)


@functools.cache
def expected_companies(tenant: SandboxTenant, flt: CompanyFilter) -> list[PsaCompany]:
    """What the sandbox's own query engine says the filter selects (the tenant never changes)."""
    rows = tenant.select(flt.conditions(), flt.child_conditions())
    return COMPANIES.validate_json(json.dumps(rows))


@dataclass(frozen=True)
class FaultPlanChoice:
    """One run's draw: which faults, how often, how slow, which filter."""

    seed: int
    kinds: tuple[str, ...]
    rate: float
    slow_seconds: float
    flt: CompanyFilter
    #: A count the caller already has (the TUI passes its total): large loads go concurrent.
    pass_expected: bool


def draw(seed: int, tenant: SandboxTenant) -> FaultPlanChoice:
    """A seeded random fault mix and filter."""
    rng = random.Random(seed)
    kinds = tuple(k for k in FAULT_KINDS if rng.random() < 0.6) or (rng.choice(FAULT_KINDS),)
    rate = rng.choice((0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85))
    statuses = [s["id"] for s in tenant.statuses]
    types = [t["id"] for t in tenant.types]
    if rng.random() < 0.5:  # every status and type: the list spans several pages
        flt = CompanyFilter.of((), (), rng.random() < 0.3)
    else:
        flt = CompanyFilter.of(
            rng.sample(statuses, rng.randint(1, 3)),
            rng.sample(types, rng.randint(0, 3)),
            rng.random() < 0.2,
        )
    slow = rng.choice((SLOW_UNDER, SLOW_PAST))
    return FaultPlanChoice(seed, kinds, rate, slow, flt, rng.random() < 0.5)


@dataclass
class FaultRun:
    """The outcome of one run."""

    plan: FaultPlanChoice
    outcome: str  # "exact" | "clean failure" | "wrong" | "crash"
    faults: Counter[str]
    requests: int
    virtual_seconds: float
    error: str = ""


@dataclass
class FaultReport:
    """The totals over many runs."""

    runs: int = 0
    faults_injected: int = 0
    requests: int = 0
    exact: int = 0
    clean_failures: int = 0
    wrong: int = 0
    crashes: int = 0
    by_fault: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    longest_virtual_seconds: float = 0.0
    over_time_bound: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, run: FaultRun) -> None:
        self.runs += 1
        self.faults_injected += sum(run.faults.values())
        self.requests += run.requests
        self.by_fault.update(run.faults)
        self.longest_virtual_seconds = max(self.longest_virtual_seconds, run.virtual_seconds)
        if run.virtual_seconds > TIME_BOUND:
            self.over_time_bound += 1
            self.problems.append(f"seed {run.plan.seed}: took {run.virtual_seconds:.0f} s")
        if run.outcome == "exact":
            self.exact += 1
        elif run.outcome == "clean failure":
            self.clean_failures += 1
            self.errors[run.error.split(":", 1)[0]] += 1
        elif run.outcome == "wrong":
            self.wrong += 1
            self.problems.append(f"seed {run.plan.seed}: wrong result ({run.error})")
        else:
            self.crashes += 1
            self.problems.append(f"seed {run.plan.seed}: crashed ({run.error})")


def judge(
    plan: FaultPlanChoice, result: list[PsaCompany] | BaseException, expected: list[PsaCompany]
) -> tuple[str, str]:
    """Sort one outcome; for a failure, the error's class name and message."""
    if isinstance(result, PSAError):
        message = str(result)
        if "\n" in message or not message:
            return "crash", f"{type(result).__name__} with a message that is not one line"
        return "clean failure", f"{type(result).__name__}: {message}"
    if isinstance(result, BaseException):
        return "crash", f"{type(result).__name__}: {result}"
    if result == expected:
        return "exact", ""
    got, want = {c.id for c in result}, {c.id for c in expected}
    return "wrong", f"{len(result)} companies, {len(want - got)} missing, {len(got - want)} extra"


async def one_run(seed: int, tenant: SandboxTenant) -> FaultRun:
    """Load the drawn filter through the faulty sandbox and judge the result."""
    plan = draw(seed, tenant)
    sandbox = Sandbox(
        [tenant],
        seed=seed,
        fault_rate=plan.rate,
        fault_kinds=plan.kinds,
        slow_seconds=plan.slow_seconds,
    )
    time = VirtualTime()
    expected = expected_companies(tenant, plan.flt)
    client = ConnectWiseClient(
        DEMO_SITE,
        credentials(tenant),
        transport=VirtualTimeTransport(sandbox, time),
        timeout=httpx.Timeout(READ_TIMEOUT, connect=10),
        retry=time.policy(random.Random(seed)),
    )
    started = time.now
    result: list[PsaCompany] | BaseException
    try:
        async with client:
            result = await client.companies(
                plan.flt, expected=len(expected) if plan.pass_expected else None
            )
    except Exception as exc:  # judged below: which kind of exception is the point
        result = exc
    outcome, error = judge(plan, result, expected)
    return FaultRun(
        plan, outcome, Counter(sandbox.stats.by_fault), sandbox.stats.requests,
        time.now - started, error,
    )  # fmt: skip


def fault_tenant() -> SandboxTenant:
    """~2,500 companies: several pages of 1,000 for an unfiltered load.

    The tenant never changes during the suite, so each company's JSON is built once and
    reused (the sandbox would otherwise rebuild every record of every page, which is most
    of the suite's cost). The JSON served is the same either way.
    """
    tenant = make_tenant("acme", 2_500, seed=5)
    build = tenant.builder.build
    built: dict[tuple[int, str, tuple[str, ...] | None], dict] = {}

    def build_once(row: CompanyRow, base: str, keys: Iterable[str] | None = None) -> dict:
        key = (row.id, base, None if keys is None else tuple(keys))
        if key not in built:
            built[key] = build(row, base, keys)
        return built[key]

    tenant.builder.build = build_once  # type: ignore[method-assign]
    return tenant


def run_fault_suite(
    runs: int = 200, first_seed: int = 1, on_run: Callable[[FaultRun], None] | None = None
) -> FaultReport:
    """`runs` seeded runs against one tenant; the report counts every outcome."""
    tenant = fault_tenant()
    report = FaultReport()

    async def all_runs() -> None:
        for seed in range(first_seed, first_seed + runs):
            run = await one_run(seed, tenant)
            report.add(run)
            if on_run is not None:
                on_run(run)

    asyncio.run(all_runs())
    return report


# --- the same over real sockets, through the command line ------------------------------------

#: Real time runs `SPEEDUP` times faster for the client's retry clock and sleeps, so a
#: 1 s Retry-After costs 50 ms; the read timeout and the slow answers are real socket time.
SPEEDUP = 20.0
LOOPBACK_READ_TIMEOUT, LOOPBACK_SLOW = 0.25, 0.6


def compressed_policy(seed: int) -> RetryPolicy:
    """The default retry policy with its clock and sleeps compressed by `SPEEDUP`."""

    async def sleep(seconds: float) -> None:
        await asyncio.sleep(seconds / SPEEDUP)

    return RetryPolicy(
        sleep=sleep, clock=lambda: time.monotonic() * SPEEDUP, random=random.Random(seed).random
    )


@contextmanager
def client_defaults(**defaults: object) -> Iterator[None]:
    """Change `ConnectWiseClient`'s keyword defaults (retry policy, timeout) for a block, so
    the real CLI builds its client with them."""
    kwdefaults = ConnectWiseClient.__init__.__kwdefaults__
    assert kwdefaults is not None  # it has keyword-only parameters with defaults
    saved = {k: kwdefaults[k] for k in defaults}
    kwdefaults.update(defaults)
    try:
        yield
    finally:
        kwdefaults.update(saved)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """`psamap ARGV` in this process: exit code, stdout, stderr."""
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def company_json(company: PsaCompany) -> dict:
    """A company as `companies --json` prints it (docs/CONTRACT.md §1)."""
    status = company.status
    return {
        "id": company.id,
        "identifier": company.identifier,
        "name": company.name,
        "status": None if status is None else {"id": status.id, "name": status.name},
        "types": [{"id": t.id, "name": t.name} for t in company.types],
    }


def filter_args(flt: CompanyFilter) -> list[str]:
    args = [a for i in sorted(flt.status_ids) for a in ("--status", str(i))]
    args += [a for i in sorted(flt.type_ids) for a in ("--type", str(i))]
    return args + (["--include-deleted"] if flt.include_deleted else [])


def judge_cli(code: int, out: str, err: str, expected: list[PsaCompany]) -> tuple[str, str]:
    """exact: exit 0 and the JSON is the sandbox's; clean failure: exit 1, one error line,
    nothing on stdout (so no partial list); anything else is wrong or a crash."""
    if code == 0:
        if json.loads(out) == [company_json(c) for c in expected]:
            return "exact", ""
        return "wrong", f"exit 0 with {len(json.loads(out))} companies"
    lines = err.splitlines()
    if code == 1 and out == "" and len(lines) == 1 and lines[0].startswith("psamap: error: "):
        if "internal error" in lines[0]:
            return "crash", lines[0]
        return "clean failure", "exit 1: " + lines[0].removeprefix("psamap: error: ")
    return "crash", f"exit {code}, stdout {len(out)} chars, stderr {lines!r}"


def run_loopback_cli_suite(folder: Path, runs: int = 10, first_seed: int = 1_001) -> FaultReport:
    """`psamap companies acme --json` against the sandbox served on a loopback socket."""
    tenant = fault_tenant()
    report = FaultReport()
    timeout = httpx.Timeout(LOOPBACK_READ_TIMEOUT, connect=2.0)
    for seed in range(first_seed, first_seed + runs):
        plan = draw(seed, tenant)
        sandbox = Sandbox(
            [tenant],
            seed=seed,
            fault_rate=plan.rate,
            fault_kinds=plan.kinds,
            slow_seconds=LOOPBACK_SLOW,
        )
        expected = expected_companies(tenant, plan.flt)
        with sandbox.serving() as base_url:
            config = folder / f"config-{seed}.toml"
            config.write_text(
                "[tenants.acme]\n"
                f'site = "{base_url}"\ncompany_id = "acme"\n'
                f'public_key = "{DEMO_PUBLIC_KEY}"\nprivate_key = "{DEMO_PRIVATE_KEY}"\n'
                f'client_id = "{DEMO_CLIENT_ID}"\n'
            )
            config.chmod(0o600)
            argv = ["--config", str(config), "companies", "acme", *filter_args(plan.flt)]
            started = time.monotonic()
            with client_defaults(retry=compressed_policy(seed), timeout=timeout):
                code, out, err = run_cli([*argv, "--json"])
            seconds = (time.monotonic() - started) * SPEEDUP
        outcome, error = judge_cli(code, out, err, expected)
        report.add(
            FaultRun(
                plan,
                outcome,
                Counter(sandbox.stats.by_fault),
                sandbox.stats.requests,
                seconds,
                error,
            )
        )
    return report


# --- a throttled tenant -----------------------------------------------------------------------


@dataclass
class ThrottleReport:
    """How a TUI-like session went against a sandbox limited to `limit` requests per second."""

    limit: float
    requests: int
    throttled: int
    #: The most API requests that arrived within any one second, once the client had been
    #: told to slow down (from the end of the first Retry-After on).
    worst_second_after_learning: int
    waits: list[tuple[float, str]]
    exact: bool
    virtual_seconds: float


async def throttled_session(limit: float) -> ThrottleReport:
    """What the filter screen does (statuses, types, a count per item, the total) and then
    three full loads, against a sandbox that answers 429 above `limit` requests per second."""
    tenant = fault_tenant()
    clock = VirtualTime()
    sandbox = Sandbox([tenant], requests_per_second=limit, clock=clock.clock)
    arrivals: list[float] = []
    sandbox.on_request.append(
        lambda request, _n: arrivals.append(clock.now) if "/apis/" in request.url.path else None
    )
    waits: list[tuple[float, str]] = []
    refused_until: list[float] = []

    def on_wait(seconds: float, reason: str) -> None:
        waits.append((seconds, reason))
        if reason == "rate limit" and not refused_until:
            refused_until.append(clock.now + seconds)

    exact = True
    started = clock.now
    async with ConnectWiseClient(
        DEMO_SITE,
        credentials(tenant),
        transport=VirtualTimeTransport(sandbox, clock),
        retry=clock.policy(random.Random(1)),
        on_wait=on_wait,
    ) as client:
        statuses, types = await asyncio.gather(client.statuses(), client.types())
        items = [CompanyFilter.of([s.id]) for s in statuses]
        items += [CompanyFilter.of((), [t.id]) for t in types]
        await asyncio.gather(*(client.count_companies(f) for f in items))
        for flt in (CompanyFilter.of(()), CompanyFilter.of((1,)), CompanyFilter.of((), (), True)):
            total = await client.count_companies(flt)
            loaded = await client.companies(flt, expected=total)
            exact = exact and loaded == expected_companies(tenant, flt)
    learnt = [t for t in arrivals if refused_until and t >= refused_until[0]]
    worst = max((sum(1 for u in learnt if t <= u < t + 1.0) for t in learnt), default=0)
    return ThrottleReport(
        limit, sandbox.stats.requests, sandbox.stats.throttled, worst, waits, exact,
        clock.now - started,
    )  # fmt: skip
