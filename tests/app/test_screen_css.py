"""Each screen's own CSS is applied, and pushing a screen never reparses the app's CSS.

Textual loads a screen's `CSS_PATH` only when the screen is pushed: the picker (the
default screen, never pushed) had drawn without its CSS, and each later push parsed every
stylesheet of the app again and restyled every widget in the pushing key's turn.
"""

from __future__ import annotations

import inspect

import pytest
from textual.css.stylesheet import Stylesheet
from textual.geometry import Spacing
from textual.screen import Screen

import tui.app.screens as screens_package
from tests.support.filter_fixtures import make_app, open_tenant, small_tenant
from tui.app.screens import (
    create_dialog,
    doctor,
    filter,
    help,
    mapping,
    mapping_dialogs,
    tenants,
)


async def test_the_picker_draws_with_its_own_css() -> None:
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, tenants.TenantsScreen)
        assert screen.query_one("#intro").styles.padding == Spacing(1, 2, 0, 2)
        assert screen.query_one("#search").styles.margin == Spacing(1, 2, 0, 2)
        listing = screen.query_one("#tenant-list")
        assert listing.styles.margin == Spacing(1, 2, 1, 2)
        assert listing.styles.border_top[0] == "round"


async def test_opening_a_tenant_parses_no_stylesheet_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reparsed: list[int] = []
    real = Stylesheet.reparse

    def noted(self: Stylesheet) -> None:
        reparsed.append(len(self.source))
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", noted)
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = list(reparsed)  # the app's start may parse once
        screen = await open_tenant(pilot, "acme")
        assert screen.query_one("#panes").styles.height is not None
        assert reparsed == before


@pytest.mark.parametrize(
    "module", [create_dialog, doctor, filter, help, mapping, mapping_dialogs, tenants]
)
def test_no_screen_styles_itself_from_a_file_or_a_css_string(module: object) -> None:
    """The rule behind both tests above, for every screen there is or will be."""
    found = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Screen) and cls.__module__.startswith(screens_package.__name__)
    ]
    assert found
    for cls in found:
        assert not cls.CSS_PATH and not cls.CSS, f"{cls.__name__}: use DEFAULT_CSS"
