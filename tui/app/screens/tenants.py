"""The tenant picker: the config's tenants (and the demo ones), type to narrow, Enter to open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.widgets.keys_footer import KeysFooter
from tui.app.widgets.type_ahead import SearchTypeAhead
from tui.app.widgets.virtual_table_cells import inert

if TYPE_CHECKING:
    from tui.app.problems import Problem
    from tui.core.config import TenantConfig


def tenant_prompt(tenant: TenantConfig, problem: Problem | None) -> Content:
    """Two lines per tenant: the label, then name, company id and site (all literal text)."""
    first = Content.styled(inert(tenant.label), "bold")
    if tenant.demo:
        first += Content.styled("  demo", "$text-accent")
    details = f"{tenant.name} · company {tenant.company_id} · {tenant.site}"
    lines = [first, Content.styled(inert(details), "$text-muted")]
    if problem is not None:
        lines.append(
            Content.styled(f"last try: {problem.headline}", "$text-error")
            + Content.styled("  (d: check connection)", "$text-muted")
        )
    return Content("\n").join(lines)


def matches(tenant: TenantConfig, query: str) -> bool:
    """Case-insensitive match of every word of `query` against the tenant's names and site."""
    haystack = " ".join((tenant.name, tenant.label, tenant.company_id, tenant.site)).casefold()
    return all(word in haystack for word in query.casefold().split())


class TenantsScreen(Screen[None]):
    """Lists the tenants; opening one is the app's job (it owns clients and the sandbox)."""

    # Default CSS, not a CSS_PATH file: see `tui.app.screens`.
    DEFAULT_CSS = """
    TenantsScreen {
        layout: vertical;

        #intro {
            height: auto;
            padding: 1 2 0 2;
            color: $text-muted;
        }

        #search {
            margin: 1 2 0 2;
            width: 1fr;
        }

        #tenant-list {
            height: 1fr;
            margin: 1 2;
            border: round $foreground 30%;
        }

        #tenant-list:focus {
            border: round $accent;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so Enter opens from the search box and the list alike (and shows in the footer).
        Binding("enter", "open", "Open", priority=True, id="tenants.open"),
        Binding("slash", "search", "Search", id="tenants.search"),
        Binding("down", "cursor_down", "Down", show=False, id="tenants.down"),
        Binding("up", "cursor_up", "Up", show=False, id="tenants.up"),
        Binding("escape", "clear_search", "Clear search", id="tenants.clear-search"),
        # `d` is also a letter that starts a search: it checks only a tenant that failed to
        # open (see on_key), which is when the footer shows it.
        Binding("d", "doctor", "Check connection", id="tenants.doctor"),
    ]

    def __init__(
        self,
        tenants: list[TenantConfig],
        *,
        on_open: Callable[[TenantConfig], None],
        on_doctor: Callable[[TenantConfig], None] | None = None,
        no_tenants_hint: str = "",
    ) -> None:
        super().__init__()
        self.tenants = tenants
        self.problems: dict[str, Problem] = {}
        self._on_open = on_open
        self._on_doctor = on_doctor
        self._no_tenants_hint = no_tenants_hint
        self._shown: list[TenantConfig] = []
        self._type_ahead = SearchTypeAhead(
            self,
            start=self.action_search,
            type_text=lambda text: self.search_box.insert_text_at_cursor(text),
        )

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="intro", markup=False)
        yield Input(
            placeholder="type or / to filter tenants",
            id="search",
            compact=True,
            select_on_focus=False,
        )
        yield OptionList(id="tenant-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "psamap"
        self.sub_title = "pick a PSA tenant"
        count = len(self.tenants)
        noun = "tenant" if count == 1 else "tenants"
        intro = f"{count} {noun}. Enter opens the highlighted one; type to narrow the list."
        if not self.tenants:
            intro = self._no_tenants_hint or "No tenants configured."
        self.query_one("#intro", Static).update(Content(intro))
        self._show(self.tenants)
        self.option_list.focus()

    @property
    def option_list(self) -> OptionList:
        """The list of tenants."""
        return self.query_one("#tenant-list", OptionList)

    @property
    def search_box(self) -> Input:
        """The box that narrows the list."""
        return self.query_one("#search", Input)

    def record_problem(self, tenant: TenantConfig, problem: Problem | None) -> None:
        """Mark (or clear) the last failure to open a tenant, shown under its name."""
        if problem is None:
            self.problems.pop(tenant.name, None)
        else:
            self.problems[tenant.name] = problem
        self._show(self._shown, keep=tenant)

    def _show(self, tenants: list[TenantConfig], keep: TenantConfig | None = None) -> None:
        options = self.option_list
        self._shown = list(tenants)
        options.clear_options()
        options.add_options(
            Option(tenant_prompt(t, self.problems.get(t.name)), id=t.name) for t in tenants
        )
        if tenants:
            index = self._shown.index(keep) if keep in self._shown else 0
            options.highlighted = index
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#tenant-list")
    def _moved(self) -> None:
        self.refresh_bindings()  # `d` shows only on a tenant that failed to open

    @property
    def highlighted_tenant(self) -> TenantConfig | None:
        """The tenant under the cursor, if any."""
        index = self.option_list.highlighted
        if index is not None and 0 <= index < len(self._shown):
            return self._shown[index]
        return None

    def action_doctor(self) -> None:
        """Check the highlighted tenant's connection step by step (as `psamap doctor`)."""
        tenant = self.highlighted_tenant
        if tenant is not None and self._on_doctor is not None:
            self._on_doctor(tenant)

    @on(Input.Changed, "#search")
    def _narrow(self, event: Input.Changed) -> None:
        self._show([t for t in self.tenants if matches(t, event.value)])

    @on(OptionList.OptionSelected, "#tenant-list")
    def _clicked(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted tenant."""
        index = self.option_list.highlighted
        if index is not None and 0 <= index < len(self._shown):
            self._on_open(self._shown[index])

    def action_cursor_down(self) -> None:
        """Move through the list while typing in the search box."""
        self.option_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move through the list while typing in the search box."""
        self.option_list.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """Type-to-filter: `/`, or a letter typed on the list, starts the search.

        The keys typed right behind it (still queued while the focus moves) are search text
        too, until the list has the focus again; see `SearchTypeAhead`.
        """
        if self._type_ahead.on_key(event):
            return
        if event.key == "d" and self.option_list.has_focus and self._doctor_offered():
            event.stop()
            event.prevent_default()
            self.action_doctor()
            return
        if event.is_printable and event.character and event.character not in "?/ ":
            event.stop()
            event.prevent_default()
            self._type_ahead.begin()
            self.action_search()
            self.search_box.insert_text_at_cursor(event.character)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.option_list:
            self._type_ahead.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape clears a search only when there is one."""
        if action == "clear_search":
            search = self.search_box
            return bool(search.value) or search.has_focus
        if action == "open":
            return bool(self._shown)
        if action == "doctor":
            return self._doctor_offered()
        return True

    def _doctor_offered(self) -> bool:
        tenant = self.highlighted_tenant
        return self._on_doctor is not None and tenant is not None and tenant.name in self.problems

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.search_box.focus()

    def action_clear_search(self) -> None:
        """Show every tenant again and go back to the list."""
        self.search_box.value = ""
        self.option_list.focus()
