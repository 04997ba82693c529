"""The steps that open a mapping: records, the mapping file, whose tenant it is, its drift.

Plain functions (no widgets), run by the mapping screen's load flow in worker threads and
by `psamap automap`, so each step can be tested and benchmarked without a UI. The one rule
that decides whether a mapping file belongs to the tenant being opened lives here
(`check_tenant`), so the CLI and the TUI refuse the same files with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.check import check_drift
from tui.core.drift import find_drift, matches_filter
from tui.core.mapping_file import FilterSpec, MappingDocument, MappingFileError, loads
from tui.core.mapping_store import MappingStore
from tui.core.records import LocalRecord, load_records
from tui.errors import BadInput
from tui.psa.filter import CompanyFilter
from tui.psa.models import AnyCompany, CompanyStatus, CompanyType


class MappingOfAnotherTenant(BadInput):
    """The mapping file was made for another tenant or PSA company: its ids mean other companies
    here, so resuming or merging into it would mix two tenants' mappings (exit 2)."""

    def __init__(
        self, path: Path, document: MappingDocument, *, tenant: str, company_id: str, hint: str
    ) -> None:
        self.path, self.tenant, self.company_id = path, tenant, company_id
        self.file_tenant, self.file_company_id = document.tenant, document.company_id
        super().__init__(
            f"{path} maps tenant {document.tenant!r} (company {document.company_id!r}), "
            f"not {tenant!r} (company {company_id!r}); {hint}"
        )


def check_tenant(
    path: Path,
    document: MappingDocument,
    *,
    tenant: str,
    company_id: str,
    hint: str = "choose another mapping file",
) -> None:
    """Refuse a mapping file unless its `tenant` AND `company_id` are the tenant's being opened.

    Both must match: two tenants may sign in to the same PSA company (production and a
    test login), and a file whose tenant name matches but whose company differs maps the
    ids of another PSA. Tenant names are config keys (exact); company ids are compared
    case-insensitively, as the PSA's login does.
    """
    if document.tenant != tenant or document.company_id.casefold() != company_id.casefold():
        raise MappingOfAnotherTenant(
            path, document, tenant=tenant, company_id=company_id, hint=hint
        )


@dataclass(frozen=True, slots=True)
class OpenedMapping:
    """The mapping file as loaded (or a new document), its store, and what drifted."""

    store: MappingStore
    document: MappingDocument
    existed: bool
    drift: dict[str, str]


def default_mapping_path(tenant_name: str, folder: Path | None = None) -> Path:
    """`<tenant>.mapping.toml` in the current folder."""
    return (folder or Path.cwd()) / f"{tenant_name}.mapping.toml"


def resumable_records(mapping_path: Path) -> Path | None:
    """The records file an existing mapping was made from, if it is still there.

    Lets a second session resume with no `--records`: the mapping file names its records
    (relative paths are taken from the mapping file's folder). Any problem with the
    mapping file itself is left for `open_mapping` to report.
    """
    try:
        text = mapping_path.read_text(encoding="utf-8")
        document = loads(text, path=mapping_path)
    except (OSError, UnicodeDecodeError, MappingFileError):
        return None
    if not document.records:
        return None
    records = Path(document.records).expanduser()
    if not records.is_absolute():
        records = mapping_path.parent / records
    return records if records.is_file() else None


def filter_spec(
    statuses: Sequence[CompanyStatus], types: Sequence[CompanyType], flt: CompanyFilter
) -> FilterSpec:
    """The `[filter]` table for the chosen statuses and types (names as the PSA spells them)."""
    return FilterSpec.of(
        [s for s in statuses if s.id in flt.status_ids],
        [t for t in types if t.id in flt.type_ids],
        include_deleted=flt.include_deleted,
    )


def read_records(path: Path, *, cancelled: Callable[[], bool] | None = None) -> list[LocalRecord]:
    """The records file, or `RecordsError` naming file, line and problem (`ReadCancelled`
    once `cancelled()` turns true while it is read)."""
    return load_records(path, cancelled=cancelled)


def open_mapping(
    path: Path,
    *,
    tenant: str,
    company_id: str,
    records: Path,
    spec: FilterSpec,
    companies: Sequence[AnyCompany],
    flt: CompanyFilter,
    lookup: Callable[[Collection[int]], Mapping[int, AnyCompany]] | None = None,
) -> OpenedMapping:
    """Load the mapping file to resume it (or start a new document) and find its drift.

    A file made for another tenant or PSA company is refused (`check_tenant`). `lookup`
    (the company cache's) finds the mapped companies wherever they are, deleted ones
    included: the drift is then `psamap check`'s own report, each kind certain (deleted,
    renamed, left the filter, missing); without it a mapped company outside the loaded
    list can only be "missing".
    """
    store = MappingStore(path)
    document = store.load()
    existed = document is not None
    if document is None:
        document = MappingDocument(
            tenant=tenant, company_id=company_id, records=str(records), filter=spec
        )
    else:
        check_tenant(
            path, document, tenant=tenant, company_id=company_id,
            hint="choose another file with --mapping",
        )  # fmt: skip
    drift: dict[str, str] = {}
    if lookup is not None:
        known = lookup({entry.psa_id for entry in document.mappings.values()})
        for found in check_drift(document, known, flt):
            text = f"{found.kind.replace('_', ' ')}: {found.detail}"
            drift[found.local_id] = (
                f"{drift[found.local_id]}; {text}" if found.local_id in drift else text
            )
        return OpenedMapping(store, document, existed, drift)
    by_id = {c.id: c for c in companies}
    for item in find_drift(document, by_id, matches_filter(flt)):
        text = f"{item.kind.replace('_', ' ')}: {item.detail}"
        drift[item.local_id] = f"{drift[item.local_id]}; {text}" if item.local_id in drift else text
    return OpenedMapping(store, document, existed, drift)
