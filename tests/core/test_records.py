"""Reading the user's records: formats, header names, overrides and every error with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.records import LocalRecord, RecordsError, bare_domain, load_records


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def error_for(path: Path, *, id_column: str | None = None) -> RecordsError:
    with pytest.raises(RecordsError) as caught:
        load_records(path, id_column=id_column)
    return caught.value


# --- formats ------------------------------------------------------------------------------


def test_csv_with_every_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "customers.csv",
        "id,name,website,phone,identifier\n"
        "C-1,Contoso Ltd,https://www.contoso.com/about,+1 555 0100,ContosoLtd\n"
        "C-2,Fabrikam,,,\n",
    )

    assert load_records(path) == [
        LocalRecord("C-1", "Contoso Ltd", "contoso.com", "+1 555 0100", "ContosoLtd", line=2),
        LocalRecord("C-2", "Fabrikam", None, None, None, line=3),
    ]


def test_csv_with_bom_crlf_quotes_and_embedded_newlines(tmp_path: Path) -> None:
    content = '\ufeffid,name\r\nC-1,"Smith, Jones & ""Partners"""\r\nC-2,"Two\nLines"\r\nC-3,X\r\n'
    path = write(tmp_path, "c.csv", content.encode("utf-8"))

    records = load_records(path)

    assert [(r.id, r.name, r.line) for r in records] == [
        ("C-1", 'Smith, Jones & "Partners"', 2),
        ("C-2", "Two\nLines", 3),
        ("C-3", "X", 5),
    ]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ('"Customer ID";"Company Name";Website', 'C-1;"Smith; Jones, Ltd";www.sj.com'),
        ("Customer ID\tCompany Name\tWebsite", "C-1\tSmith; Jones, Ltd\twww.sj.com"),
    ],
    ids=["semicolons (Excel where the comma is the decimal mark)", "tabs"],
)
def test_csv_separated_by_semicolons_or_tabs_reads_as_with_commas(
    tmp_path: Path, header: str, row: str
) -> None:
    path = write(tmp_path, "c.csv", f"\ufeff{header}\r\n{row}\r\n")
    assert load_records(path) == [
        LocalRecord("C-1", "Smith; Jones, Ltd", "sj.com", None, None, line=2)
    ]


def test_a_separator_inside_a_quoted_header_does_not_count(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", '"id; the key",name\nC-1,A;B\n')
    assert [(r.id, r.name) for r in load_records(path, id_column="id; the key")] == [("C-1", "A;B")]


def test_a_column_psamap_reads_named_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,name,phone,name\nC-1,A,1,B\n")
    error = error_for(path)
    assert (error.line, error.problem) == (
        1,
        "column 'name' appears more than once (columns 2 and 4): rename all but the one to read",
    )
    other = write(tmp_path, "d.csv", "id,name,notes,notes\nC-1,A,x,y\n")
    assert [(r.id, r.name) for r in load_records(other)] == [("C-1", "A")]  # notes: unread


def test_csv_skips_blank_lines_and_rows_of_only_commas(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,name,phone\n\nC-1,A,1\n,,\n,,,\n,\nC-2,B,\n")

    records = load_records(path)

    assert [(r.id, r.phone, r.line) for r in records] == [("C-1", "1", 3), ("C-2", None, 7)]


def test_values_are_trimmed(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,name\n  C-1 ,  Contoso Ltd  \n")

    assert load_records(path)[0] == LocalRecord("C-1", "Contoso Ltd", line=2)


def test_json_array_of_objects_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.json",
        '[\n  {"id": "C-1", "name": "Contoso"},\n  {\n    "id": 1002,\n'
        '    "name": "Fabrikam", "website": "fabrikam.com", "phone": null}\n]\n',
    )

    assert load_records(path) == [
        LocalRecord("C-1", "Contoso", line=2),
        LocalRecord("1002", "Fabrikam", "fabrikam.com", line=3),
    ]


def test_empty_json_array_has_no_records(tmp_path: Path) -> None:
    assert load_records(write(tmp_path, "c.json", " [ ] ")) == []


def test_json_lines_with_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.jsonl",
        '{"Customer ID": "C-1", "Company Name": "Contoso"}\n\n'
        '{"Customer ID": "C-2", "Company Name": "Fabrikam", "Telephone": 5550100}\n',
    )

    assert load_records(path) == [
        LocalRecord("C-1", "Contoso", line=1),
        LocalRecord("C-2", "Fabrikam", phone="5550100", line=3),
    ]


def test_json_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", b'\xef\xbb\xbf[{"id": "1", "name": "A"}]')

    assert load_records(path) == [LocalRecord("1", "A", line=1)]


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    assert load_records(write(tmp_path, "C.CSV", "id,name\n1,A\n"))[0].name == "A"


def test_the_companies_csv_export_is_a_records_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "companies.csv",
        'id,identifier,name,status,types\n250,ContosoLtd,"Contoso, Ltd.",Active,Client; Vendor\n',
    )

    assert load_records(path) == [
        LocalRecord("250", "Contoso, Ltd.", identifier="ContosoLtd", line=2)
    ]


