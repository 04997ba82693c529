"""The `create` run: each planned company exactly once, refusals per record, audit lines."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.psa.fakes import FakeTime
from tui.core.create_audit import CreationLog
from tui.core.create_plan import Choice, build_plan
from tui.core.create_run import MAX_SENDS, CreateOutcome, CreateRun, CreateStopped
from tui.core.records import LocalRecord, PostalAddress
from tui.psa.errors import AuthError, CompanyRejected, FieldError, OutcomeUnknown
from tui.psa.models import Company

ADDRESS = PostalAddress(city="Springfield")


class ScriptedPSA:
    """An in-memory PSA whose POSTs fail as scripted, per call, in order.

    "ok": created and answered; "lost": the request never arrives (answer lost);
    "processed-lost": created, then the answer is lost; "rejected": a 400 on `name`.
    """

    def __init__(self, script: list[str] | None = None) -> None:
        self.script = list(script or [])
        self.companies: list[Company] = []
        self.posts = 0
        self.lookups = 0

    async def create_company(self, body: Mapping[str, Any]) -> Company:
        self.posts += 1
        step = self.script.pop(0) if self.script else "ok"
        if step == "lost":
            raise OutcomeUnknown("connection dropped")
        if step == "rejected":
            raise CompanyRejected(
                "400", [FieldError("name", "The name is not allowed.", "InvalidField")]
            )
        taken = {c.identifier.casefold() for c in self.companies}
        if body["identifier"].casefold() in taken:
            raise CompanyRejected(
                "400", [FieldError("identifier", "Company ID already in use.", "ObjectExists")]
            )
        company = Company(id=100 + len(self.companies), identifier=body["identifier"],
                          name=body["name"])  # fmt: skip
        self.companies.append(company)
        if step == "processed-lost":
            raise OutcomeUnknown("connection dropped after the server processed it")
        return company

    async def company_by_identifier(self, identifier: str) -> Company | None:
        self.lookups += 1
        return next(
            (c for c in self.companies if c.identifier.casefold() == identifier.casefold()), None
        )


def plan_of(*names: str):
    records = [LocalRecord(f"C-{i}", n, address=ADDRESS) for i, n in enumerate(names, 1)]
    return build_plan(records, [], Choice(1, "Active"))


def run(psa: ScriptedPSA, items, tmp_path: Path, time: FakeTime | None = None):
    log = CreationLog(tmp_path / "m.audit.jsonl", tenant="demo", company_id="demo")
    heard: list[CreateOutcome] = []
    runner = CreateRun(psa, log, retry=(time or FakeTime()).policy(), on_outcome=heard.append)
    return runner, log, heard


async def test_each_planned_company_is_created_once_and_audited(tmp_path):
    psa = ScriptedPSA()
    runner, log, heard = run(psa, None, tmp_path)
    outcomes = await runner.run(plan_of("Alpha", "Beta").items)
    assert [o.kind for o in outcomes] == ["created", "created"]
    assert heard == outcomes
    assert [c.name for c in psa.companies] == ["Alpha", "Beta"]
    lines = [json.loads(x) for x in log.path.read_text().splitlines()]
    created = [x for x in lines if x["event"] == "created"]
    assert [(x["record_id"], x["identifier"], x["psa_id"], x["tenant"]) for x in created] == [
        ("C-1", "Alpha", 100, "demo"),
        ("C-2", "Beta", 101, "demo"),
    ]
    assert all(x["time"].endswith("Z") for x in lines)


async def test_a_lost_answer_after_processing_is_found_by_identifier_not_sent_again(tmp_path):
    psa = ScriptedPSA(["processed-lost"])
    runner, _, _ = run(psa, None, tmp_path)
    (outcome,) = await runner.run(plan_of("Alpha").items)
    assert outcome.kind == "created"
    assert outcome.company is not None and outcome.company.id == 100
    assert psa.posts == 1 and psa.lookups == 1
    assert len(psa.companies) == 1


async def test_a_lost_request_is_looked_up_then_sent_again_after_a_pause(tmp_path):
    psa = ScriptedPSA(["lost", "lost"])
    time = FakeTime()
    runner, _, _ = run(psa, None, tmp_path, time)
    (outcome,) = await runner.run(plan_of("Alpha").items)
    assert outcome.kind == "created"
    assert psa.posts == 3 and psa.lookups == 2
    assert len(psa.companies) == 1
    assert len(time.sleeps) == 2 and all(s > 0 for s in time.sleeps)


async def test_a_second_post_refused_as_already_in_use_finds_the_first(tmp_path):
    # The first POST was processed but looked lost, and the look-up did not see it yet:
    # the resend is refused by the unique identifier, and the company is then found.
    psa = ScriptedPSA(["processed-lost"])
    real_lookup = psa.company_by_identifier
    calls = 0

    async def late_lookup(identifier: str) -> Company | None:
        nonlocal calls
        calls += 1
        return None if calls == 1 else await real_lookup(identifier)

    psa.company_by_identifier = late_lookup  # type: ignore[method-assign]
    runner, _, _ = run(psa, None, tmp_path)
    (outcome,) = await runner.run(plan_of("Alpha").items)
    assert outcome.kind == "created"
    assert len(psa.companies) == 1 and psa.posts == 2


async def test_a_validation_error_is_reported_for_its_record_and_the_rest_go_on(tmp_path):
    psa = ScriptedPSA(["rejected"])
    runner, _, _ = run(psa, None, tmp_path)
    outcomes = await runner.run(plan_of("Alpha", "Beta").items)
    assert [o.kind for o in outcomes] == ["refused", "created"]
    assert outcomes[0].message == "the PSA refused it: name: The name is not allowed."
    assert [c.name for c in psa.companies] == ["Beta"]


async def test_identifier_taken_by_someone_else_meanwhile_is_refused_naming_it(tmp_path):
    psa = ScriptedPSA()
    items = plan_of("Alpha").items
    psa.companies.append(Company(id=5, identifier="Alpha", name="Another Alpha"))
    runner, _, _ = run(psa, None, tmp_path)
    (outcome,) = await runner.run(items)
    assert outcome.kind == "refused"
    assert "taken meanwhile by #5 'Another Alpha'" in outcome.message
    assert len(psa.companies) == 1


async def test_a_psa_failure_stops_the_run_after_reporting_what_was_done(tmp_path):
    psa = ScriptedPSA()
    calls = 0
    real = psa.create_company

    async def failing(body: Mapping[str, Any]) -> Company:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise AuthError("401 Unauthorized", status=401)
        return await real(body)

    psa.create_company = failing  # type: ignore[method-assign]
    runner, _, heard = run(psa, None, tmp_path)
    with pytest.raises(CreateStopped) as stopped:
        await runner.run(plan_of("Alpha", "Beta", "Gamma").items)
    assert [o.kind for o in heard] == ["created"]
    assert stopped.value.done == 1 and stopped.value.total == 3
    assert "record 'C-2'" in str(stopped.value)


async def test_answers_lost_every_time_stop_the_run_without_a_duplicate(tmp_path):
    psa = ScriptedPSA(["lost"] * MAX_SENDS)
    runner, _, _ = run(psa, None, tmp_path)
    with pytest.raises(CreateStopped):
        await runner.run(plan_of("Alpha").items)
    assert psa.posts == MAX_SENDS and psa.companies == []


async def test_refused_items_are_not_sent_and_link_items_need_no_request(tmp_path):
    records = [
        LocalRecord("C-1", "Alpha", address=ADDRESS),
        LocalRecord("C-2", "Beta", address=None),
    ]
    existing = [Company(id=9, identifier="Alpha", name="Alpha")]
    plan = build_plan(records, existing, Choice(1, "Active"), earlier={"C-1": "Alpha"})
    psa = ScriptedPSA()
    runner, _, _ = run(psa, None, tmp_path)
    (outcome,) = await runner.run(plan.items)
    assert outcome.kind == "linked"
    assert outcome.company is not None and outcome.company.id == 9
    assert psa.posts == 0


async def test_a_run_killed_after_the_post_is_recovered_by_the_next_plan(tmp_path):
    psa = ScriptedPSA()
    log = CreationLog(tmp_path / "m.audit.jsonl", tenant="demo", company_id="demo")
    items = plan_of("Alpha").items
    # What a killed run leaves: the POST announced and processed, nothing else.
    log.sending("C-1", "Alpha")
    await psa.create_company(items[0].company.body())
    records = [LocalRecord("C-1", "Alpha", address=ADDRESS)]
    again = build_plan(records, psa.companies, Choice(1, "Active"), earlier=log.identifiers_sent())
    assert [i.action for i in again.items] == ["link"]
