"""Cold launch: what `psamap` loads before the tenant picker's first frame.

The picker needs Textual, the config file and the tenants' names; the modules below cost
most of a cold launch and serve only later screens (pydantic models, the HTTP client,
matching, the cache, the demo sandbox, the CLI's commands). This guards the lazy imports
that keep them out, without timing anything: speed is `python -m bench launch`'s job.

The start-up runs in a fresh interpreter (this process has imported everything already),
through the same pieces `psamap --demo` runs: the CLI's parsing, the config loading, the
app and its picker mounted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

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

# The demo sandbox is built in a thread after the first frame, on purpose: left out here
# so that what the picker itself loads is all that is checked.
PsamapApp._prepare_demo = lambda self: None


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
import tui.app.screens.filter, tui.cli.commands.companies, tui.core.matching
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
    assert set(result["known"]) >= {"pydantic", "httpx", "rapidfuzz", "tui.core.matching"}
