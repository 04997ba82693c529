"""Each company's JSON for one `fields` selection, encoded once and served again as bytes.

A real PSA answers a page of 1,000 trimmed companies in a few milliseconds; building and
encoding every record on every request made the sandbox's own CPU (~25 ms a page) the
floor of any wall-time benchmark run against it. So, as a server with a row cache would,
the served sandbox keeps each company's encoded JSON per (`fields`, API base) and joins
a page from those pieces. The bytes are exactly what encoding the whole page at once
gives (compact JSON: `[a,b]` is `"[" + a + "," + b + "]"`).

An entry is used only while it is still true: rows are replaced, never changed in place
(`SandboxTenant.update_company` builds a new row), so an entry belongs to the row object
it was built from; and a status or type renamed (company JSON shows their names) starts
that selection afresh. Only a few selections are kept (clients ask for one or two).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from tui.sandbox.data.rows import CompanyRow
from tui.sandbox.http.responses import encode
from tui.sandbox.tenant import SandboxTenant

#: Selections kept per sandbox (each ~500 bytes a company for psamap's twelve fields).
MAX_SELECTIONS = 4

Render = Callable[[CompanyRow], dict[str, Any]]
_Names = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]


class _Selection:
    """The encoded rows of one tenant for one (`fields`, base), valid for these names."""

    __slots__ = ("names", "rows")

    def __init__(self, names: _Names) -> None:
        self.names = names
        self.rows: dict[int, tuple[CompanyRow, bytes]] = {}


class ProjectedJson:
    """Encoded company JSON per (tenant, `fields`, API base), reused while still true."""

    def __init__(self, max_selections: int = MAX_SELECTIONS) -> None:
        self._max = max_selections
        self._selections: OrderedDict[tuple[int, str, str], _Selection] = OrderedDict()
        self._tenants: dict[int, SandboxTenant] = {}  # keeps each keyed tenant's id() unique
        self._lock = threading.Lock()

    def page(
        self,
        tenant: SandboxTenant,
        rows: Sequence[CompanyRow],
        fields: str,
        base: str,
        render: Render,
    ) -> bytes:
        """The JSON array of `rows` as `render` makes each, from the kept pieces."""
        names = _names(tenant)
        key = (id(tenant), fields, base)
        with self._lock:
            self._tenants[id(tenant)] = tenant
            selection = self._selections.get(key)
            if selection is None or selection.names != names:
                selection = self._selections[key] = _Selection(names)
            self._selections.move_to_end(key)
            while len(self._selections) > self._max:
                self._selections.popitem(last=False)
        kept = selection.rows
        pieces: list[bytes] = []
        for row in rows:
            hit = kept.get(row.id)
            if hit is None or hit[0] is not row:
                hit = kept[row.id] = (row, encode(render(row)))
            pieces.append(hit[1])
        return b"[" + b",".join(pieces) + b"]"


def _names(tenant: SandboxTenant) -> _Names:
    """The status and type names company JSON shows, as a comparable snapshot."""
    builder = tenant.builder
    return tuple(builder.status_names.items()), tuple(builder.type_names.items())
