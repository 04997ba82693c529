"""After a 429, hold and space the client's requests at the rate the PSA allowed."""

from __future__ import annotations

from collections import deque


class Pace:
    """After a 429, space requests out at the rate the PSA was seen to allow, instead of
    sending the whole queue again the moment `Retry-After` ends (which is refused again).

    The allowed rate is estimated as the requests that succeeded in the second before the
    refusal (for a token bucket, exactly its size). Without a 429 for a minute, pacing stops.
    """

    WINDOW, QUIET = 1.0, 60.0

    def __init__(self) -> None:
        self.spacing = 0.0
        self.next_start = 0.0
        self.reserved_by: object = None
        self.refused_at = -self.QUIET
        self.recent: deque[float] = deque()

    def succeeded(self, sent_at: float) -> None:
        self.recent.append(sent_at)
        while self.recent and sent_at - self.recent[0] > self.WINDOW:
            self.recent.popleft()
        if self.spacing and sent_at - self.refused_at > self.QUIET:
            self.spacing = 0.0

    def refused(self, now: float) -> None:
        allowed = sum(1 for t in self.recent if now - t <= self.WINDOW)
        self.spacing = max(self.spacing, self.WINDOW / max(1, allowed))
        self.refused_at = now

    def start(self, earliest: float, request: object) -> float:
        """When an attempt that may leave at `earliest` should leave; reserves that slot.

        The retry of the request that made the last reservation is not held back by it:
        its own backoff already spaced it from its previous attempt.
        """
        if not self.spacing:
            return earliest
        start = earliest if request is self.reserved_by else max(earliest, self.next_start)
        self.next_start, self.reserved_by = start + self.spacing, request
        return start
