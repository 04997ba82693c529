"""The headless subcommands: each reads the config, talks to the PSA, prints, returns 0.

Errors are raised (UsageError, ConfigError, PSAError...) and turned into one stderr
line and an exit code by `tui.cli.main`. Remote text is printed as data: tables drop
control characters so a company name cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from tui.cli import EXIT_OK, UsageError, clean, one_line

if TYPE_CHECKING:
    from tui.automap import AutomapSummary
    from tui.core.config import Config, TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.models import Company, CompanyStatus, CompanyType

T = TypeVar("T")


# --- config, tenants, clients ------------------------------------------------------------


def load_config_for(args: argparse.Namespace) -> Config:
    """The config file (with the demo tenants under --demo, where a missing file is fine)."""
    from tui.core.config import Config, ConfigNotFound, default_config_path, load_config

    demo = getattr(args, "demo", False)
    path = getattr(args, "config", None) or default_config_path()
    try:
        config = load_config(path)
    except ConfigNotFound as exc:
        if not demo:
            raise UsageError(f"{exc} (write one, see the README, or try --demo)") from None
        config = Config(None, {})
    for warning in config.warnings:
        print(f"psamap: warning: {one_line(warning)}", file=sys.stderr)
    if not demo:
        return config
    from tui.demo.config import with_demo  # the sandbox loads only for --demo

    return with_demo(config)


def tenant_for(args: argparse.Namespace) -> TenantConfig:
    """The TENANT argument's config (`demo` under --demo when none is named)."""
    config = load_config_for(args)
    name = args.tenant or ("demo" if getattr(args, "demo", False) else None)
    if name is None:
        known = ", ".join(config.tenants) or "none configured"
        raise UsageError(f"missing TENANT (tenants: {known}), or use --demo")
    return config.tenant(name)


def with_client(tenant: TenantConfig, work: Callable[[ConnectWiseClient], Awaitable[T]]) -> T:
    """Run `work` with a client for the tenant, closing it afterwards."""

    def on_wait(seconds: float, reason: str) -> None:
        if sys.stderr.isatty():
            print(f"psamap: waiting for {reason} ({seconds:.0f} s)", file=sys.stderr)

    async def run() -> T:
        async with tenant.client(on_wait=on_wait) as client:
            return await work(client)

    return asyncio.run(run())


# --- commands ----------------------------------------------------------------------------


def tui_command(args: argparse.Namespace) -> int:
    """No subcommand: the terminal UI (Textual is imported only here)."""
    config = load_config_for(args)
    try:
        from tui.app.run import run_app
    except ModuleNotFoundError:
        raise UsageError("the terminal UI is not part of this build; see psamap --help") from None
    demo = getattr(args, "demo", False)
    return run_app(config=config, mapping_path=args.mapping, records_path=args.records, demo=demo)


def tenants_command(args: argparse.Namespace) -> int:
    """`psamap tenants`: name, label, site and company; never a secret."""
    config = load_config_for(args)
    tenants = list(config.tenants.values())
    if args.json:
        rows = [
            {"name": t.name, "label": t.label, "site": t.site, "company_id": t.company_id,
             "demo": t.demo}
            for t in tenants
        ]  # fmt: skip
        return _print_json(rows)
    if not tenants:
        print(f"psamap: no tenants in {config.path} (try --demo)", file=sys.stderr)
        return EXIT_OK
    return _print_table(
        ("NAME", "LABEL", "SITE", "COMPANY"),
        [(t.name, t.label, t.site, t.company_id) for t in tenants],
    )


def statuses_command(args: argparse.Namespace) -> int:
    """`psamap statuses TENANT`: the live company statuses."""
    statuses = with_client(tenant_for(args), lambda c: c.statuses())
    rows = [
        {"id": s.id, "name": s.name, "inactive": s.inactive_flag, "default": s.default_flag}
        for s in statuses
    ]
    return _print_json(rows) if args.json else _print_flag_table(rows)


def types_command(args: argparse.Namespace) -> int:
    """`psamap types TENANT`: the live company types."""
    types = with_client(tenant_for(args), lambda c: c.types())
    rows = [
        {"id": t.id, "name": t.name, "vendor": t.vendor_flag, "default": t.default_flag}
        for t in types
    ]
    return _print_json(rows) if args.json else _print_flag_table(rows)


def _print_flag_table(rows: list[dict[str, Any]]) -> int:
    """ID, NAME and the flags that are set, by name."""
    flags = [", ".join(k for k, v in r.items() if v is True) for r in rows]
    return _print_table(
        ("ID", "NAME", "FLAGS"), [(r["id"], r["name"], f) for r, f in zip(rows, flags, strict=True)]
    )


def companies_command(args: argparse.Namespace) -> int:
    """`psamap companies TENANT`: the filtered companies as a table, JSON, CSV or a count."""
    from tui.psa.filter import CompanyFilter

    async def work(client: ConnectWiseClient) -> int | list[Company]:
        statuses, types = await chosen(client, args)
        flt = CompanyFilter.of(_ids(statuses), _ids(types), args.include_deleted)
        if args.count:
            return await client.count_companies(flt)
        return await client.companies(flt)

    result = with_client(tenant_for(args), work)
    if isinstance(result, int):
        print(result)
        return EXIT_OK
    if args.json:
        return _print_json([_company_json(c) for c in result])
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("id", "identifier", "name", "status", "types"))
        writer.writerows(_company_row(c) for c in result)
        return EXIT_OK
    return _print_table(("ID", "IDENTIFIER", "NAME", "STATUS", "TYPES"), map(_company_row, result))


