"""The mapping screen's two PSA-side actions: create companies from records, export unmapped.

`CompanyExport` is owned by the mapping screen (composition, not a base class): it loads
what each action needs in a worker of the screen, asks through dialogs, and hands results
back to the session, so the screen only binds keys to `create()` and `export_unmapped()`.

Create: every company of the tenant (any status, deleted included) is read once for the
duplicate check, the plan dialog shows each record's fate and names the count, and only
then are the POSTs sent (exactly once each, see `tui.core.create_run`). The new mappings
enter the session as one undoable change, saved like any other.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App
from textual.worker import Worker

from tui.app.screens.create_dialog import CreatePlanDialog
from tui.app.screens.mapping_dialogs import PathDialog, confirm
from tui.core.atomic import write_atomic
from tui.core.company_creation import (
    every_company,
    plan_creation,
    unmapped_companies,
    unmapped_csv,
)
from tui.core.create_audit import CreationLog, audit_path
from tui.core.create_plan import CreatePlan, Named
from tui.core.create_run import CreateOutcome, CreateRun
from tui.core.opening import default_mapping_path
from tui.core.session import PsaCompany
from tui.psa.models import Company, Reference

if TYPE_CHECKING:
    from tui.app.widgets.mapping_panes import CompaniesTable, RecordsTable
    from tui.core.config import TenantConfig
    from tui.core.session import MappingSession
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType

CREATE_GROUP = "mapping-create"
EXPORT_GROUP = "mapping-export"


class MappingView(Protocol):
    """What these actions use of the mapping screen (which owns them)."""

    client: ConnectWiseClient
    tenant: TenantConfig
    statuses: list[CompanyStatus]
    types: list[CompanyType]
    flt: CompanyFilter
    mapping_path: Path | None
    session: MappingSession | None

    @property
    def app(self) -> App[object]: ...
    @property
    def companies_table(self) -> CompaniesTable: ...
    def run_worker(self, work: Any, *, group: str, exclusive: bool, exit_on_error: bool) -> Any: ...
    def notify(self, message: str, *, markup: bool = ...) -> None: ...
    def after_change(self, message: str, *, advance: bool = False) -> None: ...


class CompanyExport:
    """Create PSA companies from records, and export the companies no record maps to."""

    def __init__(self, screen: MappingView) -> None:
        self.screen = screen
        #: Every company of the tenant, read on the first create (the duplicate check).
        self.every: list[PsaCompany] | None = None

    # -- create ---------------------------------------------------------------------------------

    def create_from(self, records: RecordsTable) -> None:
        """Create for the marked records, else for every unmapped record the pane shows."""
        session = self.screen.session
        if session is None:
            return
        if records.marked:
            ids = records.selection()
        else:
            ids = [rid for rid in records.visible_keys if session.is_unmapped(rid)]
        if not ids:
            self.screen.notify("No unmapped record here to create a PSA company for",
                               markup=False)  # fmt: skip
            return
        self.create(ids)

    def create(self, record_ids: list[str]) -> Worker[None]:
        """Plan companies for these records, show the plan, create them once confirmed."""
        return self.screen.run_worker(
            self._create(record_ids), group=CREATE_GROUP, exclusive=True, exit_on_error=False
        )

    async def _create(self, record_ids: list[str]) -> None:
        screen = self.screen
        session = screen.session
        if session is None:
            return
        if self.every is None:
            screen.notify("Reading every company of the tenant to refuse duplicates…",
                          markup=False)  # fmt: skip
            self.every = await every_company(screen.client)
        every = self.every
        log = self._log()
        earlier = await asyncio.to_thread(log.identifiers_sent)
        records = [session.record_by_id[rid] for rid in record_ids]
        document = session.to_document()

        def replan(status: Named, type_: Named | None) -> CreatePlan:
            types = [type_] if type_ is not None else []
            return plan_creation(records, document, every, status, types, earlier=earlier)

        statuses, types = self._choices()
        dialog = CreatePlanDialog(
            replan, statuses, types, status=statuses[0], type_=types[0] if types else None
        )
        plan = await screen.app.push_screen_wait(dialog)
        if plan is None:
            return
        outcomes = await self._run(plan, log)
        self._settle(plan, outcomes)

    def _choices(self) -> tuple[list[Named], list[Named]]:
        """The statuses and types a new company may get: the filter's, else the tenant's."""
        screen = self.screen
        flt = screen.flt
        statuses = [s for s in screen.statuses if s.id in flt.status_ids] or [
            s for s in screen.statuses if not s.inactive_flag
        ]
        types = [t for t in screen.types if t.id in flt.type_ids] or list(screen.types)
        return list(statuses or screen.statuses), list(types)

    def _log(self) -> CreationLog:
        screen = self.screen
        mapping = screen.mapping_path or default_mapping_path(screen.tenant.name)
        return CreationLog(
            audit_path(mapping), tenant=screen.tenant.name, company_id=screen.tenant.company_id
        )

    async def _run(self, plan: CreatePlan, log: CreationLog) -> list[CreateOutcome]:
        screen = self.screen
        work = plan.to_create + plan.to_link
        done: list[CreateOutcome] = []

        def heard(outcome: CreateOutcome) -> None:
            done.append(outcome)
            if len(done) % 10 == 0:
                screen.notify(f"Created {len(done):,} of {len(work):,}…", markup=False)

        runner = CreateRun(screen.client, log, retry=screen.client.retry_policy, on_outcome=heard)
        try:
            await runner.run(work)
        except Exception:
            self._settle(plan, done)  # what was created before the failure is kept
            raise
        return done

    def _settle(self, plan: CreatePlan, outcomes: list[CreateOutcome]) -> None:
        """Put the created (and linked) companies into the session as one undoable change."""
        screen = self.screen
        session = screen.session
        if session is None:
            return
        by_id = {c.id: c for c in self.every or ()}
        created: list[tuple[str, PsaCompany]] = []
        for outcome in outcomes:
            company = outcome.psa or (by_id.get(outcome.company.id) if outcome.company else None)
            if outcome.kind == "refused" or company is None:
                continue
            if outcome.psa is not None and self.every is not None:
                self.every.append(PsaCompany.of(outcome.psa))
            created.append((outcome.item.record_id, _compact(company, plan)))
        refused = [o for o in outcomes if o.kind == "refused"]
        if created:
            session.add_created(created)
            screen.companies_table.fill(session)
        made = sum(o.kind == "created" for o in outcomes)
        message = f"Created {made:,} in the PSA"
        if len(created) > made:
            message += f", linked {len(created) - made:,} created earlier"
        if refused:
            first = refused[0]
            why = f"{first.item.record_id}: {first.message}"
            message += f"; the PSA refused {len(refused):,} ({why})"
        screen.after_change(message + ". Save (s) to keep the mapping.")

    # -- export -------------------------------------------------------------------------------

    def export_unmapped(self) -> Worker[None]:
        """Ask for a file, then write the filter's companies that no record maps to."""
        return self.screen.run_worker(
            self._export(), group=EXPORT_GROUP, exclusive=True, exit_on_error=False
        )

    async def _export(self) -> None:
        screen = self.screen
        session = screen.session
        if session is None:
            return
        suggested = Path(f"{screen.tenant.name}-unmapped-companies.csv")
        path = await screen.app.push_screen_wait(
            PathDialog(
                "Export unmapped companies",
                "Write the PSA companies in this filter that no record maps to, as a records "
                "file (CSV: id, name, identifier, website, phone, city, zip), to:",
                value=str(suggested),
                must_exist=False,
            )
        )
        if path is None:
            return
        if path.exists():
            answer = await screen.app.push_screen_wait(
                confirm("Replace file?", f"{path} exists. Replace it?", yes="Replace")
            )
            if answer != "yes":
                return
        # Read afresh: the export carries city and zip, and says what is unmapped now.
        companies = await screen.client.companies(screen.flt)
        rows = unmapped_companies(companies, session.to_document())
        await asyncio.to_thread(write_atomic, path, unmapped_csv(rows).encode("utf-8"))
        screen.notify(f"Wrote {len(rows):,} unmapped companies to {path}", markup=False)


def _compact(company: Company | PsaCompany, plan: CreatePlan) -> PsaCompany:
    """The session's copy of a company; a new one shows the status and type it was given."""
    compact = PsaCompany.of(company)
    if compact.status is None:
        status = Reference(id=plan.status.id, name=plan.status.name)
        types = tuple(Reference(id=t.id, name=t.name) for t in plan.types)
        compact = PsaCompany(compact.id, compact.identifier, compact.name, status, types,
                             compact.website, compact.phone_number)  # fmt: skip
    return compact
