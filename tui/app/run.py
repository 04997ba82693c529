"""`run_app`: what `psamap` with no subcommand runs (kept apart so the CLI imports Textual late)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.config import Config


def run_app(
    *,
    config: Config,
    mapping_path: Path | None,
    records_path: Path | None,
    demo: bool,
    use_cache: bool = True,
) -> int:
    """Run the TUI until the user quits; the exit code is the app's return code (0 normally)."""
    from tui.app.app import PsamapApp

    app = PsamapApp(
        config=config,
        mapping_path=mapping_path,
        records_path=records_path,
        demo=demo,
        use_cache=use_cache,
    )
    app.run()
    return app.return_code or 0
