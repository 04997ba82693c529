"""`PsamapApp`: the Textual application, from tenant picker to filter (and on to mapping).

The app owns what outlives a screen: the config, the key map, the state store and the
way clients are built (the test transport, the shared demo sandbox). Screens get those
injected, so each can be driven on its own in tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.app.prepared import FILTER_MODULES, import_frozen
from tui.app.screens.tenants import TenantsScreen
from tui.app.widgets.virtual_table_cells import inert_lines
from tui.core.gc_pause import gc_paused
from tui.core.state import StateStore

if TYPE_CHECKING:
    import httpx
    from textual.command import Provider

    from tui.app.problems import Problem
    from tui.core.config import Config, TenantConfig
    from tui.core.doctor import Checkup
    from tui.psa.client import ConnectWiseClient
    from tui.psa.retry import OnWait

#: Building the demo sandbox (50,000 companies) happens once per process, in a thread;
#: the lock stops a pre-warm and a user's Enter from building it twice.
_CLIENT_BUILD_LOCK = threading.Lock()


def _resolve_quietly(tenant: TenantConfig) -> None:
    """Resolve the tenant's secrets (cached); a failure is the doctor's config step to report."""
    from tui.core.config import ConfigError

    with contextlib.suppress(ConfigError):
        tenant.credentials()


def _screen_actions() -> type[Provider]:
    """The palette's provider of screen actions, imported when the palette first opens:
    the picker's first frame does not need it (nor the `?` screen, imported likewise)."""
    from tui.app.commands import ScreenActionsProvider

    return ScreenActionsProvider


