"""The user's own records (CSV, JSON or JSON Lines), read whole or not at all.

Columns are found by the header names people actually use ("Customer ID",
"Company Name", "Website"...), and every problem is reported as
`file:line: problem` so it can be fixed in an editor. Nothing partial is ever
returned: the first problem raises `RecordsError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.files import ReadCancelled, UnreadableFile, read_regular
from tui.core.records_json import JsonProblem, json_objects, jsonl_objects
from tui.core.safe_text import formula_restore
from tui.errors import BadInput

_BOM = b"\xef\xbb\xbf"
#: Largest records file read: a million rows of a wide export fit well within it.
MAX_RECORDS_BYTES = 512 << 20
_HEADER_NOISE = re.compile(r"[\s_\-.]+")
# Optional scheme, optional user@ (or the local part of an e-mail address), optional www.,
# then the host up to a path, query, fragment or port.
_DOMAIN = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:[^/?#@]*@)?(?:www\.)?([^/?#:@]*)")

#: Header names per role, compared after `header_key`; earlier names win when several match.
ID_HEADERS = (
    "id", "recordid", "localid", "externalid", "customerid", "clientid", "accountid",
    "companyid", "customernumber", "customerno", "customer#", "clientnumber", "clientno",
    "accountnumber", "accountno", "account#", "reference", "ref", "uuid", "guid", "uid",
)  # fmt: skip
NAME_HEADERS = (
    "name", "companyname", "customername", "clientname", "accountname", "businessname",
    "organisationname", "organizationname", "organisation", "organization", "company",
    "customer", "client", "account", "legalname", "tradingname", "displayname",
)  # fmt: skip
DOMAIN_HEADERS = (
    "domain", "website", "web", "websiteurl", "url", "webaddress", "homepage", "emaildomain",
    "domainname", "email", "emailaddress",
)  # fmt: skip
PHONE_HEADERS = (
    "phone", "phonenumber", "telephone", "telephonenumber", "tel", "phoneno", "mainphone",
)  # fmt: skip
IDENTIFIER_HEADERS = (
    "identifier", "psaidentifier", "companyidentifier", "cwidentifier", "code", "shortname",
)  # fmt: skip
#: Address columns, in `PostalAddress` order: street, second line, city, state, zip, country.
ADDRESS_HEADERS: tuple[tuple[str, ...], ...] = (
    ("address", "addressline1", "address1", "street", "streetaddress", "addr1", "addr",
     "billingaddress", "billingstreet", "mailingaddress", "line1"),
    ("addressline2", "address2", "addr2", "line2", "street2"),
    ("city", "town", "locality", "suburb", "billingcity", "mailingcity"),
    ("state", "province", "region", "stateprovince", "stateorprovince", "county",
     "billingstate", "mailingstate"),
    ("zip", "zipcode", "postalcode", "postcode", "postal", "zippostalcode", "postalzip",
     "billingzip", "billingpostalcode", "mailingzip", "mailingpostalcode"),
    ("country", "countryname", "nation", "billingcountry", "mailingcountry"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """A record's address as its file gives it (each part stripped; "" when the file has none).

    `create` sends these to the PSA, which requires at least one address field on a new
    company; matching may use city, state and zip to tell same-name companies apart.
    """

    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""

    def __bool__(self) -> bool:
        return any((self.line1, self.line2, self.city, self.state, self.zip, self.country))


@dataclass(frozen=True, slots=True)
class LocalRecord:
    """One of the user's records: what the matcher and the mapping table work from."""

    id: str
    name: str
    domain: str | None = None
    phone: str | None = None
    identifier: str | None = None
    line: int = 0
    #: None when the file has no address columns or this row leaves them all blank.
    address: PostalAddress | None = None

    @property
    def city(self) -> str | None:
        """The address's city, if any (matching reads city, state and zip directly)."""
        return (self.address.city or None) if self.address else None

    @property
    def state(self) -> str | None:
        """The address's state or province, if any."""
        return (self.address.state or None) if self.address else None

    @property
    def zip(self) -> str | None:
        """The address's zip or postal code, if any."""
        return (self.address.zip or None) if self.address else None


