"""The recovery journal: unsaved mapping work kept on disk, so a kill loses seconds, not a session.

While a mapping has unsaved changes, the screen writes the records whose state differs
from the mapping file (mapped to what, ignored why, or cleared) to a small JSON file in
psamap's state folder, atomically, within a second or two of each action. A save or a
deliberate "quit without saving" removes it; SIGTERM/SIGHUP write it once more before
exiting; SIGKILL cannot, which is why it is written as the user works. The next time
that mapping file is opened, the journal is offered for restoring.

One journal per mapping file (keyed by its real path); it names the tenant and the
fingerprint of the file it was made against, so it is never applied to another tenant's
file, and the user is told when the file changed since.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from tui.core.atomic import write_atomic
from tui.core.mapping_file import MappingEntry
from tui.core.state import state_dir

FORMAT = 1
#: Longest the journal may lag behind the screen (the screen writes it this long after
#: the first of a burst of actions).
JOURNAL_DELAY_SECONDS = 1.0

#: A record's state as journaled: a mapping entry, ("ignored", reason), or None (cleared).
JournalState = MappingEntry | tuple[str, str] | None


@dataclass(frozen=True)
class Recovery:
    """What a journal holds: unsaved record states, when, and against which file version."""

    mapping_path: str
    tenant: str
    company_id: str
    base_sha256: str | None
    written_at: datetime
    changes: dict[str, JournalState]


def journal_path(mapping_path: Path, folder: Path | None = None) -> Path:
    """The journal of one mapping file: `recovery/<hash of its real path>.json`."""
    real = os.path.realpath(mapping_path)
    key = hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return (folder or state_dir()) / "recovery" / f"{key}.json"


class RecoveryJournal:
    """Writes, reads and removes the journal of one mapping file for one tenant."""

    def __init__(
        self, mapping_path: Path, *, tenant: str, company_id: str, folder: Path | None = None
    ) -> None:
        self.mapping_path = mapping_path
        self.tenant, self.company_id = tenant, company_id
        self.path = journal_path(mapping_path, folder)

    def write(self, changes: dict[str, JournalState], base_sha256: str | None) -> None:
        """Replace the journal with `changes` (removing it when there are none)."""
        if not changes:
            self.discard()
            return
        data = {
            "format": FORMAT,
            "mapping_path": os.path.realpath(self.mapping_path),
            "tenant": self.tenant,
            "company_id": self.company_id,
            "base_sha256": base_sha256,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "changes": {rid: _dump(state) for rid, state in changes.items()},
        }
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, text.encode("utf-8"), backup=False)

    def read(self) -> Recovery | None:
        """The journal for this file and tenant, or None (none, unreadable, another tenant's)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("tenant") != self.tenant:
                return None
            if str(data.get("company_id", "")).casefold() != self.company_id.casefold():
                return None
            changes = {rid: _load(rid, raw) for rid, raw in data["changes"].items()}
            return Recovery(
                mapping_path=str(data["mapping_path"]),
                tenant=self.tenant,
                company_id=self.company_id,
                base_sha256=data.get("base_sha256"),
                written_at=datetime.fromisoformat(data["written_at"]),
                changes=changes,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError):
            return None

    def discard(self) -> None:
        """Remove the journal (after a save, or when the user drops the work)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _dump(state: JournalState) -> object:
    if isinstance(state, MappingEntry):
        return {"mapped": state.model_dump(mode="json", exclude={"local_id"})}
    if isinstance(state, tuple):
        return {"ignored": state[1]}
    return None


def _load(rid: str, raw: object) -> JournalState:
    if raw is None:
        return None
    if isinstance(raw, dict) and "mapped" in raw:
        return MappingEntry.model_validate({**raw["mapped"], "local_id": rid})
    if isinstance(raw, dict) and isinstance(raw.get("ignored"), str):
        return ("ignored", raw["ignored"])
    raise ValueError(f"unreadable journal state for {rid!r}")