class PsamapApp(App[int]):
    """psamap's TUI: pick a tenant, filter its companies, map records to them."""

    TITLE = "psamap"
    COMMANDS = App.COMMANDS | {_screen_actions}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("question_mark,f1", "help", "Keys", tooltip="Show every key", id="app.help"),
        Binding("ctrl+c", "help_quit", show=False, system=True, id="app.quit-hint"),
    ]

    def __init__(
        self,
        *,
        config: Config,
        mapping_path: Path | None = None,
        records_path: Path | None = None,
        demo: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        state: StateStore | None = None,
        use_cache: bool = False,
        on_first_frame: Callable[[], object] | None = None,
    ) -> None:
        """`transport`, when given, carries every tenant's requests (tests use the sandbox's);
        `on_first_frame` is called once the first screen has been drawn."""
        super().__init__()
        if demo:
            from tui.demo.config import with_demo  # the sandbox loads only for --demo

            config = with_demo(config)
        self.config = config
        self.mapping_path = mapping_path
        self.records_path = records_path
        self.demo = demo
        self.state = state if state is not None else StateStore()
        self._transport = transport
        #: Shown once the app is up: the config's own, then those about its `[keys]`.
        self.warnings = [*config.warnings, *self._keymap_warnings(config)]
        #: Keep each tenant's company cache (`psamap` turns it on unless --no-cache).
        self.use_cache = use_cache
        self._on_first_frame = on_first_frame
        if config.keys:
            self.set_keymap(config.keys)

    def _keymap_warnings(self, config: Config) -> list[str]:
        """Warnings about the config's `[keys]`; none to check without one.

        The check reads every screen's bindings, which imports every screen: only a config
        that remaps keys pays that before the first frame.
        """
        if not config.keys:
            return []
        from tui.app.keymap import check_keymap

        return check_keymap(config.keys, type(self), config.where_key)

    def get_default_screen(self) -> Screen:
        """The tenant picker is the first screen."""
        hint = (
            "No tenants configured. Add [tenants.NAME] tables to "
            f"{self.config.path or 'the config file'}, or run psamap --demo."
        )
        return TenantsScreen(
            list(self.config.tenants.values()),
            on_open=self.open_tenant,
            on_doctor=self.check_tenant,
            no_tenants_hint=hint,
        )

    def on_mount(self) -> None:
        if self._on_first_frame is not None:
            self.call_after_refresh(self._on_first_frame)
        if not self.is_headless:
            self._handle_termination_signals()
        for message in self.warnings:
            self.notify(message, severity="warning", markup=False, timeout=10)
        # After the first paint: this work holds the GIL, which would delay the picker.
        self.call_after_refresh(self._prepare)

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare(self) -> None:
        """While the user reads the picker, in one thread (two importing at once could meet
        each other's half-imported modules): import what opening a tenant loads (see
        `tui.app.prepared`), then build the demo sandbox, so opening it is quick."""
        import_frozen(FILTER_MODULES)
        if any(t.demo for t in self.config.tenants.values()) and self._transport is None:
            from tui.demo.tenants import shared_demo_sandbox

            # Paused, then frozen: its ~60,000 generated companies live as long as the
            # process and would otherwise make every full collection ~2x longer.
            with _CLIENT_BUILD_LOCK, gc_paused():
                shared_demo_sandbox()

    # -- being told to stop --------------------------------------------------------------------

    def _handle_termination_signals(self) -> None:
        """SIGTERM (kill, shutdown) and SIGHUP (the terminal or SSH session closed) would end
        the process at once, leaving the terminal in the alternate screen with mouse tracking
        on and the unsaved work lost; instead they journal the work and exit cleanly."""
        if os.name != "posix":
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.terminate, sig)

    def terminate(self, sig: int) -> None:
        """Write every screen's recovery journal now, then exit normally (which restores
        the terminal); the exit code says which signal it was (128 + its number)."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_journal", None)
            if flush is not None:
                with contextlib.suppress(Exception):  # exiting matters more than a message
                    flush()
        self.exit(return_code=128 + sig)

    # -- opening a tenant ---------------------------------------------------------------------

    def open_tenant(self, tenant: TenantConfig) -> None:
        """Push the filter screen for `tenant`; it signs in and loads in its own workers."""
        # Imported here, not at the top: the picker's first frame needs none of the filter
        # screen's models, and they cost a third of a cold launch.
        from tui.app.screens.filter import FilterScreen

        picker = self.screen

        def done(problem: Problem | None) -> None:
            if isinstance(picker, TenantsScreen):
                picker.record_problem(tenant, problem)

        self.push_screen(
            FilterScreen(
                tenant,
                connect=lambda on_wait: self.connect(tenant, on_wait=on_wait),
                state=self.state,
                records_path=self.records_path,
                mapping_path=self.mapping_path,
                demo=self.demo,
                use_cache=self.use_cache,
            ),
            callback=done,
        )

    def check_tenant(self, tenant: TenantConfig) -> None:
        """Show the connection check (`psamap doctor`) for `tenant` in a modal."""
        from tui.app.screens.doctor import DoctorScreen
        from tui.core.doctor import check_tenant, client_for_doctor

        async def run() -> Checkup:
            # A secret command may take seconds: resolve it off the event loop first.
            await asyncio.to_thread(_resolve_quietly, tenant)
            return await check_tenant(
                tenant,
                config_path=self.config.path,
                warnings=self.config.warnings,
                client_factory=client_for_doctor(tenant, self._transport),
            )

        self.push_screen(DoctorScreen(tenant, run))

    async def connect(
        self, tenant: TenantConfig, *, on_wait: OnWait | None = None
    ) -> ConnectWiseClient:
        """Build `tenant`'s client off the event loop (a secret command may take seconds)."""

        def build() -> ConnectWiseClient:
            with _CLIENT_BUILD_LOCK:
                return tenant.client(transport=self._transport, on_wait=on_wait)

        return await asyncio.to_thread(build)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, made inert: messages quote company names, record ids and paths,
        someone else's text, whose escape sequences (an OSC 52 clipboard write, say) or bidi
        overrides would otherwise reach the terminal. Thread-safe, as Textual's."""
        super().notify(
            inert_lines(message), title=inert_lines(title), severity=severity,
            timeout=timeout, markup=markup,
        )  # fmt: skip

    # -- keys -----------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, unless the screen asks first (the mapping screen, with unsaved changes)."""
        confirm_quit = getattr(self.screen, "confirm_quit", None)
        if confirm_quit is None or not confirm_quit():
            self.exit()

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from tui.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, minus the key panel (our `?` screen replaces it)."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command
