"""The PSA client's exception tree: one base, one subclass per thing a caller handles differently."""

from __future__ import annotations


class PSAError(Exception):
    """A request to the PSA failed; carries the HTTP status and the vendor's `code` and `message`.

    The message never holds a credential: it is built from the status, the vendor's
    own text and the request path (never the headers or full URL with secrets).
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class AuthError(PSAError):
    """401: the company id, public/private key pair or clientId was refused."""


class PermissionDenied(PSAError):
    """403: the API member's security role does not allow this request."""


class NotFound(PSAError):
    """404: wrong codebase, company id or resource."""


class InvalidRequest(PSAError):
    """400 and other non-retryable 4xx: the request itself is wrong (e.g. bad conditions)."""


class RateLimited(PSAError):
    """429 that outlived the retry budget; `retry_after` is the server's last hint in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        super().__init__(message, status=429, **kw)  # type: ignore[arg-type]
        self.retry_after = retry_after


class ServiceUnavailable(PSAError):
    """5xx, timeouts or dropped connections that outlived the retry budget."""


class IncompleteResult(PSAError):
    """A multi-page load could not be proven complete; never returned as if it were."""
