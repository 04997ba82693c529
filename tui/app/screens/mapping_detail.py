"""The detail below the panes follows the cursor and the focus.

On a record: the record and its three best candidates; in the companies pane: a preview
of the highlighted company (and its sites, once the cursor rests on it: see
`mapping_sites.py`) beside the record's own columns. Moving in the records pane also
brings the record's company (its link, else its best suggestion) into the companies pane.
"""

from __future__ import annotations

from textual import events, on

from tui.app.screens.mapping_layout import MappingLayout
from tui.app.widgets.mapping_status import RecordDetail, company_preview, record_detail
from tui.app.widgets.virtual_table import VirtualTable


class DetailFollowsCursor(MappingLayout):
    """The mapping screen's detail line and companies cursor, kept in step with the records."""

    @on(VirtualTable.Highlighted, "#records")
    def _record_highlighted(self, event: VirtualTable.Highlighted) -> None:
        # A message the cursor has since left behind (filling, viewing and placing the
        # cursor post one each, handled in one turn) is skipped: the newest one follows.
        if self.session is None or event.key != self.records_table.cursor_key:
            return
        record_id = event.key if isinstance(event.key, str) else None
        self.query_one(RecordDetail).update(record_detail(self.session, record_id))
        target = self._target_company(record_id)
        if target is not None and not self.companies_table.query_text:
            self.companies_table.move_cursor_to_key(target)

    @on(VirtualTable.Highlighted, "#companies")
    def _company_highlighted(self, event: VirtualTable.Highlighted) -> None:
        """While the companies pane has the focus, the detail previews the highlighted one;
        with no company shown (a search matching none) it is the record's detail again, never
        the preview of a company no longer on screen."""
        if self.session is None or self.focused is not self.companies_table:
            return
        if isinstance(event.key, int):
            self._preview_company(event.key)
        else:
            record_id = self.records_table.cursor_key
            self.query_one(RecordDetail).update(record_detail(self.session, record_id))

    @on(events.DescendantFocus)
    def _focus_moved(self) -> None:
        """The detail follows the focus: the company preview in the companies pane, the
        record and its candidates elsewhere."""
        session = self.session
        if session is None:
            return
        record_id = self.records_table.cursor_key
        psa_id = self.companies_table.cursor_key
        if self.focused is self.companies_table and psa_id is not None:
            self._preview_company(psa_id)
        else:
            self.query_one(RecordDetail).update(record_detail(session, record_id))

    def _preview_company(self, psa_id: int) -> None:
        """Preview the highlighted company; its sites are asked for once the cursor rests."""
        session = self.session
        if session is None:
            return
        record_id = self.records_table.cursor_key
        line = self.sites.line(psa_id)
        self.query_one(RecordDetail).update(company_preview(session, record_id, psa_id, line))
        self.sites.want(psa_id)

    def sites_arrived(self, psa_id: int) -> None:
        """A company's sites arrived: repaint the preview if it still shows that company."""
        if self.focused is self.companies_table and self.companies_table.cursor_key == psa_id:
            self._preview_company(psa_id)

    def _target_company(self, record_id: str | None) -> int | None:
        """The company to show beside a record: the one it maps to, else its best suggestion."""
        if record_id is None or self.session is None:
            return None
        entry = self.session.entry(record_id)
        if entry is not None:
            return entry.psa_id
        best = self.session.best(record_id)
        return None if best is None else best.psa_id