# --- header names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_header", "name_header"),
    [
        ("ID", "Name"),
        ("Customer ID", "Company Name"),
        ("customer_id", "customer_name"),
        ("Client-ID", "Client Name"),
        ("Account Number", "Account Name"),
        ("External Id", "Organisation"),
        ("record id", "Organization"),
        ("COMPANY_ID", "Business Name"),
        ("Local ID", "Company"),
    ],
)
def test_common_header_variants_are_found(tmp_path: Path, id_header: str, name_header: str) -> None:
    path = write(tmp_path, "c.csv", f"Notes,{name_header},{id_header}\nx,Contoso,C-1\n")

    assert load_records(path) == [LocalRecord("C-1", "Contoso", line=2)]


@pytest.mark.parametrize(
    ("header", "field", "value", "expected"),
    [
        ("Website", "domain", "http://www.contoso.com/", "contoso.com"),
        ("Web Site", "domain", "contoso.com", "contoso.com"),
        ("URL", "domain", "https://contoso.com:8443/x?y", "contoso.com"),
        ("Email Domain", "domain", "Contoso.COM", "contoso.com"),
        ("Phone Number", "phone", "555 0100", "555 0100"),
        ("tel", "phone", "555", "555"),
        ("PSA Identifier", "identifier", "ContosoLtd", "ContosoLtd"),
        ("Code", "identifier", "CON", "CON"),
    ],
)
def test_optional_columns_are_found(
    tmp_path: Path, header: str, field: str, value: str, expected: str
) -> None:
    path = write(tmp_path, "c.csv", f"id,name,{header}\nC-1,Contoso,{value}\n")

    assert getattr(load_records(path)[0], field) == expected


def test_the_most_specific_name_header_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "Company,Company Name,ID\nContoso Group,Contoso Ltd,1\n")

    assert load_records(path)[0].name == "Contoso Ltd"


def test_overrides_pick_columns_by_name_ignoring_case(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,name,Ref,Legal Title\n1,Short,R-9,Long Name Ltd\n")

    records = load_records(path, id_column="ref", name_column="Legal Title")

    assert records == [LocalRecord("R-9", "Long Name Ltd", line=2)]


def test_override_naming_an_unknown_column_lists_the_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "id,name\n1,A\n")

    error = error_for(path, id_column="Customer Key")

    assert (
        str(error) == f"{path}:1: no column 'Customer Key' for --id-column (columns: 'id', 'name')"
    )


@pytest.mark.parametrize(
    ("bare", "domain"),
    [
        ("https://www.Contoso.com/about", "contoso.com"),
        ("www.contoso.co.uk", "contoso.co.uk"),
        ("sales@contoso.com", "contoso.com"),
        ("http://user:pw@contoso.com:80/", "contoso.com"),
        ("contoso.com.", "contoso.com"),
        ("   ", None),
    ],
)
def test_websites_become_bare_domains(bare: str, domain: str | None) -> None:
    assert bare_domain(bare) == domain


# --- errors, each with its line -----------------------------------------------------------


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "customers.csv", "id,name\nC-1,A\nC-2,B\nC-1,C\n")

    error = error_for(path)

    assert (error.path, error.line) == (path, 4)
    assert error.problem == "duplicate id 'C-1' (first on line 2)"
    assert str(error) == f"{path}:4: duplicate id 'C-1' (first on line 2)"


