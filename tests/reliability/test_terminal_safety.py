"""Remote text is data: hostile names never move the cursor, recolour or retitle the terminal."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.cli_helpers import run_cli, write_config
from tests.reliability.hostile_names import (
    ESC,
    HOSTILE_NAMES,
    LITERAL_MARKUP,
    hostile_tenant,
    unsafe_characters,
)
from tests.support.filter_fixtures import make_app, tenant_config
from tests.support.pilot import screen_text, settle
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, Sandbox


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with Sandbox([hostile_tenant()]).serving() as url:
        yield url


@pytest.fixture
def config(tmp_path: Path, base_url: str) -> Path:
    return write_config(
        tmp_path,
        f'[tenants.acme]\nlabel = "Acme \\u001b[31mRed\\u001b[0m [b]MSP[/b]"\n'
        f'site = "{base_url}"\ncompany_id = "acme"\npublic_key = "{DEMO_PUBLIC_KEY}"\n'
        f'private_key = "{DEMO_PRIVATE_KEY}"\nclient_id = "{DEMO_CLIENT_ID}"\n',
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["companies", "acme", "--status", "1", "--type", "5"],
        ["statuses", "acme"],
        ["types", "acme"],
        ["tenants"],
    ],
    ids=["companies", "statuses", "types", "tenants"],
)
def test_tables_print_hostile_names_as_inert_text(
    capsys: pytest.CaptureFixture[str], config: Path, argv: list[str]
) -> None:
    run = run_cli(capsys, "--config", config, *argv)

    assert run.code == 0, run.err
    assert unsafe_characters(run.out) == []
    assert ESC not in run.out + run.err


def test_the_companies_table_keeps_every_hostile_name_readable_on_one_line(
    capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    run = run_cli(capsys, "--config", config, "companies", "acme", "--status", "1", "--type", "5")

    rows = run.out.splitlines()
    for name in HOSTILE_NAMES:
        shown = "".join(" " if not c.isprintable() else c for c in name)
        assert any(shown in row for row in rows), name
    assert all(markup in run.out for markup in LITERAL_MARKUP)


def test_an_unknown_status_error_lists_hostile_names_inertly(
    capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    run = run_cli(capsys, "--config", config, "companies", "acme", "--status", "Nope\x1b[2J")

    assert run.code == 2
    assert "Credit [red]Hold[/]" in run.error_line
    assert unsafe_characters(run.err) == []


def test_json_output_escapes_control_characters(
    capsys: pytest.CaptureFixture[str], config: Path
) -> None:
    run = run_cli(capsys, "--config", config, "companies", "acme", "--status", "1", "--json")

    assert run.code == 0
    assert ESC not in run.out and "\\u001b" in run.out


# --- every TUI screen --------------------------------------------------------------------------


def hostile_records(path: Path) -> Path:
    """Local records named like the hostile companies (so they pair up), plus a few more."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        writer.writerows([f"\x1b[7mR-{i}", name] for i, name in enumerate(HOSTILE_NAMES))
    return path


@pytest.mark.slow
async def test_every_tui_screen_shows_hostile_names_literally(tmp_path: Path) -> None:
    tenant = hostile_tenant()
    label = "Acme \x1b[31mRed\x1b[0m [b]MSP[/b]"
    app = make_app(tenant, configs=[tenant_config(tenant, label=label)])
    app.records_path = hostile_records(tmp_path / "records.csv")
    app.mapping_path = tmp_path / "acme.mapping.toml"
    screens: dict[str, str] = {}

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screens["tenants"] = screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screens["filter"] = screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screens["mapping"] = screen_text(pilot)
        await pilot.press("a")  # accept: the notice names the company
        await pilot.pause()
        screens["mapping after accept"] = screen_text(pilot)
        await pilot.press("tab", "slash")  # search the companies pane, brackets and all
        await pilot.press(*"[/]")
        await settle(pilot)
        screens["company search"] = screen_text(pilot)
        await pilot.press("escape", "A")
        await settle(pilot)
        screens["accept all dialog"] = screen_text(pilot)
        await pilot.press("n", "question_mark")
        await settle(pilot)
        screens["help"] = screen_text(pilot)
        assert app.is_running  # no hostile name crashed or quit the app

    assert {name: unsafe_characters(text) for name, text in screens.items()} == {
        name: [] for name in screens
    }
    assert "[b]MSP[/b]" in screens["tenants"]
    assert "Credit [red]Hold[/]" in screens["filter"]
    assert "[b]Client[/b]" in screens["filter"]
    assert "[bold red]Markup" in screens["mapping"]
    assert "Foo [/] Bar" in screens["mapping"]
    assert "Foo [/] Bar" in screens["company search"]
    assert "/[/]" in screens["company search"]  # the query, shown as typed
