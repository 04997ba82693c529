"""The audit log of `create`: one JSON line per company POST sent and per company created.

It answers "who created this PSA company, when, for which record" long after the fact,
and it is how a run that was killed between the PSA's answer and the mapping save is
recovered: the next plan sees that a POST was sent for the record and links the company
it finds under that identifier instead of creating it again. Lines hold the time, the
tenant, the record id, the identifier and the PSA id: never a credential.

The file sits beside the mapping file (`demo.mapping.toml` -> `demo.mapping.audit.jsonl`),
is created 0600, only ever appended to, and each line is fsynced before the request it
announces is sent.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

Event = Literal["sending", "created"]


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One line of the log."""

    time: str
    event: Event
    tenant: str
    company_id: str
    record_id: str
    identifier: str
    psa_id: int | None = None

    def to_json(self) -> str:
        data: dict[str, str | int] = {
            "time": self.time,
            "event": self.event,
            "tenant": self.tenant,
            "company_id": self.company_id,
            "record_id": self.record_id,
            "identifier": self.identifier,
        }
        if self.psa_id is not None:
            data["psa_id"] = self.psa_id
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> AuditLine | None:
        """A line as written; None for a damaged one (e.g. cut short by a crash)."""
        try:
            data = json.loads(text)
            psa_id = data.get("psa_id")
            line = cls(
                str(data["time"]),
                data["event"],
                str(data["tenant"]),
                str(data["company_id"]),
                str(data["record_id"]),
                str(data["identifier"]),
                psa_id if isinstance(psa_id, int) and not isinstance(psa_id, bool) else None,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        return line if line.event in ("sending", "created") else None


def audit_path(mapping_path: Path) -> Path:
    """Where the audit log of a mapping file lives: beside it, `<stem>.audit.jsonl`."""
    stem = mapping_path.name.removesuffix(".toml")
    return mapping_path.with_name(f"{stem}.audit.jsonl")


class CreationLog:
    """Appends to and reads one tenant's audit log."""

    def __init__(self, path: Path, *, tenant: str, company_id: str) -> None:
        self.path = path
        self.tenant = tenant
        self.company_id = company_id

    def sending(self, record_id: str, identifier: str) -> None:
        """Say, durably, that a POST for this record and identifier is about to be sent."""
        self._append("sending", record_id, identifier, None)

    def created(self, record_id: str, identifier: str, psa_id: int) -> None:
        """Say that the PSA created company `psa_id` for this record."""
        self._append("created", record_id, identifier, psa_id)

    def lines(self) -> list[AuditLine]:
        """This tenant's lines, oldest first (damaged lines skipped; no file means none)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        out = []
        for raw in text.splitlines():
            line = AuditLine.from_json(raw) if raw.strip() else None
            if line and line.tenant == self.tenant and line.company_id == self.company_id:
                out.append(line)
        return out

    def identifiers_sent(self) -> dict[str, str]:
        """Record id -> the identifier last sent for it: what the next plan checks first."""
        return {line.record_id: line.identifier for line in self.lines()}

    def _append(self, event: Event, record_id: str, identifier: str, psa_id: int | None) -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = AuditLine(now, event, self.tenant, self.company_id, record_id, identifier, psa_id)
        data = (line.to_json() + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _repair_last_line(fd)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def _repair_last_line(fd: int) -> None:
    """Start on a new line if a crash left the last one unfinished (it then reads as damaged)."""
    if os.fstat(fd).st_size:
        with contextlib.suppress(OSError):
            os.lseek(fd, -1, os.SEEK_END)
            if os.read(fd, 1) != b"\n":
                os.write(fd, b"\n")  # O_APPEND: written at the end whatever the offset
