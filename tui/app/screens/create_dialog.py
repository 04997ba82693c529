"""The plan dialog of "create in the PSA": what each record becomes, or why it is refused.

Nothing is sent until the user presses the button that names the count. `s` and `t`
change the status and type the new companies get (among the filter's choices), and the
plan is made again for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.app.widgets.virtual_table_cells import inert
from tui.core.create_plan import CreatePlan, Named, PlanItem

#: Plan lines shown at most (the rest are counted): a dialog is no place for 10,000 rows.
MAX_LINES = 300

Replan = Callable[[Named, Named | None], CreatePlan]


class CreatePlanDialog(ModalScreen["CreatePlan | None"]):
    """Shows the plan; answers the plan to carry out, or None when cancelled."""

    DEFAULT_CSS = """
    CreatePlanDialog {
        align: center middle;
        background: $background 60%;
        & > Vertical {
            width: 96; max-width: 100%; height: auto; max-height: 100%;
            border: round $accent; border-title-color: $text; border-title-style: bold;
            padding: 0 1; background: $surface;
        }
        & Label { width: 100%; }
        & #plan-lines { height: auto; max-height: 14; margin: 1 0 0 0; }
        & #plan-lines Static { width: 100%; }
        & .hint { color: $text-muted; }
        & Horizontal { height: auto; margin: 1 0 0 0; }
        & Button { margin: 0 1 0 0; min-width: 10; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        replan: Replan,
        statuses: Sequence[Named],
        types: Sequence[Named],
        *,
        status: Named,
        type_: Named | None,
    ) -> None:
        super().__init__()
        self._replan = replan
        self._statuses = list(statuses)
        self._types = list(types)
        self._status = status
        self._type = type_
        self.plan = replan(status, type_)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content("Create in the PSA")
            yield Label(self._headline(), id="plan-headline")
            yield Label(self._choices(), id="plan-choices", classes="hint")
            with VerticalScroll(id="plan-lines"):
                yield Static(self._lines(), id="plan-text")
            with Horizontal():
                yield Button(self._create_label(), name="create", id="plan-create", compact=True)
                yield Button(Content("n Cancel"), name="cancel", compact=True)

    def on_mount(self) -> None:
        self._sync_button()
        self.query_one("#plan-create", Button).focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character or event.key
        if key == "y":
            event.stop()
            self._confirm()
        elif key == "n":
            event.stop()
            self.dismiss(None)
        elif key == "s" and len(self._statuses) > 1:
            event.stop()
            self._status = _next(self._statuses, self._status)
            self._refresh_plan()
        elif key == "t" and self._types:
            event.stop()
            options: list[Named | None] = [*self._types, None]
            self._type = options[(options.index(self._type) + 1) % len(options)]
            self._refresh_plan()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.name == "create":
            self._confirm()
        else:
            self.dismiss(None)

    def _confirm(self) -> None:
        if self._work():
            self.dismiss(self.plan)

    def _work(self) -> int:
        return len(self.plan.to_create) + len(self.plan.to_link)

    def _refresh_plan(self) -> None:
        self.plan = self._replan(self._status, self._type)
        self.query_one("#plan-headline", Label).update(self._headline())
        self.query_one("#plan-choices", Label).update(self._choices())
        self.query_one("#plan-text", Static).update(self._lines())
        self._sync_button()

    def _sync_button(self) -> None:
        button = self.query_one("#plan-create", Button)
        button.label = self._create_label()
        button.disabled = not self._work()

    def _create_label(self) -> Content:
        plan = self.plan
        if plan.to_link and not plan.to_create:
            return Content(f"y Link {len(plan.to_link):,}")
        return Content(f"y Create {len(plan.to_create):,}")

    def _headline(self) -> Content:
        records = len(self.plan.items)
        noun = "record" if records == 1 else "records"
        return Content(f"{records:,} {noun}: {self.plan.summary()}. Nothing is sent before you "
                       "confirm; undo (z) unlinks, but the companies stay in the PSA.")  # fmt: skip

    def _choices(self) -> Content:
        status = inert(self._status.name)
        kind = inert(self._type.name) if self._type is not None else "no type"
        keys = []
        if len(self._statuses) > 1:
            keys.append("s: status")
        if self._types:
            keys.append("t: type")
        more = f"  ({' · '.join(keys)})" if keys else ""
        return Content(f"New companies: status {status} · type {kind}{more}")

    def _lines(self) -> Content:
        items = self.plan.items
        lines = [_line(i) for i in items[:MAX_LINES]]
        if len(items) > MAX_LINES:
            lines.append(f"… and {len(items) - MAX_LINES:,} more")
        return Content("\n".join(lines))


def _line(item: PlanItem) -> str:
    """One plan line, remote and local text made inert (it is data, never markup)."""
    who = f"{inert(item.record_id)} {inert(item.record_name)}"
    if item.action == "create" and item.company is not None:
        where = inert(item.company.address_text())
        return f"create  {who} → {inert(item.company.identifier)} · {where}"
    if item.action == "link" and item.existing is not None:
        return f"link    {who} → {inert(str(item.existing))} (created earlier)"
    return f"refuse  {who}: {inert(item.reason)}"


def _next(options: Sequence[Named], current: Named) -> Named:
    ids = [o.id for o in options]
    at = ids.index(current.id) if current.id in ids else -1
    return options[(at + 1) % len(options)]
