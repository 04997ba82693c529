"""What a mapping screen is opened with: one frozen object the filter screen builds once.

The filter screen hands the mapping screen the tenant's client, the chosen statuses,
types and filter, the paths given on the command line and whether this is the demo;
the screen and its `MappingFlow` both read this one object instead of repeating ten
arguments each. What changes while the screen is open (the records and mapping paths
the user picks, the companies loaded) lives on the flow, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.mapping_file import FilterSpec
from tui.core.opening import filter_spec

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType


@dataclass(frozen=True)
class MappingOpening:
    """The opening parameters of one mapping screen (as the filter screen chose them)."""

    client: ConnectWiseClient
    tenant: TenantConfig
    #: The tenant's statuses and types (all of them: the create dialog offers them).
    statuses: list[CompanyStatus]
    types: list[CompanyType]
    flt: CompanyFilter
    #: `--records`, or None: the flow asks (or resumes the mapping file's).
    records_path: Path | None
    #: `--mapping`, or None: the tenant's default mapping file.
    mapping_path: Path | None
    demo: bool
    #: The filter screen's live total: knowing it up front lets a large load fetch its
    #: pages concurrently at once, with no count request of its own.
    expected_count: int | None = None
    #: The tenant's fresh company cache, when there is one: companies load from it.
    source: CompanySource | None = None

    def filter_spec(self) -> FilterSpec:
        """The `[filter]` table the mapping file records for this filter."""
        return filter_spec(self.statuses, self.types, self.flt)
