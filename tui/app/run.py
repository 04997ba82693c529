"""`run_app`: what `psamap` with no subcommand runs (kept apart so the CLI imports Textual late)."""

from __future__ import annotations

from collections.abc import Callable
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
    on_first_frame: Callable[[], object] | None = None,
) -> int:
    """Run the TUI until the user quits; the exit code is the app's return code (0 normally).

    `on_first_frame` is called once the first screen has been drawn (start-up work that
    waits for it, such as the garbage collector's pause, ends there).
    """
    from tui.app.app import PsamapApp

    app = PsamapApp(
        config=config,
        mapping_path=mapping_path,
        records_path=records_path,
        demo=demo,
        use_cache=use_cache,
        on_first_frame=on_first_frame,
    )
    app.run()
    return app.return_code or 0
