"""The filter screen: live lists, per-item counts, the total and conditions for the ticks."""

from __future__ import annotations

from tests.support.filter_fixtures import (
    ACTIVE,
    CLIENT,
    CREDIT_HOLD,
    FORMER,
    IMPORTED,
    INACTIVE,
    NOT_APPROVED,
    VENDOR,
    make_app,
    open_tenant,
    sandbox_total,
    small_tenant,
    tenant_config,
)
from tests.support.pilot import screen_text, settle
from tui.psa.filter import CompanyFilter

ACTIVE_STATUSES = {ACTIVE, CREDIT_HOLD, NOT_APPROVED}


async def test_each_status_and_type_shows_its_company_count_from_the_sandbox() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        for item in screen.status_list.items:
            assert item.count == sandbox_total(tenant, {item.id}, None), item.name
        for item in screen.type_list.items:
            assert item.count == sandbox_total(tenant, None, {item.id}), item.name
        assert [i.name for i in screen.status_list.items] == [s["name"] for s in tenant.statuses]


async def test_defaults_are_the_active_statuses_and_every_type() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert screen.status_list.checked_ids == ACTIVE_STATUSES
        assert screen.type_list.checked_ids == {t["id"] for t in tenant.types}
        text = screen_text(pilot)
        expected = sandbox_total(tenant, ACTIVE_STATUSES, None)
        assert f"Selected {expected:,} companies" in text
        assert "deletedFlag = false and status/id in (1,17,23)" in text
        assert "(none: every type)" in text
        assert "Inactive (inactive)" in text


async def test_toggling_a_status_changes_the_total_to_what_the_sandbox_selects() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        highlighted = screen.status_list.highlighted
        assert highlighted is not None and highlighted.id == ACTIVE
        await pilot.press("space")  # untick Active
        await settle(pilot)
        expected = sandbox_total(tenant, {CREDIT_HOLD, NOT_APPROVED}, None)
        assert expected != sandbox_total(tenant, ACTIVE_STATUSES, None)
        text = screen_text(pilot)
        assert f"Selected {expected:,} companies" in text
        assert "deletedFlag = false and status/id in (17,23)" in text


async def test_unticking_a_type_adds_child_conditions_and_recounts() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("tab", "n")  # types pane: untick every type
        await settle(pilot)
        assert "tick at least one type" in screen_text(pilot)
        await pilot.press("space", "down", "down", "space")  # Client and Vendor
        await settle(pilot)
        assert screen.type_list.checked_ids == {CLIENT, VENDOR}
        expected = sandbox_total(tenant, ACTIVE_STATUSES, {CLIENT, VENDOR})
        text = screen_text(pilot)
        assert f"Selected {expected:,} companies" in text
        assert "childConditions types/id = 5 or types/id = 12" in text


async def test_ticking_every_status_drops_the_status_condition() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("a")
        await settle(pilot)
        assert screen.current_filter() == CompanyFilter()
        text = screen_text(pilot)
        assert "conditions      deletedFlag = false " in text
        assert "status/id" not in text
        assert f"Selected {sandbox_total(tenant, None, None):,} companies" in text


async def test_nothing_ticked_selects_nothing_without_asking_the_psa() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert screen.client is not None
        before = screen.client.stats.requests
        await pilot.press("n")
        await settle(pilot)
        assert screen.client.stats.requests == before
        text = screen_text(pilot)
        assert "0 companies  (tick at least one status)" in text
        assert "(nothing selected)" in text


async def test_totals_already_counted_come_from_the_cache() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert screen.client is not None
        await pilot.press("space")
        await settle(pilot)
        after_first_toggle = screen.client.stats.requests
        await pilot.press("space")  # back to the opening choice: counted already
        await settle(pilot)
        assert screen.client.stats.requests == after_first_toggle
        expected = sandbox_total(tenant, ACTIVE_STATUSES, None)
        assert f"Selected {expected:,} companies" in screen_text(pilot)


async def test_the_summary_counts_api_requests_since_the_tenant_opened() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert screen.client is not None
        requests = screen.client.stats.requests
        # statuses + types + one count per status and type + the total
        assert requests == 2 + len(tenant.statuses) + len(tenant.types) + 1
        assert f"{requests} API requests" in screen_text(pilot)


async def test_search_narrows_a_list_and_all_none_act_on_the_matches() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("slash", *"in", "enter")
        await settle(pilot)
        shown = [item.id for item in screen.status_list.shown]
        assert shown == [INACTIVE]
        await pilot.press("a")
        await settle(pilot)
        assert screen.status_list.checked_ids == ACTIVE_STATUSES | {INACTIVE}
        assert "search: in" in screen_text(pilot)
        await pilot.press("escape")  # clears the search, stays on the screen
        await settle(pilot)
        assert len(screen.status_list.shown) == len(tenant.statuses)
        assert pilot.app.screen is screen


async def test_copy_puts_both_condition_strings_on_the_clipboard() -> None:
    tenant = small_tenant()
    app = make_app(tenant)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        await pilot.press("tab", "down", "space", "c")  # untick Prospect, then copy
        await settle(pilot)
        assert app.clipboard == (
            "conditions=deletedFlag = false and status/id in (1,17,23)\n"
            "childConditions=types/id = 5 or types/id = 12 or types/id = 14 or types/id = 21"
            " or types/id = 77 or types/id = 88"
        )


async def test_remote_names_render_literally_never_as_markup() -> None:
    odd = {ACTIVE: "Foo [/] Bar", INACTIVE: "[b]Not bold[/b]", IMPORTED: "Acme [UK] Ltd"}
    tenant = small_tenant(status_names=odd, type_names={CLIENT: "[red]Client[/]"})
    config = tenant_config(tenant, label="Foo [/] Bar MSP")
    async with make_app(tenant, configs=[config]).run_test(size=(120, 40)) as pilot:
        screen = await open_tenant(pilot, "acme")
        text = screen_text(pilot)
        for name in [*odd.values(), "[red]Client[/]", "psamap — Foo [/] Bar MSP"]:
            assert name in text
        assert screen.status_list.items[0].count == sandbox_total(tenant, {ACTIVE}, None)


async def test_inactive_statuses_are_marked_and_unticked_by_default() -> None:
    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(120, 40)) as pilot:
        screen = await open_tenant(pilot, "acme")
        text = screen_text(pilot)
        for name in ("Inactive", "Imported", "Former"):
            assert f"[ ] {name} (inactive)" in text
        assert "[x] Active " in text
        assert not {INACTIVE, IMPORTED, FORMER} & screen.status_list.checked_ids


async def test_keys_typed_right_behind_slash_search_instead_of_ticking() -> None:
    """A fast-typed or pasted "/in" searches for "in"; its "n" must not untick everything."""
    from textual import events

    tenant = small_tenant()
    app = make_app(tenant)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        before = screen.status_list.checked_ids
        for key in ("slash", "i", "n"):  # queued at once, as a burst from the terminal
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot)
        assert screen.status_list.checked_ids == before
        assert [item.id for item in screen.status_list.shown] == [INACTIVE]


async def test_ctrl_w_and_ctrl_u_edit_the_filter_search_box() -> None:
    """The checklist's search box erases its last word (ctrl+w) and all its text (ctrl+u)."""
    tenant = small_tenant()
    app = make_app(tenant)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        every = [item.id for item in screen.status_list.shown]
        await pilot.press("slash", "a", "c", "space", "i", "n")
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert screen.status_list.search == "ac "
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert screen.status_list.search == ""
        assert [item.id for item in screen.status_list.shown] == every
