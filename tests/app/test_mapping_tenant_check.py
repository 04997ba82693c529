"""A mapping file of another tenant is refused by one rule, in words, by the TUI and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.mapping_fixtures import MappingWorld
from tests.support.pilot import screen_text
from tui.core.mapping_file import MappingDocument
from tui.core.opening import MappingOfAnotherTenant, check_tenant


def write_mapping(path: Path, *, tenant: str, company_id: str) -> str:
    """A valid, empty mapping file for that tenant; returns its text to check it is untouched."""
    text = f'format = 1\ntenant = "{tenant}"\ncompany_id = "{company_id}"\n'
    path.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize(
    ("tenant", "company_id", "refused"),
    [
        ("acme", "acme", False),
        ("acme", "ACME", False),  # the PSA's login company id is case-insensitive
        ("acme-test", "acme", True),  # same PSA company, another tenant
        ("acme", "globex", True),  # same tenant name, another PSA company
        ("ACME", "acme", True),  # tenant names are config keys: exact
    ],
)
def test_tenant_and_company_id_must_both_match(tenant: str, company_id: str, refused: bool):
    document = MappingDocument(tenant=tenant, company_id=company_id)
    path = Path("m.toml")
    if not refused:
        check_tenant(path, document, tenant="acme", company_id="acme")
        return
    with pytest.raises(MappingOfAnotherTenant) as caught:
        check_tenant(path, document, tenant="acme", company_id="acme", hint="choose another")
    assert str(caught.value) == (
        f"m.toml maps tenant {tenant!r} (company {company_id!r}), not 'acme' (company 'acme'); "
        "choose another"
    )


async def test_the_tui_explains_a_mapping_of_another_tenant_with_the_same_company(
    tmp_path: Path,
):
    world = MappingWorld.build(tmp_path)
    before = write_mapping(world.mapping_path, tenant="acme-test", company_id="acme")
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app)
        await pilot.app.push_screen(screen)
        for _ in range(100):
            await pilot.pause(0.02)
            if screen.failed:
                break
        assert screen.failed and screen.session is None
        await pilot.pause()  # let the failure's label render before reading the screen
        text = " ".join(screen_text(pilot).split())
        assert "Mapping file of another tenant" in text
        assert "made for tenant 'acme-test'" in text and "--mapping" in text
        assert "Unexpected error" not in text and "ValueError" not in text
    assert world.mapping_path.read_text(encoding="utf-8") == before
