"""A mapping file changed on disk while the screen had unsaved work: reload, merge, save as,
overwrite. "Save as" used to pre-fill the same path and then fail with "save with force",
an option that did not exist.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.app.test_mapping_flow import ScriptedView, make_flow
from tests.support.mapping_fixtures import MappingWorld


class RecordingView(ScriptedView):
    """Also remembers the value a path prompt was pre-filled with."""

    def __init__(self) -> None:
        super().__init__()
        self.prefilled: list[str] = []

    async def ask_path(self, title: str, message: str, **kw: Any) -> Path | None:
        self.prefilled.append(kw.get("value", ""))
        return await super().ask_path(title, message, **kw)


@pytest.fixture
def world(tmp_path: Path) -> MappingWorld:
    return MappingWorld.build(tmp_path)


def clear_records(session, n: int) -> list[str]:
    return [
        rid
        for rid, found in session.matches.items()
        if found.best is not None and not found.ambiguous and found.best.score >= 92
    ][:n]


async def changed_behind_our_back(world: MappingWorld, view: ScriptedView):
    """A saved mapping; someone else maps A elsewhere and ignores C; we map A and B."""
    flow = make_flow(world, view)
    await flow.load()
    session = view.session
    a, b, c = clear_records(session, 3)
    assert await flow.save(session)
    text = world.mapping_path.read_text(encoding="utf-8")
    best = session.best(a)
    assert best is not None
    other_psa = next(x.id for x in session.companies if x.id != best.psa_id)
    theirs = (
        text + f'\n[mappings."{a}"]\nlocal_name = "x"\npsa_id = {other_psa}\npsa_name = "Theirs"\n'
        'method = "manual"\nscore = 0.0\n'
        f'\n[ignored]\n"{c}" = "done elsewhere"\n'
    )
    world.mapping_path.write_text(theirs, encoding="utf-8")
    session.accept_best([a, b])
    return flow, session, (a, b, c), other_psa


def mapped(path: Path) -> dict[str, int]:
    return {k: v["psa_id"] for k, v in tomllib.loads(path.read_text())["mappings"].items()}


@pytest.mark.parametrize("keep", ["mine", "theirs"])
async def test_merge_takes_both_sides_and_asks_only_about_the_record_both_changed(
    world: MappingWorld, keep: str
) -> None:
    view = ScriptedView()
    flow, session, (a, b, c), other_psa = await changed_behind_our_back(world, view)
    mine_a = session.entry(a).psa_id
    view.answers = ["merge", keep]

    await flow.save(session)

    asked = [title for kind, title, _ in view.asked if kind == "choose"]
    assert asked[-2:] == ["Mapping file changed on disk", "Both changed this record"]
    assert a in view.asked[-1][2]  # the one overlapping record is named
    on_disk = tomllib.loads(world.mapping_path.read_text())
    assert on_disk["mappings"][b]["psa_id"] == session.entry(b).psa_id
    assert on_disk["ignored"][c] == "done elsewhere"  # theirs, untouched
    assert on_disk["mappings"][a]["psa_id"] == (mine_a if keep == "mine" else other_psa)
    assert not view.session.dirty


async def test_overwrite_is_named_and_confirmed(world: MappingWorld) -> None:
    view = ScriptedView()
    flow, session, (a, _, c), _ = await changed_behind_our_back(world, view)
    theirs = world.mapping_path.read_text()
    view.answers = ["overwrite", "no"]

    assert not await flow.save(session)
    assert world.mapping_path.read_text() == theirs  # "no" wrote nothing
    assert str(world.mapping_path) in view.asked[-1][2]

    view.answers = ["overwrite", "yes"]
    assert await flow.save(session)
    on_disk = tomllib.loads(world.mapping_path.read_text())
    assert c not in on_disk.get("ignored", {})
    assert on_disk["mappings"][a]["psa_id"] == session.entry(a).psa_id


async def test_save_as_after_a_conflict_suggests_another_file(world: MappingWorld) -> None:
    view = RecordingView()
    flow, session, _, _ = await changed_behind_our_back(world, view)
    view.answers = ["save-as", None]

    await flow.save(session)

    kind, title, _ = view.asked[-1]
    assert (kind, title) == ("path", "Save as")
    assert view.prefilled[-1] == str(world.mapping_path.with_name("acme.mapping.mine.toml"))
