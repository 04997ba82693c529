"""Turn a failure into words a user can act on: a short headline and what to check.

Every message is built from the exception's own (secret-free) text: PSA errors carry
the status, the API path and the vendor's words; config, records and mapping-file errors
name file, line and field. Unknown exceptions are named by type, so a bug still reads as
a message, not a traceback. A new typed error (in `tui.errors`' hierarchy) gets its
words here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from textual.content import Content

from tui.psa.errors import (
    AuthError,
    IncompleteResult,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    PSAError,
    RateLimited,
    ServiceUnavailable,
)

if TYPE_CHECKING:
    from tui.core.config import TenantConfig


@dataclass(frozen=True, slots=True)
class Problem:
    """What went wrong (`headline`, a few words) and what the user can do (`detail`)."""

    headline: str
    detail: str

    def __str__(self) -> str:
        return f"{self.headline}: {self.detail}" if self.detail else self.headline


def explain(exc: BaseException) -> Problem:
    """The user-facing description of `exc` (never a traceback, never a secret)."""
    from tui.core.config import ConfigError
    from tui.core.mapping_file import MappingFileError
    from tui.core.mapping_store import MappingConflict
    from tui.core.opening import MappingOfAnotherTenant
    from tui.core.records import RecordsError

    text = str(exc).strip()
    if isinstance(exc, ConfigError):
        return Problem("Config problem", text)
    if isinstance(exc, MappingOfAnotherTenant):
        return Problem(
            "Mapping file of another tenant",
            f"{exc.path} was made for tenant {exc.file_tenant!r} (PSA company "
            f"{exc.file_company_id!r}), but {exc.tenant!r} (company {exc.company_id!r}) is "
            "open. Its ids point at that tenant's companies, so it is left untouched: "
            "start psamap with --mapping to choose another file.",
        )
    if isinstance(exc, MappingFileError):
        return Problem("Mapping file problem", text)
    if isinstance(exc, MappingConflict):
        return Problem("Mapping file changed on disk", text)
    if isinstance(exc, RecordsError):
        return Problem("Records file problem", text)
    if isinstance(exc, PSAError) and exc.causes:
        # The client already named the tenant, the likely causes and `psamap doctor`.
        return Problem(_headline(exc), text)
    if isinstance(exc, AuthError):
        return Problem(
            "Sign-in refused (401)",
            "check company_id, public_key, private_key and client_id. " + text,
        )
    if isinstance(exc, PermissionDenied):
        return Problem(
            "Permission denied (403)",
            "the API member's security role may not read companies. " + text,
        )
    if isinstance(exc, NotFound):
        return Problem("Not found (404)", "wrong site, codebase or company id? " + text)
    if isinstance(exc, RateLimited):
        wait = f" (the PSA asked to wait {exc.retry_after:g} s)" if exc.retry_after else ""
        return Problem("Rate limited (429)", f"too many requests{wait}; retry shortly. " + text)
    if isinstance(exc, ServiceUnavailable):
        return Problem("PSA unreachable or failing", text)
    if isinstance(exc, IncompleteResult):
        return Problem("Incomplete answer", text)
    if isinstance(exc, InvalidRequest):
        return Problem("Request refused", text)
    if isinstance(exc, PSAError):
        return Problem("PSA error", text)
    if isinstance(exc, httpx.HTTPError):
        return Problem("PSA unreachable", f"{type(exc).__name__}: {text}" if text else "")
    local = _local_problem(exc)
    if local is not None:
        return local
    return Problem("Unexpected error", f"{type(exc).__name__}: {text}" if text else "")


def _local_problem(exc: BaseException) -> Problem | None:
    """A problem with one of the user's own files: named with the file and the cause.

    Local errors are never "PSA unreachable": a full disk or a read-only folder is fixed
    on this machine, not by retrying the PSA.
    """
    from tui.core.files import UnreadableFile

    if isinstance(exc, UnreadableFile):
        return Problem("File cannot be read", str(exc))
    if isinstance(exc, OSError):
        cause = exc.strerror or str(exc) or type(exc).__name__
        where = f"{exc.filename}: " if exc.filename else ""
        return Problem("File problem", f"{where}{cause}")
    return None


def _headline(exc: PSAError) -> str:
    """A few words for a PSA error, by kind (its message says the rest)."""
    kinds: list[tuple[type[PSAError], str]] = [
        (AuthError, "Sign-in refused (401)"),
        (PermissionDenied, "Permission denied (403)"),
        (NotFound, "Not found (404)"),
        (RateLimited, "Rate limited (429)"),
        (ServiceUnavailable, "PSA unreachable or failing"),
        (IncompleteResult, "Incomplete answer"),
        (InvalidRequest, "Request refused"),
    ]
    return next((words for cls, words in kinds if isinstance(exc, cls)), "PSA error")


def problem_content(tenant: TenantConfig, problem: Problem) -> Content:
    """The panel shown instead of a tenant's lists when it cannot be opened."""
    return Content.assemble(
        (f"Could not open tenant {tenant.name!r} ({tenant.label})", "bold"),
        "\n\n",
        (problem.headline, "bold $text-error"),
        "\n",
        problem.detail,
        "\n\n",
        ("r: retry   escape: back to the tenants", "$text-muted"),
    )
