"""The mapping file's format (TOML, format 1): its models, how it is written and how it is read.

The text is laid out by hand, in docs/CONTRACT.md §4's order, because that layout is what
people diff and review: tables sorted by local id in natural order, one inline array
per filter list, every local id quoted. tomli-w formats each value (so quotes,
backslashes, control characters and unicode are escaped the TOML way) and tomllib
reads the file back.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.core.toml_lines import find_line, syntax_error_position
from tui.errors import BadInput
from tui.psa.filter import CompanyFilter

FORMAT: Final = 1
Method = Literal["exact", "identifier", "domain", "fuzzy", "manual", "created"]
_DIGITS = re.compile(r"(\d+)")
#: The vendor's ids are int32 and start at 1 (the schema's `id` is `int32`).
_LARGEST_ID: Final = 2**31 - 1


def _vendor_id(value: int) -> int:
    """A PSA id as the vendor hands them out: a hand-edited 0, -5 or 20-digit id is a typo
    to point at in the file, not a company to look for (past SQLite's 64-bit integers, the
    cache could not even be asked)."""
    if not 1 <= value <= _LARGEST_ID:
        raise ValueError(f"a PSA id is a whole number from 1 to {_LARGEST_ID}, not {value}")
    return value


#: A company, status or type id as the mapping file holds it.
PsaId = Annotated[int, AfterValidator(_vendor_id)]


class MappingFileError(BadInput):
    """A mapping file that cannot be read: `mapping.toml:12: mappings."C-1".psa_id: problem`."""

    def __init__(self, path: Path, line: int | None, field: str | None, problem: str) -> None:
        self.path, self.line, self.field, self.problem = path, line, field, problem
        where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{field}: {problem}" if field else f"{where}{problem}")


class _Model(BaseModel):
    """Hand-edited files: unknown keys are typos, so they are errors, not silently dropped;
    and types are strict: `psa_id = true` or `psa_id = "321"` is a mistake to point at,
    not a value to guess (1, 321)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, strict=True)


class NamedId(_Model):
    """A status or type as chosen: its id (what filters use) and its name (for people)."""

    id: PsaId
    name: str


class FilterSpec(_Model):
    """The filter the mapping was made against, with the conditions strings it produces."""

    statuses: list[NamedId] = Field(default_factory=list)
    types: list[NamedId] = Field(default_factory=list, description="Empty means every type.")
    conditions: str = ""
    child_conditions: str = ""

    @classmethod
    def of(
        cls,
        statuses: Iterable[Any],
        types: Iterable[Any],
        *,
        include_deleted: bool = False,
    ) -> FilterSpec:
        """Build from chosen statuses and types (anything with `.id` and `.name`)."""
        chosen_statuses = [NamedId(id=s.id, name=s.name) for s in statuses]
        chosen_types = [NamedId(id=t.id, name=t.name) for t in types]
        flt = CompanyFilter.of(
            (s.id for s in chosen_statuses), (t.id for t in chosen_types), include_deleted
        )
        return cls(
            statuses=chosen_statuses,
            types=chosen_types,
            conditions=flt.conditions(),
            child_conditions=flt.child_conditions(),
        )

    def to_filter(self) -> CompanyFilter:
        """The `CompanyFilter` for these ids (deleted companies stay excluded)."""
        return CompanyFilter.of((s.id for s in self.statuses), (t.id for t in self.types))


class MappingEntry(_Model):
    """One local record associated with one PSA company, and how that was decided."""

    local_id: str
    local_name: str
    psa_id: PsaId
    psa_identifier: str = ""
    psa_name: str
    method: Method
    score: float = Field(ge=0.0, le=100.0)

    @field_validator("score")
    @classmethod
    def _one_decimal(cls, value: float) -> float:
        """Scores are shown and stored to one decimal; more digits would only churn diffs."""
        if not math.isfinite(value):
            raise ValueError("must be a number from 0 to 100")
        return round(value, 1)


class MappingDocument(_Model):
    """A whole mapping file: which tenant and filter, what is mapped and what is ignored."""

    format: Literal[1] = FORMAT
    tenant: str
    company_id: str
    saved_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    records: str = ""
    filter: FilterSpec = Field(default_factory=FilterSpec)
    mappings: dict[str, MappingEntry] = Field(default_factory=dict)
    ignored: dict[str, str] = Field(default_factory=dict)

    @field_validator("saved_at")
    @classmethod
    def _utc_seconds(cls, value: datetime) -> datetime:
        """Stored in UTC to the second; a time without an offset is taken as UTC."""
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0)

    @model_validator(mode="after")
    def _consistent(self) -> MappingDocument:
        for key, entry in self.mappings.items():
            if entry.local_id != key:
                raise ValueError(f"mapping {key!r} holds local_id {entry.local_id!r}")
        both = sorted(set(self.mappings) & set(self.ignored), key=natural_key)
        if both:
            raise ValueError(f"{both[0]!r} is both mapped and ignored")
        return self


def natural_key(local_id: str) -> tuple[tuple[Any, ...], str]:
    """Sort key that puts `C-2` before `C-10` (digit runs compare as numbers, case ignored).

    A digit run compares by its length without leading zeros, then by its digits: the
    same order as its value, without `int()`, which refuses 4,300+ digits (an id can be
    any text a records file holds).
    """
    parts = _DIGITS.split(local_id.casefold())
    return tuple(_number(p) if i % 2 else p for i, p in enumerate(parts)), local_id


