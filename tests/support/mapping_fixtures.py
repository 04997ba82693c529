"""Builders for the mapping screen tests: a small sandbox tenant, sample records, the app, waits."""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from tests.support.filter_fixtures import ACTIVE, make_app, tenant_config
from tests.support.pilot import settle
from tui.app.app import PsamapApp
from tui.app.screens.mapping import MappingScreen
from tui.app.screens.mapping_opening import MappingOpening
from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry, NamedId, dumps
from tui.demo.sample_records import LabelledRecord, sample_records, write_records_csv
from tui.psa.filter import CompanyFilter
from tui.psa.models import Company, CompanyStatus, CompanyType
from tui.sandbox import Sandbox, SandboxTenant, make_tenant


@dataclass
class MappingWorld:
    """One sandbox tenant, its Active companies, a records file for them and a mapping path."""

    tenant: SandboxTenant
    sandbox: Sandbox
    records_path: Path
    mapping_path: Path
    labelled: list[LabelledRecord]
    companies: list[Company]

    @classmethod
    def build(
        cls, folder: Path, *, n_companies: int = 150, n_records: int = 40, seed: int = 3
    ) -> MappingWorld:
        """Sample records for the tenant's Active companies (10% with no counterpart)."""
        tenant = make_tenant("acme", n_companies, seed=seed)
        flt = CompanyFilter.of([ACTIVE], [])
        raw = tenant.select(flt.conditions(), flt.child_conditions())
        companies = [Company.model_validate(c) for c in raw]
        labelled = sample_records(companies, n=n_records, seed=seed)
        records_path = folder / "customers.csv"
        write_records_csv(labelled, records_path)
        return cls(
            tenant, Sandbox([tenant]), records_path, folder / "acme.mapping.toml", labelled,
            companies,
        )  # fmt: skip

    @property
    def flt(self) -> CompanyFilter:
        """Active companies of every type."""
        return CompanyFilter.of([ACTIVE], [])

    def app(self) -> PsamapApp:
        """The real app, its tenant served by this world's sandbox."""
        return make_app(self.tenant, sandbox=self.sandbox)

    @contextlib.asynccontextmanager
    async def opened(
        self, *, size: tuple[int, int], notifications: bool = False, **overrides: Any
    ) -> AsyncIterator[tuple[Pilot[Any], MappingScreen]]:
        """The real app in a terminal of `size` (`pilot.app`), this world's mapping screen
        pushed and settled (`overrides` as for `screen`): where most mapping tests start."""
        app = self.app()
        async with app.run_test(size=size, notifications=notifications) as pilot:
            yield pilot, await open_mapping(pilot, self.screen(app, **overrides))

    def screen(self, app: App[Any], **overrides: Any) -> MappingScreen:
        """A mapping screen for the tenant, as the filter screen would push it."""
        config = tenant_config(self.tenant)
        fields: dict[str, Any] = {
            "client": config.client(transport=self.sandbox.transport()),
            "tenant": config,
            "statuses": [CompanyStatus.model_validate(s) for s in self.tenant.statuses],
            "types": [CompanyType.model_validate(t) for t in self.tenant.types],
            "flt": self.flt,
            "records_path": self.records_path,
            "mapping_path": self.mapping_path,
            "demo": False,
        }
        return MappingScreen(MappingOpening(**{**fields, **overrides}))

    def company_named(self, name: str) -> Company:
        """The filtered company with this exact name."""
        return next(c for c in self.companies if c.name == name)

    def write_mapping(self, mappings: dict[str, MappingEntry]) -> MappingDocument:
        """The tenant's mapping file (Active filter) holding these entries, as saved."""
        document = MappingDocument(
            tenant="acme", company_id="acme", records=str(self.records_path),
            filter=FilterSpec(statuses=[NamedId(id=ACTIVE, name="Active")]), mappings=mappings,
        )  # fmt: skip
        self.mapping_path.write_text(dumps(document), encoding="utf-8")
        return document


def mapped_entry(local_id: str, local_name: str, company: Company) -> MappingEntry:
    """A mapping entry as `automap` writes it (exact, 100) for a record and a company."""
    return MappingEntry(
        local_id=local_id, local_name=local_name, psa_id=company.id,
        psa_identifier=company.identifier, psa_name=company.name, method="exact", score=100.0,
    )  # fmt: skip


async def open_mapping(pilot: Pilot, screen: MappingScreen) -> MappingScreen:
    """Push the mapping screen and wait until loading, matching and painting are done."""
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def open_failing(pilot: Pilot, screen: MappingScreen) -> MappingScreen:
    """Push the mapping screen and wait until its load has failed: the load's worker ends
    in error, so `settle()` (which waits for workers to complete) cannot be used."""
    await pilot.app.push_screen(screen)
    for _ in range(200):
        await pilot.pause(0.02)
        if screen.failed:
            break
    await pilot.pause()
    assert screen.failed and screen.session is None
    return screen


def read_toml(path: Path) -> dict[str, Any]:
    """The mapping file as written."""
    return tomllib.loads(path.read_text(encoding="utf-8"))
