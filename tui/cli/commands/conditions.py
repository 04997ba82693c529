"""`psamap conditions TENANT`: the exact `conditions=` / `childConditions=` a filter sends."""

from __future__ import annotations

import argparse

from tui.cli.command import Command
from tui.cli.tenant_args import add_filter_arguments, chosen, ids, tenant_for, with_client
from tui.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Print both query parameters, for pasting into an integration."""
    from tui.psa.filter import CompanyFilter

    tenant = tenant_for(args)
    if args.status or args.type:  # names need the tenant's lookups; no filter needs nothing
        statuses, types = with_client(tenant, lambda c: chosen(c, args))
    else:
        statuses, types = [], []
    flt = CompanyFilter.of(ids(statuses), ids(types))
    print(f"conditions={flt.conditions()}")
    print(f"childConditions={flt.child_conditions()}")
    return EXIT_OK


COMMAND = Command(
    "conditions",
    "print the conditions= and childConditions= a filter sends",
    run,
    add_filter_arguments,
)
