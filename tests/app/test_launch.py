"""Cold launch: what `psamap` loads before the tenant picker's first frame, and the
garbage collector's pause until that frame.

The picker needs Textual, the config file and the tenants' names; the modules below cost
most of a cold launch and serve only later screens (pydantic models, the HTTP client,
matching, the cache, the demo sandbox, the CLI's commands). This guards the lazy imports
that keep them out, without timing anything: speed is `python -m bench launch`'s job.

The start-up runs in a fresh interpreter (this process has imported everything already),
through the same pieces `psamap --demo` runs: the CLI's parsing, the config loading, the
app and its picker mounted.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from tests.support.pilot import screen_text
from tui.app.app import PsamapApp
from tui.cli import main
from tui.core.config import Config

#: Loaded only once a tenant is opened (or a command other than the TUI runs).
NOT_BEFORE_THE_PICKER = (
    "pydantic",
    "httpx",
    "rapidfuzz",
    "tldextract",
    "sqlite3",
    "tomli_w",
    "tui.sandbox.sandbox",
    "tui.sandbox.factory",
    "tui.psa.client",
    "tui.psa.models",
    "tui.core.matching",
    "tui.core.cache",
    "tui.core.records",
    "tui.app.keymap",
    "tui.app.commands",
    "tui.app.screens.help",
    "tui.app.screens.filter",
    "tui.app.screens.mapping",
    "tui.cli.commands",
)

START_UP = """
import asyncio, json, sys

from tui.cli import parse_args
from tui.cli.tenant_args import load_config_for

args = parse_args(["--config", CONFIG, "--demo"])
config = load_config_for(args)

from tui.app.app import PsamapApp
from tui.app.screens.tenants import TenantsScreen

# The next screens' modules are imported and the demo sandbox built in a thread after the
# first frame, on purpose: left out here so that what the picker itself loads is all that
# is checked (`test_the_next_screens_are_prepared_after_the_first_frame` checks that).
PsamapApp._prepare = lambda self: None


async def picker_up() -> list[str]:
    app = PsamapApp(config=config, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TenantsScreen), app.screen
        return [t.name for t in app.screen.tenants]


tenants = asyncio.run(picker_up())
loaded = sorted(
    name for name in HEAVY for m in sys.modules if m == name or m.startswith(name + ".")
)
# The names are real: opening a tenant's filter screen does load them.
import tui.app.screens.filter, tui.cli.commands.companies, tui.core.matching, tui.app.commands
known = sorted(name for name in HEAVY if name in sys.modules)
print(json.dumps({"tenants": tenants, "loaded": sorted(set(loaded)), "known": known}))
"""


def test_the_picker_draws_without_the_modules_later_screens_need(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[tenants.acme]\nsite = "https://cw.example.com"\ncompany_id = "acme"\n'
        'public_key = "pub"\nprivate_key = { env = "ACME_KEY" }\nclient_id = "cid"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    script = f"CONFIG = {str(config)!r}\nHEAVY = {NOT_BEFORE_THE_PICKER!r}\n" + textwrap.dedent(
        START_UP
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["tenants"] == ["acme", "demo", "northwind"]
    assert result["loaded"] == []
    # Every name above is a module that exists and that a later screen loads.
    assert set(result["known"]) >= {
        "pydantic", "httpx", "rapidfuzz", "tui.core.matching", "tui.app.commands"
    }  # fmt: skip


# --- the garbage collector's pause during start-up -----------------------------------------


def test_start_up_pauses_the_collector_until_the_first_frame(monkeypatch) -> None:
    """`psamap` runs its imports and the app's start with the cyclic collector off; the
    app's first frame ends the pause (and the collector is back for the session)."""
    seen: list[tuple[str, bool]] = []

    def fake_run_app(*, on_first_frame: Callable[[], object], **_: object) -> int:
        seen.append(("starting", gc.isenabled()))
        on_first_frame()
        seen.append(("first frame drawn", gc.isenabled()))
        return 0

    monkeypatch.setattr("tui.app.run.run_app", fake_run_app)
    assert gc.isenabled()

    assert main(["--demo"]) == 0
    assert seen == [("starting", False), ("first frame drawn", True)]
    assert gc.isenabled()


async def test_the_app_calls_back_once_its_first_frame_is_drawn() -> None:
    drawn: list[str] = []
    app = PsamapApp(
        config=Config(None, {}),
        on_first_frame=lambda: drawn.append(type(app.screen).__name__),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert drawn == ["TenantsScreen"]
        assert "No tenants configured" in screen_text(pilot)


PREPARED = """
import asyncio, json, sys

from tui.app.app import PsamapApp
from tui.app.prepared import FILTER_MODULES, MAPPING_MODULES
from tui.core.config import Config


async def prepared() -> dict[str, list[str]]:
    app = PsamapApp(config=Config(None, {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        return {
            "filter": [m for m in FILTER_MODULES if m in sys.modules],
            "mapping": [m for m in MAPPING_MODULES if m in sys.modules],
            "failed": [str(w.error) for w in app.workers if w.error is not None],
        }


print(json.dumps(asyncio.run(prepared())))
"""


def test_the_next_screens_are_prepared_after_the_first_frame() -> None:
    """The Enter that opens a tenant imports nothing on the event loop: it is done in a
    thread while the user reads the picker (the picker itself loads none of it: above).
    The mapping screen's modules wait for a tenant's lists (`test_filter_keys`)."""
    from tui.app.prepared import FILTER_MODULES

    done = subprocess.run(
        [sys.executable, "-c", PREPARED], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"filter": list(FILTER_MODULES), "mapping": [], "failed": []}


PREPARED_FOR_MAPPING = """
import asyncio, json, sys, threading

import tui.app.prepared as prepared
from tests.support.filter_fixtures import make_app, open_tenant, small_tenant
from tui.app.prepared import MAPPING_MODULES

imported_in: list[str] = []
real = prepared.import_frozen


def noted(modules):
    if tuple(modules) == MAPPING_MODULES:
        imported_in.append(threading.current_thread().name)
    real(modules)


prepared.import_frozen = noted
import tui.app.screens.filter  # noqa: E402  (after the patch: it takes the name from there)

tui.app.screens.filter.import_frozen = noted


async def run() -> dict[str, object]:
    app = make_app(small_tenant())
    async with app.run_test(size=(80, 24)) as pilot:
        before = [m for m in MAPPING_MODULES if m in sys.modules]
        await open_tenant(pilot, "acme")
        await app.workers.wait_for_complete()
        after = [m for m in MAPPING_MODULES if m in sys.modules]
        return {"before": before, "after": after, "threads": imported_in}


print(json.dumps(asyncio.run(run())))
"""


def test_a_tenants_lists_shown_prepare_its_mapping_screen() -> None:
    """The filter screen's Enter imports nothing on the event loop either: once its lists
    are shown, a worker thread imports the mapping screen."""
    from tui.app.prepared import MAPPING_MODULES

    done = subprocess.run(
        [sys.executable, "-c", PREPARED_FOR_MAPPING],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == [] and result["after"] == list(MAPPING_MODULES)
    assert len(result["threads"]) == 1 and result["threads"][0] != "MainThread"