class RecordsError(BadInput):
    """A records file problem: `customers.csv:12: duplicate id 'C-1' (first on line 3)`."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


def header_key(header: str) -> str:
    """A header as compared: case, spaces, underscores, dashes and dots ignored."""
    return _HEADER_NOISE.sub("", header.casefold())


def bare_domain(value: str) -> str | None:
    """`https://www.Contoso.com/about` -> `contoso.com`; an e-mail address gives its domain."""
    match = _DOMAIN.match(value.strip().lower())
    domain = match.group(1).strip(".") if match else ""
    return domain or None


def load_records(
    path: Path | str,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[LocalRecord]:
    """Read every record of a `.csv`, `.json` or `.jsonl` file, or raise `RecordsError`
    (`ReadCancelled` when `cancelled()` turned true while the file was being read)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json", ".jsonl"):
        if not path.exists():  # a mistyped path is a missing file before a wrong type
            raise RecordsError(path, None, "no such file")
        kind = f"file type {suffix!r}" if suffix else "a file without an extension"
        raise RecordsError(path, None, f"cannot read {kind}: use .csv, .json or .jsonl")
    text = _read_text(path, cancelled)
    fields: Iterable[_Fields]
    if suffix == ".csv":
        headers, rows = _csv_rows(path, text)
        columns = _Columns.choose(path, headers, id_column=id_column, name_column=name_column)
        fields = _csv_fields(columns, rows)
    else:
        try:
            objects = json_objects(text) if suffix == ".json" else jsonl_objects(text)
        except JsonProblem as problem:
            raise RecordsError(path, problem.line, problem.problem) from None
        if not objects:
            return []  # an empty array or file: no keys to look for, and no records
        headers = list(dict.fromkeys(key for _, obj in objects for key in obj))
        columns = _Columns.choose(path, headers, id_column=id_column, name_column=name_column)
        fields = _json_fields(path, columns, objects)
    return _build(path, fields)


#: (line, id, name, domain, phone, identifier, address parts) of one row, as stripped text
#: ("" if absent); the address parts are () when the file has no address column.
_Fields = tuple[int, str, str, str, str, str, tuple[str, ...]]


def _read_text(path: Path, cancelled: Callable[[], bool] | None = None) -> str:
    """The file as text: UTF-8 with or without a BOM; a bad byte is reported with its line.

    Only a regular file is read (a pipe would wait forever, a device never ends), at
    most `MAX_RECORDS_BYTES`, in chunks between which `cancelled()` can stop the read.
    """
    try:
        data, _ = read_regular(path, limit=MAX_RECORDS_BYTES, cancelled=cancelled)
    except FileNotFoundError:
        raise RecordsError(path, None, "no such file") from None
    except ReadCancelled:
        raise
    except UnreadableFile as exc:
        raise RecordsError(path, None, exc.problem) from None
    except OSError as exc:
        raise RecordsError(path, None, f"cannot read ({exc.strerror})") from None
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise RecordsError(path, line, f"undecodable byte 0x{byte:02x} (not UTF-8)") from None


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which header holds each field (None: the file has no such column)."""

    id: str
    name: str
    domain: str | None
    phone: str | None
    identifier: str | None
    headers: tuple[str, ...]
    #: One header (or None) per `PostalAddress` part; () when the file has no address column.
    address: tuple[str | None, ...] = ()

    @classmethod
    def choose(
        cls,
        path: Path,
        headers: Sequence[str],
        *,
        id_column: str | None,
        name_column: str | None,
    ) -> _Columns:
        """Pick columns by override, else by the common header names."""
        listing = ", ".join(repr(h) for h in headers) or "none"

        def named(wanted: str, flag: str) -> str:
            if wanted in headers:
                return wanted
            for header in headers:
                if header_key(header) == header_key(wanted):
                    return header
            raise RecordsError(path, 1, f"no column {wanted!r} for {flag} (columns: {listing})")

        def found(variants: Sequence[str], used: Sequence[str]) -> str | None:
            keys: dict[str, str] = {}
            for header in headers:
                if header not in used:
                    keys.setdefault(header_key(header), header)
            return next((keys[v] for v in variants if v in keys), None)

        id_ = named(id_column, "--id-column") if id_column else found(ID_HEADERS, ())
        if id_ is None:
            raise RecordsError(
                path, 1, f"no id column found (columns: {listing}); name it with --id-column"
            )
        name = named(name_column, "--name-column") if name_column else found(NAME_HEADERS, [id_])
        if name is None:
            raise RecordsError(
                path, 1, f"no name column found (columns: {listing}); name it with --name-column"
            )
        used = [id_, name]
        domain = found(DOMAIN_HEADERS, used)
        phone = found(PHONE_HEADERS, used)
        identifier = found(IDENTIFIER_HEADERS, used)
        used += [h for h in (domain, phone, identifier) if h is not None]
        address: list[str | None] = []
        for variants in ADDRESS_HEADERS:
            part = found(variants, used)
            address.append(part)
            if part is not None:
                used.append(part)
        for header in used:
            if headers.count(header) > 1:
                places = " and ".join(str(at + 1) for at, h in enumerate(headers) if h == header)
                raise RecordsError(
                    path, 1, f"column {header!r} appears more than once (columns {places}): "
                    "rename all but the one to read"
                )  # fmt: skip
        return cls(
            id=id_,
            name=name,
            domain=domain,
            phone=phone,
            identifier=identifier,
            headers=tuple(headers),
            address=tuple(address) if any(address) else (),
        )


def _csv_rows(path: Path, text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and an iterator of (line, cells); a quoted value may span lines."""
    # strict: a quote left open is an error at the end of the file, not a value that
    # silently swallows every row after it.
    delimiter = _delimiter(text[: text.find("\n") + 1 or len(text)])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise RecordsError(path, 1, _csv_problem(exc)) from None
    if header is None or not any(cell.strip() for cell in header):
        raise RecordsError(path, 1, "no header row (the first line must name the columns)")
    headers = [cell.strip() for cell in header]

    def rows() -> Iterator[tuple[int, list[str]]]:
        width = len(headers)
        previous = reader.line_num
        try:
            for cells in reader:
                line, previous = previous + 1, reader.line_num
                # Too many: only empty cells past the header's (a trailing comma) are fine.
                # Too few: a cell left out shifts those after it into the wrong columns,
                # unless the row is blank (only commas), which is skipped.
                if (len(cells) > width and any(c.strip() for c in cells[width:])) or (
                    len(cells) < width and any(c.strip() for c in cells)
                ):
                    raise RecordsError(
                        path, line, f"{len(cells)} values but the header names {width} columns"
                    )
                yield line, cells
        except csv.Error as exc:
            raise RecordsError(path, previous + 1, _csv_problem(exc)) from None

    return headers, rows()


