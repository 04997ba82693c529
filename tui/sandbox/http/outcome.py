"""What the transports and the server ask of a sandbox: one `Outcome` per request.

The in-process transports and the loopback server only need something that answers a
request; naming that by shape (`AnswersRequests`) lets them sit below `Sandbox`, which
builds them, instead of importing it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to do with one request: answer (None: drop the connection) after `delay` seconds."""

    response: httpx.Response | None
    delay: float
    request_number: int


class AnswersRequests(Protocol):
    """A sandbox, as the transports and the server see it."""

    def process(self, request: httpx.Request) -> Outcome:
        """Decide and build the answer to one request (faults, throttling, then the API)."""
        ...