def conditions_command(args: argparse.Namespace) -> int:
    """`psamap conditions TENANT`: the exact query parameters, for pasting elsewhere."""
    from tui.psa.filter import CompanyFilter

    tenant = tenant_for(args)
    if args.status or args.type:  # names need the tenant's lookups; no filter needs nothing
        statuses, types = with_client(tenant, lambda c: chosen(c, args))
    else:
        statuses, types = [], []
    flt = CompanyFilter.of(_ids(statuses), _ids(types))
    print(f"conditions={flt.conditions()}")
    print(f"childConditions={flt.child_conditions()}")
    return EXIT_OK


def automap_command(args: argparse.Namespace) -> int:
    """`psamap automap TENANT --records FILE`: save the confident matches, print a summary."""
    from tui.automap import automap

    tenant = tenant_for(args)

    async def work(client: ConnectWiseClient) -> AutomapSummary:
        statuses, types = await chosen(client, args)
        return await automap(
            client,
            tenant,
            statuses,
            types,
            records_path=args.records,
            out=args.out,
            min_score=args.min_score,
            id_column=args.id_column,
            name_column=args.name_column,
        )

    print(with_client(tenant, work))
    return EXIT_OK


def sandbox_command(args: argparse.Namespace) -> int:
    """`psamap sandbox`: serve the demo tenants on loopback until Ctrl+C (or SIGTERM)."""
    from tui.demo.tenants import demo_sandbox

    try:
        sandbox = demo_sandbox(args.seed, latency_ms=args.latency_ms, fault_rate=args.fault_rate)
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    def ready(base_url: str) -> None:
        print(sandbox_snippet(base_url, sorted(sandbox.tenants)), flush=True)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # `kill` stops the server as cleanly as Ctrl+C

    signal.signal(signal.SIGTERM, stop)

    try:
        sandbox.serve(args.host, args.port, on_ready=ready)
    except ValueError as exc:  # not a loopback address
        raise UsageError(str(exc)) from None
    return EXIT_OK


def sandbox_snippet(base_url: str, tenants: Sequence[str]) -> str:
    """The config lines that point psamap at a served sandbox (its keys are public demo keys)."""
    from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY

    lines = [
        f"# psamap sandbox: serving {', '.join(tenants)} at {base_url} (Ctrl+C to stop)",
        "# Add to your psamap config.toml:",
    ]
    for name in tenants:
        lines += [
            "",
            f"[tenants.sandbox-{name}]",
            f'label = "Sandbox {name} ({base_url})"',
            f'site = "{base_url}"',
            f'company_id = "{name}"',
            f'public_key = "{DEMO_PUBLIC_KEY}"',
            f'private_key = "{DEMO_PRIVATE_KEY}"',
            f'client_id = "{DEMO_CLIENT_ID}"',
        ]
    return "\n".join(lines)


# --- choosing statuses and types ---------------------------------------------------------


async def chosen(
    client: ConnectWiseClient, args: argparse.Namespace
) -> tuple[list[CompanyStatus], list[CompanyType]]:
    """The statuses and types named by --status/--type (lookups only for what was named)."""

    async def none() -> list[Any]:
        return []

    statuses, types = await asyncio.gather(
        client.statuses() if args.status else none(), client.types() if args.type else none()
    )
    chosen_statuses = pick(args.status, statuses, "status", "statuses")
    return chosen_statuses, pick(args.type, types, "type", "types")


def pick(wanted: Sequence[str], items: Sequence[T], kind: str, plural: str) -> list[T]:
    """Items by name (case-insensitive, exact after trimming) or by numeric id.

    An unknown value is a usage error listing the valid names.
    """
    by_name: dict[str, T] = {}
    by_id: dict[int, T] = {}
    for item in items:
        by_name.setdefault(item.name.strip().casefold(), item)  # type: ignore[attr-defined]
        by_id[item.id] = item  # type: ignore[attr-defined]
    chosen: dict[int, T] = {}
    for value in wanted:
        key = value.strip()
        item = by_name.get(key.casefold())
        if item is None and key.isdigit():
            item = by_id.get(int(key))
        if item is None:
            names = ", ".join(clean(i.name) for i in items) or "none"  # type: ignore[attr-defined]
            raise UsageError(f"unknown {kind} {clean(value)!r} ({plural}: {names})")
        chosen[item.id] = item  # type: ignore[attr-defined]
    return list(chosen.values())


def _ids(items: Sequence[Any]) -> list[int]:
    """The ids of chosen statuses or types."""
    return [item.id for item in items]


# --- output ------------------------------------------------------------------------------


def _company_json(company: Company) -> dict[str, Any]:
    """The contract's JSON shape: id, identifier, name, status {id,name}, types [{id,name}]."""
    status = company.status
    return {
        "id": company.id,
        "identifier": company.identifier,
        "name": company.name,
        "status": None if status is None else {"id": status.id, "name": status.name},
        "types": [{"id": t.id, "name": t.name} for t in company.types],
    }


def _company_row(company: Company) -> tuple[object, ...]:
    """The flat row for tables and CSV: status by name, types joined by "; "."""
    status = "" if company.status is None else company.status.name
    return (
        company.id,
        company.identifier,
        company.name,
        status,
        "; ".join(t.name for t in company.types),
    )


def _print_json(rows: list[dict[str, Any]]) -> int:
    """Pretty JSON, UTF-8 as is (names stay readable)."""
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _print_table(headers: Sequence[str], rows: Any) -> int:
    """Aligned columns; remote text is cleaned so a name cannot move the cursor or recolour."""
    cells = [[clean(str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
             for r in [list(headers), *cells]]  # fmt: skip
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
