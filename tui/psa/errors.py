"""The PSA client's exception tree (one subclass per thing a caller handles differently)."""

from __future__ import annotations

import html
import json
import re
from typing import NamedTuple

import httpx

from tui.errors import Failure


class PSAError(Failure):
    """A request to the PSA failed; carries the HTTP status and the vendor's `code` and `message`.

    The message never holds a credential: it is built from the status, the vendor's
    own text and the request path (never the headers or full URL with secrets).
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        #: The tenant whose request failed, once the client has named it (see `explain_for`).
        self.tenant: str | None = None
        #: What usually causes this failure, in the user's words ("" when nothing useful).
        self.causes = ""


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

    def __init__(
        self, message: str, *, retry_after: float | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, status=429, code=code)
        self.retry_after = retry_after


class ServiceUnavailable(PSAError):
    """5xx, timeouts or dropped connections that outlived the retry budget."""


class IncompleteResult(PSAError):
    """A multi-page load could not be proven complete; never returned as if it were."""


_BY_STATUS: dict[int, type[PSAError]] = {401: AuthError, 403: PermissionDenied, 404: NotFound}

#: Longest vendor text kept in a message: enough to read, never a page of HTML.
_MAX_SUMMARY = 200


def error_for_status(status: int, reason: str, where: str, body: bytes) -> PSAError:
    """The typed error for a failed response, e.g. "401 Unauthorized on company/companies: ...".

    `where` is the API path (no query string, no host): the message never holds headers,
    credentials or the Authorization value, only the status and the vendor's own words.
    """
    code, vendor_message = summarise_body(body)
    text = f"{status} {reason} on {where}".rstrip()
    if vendor_message:
        text += f": {vendor_message}"
    if status == 429:
        return RateLimited(text, code=code)
    if status >= 500:
        return ServiceUnavailable(text, status=status, code=code)
    cls = _BY_STATUS.get(status, InvalidRequest)
    return cls(text, status=status, code=code)


def redirected(error: PSAError, location: str) -> PSAError:
    """`error` (a 3xx answer) naming where the PSA points, without its query or fragment.

    psamap never follows a redirect: the `clientId` header (a secret) would go wherever it
    points. Saying where lets the user set `site` to it instead.
    """
    target = httpx.URL(location).copy_with(query=None, fragment=None)
    text = f"{error.message} (redirected to {target}; psamap does not follow redirects)"
    error.message = text
    error.args = (text,)
    return error


def summarise_body(body: bytes) -> tuple[str | None, str]:
    """The vendor's `code` and a one-line message from a JSON, HTML or plain-text error body.

    Bodies come as `{code,message,errors}`, `{error,message}` (429), Cloudflare HTML or
    plain text ("Cannot route..."): keep the words, drop the markup, cap the length.
    """
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return None, ""
    if text[0] in "{[":
        parsed = _json_summary(text)
        if parsed is not None:
            return parsed
    if text[:1] == "<":
        return None, _html_summary(text)
    return None, one_line(text)


def _json_summary(text: str) -> tuple[str | None, str] | None:
    """`code` (or 429's `error`) and `message`, plus the first validation error's detail."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    data = _lower_keys(data)
    code = data.get("code") or data.get("error")
    message = str(data.get("message") or "")
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = _lower_keys(errors[0])
        detail = str(first.get("message") or "")
        field = first.get("field")
        if detail:
            detail = f"{field}: {detail}" if field else detail
            message = f"{message} ({detail})" if message else detail
    return (str(code) if code else None), one_line(message)


def _lower_keys(data: dict[str, object]) -> dict[str, object]:
    """An error object's keys in lower case, the first of two spellings winning.

    The vendor's models are camelCase (`code`, `message`, `errors`), but answers its web
    framework writes itself (an authorization filter's 401, a 405, a 415) are PascalCase
    (`{"Message": ...}`), and another implementation may write either: read them all.
    """
    out: dict[str, object] = {}
    for key, value in data.items():
        out.setdefault(str(key).lower(), value)
    return out


def _html_summary(text: str) -> str:
    """The <title> (or first text) of an HTML error page such as a proxy's 502."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title and title.group(1).strip():
        return one_line(html.unescape(title.group(1)))
    stripped = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    return one_line(html.unescape(re.sub(r"<[^>]+>", " ", stripped)))


def one_line(text: str) -> str:
    """Collapse whitespace and control characters, cap the length."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if len(flat) > _MAX_SUMMARY:
        flat = flat[: _MAX_SUMMARY - 1].rstrip() + "…"
    return flat


# --- creating companies: the one request psamap sends that changes data -----------------


class FieldError(NamedTuple):
    """One of the vendor's validation errors, e.g. ("identifier", "Company ID already in use.",
    "ObjectExists")."""

    field: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class CompanyRejected(InvalidRequest):
    """400 on a create: the PSA refused this company; `fields` holds each `errors[]` entry.

    Nothing was created, so the caller reports it for this record and goes on with the rest.
    """

    def __init__(
        self,
        message: str,
        fields: list[FieldError],
        *,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.fields = fields

    def has(self, field: str, code: str) -> bool:
        """True when the PSA named this field with this code (e.g. identifier, ObjectExists)."""
        return any(e.field.casefold() == field.casefold() and e.code == code for e in self.fields)


class OutcomeUnknown(ServiceUnavailable):
    """A request that changes data may have been processed, but no answer said so: a dropped
    connection or timeout after sending, a 5xx, a 2xx body cut short.

    Repeating it blindly could create the company twice: look it up first.
    """


def field_errors(body: bytes) -> list[FieldError]:
    """The vendor's `errors[]` of a JSON error body as (field, message, code); [] if none."""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return []
    errors = _lower_keys(data).get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return []
    found: list[FieldError] = []
    for error in errors:
        if isinstance(error, dict):
            named = _lower_keys(error)
            parts = (named.get(k) for k in ("field", "message", "code"))
            found.append(FieldError(*(one_line(str(v)) if v else "" for v in parts)))
    return found


#: The vendor's router answers this (as plain text, 400 or 404) for a wrong codebase or company.
CANNOT_ROUTE = "cannot route"


def is_cannot_route(error: PSAError) -> bool:
    """True for the router's "Cannot route. Codebase/company is invalid", whatever the status."""
    return CANNOT_ROUTE in error.message.lower()


def likely_causes(error: PSAError, *, discovery: bool = False) -> str:
    """What usually causes `error` against ConnectWise, as field names the user can check.

    Cloud tenants answer bad keys with 404 (not only 401) and an unregistered clientId with
    400, so those statuses list every candidate rather than sending people the wrong way.
    """
    text = error.message.lower()
    if is_cannot_route(error) or (discovery and isinstance(error, NotFound)):
        return "company_id (the login company) or site is wrong, or the codebase moved"
    if isinstance(error, AuthError):
        return "public_key/private_key refused, the API member is inactive, or company_id is wrong"
    if isinstance(error, PermissionDenied):
        return "the API member's security role cannot read companies (Company Maintenance)"
    if isinstance(error, NotFound):
        return (
            "public_key/private_key or company_id wrong (the cloud answers bad keys with 404), "
            "or site/codebase wrong"
        )
    if isinstance(error, InvalidRequest) and error.status and 300 <= error.status < 400:
        return "site is wrong or the PSA moved: set site to where it redirects"
    if isinstance(error, RateLimited):
        return "too many requests for this PSA; wait a minute and retry"
    if isinstance(error, IncompleteResult):
        return "a proxy or the PSA cuts pages short or hides rows; compare with `companies --count`"
    if isinstance(error, InvalidRequest) and error.status == 400:
        if "clientid" in text or "client id" in text or "client_id" in text:
            return "client_id is not registered with ConnectWise for this integration"
        if "condition" in text or "orderby" in text or "field" in text:
            return "the PSA refused the query (an older PSA version?)"
        return (
            "client_id not registered (the cloud answers an unknown clientId with 400), "
            "or the PSA refused the query"
        )
    if isinstance(error, ServiceUnavailable):
        if error.status is None:
            return "site unreachable (host name, network, proxy or TLS)"
        return "the PSA is failing or overloaded; retry later"
    return ""


def explain_for(
    error: PSAError,
    *,
    tenant: str | None,
    company_id: str,
    base: str,
    discovery: bool = False,
) -> PSAError:
    """Name the tenant (or company), the site, the likely causes and `psamap doctor` in
    `error`'s message, once. Only names and the site go in: never a credential."""
    if error.tenant is not None:
        return error
    who = f"tenant {tenant!r}" if tenant else f"company {company_id!r}"
    error.tenant = tenant or company_id
    error.causes = likely_causes(error, discovery=discovery)
    text = f"{error.message} ({who} at {base})"
    if error.causes:
        text += f"; likely: {error.causes}"
    if tenant:
        text += f"; check with: psamap doctor {tenant}"
    error.message = text
    error.args = (text,)
    return error
