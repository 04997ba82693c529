"""The always-visible summary under the filter lists: total, API requests, conditions, progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from tui.psa.filter import CompanyFilter


def conditions_content(flt: CompanyFilter | None) -> Content:
    """The two condition strings, literally, with a word for "none" so an empty value is clear."""
    if flt is None:
        return Content.assemble(
            ("conditions      ", "$text-muted"), ("(nothing selected)", "italic")
        )
    conditions = flt.conditions()
    child = flt.child_conditions()
    return Content.assemble(
        ("conditions      ", "$text-muted"),
        Content(conditions) if conditions else ("(none)", "italic"),
        "\n",
        ("childConditions ", "$text-muted"),
        Content(child) if child else ("(none: every type)", "italic"),
    )


class FilterSummary(Vertical):
    """Total selected, requests made since the tenant was opened, the conditions and progress."""

    DEFAULT_CSS = """
    FilterSummary {
        height: auto;
        max-height: 9;
        padding: 0 1;
        border-top: solid $foreground 30%;
        & > Horizontal { height: 1; }
        & #total { width: 1fr; }
        & #requests { width: auto; color: $text-muted; }
        & #conditions { height: auto; max-height: 5; }
        & #progress { height: auto; color: $text-muted; }
        & #progress.-error { color: $text-error; }
    }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(id="total", markup=False)
            yield Static(id="requests", markup=False)
        yield Static(id="conditions", markup=False)
        yield Static(id="progress", markup=False)

    def show_total(self, total: int | None, *, pending: bool = False) -> None:
        """The selected count; `None` with `pending` while it is being counted."""
        label = Content.styled("Selected ", "$text-muted")
        if total is None:
            value = Content.styled("counting…" if pending else "—", "italic")
        else:
            noun = "company" if total == 1 else "companies"
            value = Content.assemble((f"{total:,}", "bold"), f" {noun}")
            if pending:
                value += Content.styled("  (updating…)", "$text-muted italic")
        self.query_one("#total", Static).update(label + value)

    def show_nothing_selected(self, what: str) -> None:
        """Nothing can match: say which list needs a tick instead of asking the PSA."""
        self.query_one("#total", Static).update(
            Content.assemble(
                ("Selected ", "$text-muted"),
                ("0 companies", "bold"),
                f"  (tick at least one {what})",
            )
        )

    def show_requests(self, requests: int) -> None:
        """How many API requests were made since the tenant was opened."""
        noun = "request" if requests == 1 else "requests"
        self.query_one("#requests", Static).update(Content(f"{requests:,} API {noun}"))

    def show_conditions(self, flt: CompanyFilter | None) -> None:
        """The exact conditions strings the choice produces."""
        self.query_one("#conditions", Static).update(conditions_content(flt))

    def show_progress(self, text: str, *, error: bool = False) -> None:
        """A line of progress or a problem (with its retry key); empty hides it."""
        progress = self.query_one("#progress", Static)
        progress.update(Content(text))
        progress.set_class(error, "-error")
        progress.display = bool(text)
