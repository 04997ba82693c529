"""`psamap unmapped TENANT [--mapping FILE] [--status S]... [--type T]... [--csv | --json]`.

The PSA companies in the filter (the mapping's, unless --status/--type are given) that no
mapping entry points to, as a records file (id, name, identifier, website, phone, city,
zip), for importing into the other system: the vendor's "import PSA companies" approach.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.output import print_csv, print_json, print_table
from tui.cli.tenant_args import add_filter_arguments, chosen, ids, tenant_for, with_client
from tui.core.gc_pause import gc_paused

if TYPE_CHECKING:
    from tui.core.company_creation import UnmappedCompany
    from tui.psa.client import ConnectWiseClient


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--mapping, the filter, and --csv or --json."""
    parser.add_argument("--mapping", type=Path, metavar="FILE",
                        help="mapping file (default: TENANT.mapping.toml)")  # fmt: skip
    add_filter_arguments(parser)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="print CSV (a records file)")
    out.add_argument("--json", action="store_true", help="print a JSON array ordered by id")


def run(args: argparse.Namespace) -> int:
    """Load the filtered companies, leave out the mapped ones, print the rest."""
    from tui.core.company_creation import UNMAPPED_COLUMNS, unmapped_companies
    from tui.core.mapping_store import MappingStore
    from tui.core.opening import check_tenant, default_mapping_path
    from tui.psa.filter import CompanyFilter

    tenant = tenant_for(args)
    path = args.mapping or default_mapping_path(tenant.name)
    document = MappingStore(path).load()
    if document is not None:
        check_tenant(path, document, tenant=tenant.name, company_id=tenant.company_id)

    async def work(client: ConnectWiseClient) -> list[UnmappedCompany]:
        if args.status or args.type or document is None:
            statuses, types = await chosen(client, args)
            flt = CompanyFilter.of(ids(statuses), ids(types))
        else:
            flt = document.filter.to_filter()
        return unmapped_companies(await client.companies(flt), document)

    with gc_paused():  # a one-shot process: nothing to gain from collecting while loading
        companies = with_client(tenant, work)
    if args.json:
        return print_json([asdict(c) for c in companies])
    if args.csv:
        return print_csv(UNMAPPED_COLUMNS, (c.row() for c in companies))
    return print_table([c.upper() for c in UNMAPPED_COLUMNS], (c.row() for c in companies))


COMMAND = Command(
    "unmapped", "list the PSA companies no mapping entry points to (a records file)", run,
    add_arguments,
)  # fmt: skip
