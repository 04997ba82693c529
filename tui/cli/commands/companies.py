"""`psamap companies TENANT`: the companies a filter selects, as a table, JSON, CSV or a count."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.command import Command
from tui.cli.output import print_csv, print_json_stream, print_table
from tui.cli.tenant_args import add_filter_arguments, chosen, ids, tenant_for, with_source
from tui.core.gc_pause import gc_paused
from tui.errors import EXIT_OK

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tui.core.cache import CompanySource
    from tui.psa.models import AnyCompany


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--status/--type, --include-deleted and one of --count, --json, --csv."""
    add_filter_arguments(parser)
    parser.add_argument("--include-deleted", action="store_true", help="keep deleted companies")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--count", action="store_true", help="print only how many")
    out.add_argument("--json", action="store_true", help="print a JSON array ordered by id")
    out.add_argument("--csv", action="store_true", help="print CSV (usable as a records file)")


def run(args: argparse.Namespace) -> int:
    """Load (or count) the filtered companies and print them."""
    from tui.psa.filter import CompanyFilter

    async def work(source: CompanySource) -> int:
        statuses, types = await chosen(source, args)
        flt = CompanyFilter.of(ids(statuses), ids(types), args.include_deleted)
        if args.count:
            print(await source.count(flt))
            return EXIT_OK
        # From the cache the companies stream in batches straight to the output (printed
        # here, while the cache is open): 200,000 of them never sit in memory at once.
        return _print(await source.iter_companies(flt), args)

    tenant = tenant_for(args)
    with gc_paused():  # a one-shot process: nothing to gain from collecting while loading
        return with_source(tenant, args, work)


def _print(companies: Iterator[AnyCompany], args: argparse.Namespace) -> int:
    if args.json:
        return print_json_stream(map(company_json, companies))
    if args.csv:
        return print_csv(
            ("id", "identifier", "name", "status", "types"), map(company_row, companies)
        )
    return print_table(("ID", "IDENTIFIER", "NAME", "STATUS", "TYPES"), map(company_row, companies))


def company_json(company: AnyCompany) -> dict[str, Any]:
    """docs/CONTRACT.md §1's JSON: id, identifier, name, status {id,name}, types [{id,name}]."""
    status = company.status
    return {
        "id": company.id,
        "identifier": company.identifier,
        "name": company.name,
        "status": None if status is None else {"id": status.id, "name": status.name},
        "types": [{"id": t.id, "name": t.name} for t in company.types],
    }


def company_row(company: AnyCompany) -> tuple[object, ...]:
    """The flat row for tables and CSV: status by name, types joined by "; "."""
    status = "" if company.status is None else company.status.name
    return (
        company.id,
        company.identifier,
        company.name,
        status,
        "; ".join(t.name for t in company.types),
    )


COMMAND = Command("companies", "list (or count) the companies a filter selects", run, add_arguments)
