"""Property-based tests: filters select exactly what they mean, parsers fail only in their own
words, and the mapping file keeps any id and name intact.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.core.mapping_file import FilterSpec, MappingDocument, MappingEntry, NamedId
from tui.core.mapping_store import MappingStore
from tui.core.records import RecordsError, load_records
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.psa.gaps import Span, gap_clauses
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
    Sandbox,
    SandboxTenant,
    make_tenant,
)
from tui.sandbox.data.rows import CompanyRow

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def tenant() -> SandboxTenant:
    """600 companies over every status and type of the demo profile, ids with gaps."""
    return make_tenant("acme", 600, seed=5)


def status_ids() -> list[int]:
    return [s["id"] for s in tenant().statuses]


def type_ids() -> list[int]:
    return [t["id"] for t in tenant().types]


UNKNOWN_ID = 999_999  # a status or type the tenant does not have: selects nothing, no error

filters = st.builds(
    CompanyFilter.of,
    st.frozensets(st.sampled_from([*status_ids(), UNKNOWN_ID])),
    st.frozensets(st.sampled_from([*type_ids(), UNKNOWN_ID])),
    st.booleans(),
)


def meant_by(flt: CompanyFilter, row: CompanyRow) -> bool:
    """What a filter means, in plain Python: not deleted (unless asked), one of the statuses
    (if any chosen) and at least one of the types (if any chosen)."""
    return (
        (flt.include_deleted or not row.deleted)
        and (not flt.status_ids or row.status_id in flt.status_ids)
        and (not flt.type_ids or bool(set(row.type_ids) & flt.type_ids))
    )


_ID_CLAUSES = re.compile(r"[\sid()<>=0-9andor]*")


def id_test(conditions: str) -> Callable[[int], bool]:
    """Evaluate the id clauses the loader adds (`id > n`, `(id > a and id < b)`, `id = n`,
    `or`, parentheses) independently of the sandbox: as Python, after checking the alphabet."""
    if not conditions:
        return lambda _id: True
    expr = re.sub(r"\bid = ", "id == ", conditions)
    assert _ID_CLAUSES.fullmatch(expr), conditions
    code = compile(expr, "<id clauses>", "eval")
    return lambda company_id: bool(eval(code, {}, {"id": company_id}))  # alphabet checked


def and_all(*parts: str) -> str:
    """Join conditions the way the loader does: compound parts in parentheses."""
    kept = [p for p in parts if p]
    return " and ".join(f"({p})" if (" and " in p or " or " in p) else p for p in kept)


def sandbox_ids(conditions: str, child_conditions: str) -> list[int]:
    return [r.id for r in tenant().query(conditions, child_conditions)]


# --- filters: what the client sends is what the sandbox selects ----------------------------------


@FEW
@given(flt=filters)
def test_every_filter_parses_and_selects_exactly_the_companies_it_means(
    flt: CompanyFilter,
) -> None:
    selected = sandbox_ids(flt.conditions(), flt.child_conditions())

    assert selected == [r.id for r in tenant().rows if meant_by(flt, r)]


def ordered_span(bounds: tuple[int | None, int | None]) -> Span:
    """A span from two bounds (either may be open), low bound first."""
    low, high = bounds
    if low is not None and high is not None and high < low:
        return Span(high, low)
    return Span(low, high)


ids_in_range = st.integers(min_value=200, max_value=1_400)
spans = st.lists(
    st.tuples(st.none() | ids_in_range, st.none() | ids_in_range).map(ordered_span),
    min_size=1,
    max_size=6,
)


@FEW
@given(flt=filters, spans=spans, highest=st.none() | ids_in_range, after=st.none() | ids_in_range)
def test_the_loaders_gap_and_keyset_conditions_select_exactly_what_they_say(
    flt: CompanyFilter, spans: list[Span], highest: int | None, after: int | None
) -> None:
    gaps = " or ".join(gap_clauses(spans, highest))
    keyset = "" if after is None else f"id > {after}"
    ids_part = and_all(gaps, keyset)
    conditions = and_all(flt.conditions(), ids_part)

    selected = sandbox_ids(conditions, flt.child_conditions())

    wanted = id_test(ids_part)
    assert selected == [r.id for r in tenant().rows if meant_by(flt, r) and wanted(r.id)]


@settings(max_examples=12, deadline=None)
@given(flt=filters)
async def test_the_client_loads_and_counts_exactly_the_filtered_companies(
    flt: CompanyFilter,
) -> None:
    from tui.psa.auth import Credentials

    credentials = Credentials("acme", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
    sandbox = Sandbox([tenant()])
    async with ConnectWiseClient(DEMO_SITE, credentials, transport=sandbox.transport()) as client:
        companies = await client.companies(flt)
        count = await client.count_companies(flt)

    expected = [r for r in tenant().rows if meant_by(flt, r)]
    assert [(c.id, c.name) for c in companies] == [(r.id, r.name) for r in expected]
    assert count == len(expected)


# --- the records parser: its own error or records, never anything else ---------------------------

SUFFIXES = (".csv", ".json", ".jsonl")
_workdir = Path(tempfile.mkdtemp(prefix="psamap-properties-"))


def load_bytes(
    data: bytes, suffix: str, *, id_column: str | None = None, name_column: str | None = None
) -> list:
    path = _workdir / f"records{suffix}"
    path.write_bytes(data)
    return load_records(path, id_column=id_column, name_column=name_column)


def check_records_or_records_error(data: bytes, suffix: str, **columns: str | None) -> None:
    """Loading either raises RecordsError or gives records with unique ids and real names."""
    try:
        records = load_bytes(data, suffix, **columns)
    except RecordsError as exc:
        assert str(exc).startswith(str(_workdir / f"records{suffix}"))
        assert "\n" not in str(exc)
        return
    assert len({r.id for r in records}) == len(records)
    assert all(r.id.strip() == r.id != "" and r.name.strip() == r.name != "" for r in records)


@FEW
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
@example(data=b"[" * 50_000, suffix=".json")
@example(data=b'{"id": ' * 50_000 + b"\n", suffix=".jsonl")
@example(data=b'[{"id": ' + b"7" * 5_000 + b', "name": "x"}]', suffix=".json")
@example(data=b'[{"id": "\\ud800", "name": "x"}]', suffix=".json")
@example(data=b"\xef\xbb\xbf", suffix=".csv")
@example(data=b"id,name\n" + b"x" * 200_000 + b",y\n", suffix=".csv")
def test_arbitrary_bytes_give_records_or_a_records_error(data: bytes, suffix: str) -> None:
    check_records_or_records_error(data, suffix)


awkward_text = st.text(
    alphabet=st.sampled_from("ab1 ,;\"'\n\r\t\\[]{}:.\x00\x1b\ufeffé😀")
    | st.characters(codec="utf-8"),
    max_size=12,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | awkward_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(awkward_text, inner, max_size=3),
    max_leaves=8,
)
header_names = st.sampled_from(["id", "name", "Customer ID", "Company Name", "website", "x"])


@FEW
@given(
    headers=st.lists(header_names | awkward_text, min_size=1, max_size=4),
    rows=st.lists(st.lists(awkward_text, max_size=5), max_size=6),
)
def test_csv_of_awkward_cells_gives_records_or_a_records_error(
    headers: list[str], rows: list[list[str]]
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([headers, *rows])
    check_records_or_records_error(out.getvalue().encode("utf-8"), ".csv")


@FEW
@given(
    items=st.lists(
        st.dictionaries(header_names | awkward_text, json_values, max_size=4) | json_values,
        max_size=5,
    ),
    lines=st.booleans(),
)
def test_json_of_any_shape_gives_records_or_a_records_error(items: list, lines: bool) -> None:
    if lines:
        data = "\n".join(json.dumps(i) for i in items).encode("utf-8")
        check_records_or_records_error(data, ".jsonl")
    else:
        check_records_or_records_error(json.dumps(items).encode("utf-8"), ".json")


@FEW
@given(
    pairs=st.dictionaries(
        awkward_text.map(str.strip).filter(bool), awkward_text.filter(str.strip), max_size=8
    ),
    suffix=st.sampled_from(SUFFIXES),
)
@example(pairs={"1": "''", "'=2": "'a", "3": "'+x"}, suffix=".csv")
@example(pairs={"1": "''", "'=2": "'a"}, suffix=".json")
def test_records_written_by_csv_or_json_read_back_as_written(
    pairs: dict[str, str], suffix: str
) -> None:
    rows = [{"id": i, "name": n} for i, n in pairs.items()]
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, ["id", "name"])
        writer.writeheader()
        writer.writerows(rows)
        data = out.getvalue()
    elif suffix == ".json":
        data = json.dumps(rows)
    else:
        data = "\n".join(json.dumps(r) for r in rows)
    # Strings with a NUL, a lone CR or a form feed may be refused by the csv module; what is
    # read must still be exactly what was written.
    try:
        records = load_bytes(data.encode("utf-8"), suffix)
    except RecordsError:
        assert suffix == ".csv"
        return
    expected = [(i, n.strip()) for i, n in pairs.items()]
    if suffix == ".csv":
        # The documented CSV rule (README, "Records and mapping files"): a cell that starts
        # with `'` before `= + - @`, a tab, a CR or another `'` is psamap's formula-safe
        # export, and reads back without that one `'`.
        expected = [(_unmark(i), _unmark(n)) for i, n in expected]
    assert [(r.id, r.name) for r in records] == expected


def _unmark(cell: str) -> str:
    """A CSV cell as the records loader reads it back: one leading formula-safety `'` dropped."""
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r'" else cell


# --- the mapping file: any id and name survives a save and a load ---------------------------------

any_text = st.text(
    alphabet=st.sampled_from(".\"[]{}=#'\\\n\r\t \x00\x7f\u2028é中😀")
    | st.characters(codec="utf-8"),
    max_size=20,
)


@FEW
@given(
    mapped=st.dictionaries(any_text, st.tuples(any_text, any_text, st.integers(1, 2**31 - 1))),
    ignored=st.dictionaries(any_text, any_text, max_size=4),
    status_name=any_text,
)
def test_the_mapping_file_keeps_any_ids_and_names_through_save_and_load(
    mapped: dict[str, tuple[str, str, int]], ignored: dict[str, str], status_name: str
) -> None:
    ignored = {k: v for k, v in ignored.items() if k not in mapped}
    doc = MappingDocument(
        tenant="contoso",
        company_id="contoso",
        records="customers.csv",
        filter=FilterSpec.of([NamedId(id=1, name=status_name)], []),
        mappings={
            local_id: MappingEntry(
                local_id=local_id,
                local_name=local_name,
                psa_id=psa_id,
                psa_identifier=psa_name[:5],
                psa_name=psa_name,
                method="manual",
                score=100.0,
            )
            for local_id, (local_name, psa_name, psa_id) in mapped.items()
        },
        ignored=ignored,
    )
    path = _workdir / "m.toml"
    path.unlink(missing_ok=True)

    saved = MappingStore(path).save(doc)
    loaded = MappingStore(path).load()

    assert loaded == saved
    assert loaded is not None and loaded.mappings == doc.mappings and loaded.ignored == ignored


@pytest.fixture(scope="module", autouse=True)
def _cleanup_workdir():
    yield
    for path in _workdir.iterdir():
        path.unlink()
    _workdir.rmdir()
