"""The mapping file format: the contract's layout, round trips of awkward ids, and clear errors."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.mapping_file import (
    FilterSpec,
    MappingDocument,
    MappingEntry,
    MappingFileError,
    NamedId,
    dumps,
    loads,
    natural_sorted,
)
from tui.core.mapping_store import MappingStore
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType

CONTRACT_TEXT = """\
format = 1
tenant = "contoso"
company_id = "contoso"
saved_at = 2026-11-26T17:30:00Z
records = "customers.csv"

[filter]
statuses = [{ id = 1, name = "Active" }, { id = 17, name = "Credit Hold" }]
types = [{ id = 5, name = "Client" }, { id = 77, name = "Managed Client" }]
conditions = "deletedFlag = false and status/id in (1,17)"
child_conditions = "types/id = 5 or types/id = 77"

[mappings."C-1001"]
local_name = "Contoso Ltd"
psa_id = 250
psa_identifier = "ContosoLtd"
psa_name = "Contoso, Ltd."
method = "exact"
score = 100.0

[ignored]
"C-1077" = "no PSA company"
"""

PATH = Path("mapping.toml")


def entry(local_id: str, psa_id: int = 250, **kw: object) -> MappingEntry:
    fields: dict[str, object] = {
        "local_name": f"Local {local_id}",
        "psa_identifier": f"Id{psa_id}",
        "psa_name": f"PSA {psa_id}",
        "method": "fuzzy",
        "score": 95.0,
    }
    fields.update(kw)
    return MappingEntry(local_id=local_id, psa_id=psa_id, **fields)  # type: ignore[arg-type]


def contract_document() -> MappingDocument:
    return MappingDocument(
        tenant="contoso",
        company_id="contoso",
        saved_at=datetime(2026, 11, 26, 17, 30, tzinfo=UTC),
        records="customers.csv",
        filter=FilterSpec.of(
            [CompanyStatus(id=1, name="Active"), CompanyStatus(id=17, name="Credit Hold")],
            [CompanyType(id=5, name="Client"), CompanyType(id=77, name="Managed Client")],
        ),
        mappings={
            "C-1001": MappingEntry(
                local_id="C-1001",
                local_name="Contoso Ltd",
                psa_id=250,
                psa_identifier="ContosoLtd",
                psa_name="Contoso, Ltd.",
                method="exact",
                score=100,
            )
        },
        ignored={"C-1077": "no PSA company"},
    )


def error_for(text: str) -> MappingFileError:
    with pytest.raises(MappingFileError) as caught:
        loads(text, path=PATH)
    return caught.value


# --- layout -------------------------------------------------------------------------------


def test_writes_the_contract_layout_exactly() -> None:
    assert dumps(contract_document()) == CONTRACT_TEXT


def test_reads_the_contract_example_with_its_comments() -> None:
    commented = CONTRACT_TEXT.replace(
        'method = "exact"', 'method = "exact"      # exact | identifier | domain | fuzzy | manual'
    ).replace('"no PSA company"', '"no PSA company"   # deliberately left unmapped')

    assert loads(commented, path=PATH) == contract_document()


def test_filter_spec_builds_the_same_conditions_as_company_filter() -> None:
    spec = contract_document().filter

    assert spec.to_filter() == CompanyFilter.of({1, 17}, {5, 77})
    assert spec.conditions == CompanyFilter.of({1, 17}, {5, 77}).conditions()


def test_every_type_means_an_empty_list_and_no_child_conditions() -> None:
    doc = contract_document()
    doc.filter = FilterSpec.of([NamedId(id=1, name="Active")], [])

    text = dumps(doc)

    assert "types = []\n" in text
    assert 'child_conditions = ""\n' in text
    assert 'conditions = "deletedFlag = false and status/id = 1"\n' in text


def test_empty_document_has_no_mapping_or_ignored_tables() -> None:
    doc = MappingDocument(tenant="t", company_id="c", saved_at=datetime(2026, 1, 2, tzinfo=UTC))

    text = dumps(doc)

    assert "[mappings" not in text
    assert "[ignored]" not in text
    assert loads(text, path=PATH) == doc


def test_entries_are_sorted_in_natural_order() -> None:
    doc = contract_document()
    doc.ignored = {}
    doc.mappings = {i: entry(i) for i in ["C-10", "c-3", "C-2", "B-1", "C-1001"]}
    doc.ignored = {"X-10": "later", "X-9": "later"}

    text = dumps(doc)

    headers = [line for line in text.splitlines() if line.startswith("[mappings.")]
    assert headers == [
        '[mappings."B-1"]',
        '[mappings."C-2"]',
        '[mappings."c-3"]',
        '[mappings."C-10"]',
        '[mappings."C-1001"]',
    ]
    assert text.index('"X-9"') < text.index('"X-10"')


def test_natural_sort_is_stable_for_equal_numbers() -> None:
    assert natural_sorted(["a10", "a9", "A9", "a09", "b", "10", "9"]) == [
        "9",
        "10",
        "A9",
        "a09",
        "a9",
        "a10",
        "b",
    ]


def test_saved_at_is_written_in_utc_with_z() -> None:
    doc = contract_document()
    doc.saved_at = datetime(2026, 11, 26, 18, 30, 5, 999, tzinfo=timezone(timedelta(hours=1)))

    assert "saved_at = 2026-11-26T17:30:05Z\n" in dumps(doc)
    assert doc.saved_at == datetime(2026, 11, 26, 17, 30, 5, tzinfo=UTC)


def test_scores_are_kept_to_one_decimal() -> None:
    assert entry("C-1", score=93.33333).score == 93.3
    assert "score = 93.3\n" in dumps(
        MappingDocument(tenant="t", company_id="c", mappings={"C-1": entry("C-1", score=93.333)})
    )


# --- round trips of awkward text ----------------------------------------------------------

AWKWARD = [
    'quote"inside',
    "single'quote",
    "dots.in.id",
    "[brackets]",
    "back\\slash",
    "new\nline",
    "tab\tand\rcr",
    "ünïcødé 名前 🚀",
    "=equals = sign",
    "# not a comment",
    "",
    "1001",
    "\x7f\x01control",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_ids_and_names_survive_a_round_trip(text: str) -> None:
    doc = contract_document()
    doc.mappings = {text: entry(text, local_name=text, psa_name=text, psa_identifier=text)}
    doc.ignored = {f"ignored {text}": text}
    doc.records = text
    doc.filter.statuses = [NamedId(id=1, name=text)]

    assert loads(dumps(doc), path=PATH) == doc


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.text(max_size=12), max_size=6, unique=True),
    name=st.text(max_size=20),
    score=st.floats(min_value=0, max_value=100),
)
def test_any_text_survives_a_round_trip(ids: list[str], name: str, score: float) -> None:
    doc = MappingDocument(
        tenant=name,
        company_id="c",
        saved_at=datetime(2026, 1, 1, tzinfo=UTC),
        mappings={i: entry(i, local_name=name, score=score) for i in ids},
    )

    text = dumps(doc)

    assert tomllib.loads(text)["tenant"] == name
    assert loads(text, path=PATH) == doc


# --- errors from hand edits ---------------------------------------------------------------


def test_unknown_format_version_is_refused() -> None:
    error = error_for(CONTRACT_TEXT.replace("format = 1", "format = 2"))

    assert (error.line, error.field) == (1, "format")
    assert str(error) == "mapping.toml:1: format: unsupported format 2: this psamap reads format 1"


def test_missing_format_is_refused() -> None:
    assert error_for(CONTRACT_TEXT.replace("format = 1\n", "")).field == "format"


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path: Path) -> None:
    """A mapping file saved by Notepad (UTF-8 with a BOM) reads as it shows; errors keep
    their lines, and the next save writes it without the BOM."""
    path = tmp_path / "contoso.mapping.toml"
    path.write_bytes(b"\xef\xbb\xbf" + CONTRACT_TEXT.encode("utf-8"))
    document = MappingStore(path).load()
    assert document is not None and list(document.mappings) == ["C-1001"]
    error = error_for("\ufeff" + CONTRACT_TEXT.replace("psa_id = 250", 'psa_id = "250"'))
    assert (error.line, error.field) == (15, 'mappings."C-1001".psa_id')


def test_toml_syntax_error_names_the_line() -> None:
    error = error_for(CONTRACT_TEXT.replace("psa_id = 250", "psa_id = "))

    assert error.line == 15
    assert str(error).startswith("mapping.toml:15: invalid TOML:")


def test_wrong_type_names_field_and_line() -> None:
    error = error_for(CONTRACT_TEXT.replace("psa_id = 250", 'psa_id = "two fifty"'))

    assert (error.line, error.field) == (15, 'mappings."C-1001".psa_id')


def test_unknown_method_names_field_and_line() -> None:
    error = error_for(CONTRACT_TEXT.replace('method = "exact"', 'method = "guess"'))

    assert (error.line, error.field) == (18, 'mappings."C-1001".method')
    assert "expected 'exact', 'identifier', 'domain', 'fuzzy', 'manual' or 'created'" in (
        error.problem
    )


def test_missing_field_points_at_its_table() -> None:
    error = error_for(CONTRACT_TEXT.replace('psa_name = "Contoso, Ltd."\n', ""))

    assert (error.line, error.field, error.problem) == (
        13,
        'mappings."C-1001".psa_name',
        "missing field",
    )


def test_unknown_field_is_a_typo_not_ignored() -> None:
    error = error_for(CONTRACT_TEXT.replace("psa_id = 250", "psa_id = 250\npsa_idd = 1"))

    assert (error.line, error.field, error.problem) == (
        16,
        'mappings."C-1001".psa_idd',
        "unknown field",
    )


def test_bad_filter_item_names_its_index() -> None:
    error = error_for(CONTRACT_TEXT.replace('{ id = 17, name = "Credit Hold" }', "{ id = 17 }"))

    assert (error.line, error.field) == (8, "filter.statuses[1].name")


def test_score_out_of_range() -> None:
    error = error_for(CONTRACT_TEXT.replace("score = 100.0", "score = 140.0"))

    assert (error.line, error.field) == (19, 'mappings."C-1001".score')


@pytest.mark.parametrize("psa_id", ["0", "-5", "2147483648", "99999999999999999999"])
def test_a_psa_id_outside_the_vendors_ids_is_refused_with_its_line(psa_id: str) -> None:
    """PSA ids are positive int32 (the vendor's schema): a hand-edited 0, negative or huge
    id is a typo to point at, not a company to report "missing" (or, past SQLite's
    integers, an internal OverflowError in `check`)."""
    error = error_for(CONTRACT_TEXT.replace("psa_id = 250", f"psa_id = {psa_id}"))

    assert (error.line, error.field) == (15, 'mappings."C-1001".psa_id')
    assert "1 to 2147483647" in error.problem


@pytest.mark.parametrize("status_id", ["0", "-1", "99999999999999999999"])
def test_a_filter_id_outside_the_vendors_ids_is_refused_with_its_line(status_id: str) -> None:
    error = error_for(CONTRACT_TEXT.replace("{ id = 17,", f"{{ id = {status_id},"))

    assert (error.line, error.field) == (8, "filter.statuses[1].id")
    assert "1 to 2147483647" in error.problem


def test_record_both_mapped_and_ignored_is_refused() -> None:
    error = error_for(CONTRACT_TEXT.replace('"C-1077" =', '"C-1001" ='))

    assert error.line == 22
    assert "'C-1001' is both mapped and ignored" in str(error)


def test_local_id_inside_an_entry_is_refused() -> None:
    error = error_for(CONTRACT_TEXT.replace("psa_id = 250", 'psa_id = 250\nlocal_id = "X"'))

    assert error.field == 'mappings."C-1001".local_id'
    assert error.line == 16