#: Separators a spreadsheet writes: "," by default, ";" where "," is the decimal mark
#: (Excel in most of Europe), a tab in "text (tab delimited)" exports.
_DELIMITERS = (",", ";", "\t")


def _delimiter(header: str) -> str:
    """The separator the header line uses: the one it holds most of outside quotes
    (a comma when none is there, as for a one-column file)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(_DELIMITERS, key=lambda d: counts[d])  # the first of equals: a comma


def _csv_problem(exc: csv.Error) -> str:
    """The csv module's complaint, in words that point at the likely typo."""
    text = str(exc)
    if "unexpected end of data" in text:
        return "malformed CSV: a quote opened on this line is never closed"
    return f"malformed CSV: {text}"


def _csv_fields(columns: _Columns, rows: Iterable[tuple[int, list[str]]]) -> Iterator[_Fields]:
    """The wanted cells of each row; blank rows (or rows of only commas) are skipped.

    A tight loop, as it runs once per record: every row gets one extra "" cell, which
    is what a column the file does not have reads (and a blank row's missing cells).
    """
    width = len(columns.headers)
    wanted = (columns.id, columns.name, columns.domain, columns.phone, columns.identifier)
    i, n, d, p, c = (width if h is None else columns.headers.index(h) for h in wanted)
    where = [width if h is None else columns.headers.index(h) for h in columns.address]
    padding = [""] * (width + 1)
    for line, cells in rows:
        if len(cells) <= width:
            cells = [*cells, *padding[len(cells) :]]
        id_, name = cells[i].strip(), cells[n].strip()
        if id_ or name or "".join(cells).strip():
            address = tuple(cells[a].strip() for a in where) if where else ()
            yield (
                line,
                # `psamap companies --csv` marks a would-be formula with a `'`: undone here.
                formula_restore(id_),
                formula_restore(name),
                formula_restore(cells[d].strip()),
                formula_restore(cells[p].strip()),
                formula_restore(cells[c].strip()),
                address,
            )


def _json_fields(
    path: Path, columns: _Columns, objects: Iterable[tuple[int, dict[str, object]]]
) -> Iterator[_Fields]:
    """The wanted values of each object as text; a nested value in a wanted key is an error."""
    wanted = (columns.id, columns.name, columns.domain, columns.phone, columns.identifier)
    for line, obj in objects:
        id_, name, domain, phone, identifier = (_json_text(path, line, obj, k) for k in wanted)
        address = tuple(_json_text(path, line, obj, k) for k in columns.address)
        yield line, id_, name, domain, phone, identifier, address


def _build(path: Path, fields: Iterable[_Fields]) -> list[LocalRecord]:
    """Turn rows into records, stopping at the first empty or duplicate id or empty name."""
    records: list[LocalRecord] = []
    first_line: dict[str, int] = {}
    append = records.append
    for line, id_, name, domain, phone, identifier, address in fields:
        if not id_:
            raise RecordsError(path, line, "empty id")
        if not name:
            raise RecordsError(path, line, f"empty name for id {id_!r}")
        # Compare by presence, not by line: a minified JSON array holds every record on line 1.
        if (first := first_line.get(id_)) is not None:
            raise RecordsError(path, line, f"duplicate id {id_!r} (first on line {first})")
        first_line[id_] = line
        domain_or_none = bare_domain(domain) if domain else None
        postal = PostalAddress(*address) if address and any(address) else None
        append(
            LocalRecord(id_, name, domain_or_none, phone or None, identifier or None, line, postal)
        )
    return records


def _json_text(path: Path, line: int, obj: dict[str, object], key: str | None) -> str:
    """One field of a JSON object as stripped text ("" when absent or null)."""
    if key is None:
        return ""
    value = obj.get(key)
    if isinstance(value, str):
        # JSON may escape a lone surrogate ("\ud800"); no UTF-8 file (the mapping) can hold it.
        if not value.isascii() and not _encodable(value):
            raise RecordsError(
                path, line, f"{key!r} holds an invalid \\u escape (a lone surrogate)"
            )
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RecordsError(path, line, f"{key!r} must be text or a number")


def _encodable(text: str) -> bool:
    """False for text with a lone surrogate, which UTF-8 cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
