"""The mapping screen's load and save flow, run without a screen: a scripted view answers.

`MappingFlow` is a plain object; these tests drive it against a small sandbox tenant and
check what it asked, reported, showed and wrote. The Pilot tests in test_mapping_screen.py
check the same flow through the real screen.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.filter_fixtures import tenant_config
from tests.support.mapping_fixtures import MappingWorld, read_toml
from tui.app.screens.mapping_flow import Choice, MappingFlow, PaneRows
from tui.app.screens.mapping_opening import MappingOpening
from tui.core.opening import MappingOfAnotherTenant
from tui.core.session import MappingSession
from tui.psa.models import CompanyStatus, CompanyType


@dataclass
class ScriptedView:
    """A `MappingFlowView` that records everything and answers questions from a script."""

    answers: list[Any] = field(default_factory=list)
    asked: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, message)
    errors_shown: list[str] = field(default_factory=list)  # a path prompt's error line
    steps: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    shown: list[tuple[MappingSession, PaneRows | None]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    went_back: bool = False

    def step(self, text: str, done: float | None = None, total: float | None = None) -> None:
        self.steps.append(text)

    def tell(self, message: str) -> None:
        self.told.append(message)

    def show(self, session: MappingSession, rows: PaneRows | None) -> None:
        self.shown.append((session, rows))

    def fail(self, headline: str, detail: str = "") -> None:
        self.failures.append((headline, detail))

    def go_back(self) -> None:
        self.went_back = True

    async def choose(self, title: str, message: str, choices: Sequence[Choice]) -> str | None:
        self.asked.append(("choose", title, message))
        assert self.answers, f"unexpected question: {title}: {message}"
        answer = self.answers.pop(0)
        assert answer is None or answer in [value for value, _, _ in choices]
        return answer

    async def ask_path(
        self, title: str, message: str, *, value: str = "", error: str = "",
        must_exist: bool = True,
    ) -> Path | None:  # fmt: skip
        self.asked.append(("path", title, message))
        self.errors_shown.append(error)
        assert self.answers, f"unexpected question: {title}: {message}"
        return self.answers.pop(0)

    @property
    def session(self) -> MappingSession:
        """The session shown last."""
        assert self.shown, f"nothing shown; failures: {self.failures}"
        return self.shown[-1][0]


def make_flow(world: MappingWorld, view: ScriptedView, **overrides: Any) -> MappingFlow:
    """The flow the mapping screen would own for this world's tenant and Active filter."""
    config = tenant_config(world.tenant)
    fields: dict[str, Any] = {
        "client": config.client(transport=world.sandbox.transport()),
        "tenant": config,
        "statuses": [CompanyStatus.model_validate(s) for s in world.tenant.statuses],
        "types": [CompanyType.model_validate(t) for t in world.tenant.types],
        "flt": world.flt,
        "records_path": world.records_path,
        "mapping_path": world.mapping_path,
        "demo": False,
    }
    return MappingFlow(view, MappingOpening(**{**fields, **overrides}))


def company_requests(world: MappingWorld) -> list[str]:
    """Grows with every company-list request the sandbox answers."""
    seen: list[str] = []

    def hook(request: Any, _n: object) -> None:
        if request.url.path.endswith("/company/companies"):
            seen.append(str(request.url))

    world.sandbox.on_request.append(hook)
    return seen


def clear_record(session: MappingSession) -> str:
    """A record whose best suggestion can be accepted."""
    return next(
        rid
        for rid, found in session.matches.items()
        if found.best is not None and not found.ambiguous and found.best.score >= 92
    )


@pytest.fixture
def world(tmp_path: Path) -> MappingWorld:
    return MappingWorld.build(tmp_path)


# -- loading -----------------------------------------------------------------------------------


