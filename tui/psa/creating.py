"""How the answer to a company POST is read: created, refused (per field), or unknown.

A GET may be repeated freely; a POST may not, because one that reached the server may
have created the company even when no answer came back. So only what certainly did not
reach the server (a connection that never opened) or was refused before processing
(429) is retried; everything else that leaves the outcome open raises `OutcomeUnknown`,
and the caller looks the identifier up before trying again.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
from pydantic import TypeAdapter, ValidationError

from tui.psa.encoding import utf8_body
from tui.psa.errors import (
    CompanyRejected,
    OutcomeUnknown,
    PSAError,
    ServiceUnavailable,
    error_for_status,
    field_errors,
    one_line,
)
from tui.psa.models import Company
from tui.psa.retry import TryAgain

_COMPANY = TypeAdapter(Company)


def unsent_or_unknown(exc: httpx.HTTPError, where: str) -> TryAgain | PSAError:
    """A transport error on a POST: retryable only when the request never left this machine."""
    detail = one_line(str(exc)) or type(exc).__name__
    never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if never_sent and "CERTIFICATE_VERIFY_FAILED" not in str(exc):
        error = ServiceUnavailable(f"connection failed on {where}: {detail}")
        return TryAgain("connection error", error)
    if never_sent:
        return ServiceUnavailable(f"request failed on {where}: {detail}")
    if isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError):
        return OutcomeUnknown(f"no answer on {where} ({detail}); it may have been processed")
    return PSAError(f"request failed on {where}: {detail}")


def created_company(
    response: httpx.Response, where: str, scrub: Callable[[bytes], bytes]
) -> Company:
    """The company a 2xx answer holds; any other answer (429 aside) raised as its error."""
    status = response.status_code
    content = utf8_body(response.content, response.charset_encoding)
    body = scrub(content)
    if response.is_success:
        try:
            return _COMPANY.validate_json(content)
        except ValidationError:
            raise OutcomeUnknown(
                f"{status} on {where} with an unreadable body: the company was probably created",
                status=status,
            ) from None
    error = error_for_status(status, response.reason_phrase, where, body)
    if status >= 500:
        raise OutcomeUnknown(f"{error.message}; it may have been processed", status=status)
    if status == 400:
        raise CompanyRejected(error.message, field_errors(body), status=status, code=error.code)
    raise error
