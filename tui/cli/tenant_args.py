"""What most commands start from: the config, the TENANT argument, a client, the filter options.

`--status S` / `--type T` take names (case-insensitive) or numeric ids; an unknown one is
a usage error listing the valid names. Lookups are made only for what was named.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from tui.cli.output import clean, one_line, warn
from tui.errors import UsageError

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.config import Config, TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.models import CompanyStatus, CompanyType


T = TypeVar("T")


class Lookup(Protocol):
    """A status or type as --status/--type pick it: by name or by id."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


L = TypeVar("L", bound=Lookup)


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
        warn(warning)
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
    import asyncio  # here, not at the top: `psamap --help` must not pay for it

    def on_wait(seconds: float, reason: str) -> None:
        if sys.stderr.isatty():
            print(f"psamap: waiting for {reason} ({seconds:.0f} s)", file=sys.stderr)

    async def run() -> T:
        async with tenant.client(on_wait=on_wait) as client:
            return await work(client)

    return asyncio.run(run())


def with_source(
    tenant: TenantConfig,
    args: argparse.Namespace,
    work: Callable[[CompanySource], Awaitable[T]],
) -> T:
    """Run `work` with the tenant's companies: its cache, refreshed first, unless --no-cache."""
    from tui.core.cache.codebase import remembered_codebase
    from tui.core.cache.source import CompanySource, open_cache

    def notice(message: str) -> None:
        print(f"psamap: notice: {one_line(message)}", file=sys.stderr)

    async def run(client: ConnectWiseClient) -> T:
        source = CompanySource(client)
        if not getattr(args, "no_cache", False):  # opened when companies are first asked for
            source = CompanySource(
                client,
                opener=lambda: open_cache(tenant.site, tenant.company_id, notice),
                on_notice=notice,
            )
            # What companyinfo said last run (kept in the cache): one request fewer.
            client.assume_codebase(remembered_codebase(tenant.site, tenant.company_id))
        try:
            return await work(source)
        finally:
            source.close()

    return with_client(tenant, run)


# --- choosing statuses and types ---------------------------------------------------------


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--status and --type, repeatable ("any of them")."""
    parser.add_argument("--status", action="append", default=[], metavar="S",
                        help="status name or id (repeatable; default: every status)")  # fmt: skip
    parser.add_argument("--type", action="append", default=[], metavar="T",
                        help="type name or id (repeatable; default: every type)")  # fmt: skip


async def chosen(
    client: ConnectWiseClient | CompanySource, args: argparse.Namespace
) -> tuple[list[CompanyStatus], list[CompanyType]]:
    """The statuses and types named by --status/--type (lookups only for what was named)."""
    import asyncio

    async def none() -> list[Any]:
        return []

    statuses, types = await asyncio.gather(
        client.statuses() if args.status else none(), client.types() if args.type else none()
    )
    chosen_statuses = pick(args.status, statuses, "status", "statuses")
    return chosen_statuses, pick(args.type, types, "type", "types")


def pick(wanted: Sequence[str], items: Sequence[L], kind: str, plural: str) -> list[L]:
    """Items by name (case-insensitive, exact after trimming) or by numeric id.

    An unknown value is a usage error listing the valid names. When names differ only by
    case ("Active", "ACTIVE"), the exactly written one wins; otherwise the value is
    ambiguous, a usage error naming each with its id.
    """
    by_name: dict[str, list[L]] = {}
    by_id: dict[int, L] = {}
    for each in items:
        by_name.setdefault(each.name.strip().casefold(), []).append(each)
        by_id[each.id] = each
    picked: dict[int, L] = {}
    for value in wanted:
        key = value.strip()
        same = by_name.get(key.casefold(), [])
        exact = [i for i in same if i.name.strip() == key]
        item: L | None = exact[0] if len(exact) == 1 else same[0] if len(same) == 1 else None
        if item is None and len(same) > 1:
            which = ", ".join(f"{clean(i.name)!r} id {i.id}" for i in same)
            raise UsageError(f"ambiguous {kind} name {clean(value)!r} ({which}): use the id")
        # isdecimal, not isdigit: "²" and "①" are digits to Python yet not to int().
        if item is None and key.isdecimal():
            item = by_id.get(int(key))
        if item is None:
            names = ", ".join(clean(i.name) for i in items) or "none"
            raise UsageError(f"unknown {kind} {clean(value)!r} ({plural}: {names})")
        picked[item.id] = item
    return list(picked.values())


def ids(items: Sequence[Any]) -> list[int]:
    """The ids of chosen statuses or types."""
    return [item.id for item in items]