async def test_load_shows_one_session_of_every_record_and_company(world: MappingWorld) -> None:
    view = ScriptedView()
    flow = make_flow(world, view)
    await flow.load()
    assert len(view.shown) == 1 and view.asked == [] and view.failures == []
    session, rows = view.shown[0]
    assert [r.id for r in session.records] == [r.record["id"] for r in world.labelled]
    assert {c.id for c in session.companies} == {c.id for c in world.companies}
    assert rows is not None and rows[0][0] == [r.id for r in session.records]
    assert view.steps[0] == "Loading companies…"
    assert f"Reading {world.records_path}" in view.steps
    assert f"Opening {world.mapping_path}" in view.steps
    assert f"Matching 40 records to {len(world.companies)} companies…" in view.steps
    assert view.told == []  # a new mapping file: nothing resumed
    assert flow.store is not None and flow.store.path == world.mapping_path
    assert gc.isenabled()


async def test_a_retry_reuses_the_companies_already_loaded(
    world: MappingWorld, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nC-1,Acme\nC-1,Globex\n", encoding="utf-8")
    requests = company_requests(world)
    view = ScriptedView(answers=[None])  # decline to choose another records file
    flow = make_flow(world, view, records_path=bad)
    await flow.load()
    loaded = len(requests)
    assert loaded >= 1 and view.shown == []
    flow.records_path = world.records_path
    await flow.load()
    assert len(requests) == loaded
    assert len(view.shown) == 1


async def test_a_bad_records_file_is_explained_and_declining_another_fails_the_load(
    world: MappingWorld, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nC-1,Acme\nC-1,Globex\n", encoding="utf-8")
    view = ScriptedView(answers=[None])
    flow = make_flow(world, view, records_path=bad)
    await flow.load()
    assert view.asked == [("path", "Records file", "That file cannot be used:")]
    assert view.errors_shown[0].startswith(f"{bad}:3: duplicate id")
    [(headline, detail)] = view.failures
    assert headline == "Records file problem" and detail == view.errors_shown[0]
    assert view.shown == [] and flow.records_path is None


async def test_a_bad_records_file_can_be_replaced_by_a_good_one(
    world: MappingWorld, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nC-1,\n", encoding="utf-8")
    view = ScriptedView(answers=[world.records_path])
    flow = make_flow(world, view, records_path=bad)
    await flow.load()
    assert view.failures == [] and len(view.session.records) == 40
    assert flow.records_path == world.records_path


async def test_declining_the_records_question_goes_back_before_any_company_request(
    world: MappingWorld,
) -> None:
    requests = company_requests(world)
    view = ScriptedView(answers=[None])
    flow = make_flow(world, view, records_path=None, demo=True)
    await flow.load()
    assert view.went_back and view.shown == [] and requests == []
    assert view.asked[0][:2] == ("choose", "Records file")


async def test_the_demo_generates_a_sample_records_file(world: MappingWorld) -> None:
    view = ScriptedView(answers=["sample"])
    flow = make_flow(world, view, records_path=None, demo=True)
    await flow.load()
    assert flow.records_path is not None and flow.records_path.name == "acme-sample-records.csv"
    assert flow.records_path.exists()
    assert view.told == [f"Sample records written to {flow.records_path}"]
    assert len(view.session.records) >= 10


async def test_an_existing_mapping_resumes_with_the_records_file_it_names(
    world: MappingWorld,
) -> None:
    first_view = ScriptedView()
    first = make_flow(world, first_view)
    await first.load()
    assert await first.save(first_view.session)
    view = ScriptedView(answers=["resume"])
    flow = make_flow(world, view, records_path=None)
    await flow.load()
    assert view.asked[0][:2] == ("choose", "Records file")
    assert f"{world.mapping_path.name} was made from {world.records_path}" in view.asked[0][2]
    assert flow.records_path == world.records_path
    assert view.told == [f"Resumed {world.mapping_path.name}"]


async def test_a_mapping_file_of_another_tenant_is_refused_untouched(world: MappingWorld) -> None:
    text = 'format = 1\ntenant = "acme-test"\ncompany_id = "acme"\n'
    world.mapping_path.write_text(text, encoding="utf-8")
    view = ScriptedView()
    flow = make_flow(world, view)
    with pytest.raises(MappingOfAnotherTenant, match="maps tenant 'acme-test'"):
        await flow.load()
    assert view.shown == [] and flow.store is None
    assert world.mapping_path.read_text(encoding="utf-8") == text
    assert gc.isenabled()  # the pause ended with the failure


# -- saving ------------------------------------------------------------------------------------


async def loaded(world: MappingWorld, view: ScriptedView) -> tuple[MappingFlow, MappingSession]:
    flow = make_flow(world, view)
    await flow.load()
    return flow, view.session


async def test_save_writes_the_accepted_suggestion_and_clears_unsaved(world: MappingWorld) -> None:
    view = ScriptedView()
    flow, session = await loaded(world, view)
    record_id = clear_record(session)
    assert session.accept_best([record_id]) == 1 and session.dirty
    assert await flow.save(session)
    written = read_toml(world.mapping_path)
    assert written["mappings"][record_id]["psa_id"] == session.entry(record_id).psa_id  # type: ignore[union-attr]
    assert written["tenant"] == "acme" and written["records"] == str(world.records_path)
    assert not session.dirty


async def test_a_file_changed_on_disk_is_reloaded_when_asked(world: MappingWorld) -> None:
    view = ScriptedView()
    flow, session = await loaded(world, view)
    assert await flow.save(session)
    edited = world.mapping_path.read_text(encoding="utf-8")
    world.mapping_path.write_text(edited + '\n[ignored]\n"C-1001" = "edited elsewhere"\n')
    session.accept_best([clear_record(session)])
    view.answers = ["reload"]
    assert not await flow.save(session)
    assert view.asked[-1][1] == "Mapping file changed on disk"
    assert len(view.shown) == 2 and view.session is not session
    assert view.session.state("C-1001") is not None and not view.session.dirty
    assert view.told[-1] == f"Reloaded {world.mapping_path}"
    assert "edited elsewhere" in world.mapping_path.read_text(encoding="utf-8")


async def test_a_conflict_can_be_saved_under_another_name(
    world: MappingWorld, tmp_path: Path
) -> None:
    view = ScriptedView()
    flow, session = await loaded(world, view)
    world.mapping_path.write_text("format = 1\n")
    record_id = clear_record(session)
    session.accept_best([record_id])
    other = tmp_path / "mine.mapping.toml"
    view.answers = ["save-as", other]
    assert await flow.save(session)
    assert world.mapping_path.read_text() == "format = 1\n"
    assert record_id in read_toml(other)["mappings"]
    assert flow.mapping_path == other and not session.dirty


async def test_save_as_never_replaces_the_records_file(world: MappingWorld) -> None:
    view = ScriptedView()
    flow, session = await loaded(world, view)
    records = world.records_path.read_bytes()
    typed = world.records_path.parent / "sub" / ".." / world.records_path.name
    (world.records_path.parent / "sub").mkdir()
    view.answers = [typed]
    assert not await flow.save(session, ask_path=True)
    assert view.told[-1] == f"{typed} is the records file: save the mapping elsewhere"
    assert world.records_path.read_bytes() == records
    assert flow.mapping_path == world.mapping_path


async def test_save_as_over_another_existing_file_asks_and_a_no_writes_nothing(
    world: MappingWorld, tmp_path: Path
) -> None:
    view = ScriptedView()
    flow, session = await loaded(world, view)
    other = tmp_path / "taken.toml"
    other.write_text("keep me\n")
    view.answers = [other, None]
    assert not await flow.save(session, ask_path=True)
    assert view.asked[-1] == ("choose", "Replace file?", f"{other} exists. Replace it?")
    assert other.read_text() == "keep me\n"
    assert flow.mapping_path == world.mapping_path
