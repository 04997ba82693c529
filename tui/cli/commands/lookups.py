"""`psamap statuses TENANT` and `psamap types TENANT`: the tenant's live lookups.

Two commands in one module because they are one shape: the same options, a table of
id, name and the flags that are set, or JSON.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.cli.command import Command
from tui.cli.output import print_json, print_table
from tui.cli.tenant_args import tenant_for, with_client


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--json."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def run_statuses(args: argparse.Namespace) -> int:
    """ID, name and flags (inactive, default)."""
    statuses = with_client(tenant_for(args), lambda c: c.statuses())
    rows = [
        {"id": s.id, "name": s.name, "inactive": s.inactive_flag, "default": s.default_flag}
        for s in statuses
    ]
    return print_json(rows) if args.json else _print_flag_table(rows)


def run_types(args: argparse.Namespace) -> int:
    """ID, name and flags (vendor, default)."""
    types = with_client(tenant_for(args), lambda c: c.types())
    rows = [
        {"id": t.id, "name": t.name, "vendor": t.vendor_flag, "default": t.default_flag}
        for t in types
    ]
    return print_json(rows) if args.json else _print_flag_table(rows)


def _print_flag_table(rows: list[dict[str, Any]]) -> int:
    """ID, NAME and the flags that are set, by name."""
    flags = [", ".join(k for k, v in r.items() if v is True) for r in rows]
    return print_table(
        ("ID", "NAME", "FLAGS"), [(r["id"], r["name"], f) for r, f in zip(rows, flags, strict=True)]
    )


STATUSES = Command("statuses", "list the tenant's company statuses", run_statuses, add_arguments)
TYPES = Command("types", "list the tenant's company types", run_types, add_arguments)