def _number(digits: str) -> tuple[int, str]:
    significant = digits.lstrip("0")
    return len(significant), significant


def _toml_kind(value: object) -> str:
    """What a TOML value is, in TOML's words."""
    kinds = {bool: "a boolean", float: "a float", str: "a string", list: "an array"}
    return kinds.get(type(value), "a table" if isinstance(value, dict) else "another type")


def natural_sorted(ids: Iterable[str]) -> list[str]:
    """Local ids in natural order."""
    return sorted(ids, key=natural_key)


def dumps(doc: MappingDocument) -> str:
    """The document as TOML text, in the contract's layout."""
    out = [
        f"format = {doc.format}",
        f"tenant = {_value(doc.tenant)}",
        f"company_id = {_value(doc.company_id)}",
        f"saved_at = {doc.saved_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"records = {_value(doc.records)}",
        "",
        "[filter]",
        f"statuses = {_named_ids(doc.filter.statuses)}",
        f"types = {_named_ids(doc.filter.types)}",
        f"conditions = {_value(doc.filter.conditions)}",
        f"child_conditions = {_value(doc.filter.child_conditions)}",
    ]
    for local_id in natural_sorted(doc.mappings):
        entry = doc.mappings[local_id]
        out += [
            "",
            f"[mappings.{_key(local_id)}]",
            f"local_name = {_value(entry.local_name)}",
            f"psa_id = {entry.psa_id}",
            f"psa_identifier = {_value(entry.psa_identifier)}",
            f"psa_name = {_value(entry.psa_name)}",
            f"method = {_value(entry.method)}",
            f"score = {_value(float(entry.score))}",
        ]
    if doc.ignored:
        out += ["", "[ignored]"]
        out += [f"{_key(i)} = {_value(doc.ignored[i])}" for i in natural_sorted(doc.ignored)]
    return "\n".join(out) + "\n"


def loads(text: str, *, path: Path) -> MappingDocument:
    """Read mapping TOML; problems raise `MappingFileError` naming file, line and field.

    A leading byte-order mark (Notepad, PowerShell 5) is dropped: tomllib would call it an
    "Invalid statement" on line 1, and no editor shows it.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = syntax_error_position(exc, text)
        raise MappingFileError(path, line, None, f"invalid TOML: {message}") from None
    version = data.get("format")
    if type(version) is not int or version != FORMAT:  # `true` and `1.0` equal 1 in Python
        if version is None:
            problem = "missing field (format = 1 expected)"
        elif type(version) is not int:
            problem = f"expected the integer {FORMAT}, not {_toml_kind(version)}"
        else:
            problem = f"unsupported format {version!r}: this psamap reads format {FORMAT}"
        raise MappingFileError(path, find_line(text, ["format"]), "format", problem)
    mappings = data.get("mappings")
    if isinstance(mappings, dict):
        for local_id, table in mappings.items():
            if isinstance(table, dict):
                if "local_id" in table:
                    where = f"mappings.{_key(local_id)}.local_id"
                    line = find_line(text, ["mappings", local_id, "local_id"])
                    raise MappingFileError(path, line, where, "unknown field (the key is the id)")
                table["local_id"] = local_id
    try:
        return MappingDocument.model_validate(data)
    except ValidationError as exc:
        error = _first_error(exc)
        field = _field_name(error["loc"])
        loc = [str(part) for part in error["loc"]]
        problem = _problem(error["type"], str(error["msg"]))
        if not loc:  # a whole-document rule, e.g. an id both mapped and ignored
            culprit = re.search(r"'([^']*)'", problem)
            loc = ["ignored", culprit.group(1)] if culprit else []
        raise MappingFileError(
            path, find_line(text, loc) if loc else None, field, problem
        ) from None


def _field_name(loc: Sequence[str | int]) -> str | None:
    """A field path as the user would write it: `mappings."C-1".psa_id`, `filter.types[0].id`."""
    if not loc:
        return None
    text = str(loc[0])
    for i, part in enumerate(loc[1:], start=1):
        if isinstance(part, int):
            text += f"[{part}]"
        elif loc[0] in ("mappings", "ignored") and i == 1:
            text += f".{_key(part)}"
        else:
            text += f".{part}"
    return text


def _problem(kind: str, message: str) -> str:
    """Pydantic's wording, shortened for a file a person edits."""
    if kind == "missing":
        return "missing field"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        return message.replace("Input should be", "expected")
    return message.removeprefix("Value error, ")


def _value(value: str | float) -> str:
    """One TOML value, escaped by tomli-w."""
    return tomli_w.dumps({"v": value})[len("v = ") : -1]


def _key(local_id: str) -> str:
    """A local id as a TOML key, always quoted so every id reads the same way."""
    return _value(local_id)


def _named_ids(items: Sequence[NamedId]) -> str:
    """`[{ id = 1, name = "Active" }, ...]` on one line."""
    inner = ", ".join(f"{{ id = {item.id}, name = {_value(item.name)} }}" for item in items)
    return f"[{inner}]"


def _first_error(exc: ValidationError) -> Any:
    """The error to report: a misspelt key shows up as "unknown field" next to "missing
    field" for the key it meant; the unknown one is what the user wrote, so it comes first."""
    errors = exc.errors(include_input=False, include_url=False)
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