def test_empty_id(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", "id,name\nC-1,A\n ,B\n"))

    assert (error.line, error.problem) == (3, "empty id")


def test_empty_name(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", "id,name\nC-1,A\nC-2,\n"))

    assert (error.line, error.problem) == (3, "empty name for id 'C-2'")


def test_missing_id_column_is_line_one(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", "Company Name,Phone\nA,1\n"))

    assert error.line == 1
    assert "no id column found (columns: 'Company Name', 'Phone')" in error.problem


def test_missing_name_column_is_line_one(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", "id,phone\n1,2\n"))

    assert error.line == 1
    assert error.problem.startswith("no name column found")


def test_empty_csv_has_no_header(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", ""))

    assert error.line == 1
    assert "no header row" in error.problem


def test_undecodable_byte_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", b"id,name\nC-1,Caf\xc3\xa9\nC-2,Caf\xe9\n")

    error = error_for(path)

    assert (error.line, error.problem) == (3, "undecodable byte 0xe9 (not UTF-8)")


def test_row_with_more_values_than_headers(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.csv", "id,name\n1,A\n2,B,extra\n"))

    assert (error.line, error.problem) == (3, "3 values but the header names 2 columns")


def test_row_with_fewer_values_than_headers(tmp_path: Path) -> None:
    """docs/CONTRACT.md §3: a row with the wrong number of cells stops the load. A cell
    left out mid-row shifts every value after it (here the city would be read as the
    website), so padding the row would load it wrong without a word."""
    path = write(tmp_path, "c.csv", "id,name,website,city\n1,A,a.com,Leeds\n2,B,Leeds\n")
    error = error_for(path)

    assert (error.line, error.problem) == (3, "3 values but the header names 4 columns")


def test_malformed_json_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", '[\n {"id": "1", "name": "A"},\n {"id": "2" "name": "B"}\n]')

    error = error_for(path)

    assert error.line == 3
    assert error.problem.startswith("malformed JSON")


def test_json_trailing_comma_is_malformed(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.json", '[\n{"id": "1", "name": "A"},\n]'))

    assert error.line == 3


def test_json_that_is_not_an_array(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.json", '\n{"id": "1", "name": "A"}'))

    assert (error.line, error.problem) == (2, "expected a JSON array of objects")


def test_json_item_that_is_not_an_object(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.json", '[\n{"id": "1", "name": "A"},\n"C-2"\n]'))

    assert (error.line, error.problem) == (3, "item is not a JSON object (found str)")


def test_json_lines_error_names_the_line(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.jsonl", '{"id": "1", "name": "A"}\n{"id": 2, name}\n'))

    assert error.line == 2
    assert error.problem.startswith("malformed JSON")


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("NaN", "malformed JSON: NaN is not a JSON value (write null for none)"),
        ("-Infinity", "malformed JSON: -Infinity is not a JSON value (write null for none)"),
        ("1e400", "unreadable JSON: the number 1e400 is beyond a float's range"),
    ],
)
def test_json_numbers_no_json_parser_agrees_on_are_refused_with_their_line(
    tmp_path: Path, suffix: str, value: str, problem: str
) -> None:
    """Python's json reads NaN and Infinity (not JSON: RFC 8259) and turns 1e400 into inf:
    ids 'nan' and 'inf', names 'nan', a website 'nan' would be records no other tool sees."""
    rows = ['{"id": "1", "name": "A"}', f'{{"id": {value}, "name": "B"}}']
    text = "[\n" + ",\n".join(rows) + "\n]" if suffix == ".json" else "\n".join(rows)
    error = error_for(write(tmp_path, f"c{suffix}", text))

    assert (error.line, error.problem) == (2 + (suffix == ".json"), problem)


def test_json_value_that_is_not_text(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.jsonl", '{"id": ["x"], "name": "A"}\n'))

    assert (error.line, error.problem) == (1, "'id' must be text or a number")


def test_duplicate_id_in_json_lines(tmp_path: Path) -> None:
    error = error_for(
        write(tmp_path, "c.jsonl", '{"id": 7, "name": "A"}\n{"id": "7", "name": "B"}\n')
    )

    assert str(error).endswith(":2: duplicate id '7' (first on line 1)")


def test_unknown_extension(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "c.txt", "id,name\n"))

    assert error.line is None
    assert (
        str(error)
        == f"{tmp_path / 'c.txt'}: cannot read file type '.txt': use .csv, .json or .jsonl"
    )


@pytest.mark.parametrize("name", ["gone.csv", "gone", "gone.txt"])
def test_missing_file(tmp_path: Path, name: str) -> None:
    # Whatever its extension: a mistyped path is first of all a file that is not there.
    assert error_for(tmp_path / name).problem == "no such file"


# --- size ---------------------------------------------------------------------------------


def test_one_hundred_thousand_rows_load_completely(tmp_path: Path) -> None:
    lines = ["Customer ID,Company Name,Website"]
    lines += [f"C-{i},Company {i} Ltd,https://www.c{i}.example/" for i in range(100_000)]
    path = write(tmp_path, "big.csv", "\n".join(lines) + "\n")

    records = load_records(path)

    assert len(records) == 100_000
    assert records[-1] == LocalRecord(
        "C-99999", "Company 99999 Ltd", "c99999.example", line=100_001
    )


def test_one_hundred_thousand_json_objects_load_completely(tmp_path: Path) -> None:
    items = [{"id": i, "name": f"Company {i}"} for i in range(100_000)]
    path = write(tmp_path, "big.json", json.dumps(items, indent=1))

    records = load_records(path)

    assert len(records) == 100_000
    assert records[1] == LocalRecord("1", "Company 1", line=6)
