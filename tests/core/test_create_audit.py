"""The `create` audit log: one line per POST and per company, private, crash-tolerant."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tui.core.create_audit import CreationLog, audit_path


def test_the_log_sits_beside_the_mapping_file():
    assert audit_path(Path("/x/demo.mapping.toml")) == Path("/x/demo.mapping.audit.jsonl")
    assert audit_path(Path("/x/out")) == Path("/x/out.audit.jsonl")


def test_lines_hold_time_tenant_record_identifier_and_id(tmp_path):
    log = CreationLog(tmp_path / "a.jsonl", tenant="contoso", company_id="cw")
    log.sending("C-1", "Alpha")
    log.created("C-1", "Alpha", 250)
    first, second = (json.loads(x) for x in log.path.read_text().splitlines())
    assert set(first) == {"time", "event", "tenant", "company_id", "record_id", "identifier"}
    assert second["event"] == "created" and second["psa_id"] == 250
    assert second["tenant"] == "contoso" and second["record_id"] == "C-1"


def test_the_log_is_created_private(tmp_path):
    log = CreationLog(tmp_path / "a.jsonl", tenant="t", company_id="c")
    log.created("C-1", "Alpha", 1)
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600


def test_identifiers_sent_are_per_tenant_and_the_latest_wins(tmp_path):
    path = tmp_path / "a.jsonl"
    ours = CreationLog(path, tenant="t", company_id="c")
    other = CreationLog(path, tenant="other", company_id="c")
    ours.sending("C-1", "Alpha")
    other.sending("C-2", "Beta")
    ours.sending("C-1", "Alpha2")
    assert ours.identifiers_sent() == {"C-1": "Alpha2"}
    assert other.identifiers_sent() == {"C-2": "Beta"}


def test_a_line_cut_short_by_a_crash_is_skipped_and_the_next_starts_on_its_own_line(tmp_path):
    path = tmp_path / "a.jsonl"
    log = CreationLog(path, tenant="t", company_id="c")
    log.sending("C-1", "Alpha")
    with path.open("a") as handle:
        handle.write('{"time": "2026-01-01T00:00:00Z", "event": "sen')
    log.sending("C-2", "Beta")
    assert log.identifiers_sent() == {"C-1": "Alpha", "C-2": "Beta"}
    assert len(path.read_text().splitlines()) == 3


def test_no_file_means_nothing_sent(tmp_path):
    log = CreationLog(tmp_path / "none.jsonl", tenant="t", company_id="c")
    assert log.lines() == [] and log.identifiers_sent() == {}
