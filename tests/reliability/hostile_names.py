"""Company, status and type names a PSA may hold that must never reach a terminal as commands."""

from __future__ import annotations

from tui.sandbox import SandboxTenant, make_tenant

ESC, CSI_8BIT = "\x1b", "\x9b"

#: Names written by an attacker or a careless import; each must render as inert text.
HOSTILE_NAMES = (
    "\x1b[31mRed Alert\x1b[0m Ltd",
    "\x1b]0;owned\x07Window Title Co",
    "\x1b[2J\x1b[HCleared Screen Inc",
    "Bell\x07 Carriage\rReturn\x08Backspace Ltd",
    "\x9b31mEight Bit CSI Ltd",
    "Tab\tNew\nLine Ltd",
    "[bold red]Markup[/] & Co",
    "Foo [/] Bar",
    "[link=https://example.invalid]Click Me[/link]",
    "[@click=app.quit]Quit Now[/]",
    "L" + "o" * 600 + "ng Name Ltd",
)

#: Text each name must show as (after control characters became spaces), for the markup ones.
LITERAL_MARKUP = ("[bold red]Markup[/] & Co", "Foo [/] Bar", "[@click=app.quit]Quit Now[/]")


def hostile_tenant(company_id: str = "acme") -> SandboxTenant:
    """150 companies; the first ones renamed to the hostile names, all Active clients;
    a status and a type with hostile names too."""
    tenant = make_tenant(
        company_id,
        150,
        seed=3,
        status_names={17: "\x1b[5mCredit [red]Hold[/]"},
        type_names={77: "Managed\x1b[8m [b]Client[/b]"},
    )
    for row, name in zip(list(tenant.rows), HOSTILE_NAMES, strict=False):
        tenant.update_company(row.id, name=name, status_id=1, type_ids=[5], deleted=False)
    return tenant


def unsafe_characters(text: str) -> list[str]:
    """Control characters a terminal would act on (C0 except newline, DEL, C1)."""
    return sorted({repr(c) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0})
