"""`psamap create TENANT --records FILE --status S [--type T]... [--only ID]... [--yes]`.

Without `--yes` it prints the plan and sends nothing that changes data (only the reads the
plan needs). With `--yes` it creates each planned company once, saving the mapping after
each one (`method = "created"`), so a run that stops keeps everything it made; the audit
log beside the mapping file lets the next run link what a killed run created.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.output import clean, print_table
from tui.cli.tenant_args import chosen, tenant_for, with_client
from tui.core.gc_pause import gc_paused
from tui.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from tui.core.create_plan import CreatePlan, PlanItem
    from tui.core.create_run import CreateOutcome
    from tui.psa.client import ConnectWiseClient


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--records, --mapping, --status (one), --type, --only, --yes and the column overrides."""
    parser.add_argument("--records", type=Path, required=True, metavar="FILE",
                        help="records file")  # fmt: skip
    parser.add_argument("--mapping", type=Path, metavar="FILE",
                        help="mapping file (default: TENANT.mapping.toml)")  # fmt: skip
    parser.add_argument("--status", action="append", required=True, metavar="S",
                        help="status of the new companies (name or id)")  # fmt: skip
    parser.add_argument("--type", action="append", default=[], metavar="T",
                        help="type of the new companies (repeatable)")  # fmt: skip
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="only this record id (repeatable)")  # fmt: skip
    parser.add_argument("--yes", action="store_true",
                        help="create them (without: print the plan, change nothing)")  # fmt: skip
    parser.add_argument("--id-column", metavar="C", help="records column holding the id")
    parser.add_argument("--name-column", metavar="C", help="records column holding the name")


def run(args: argparse.Namespace) -> int:
    """Plan from the records and every company of the tenant; create only with --yes."""
    from tui.core.company_creation import created_entry, every_company, plan_creation
    from tui.core.create_audit import CreationLog, audit_path
    from tui.core.create_run import CreateRun
    from tui.core.mapping_file import FilterSpec, MappingDocument
    from tui.core.mapping_store import MappingStore
    from tui.core.opening import check_tenant, default_mapping_path
    from tui.core.records import load_records

    if len(args.status) != 1:
        raise UsageError("create takes one --status: the status of the new companies")
    tenant = tenant_for(args)
    # Bad input costs no request: records and mapping are read first.
    records = load_records(args.records, id_column=args.id_column, name_column=args.name_column)
    known = {r.id for r in records}
    unknown = [i for i in args.only if i not in known]
    if unknown:
        raise UsageError(f"--only {clean(unknown[0])!r} is not a record of {args.records}")
    path = args.mapping or default_mapping_path(tenant.name)
    store = MappingStore(path)
    document = store.load()
    if document is not None:
        check_tenant(path, document, tenant=tenant.name, company_id=tenant.company_id)
    log = CreationLog(audit_path(path), tenant=tenant.name, company_id=tenant.company_id)

    async def work(client: ConnectWiseClient) -> int:
        nonlocal document
        statuses, types = await chosen(client, args)
        companies = await every_company(client)
        plan = plan_creation(
            records, document, companies, statuses[0], types,
            only=set(args.only), earlier=log.identifiers_sent(),
        )  # fmt: skip
        print_plan(plan, tenant.name)
        work_items = plan.to_create + plan.to_link
        if not args.yes:
            if work_items:
                print(f"Nothing was sent. Run again with --yes to create {len(plan.to_create)} "
                      f"and link {len(plan.to_link)}.")  # fmt: skip
            return EXIT_OK
        if not work_items:
            return EXIT_OK
        if document is None:
            document = MappingDocument(
                tenant=tenant.name,
                company_id=tenant.company_id,
                records=str(args.records),
                filter=FilterSpec.of(statuses[:1], types),
            )

        def record(outcome: CreateOutcome) -> None:
            assert document is not None
            print_outcome(outcome)
            if outcome.kind in ("created", "linked") and outcome.company is not None:
                item = outcome.item
                entry = created_entry(item.record_id, item.record_name, outcome.company)
                document.mappings[item.record_id] = entry
                store.save(document)

        runner = CreateRun(client, log, retry=client.retry_policy, on_outcome=record)
        outcomes = await runner.run(work_items)
        kinds = [o.kind for o in outcomes]
        print(f"Created {kinds.count('created')}, linked {kinds.count('linked')}, refused by "
              f"the PSA {kinds.count('refused')}.")  # fmt: skip
        print(f"Mapping: {path}; audit log: {log.path}")
        return EXIT_OK

    with gc_paused():  # every company of the tenant is loaded: a one-shot process
        return with_client(tenant, work)


def print_plan(plan: CreatePlan, tenant: str) -> None:
    """The plan as a table: what each record becomes, or why it is refused."""
    types = ", ".join(t.name for t in plan.types) or "none"
    print(clean(f"Plan for tenant {tenant}: {plan.summary()} (status {plan.status.name}; "
                f"types {types})"))  # fmt: skip
    if plan.items:
        print_table(("ACTION", "RECORD", "NAME", "IDENTIFIER", "ADDRESS / REASON"),
                    (_plan_row(i) for i in plan.items))  # fmt: skip


def _plan_row(item: PlanItem) -> tuple[str, ...]:
    if item.action == "create" and item.company is not None:
        company = item.company
        return ("create", item.record_id, item.record_name, company.identifier,
                company.address_text())  # fmt: skip
    if item.action == "link" and item.existing is not None:
        return ("link", item.record_id, item.record_name, item.existing.identifier,
                f"created by an earlier run: {item.existing}")  # fmt: skip
    return ("refuse", item.record_id, item.record_name, "-", item.reason)


def print_outcome(outcome: CreateOutcome) -> None:
    """One line per record as soon as it is settled."""
    item = outcome.item
    if outcome.kind == "refused":
        print(f"refused  {clean(item.record_id)}: {clean(outcome.message)}")
    else:
        print(f"{outcome.kind:<8} {clean(item.record_id)}: {clean(str(outcome.company))}")


COMMAND = Command(
    "create", "create PSA companies from records neither mapped nor ignored", run, add_arguments
)
