"""Carry out a `create` plan: each planned company created exactly once, or not at all.

The danger is a POST that reached the PSA but whose answer was lost (a dropped
connection, a timeout, a 5xx): sending it again could create the company twice. So after
such a failure the identifier is looked up first; only when no company holds it is the
POST sent again. The identifier is unique in the PSA, so even a second POST racing a slow
first one cannot make a second company: it is refused with "already in use", and the
look-up then finds the first. Every POST is announced in the audit log before it leaves,
so a run killed in between is recovered by the next plan (see `create_plan`).

A company the PSA refuses (400 with `errors[].field`) is reported for its record and the
run goes on; a failure of the PSA itself (auth, permissions, an outage that outlasts the
retries) stops the run, keeping everything created so far.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from tui.core.create_audit import CreationLog
from tui.core.create_plan import ExistingCompany, PlanItem
from tui.core.normalize import normalize_name
from tui.psa.errors import CompanyRejected, OutcomeUnknown, PSAError
from tui.psa.models import Company
from tui.psa.retry import RetryPolicy

#: POSTs per record at most, when each answer is lost and the look-up finds nothing.
MAX_SENDS = 6

OutcomeKind = Literal["created", "linked", "refused"]


class CompanyCreator(Protocol):
    """What the run needs from the PSA client (`ConnectWiseClient` fits)."""

    async def create_company(self, body: Mapping[str, Any]) -> Company: ...
    async def company_by_identifier(self, identifier: str) -> Company | None: ...


@dataclass(frozen=True, slots=True)
class CreateOutcome:
    """What happened to one planned record.

    `created`: the PSA made `company` for it. `linked`: an earlier run had made it (the
    plan found it); nothing was sent. `refused`: the PSA said no, `message` says why.
    """

    item: PlanItem
    kind: OutcomeKind
    company: ExistingCompany | None = None
    message: str = ""
    #: The company as the PSA answered (created now; None for linked and refused ones).
    psa: Company | None = None


class CreateStopped(PSAError):
    """The PSA failed in a way that stops the run; what was created before is kept."""

    def __init__(self, message: str, *, done: int, total: int) -> None:
        super().__init__(message)
        self.done, self.total = done, total


OnOutcome = Callable[[CreateOutcome], None]


class CreateRun:
    """Runs the create and link items of a plan in order, one request at a time."""

    def __init__(
        self,
        client: CompanyCreator,
        log: CreationLog,
        *,
        retry: RetryPolicy | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> None:
        self.client = client
        self.log = log
        self.retry = retry or RetryPolicy()
        self.on_outcome = on_outcome

    async def run(self, items: Sequence[PlanItem]) -> list[CreateOutcome]:
        """Create (or link) each item; `on_outcome` hears of each as soon as it is settled.

        Raises `CreateStopped` when the PSA fails for good; `on_outcome` has then heard of
        every record settled before, so the caller has recorded them.
        """
        work = [i for i in items if i.action in ("create", "link")]
        outcomes: list[CreateOutcome] = []
        for done, item in enumerate(work):
            try:
                outcome = await self._settle(item)
            except PSAError as exc:
                raise CreateStopped(
                    f"stopped at record {item.record_id!r} ({done} of {len(work)} done): "
                    f"{exc}; run create again: it checks what was created first",
                    done=done,
                    total=len(work),
                ) from exc
            outcomes.append(outcome)
            if self.on_outcome is not None:
                self.on_outcome(outcome)
        return outcomes

    async def _settle(self, item: PlanItem) -> CreateOutcome:
        if item.action == "link":
            return CreateOutcome(item, "linked", item.existing, "created by an earlier run")
        company = item.company
        assert company is not None  # a "create" item always carries its company
        body = company.body()
        identifier = company.identifier
        maybe_sent = False  # an earlier POST for this record may have been processed
        for send in range(MAX_SENDS):
            self.log.sending(item.record_id, identifier)
            try:
                created = await self.client.create_company(body)
            except CompanyRejected as exc:
                if exc.has("identifier", "ObjectExists"):
                    return await self._identifier_taken(item, maybe_sent)
                fields = "; ".join(map(str, exc.fields)) or exc.message
                return CreateOutcome(item, "refused", None, f"the PSA refused it: {fields}")
            except OutcomeUnknown:
                maybe_sent = True
                found = await self.client.company_by_identifier(identifier)
                if found is not None:
                    return self._found(item, found)
                await self._pause(send)
                continue
            return self._created(item, created)
        raise OutcomeUnknown(
            f"no answer to {MAX_SENDS} attempts for {identifier!r}, and no company holds it"
        )

    async def _identifier_taken(self, item: PlanItem, maybe_sent: bool) -> CreateOutcome:
        """ "Already in use": ours if an earlier POST of this run went through, else another's."""
        assert item.company is not None
        found = await self.client.company_by_identifier(item.company.identifier)
        if found is not None and maybe_sent:
            return self._found(item, found)
        named = f" by {ExistingCompany.of(found)}" if found is not None else ""
        return CreateOutcome(
            item,
            "refused",
            ExistingCompany.of(found) if found is not None else None,
            f"identifier {item.company.identifier!r} was taken meanwhile{named}; "
            "link the record to it or create again",
        )

    def _found(self, item: PlanItem, found: Company) -> CreateOutcome:
        """The company a look-up found under our identifier: ours if it has the record's name."""
        if normalize_name(found.name) == normalize_name(item.record_name):
            return self._created(item, found)
        return CreateOutcome(
            item,
            "refused",
            ExistingCompany.of(found),
            f"identifier taken meanwhile by {ExistingCompany.of(found)}; nothing was created",
        )

    def _created(self, item: PlanItem, company: Company) -> CreateOutcome:
        assert item.company is not None
        self.log.created(item.record_id, company.identifier or item.company.identifier, company.id)
        return CreateOutcome(item, "created", ExistingCompany.of(company), psa=company)

    async def _pause(self, send: int) -> None:
        """Back off before sending again, as the retry policy would between attempts."""
        await self.retry.sleep(self.retry.backoff(send))
