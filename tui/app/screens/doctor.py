"""The connection check (`psamap doctor`) as a modal on the tenant picker: key `d`.

Offered on a tenant that failed to open, so nobody has to leave the TUI to find out why:
the same steps as the CLI, each OK or FAIL with its fix. The check runs in a worker and
the steps are remote text, so they are shown literally (never markup).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.core.config import TenantConfig
    from tui.core.doctor import Checkup

RunCheck = Callable[[], Awaitable["Checkup"]]


def step_rows(checkup: Checkup) -> list[tuple[Content, Content]]:
    """Per step: its mark and name, and its detail (with the fix under a failure), literal."""
    width = max(len(step.name) for step in checkup.steps)
    rows: list[tuple[Content, Content]] = []
    for step in checkup.steps:
        if step.ok:
            mark = Content.styled("✓ OK  ", "$text-success")
        elif step.skipped:
            mark = Content.styled("– SKIP", "$text-muted")
        else:
            mark = Content.styled("✗ FAIL", "bold $text-error")
        label = mark + Content(f" {step.name.ljust(width)}")
        detail = Content(step.detail)
        if step.skipped:
            detail = Content.styled(step.detail, "$text-muted")
        elif not step.ok and step.fix:
            detail = detail + Content("\n") + Content.styled(f"fix: {step.fix}", "$text-warning")
        rows.append((label, detail))
    return rows


def verdict(checkup: Checkup) -> Content:
    """ "All checks passed." or which step to fix first."""
    failed = checkup.failed()
    if not failed:
        return Content.styled("All checks passed.", "bold $text-success")
    return Content.styled(f"Fix {failed[0].name} first.", "bold $text-error")


class DoctorScreen(ModalScreen[None]):
    """Runs the connection check for one tenant and shows its steps; Escape closes it."""

    DEFAULT_CSS = """
    DoctorScreen {
        align: center middle;
        background: $background 60%;
        & > Vertical {
            width: 100;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-color: $text;
            border-title-style: bold;
            padding: 0 1;
            background: $surface;
        }
        & VerticalScroll { height: auto; max-height: 100%; }
        & .step { height: auto; }
        & .step-name { width: auto; min-width: 20; padding: 0 1 0 0; }
        & .step-detail { width: 1fr; }
        & #doctor-verdict { margin: 1 0 0 0; }
        & .hint { color: $text-muted; margin: 1 0 0 0; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="doctor.close"),
        Binding("r", "rerun", "Check again", id="doctor.rerun"),
    ]

    def __init__(self, tenant: TenantConfig, run_check: RunCheck) -> None:
        super().__init__()
        self.tenant = tenant
        self._run_check = run_check
        #: The last finished check (None while it runs); tests and the caller read it.
        self.checkup: Checkup | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(f"Connection check: {self.tenant.name}")
            with VerticalScroll(id="doctor-steps"):
                yield Static(Content("Checking…"), id="doctor-verdict")
            yield Static(
                Content("r: check again   escape: close   (same as: psamap doctor "
                        f"{self.tenant.name})"),
                classes="hint",
            )  # fmt: skip

    def on_mount(self) -> None:
        self.action_rerun()

    def action_rerun(self) -> None:
        """Run the check (again)."""
        self.checkup = None
        self._show([], Content("Checking…"))
        self._check()

    def _show(self, rows: list[tuple[Content, Content]], last: Content) -> None:
        steps = self.query_one("#doctor-steps", VerticalScroll)
        steps.remove_children(".step")
        steps.mount_all(
            (
                Horizontal(
                    Static(label, classes="step-name"),
                    Static(detail, classes="step-detail"),
                    classes="step",
                )
                for label, detail in rows
            ),
            before="#doctor-verdict",
        )
        self.query_one("#doctor-verdict", Static).update(last)

    @work(exclusive=True, group="doctor-check", exit_on_error=False)
    async def _check(self) -> None:
        try:
            checkup = await self._run_check()
        except Exception as exc:  # a bug in the check itself: still words, never a crash
            text = f"The check itself failed: {type(exc).__name__}: {exc}"
            self._show([], Content(text))
            return
        self.checkup = checkup
        self._show(step_rows(checkup), verdict(checkup))
