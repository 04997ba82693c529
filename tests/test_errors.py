"""Exit codes follow the error's type (`tui.errors`), whichever layer raised it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import ConfigError, ConfigNotFound
from tui.core.mapping_file import MappingDocument, MappingFileError
from tui.core.mapping_store import MappingConflict
from tui.core.opening import MappingOfAnotherTenant
from tui.core.records import RecordsError
from tui.errors import EXIT_FAILURE, EXIT_USAGE, BadInput, Failure, UsageError, exit_code_for
from tui.psa.errors import AuthError, IncompleteResult, PSAError, RateLimited, ServiceUnavailable

P = Path("x.toml")


@pytest.mark.parametrize(
    "exc",
    [
        UsageError("unknown status 'Gone'"),
        ConfigError("missing", path=P),
        ConfigNotFound("not found", path=P),
        RecordsError(P, 3, "duplicate id"),
        MappingFileError(P, 2, "format", "must be 1"),
        MappingOfAnotherTenant(
            P, MappingDocument(tenant="b", company_id="b"), tenant="a", company_id="a", hint="h"
        ),
    ],
)
def test_bad_input_exits_2(exc: Exception) -> None:
    assert isinstance(exc, BadInput)
    assert exit_code_for(exc) == EXIT_USAGE


@pytest.mark.parametrize(
    "exc",
    [
        PSAError("500"),
        AuthError("401", status=401),
        RateLimited("429", retry_after=3),
        ServiceUnavailable("503", status=503),
        IncompleteResult("gap"),
        MappingConflict(P, "changed on disk"),
        PermissionError(13, "Permission denied", "m.toml"),
    ],
)
def test_psa_and_disk_failures_exit_1(exc: Exception) -> None:
    assert isinstance(exc, Failure | OSError)
    assert exit_code_for(exc) == EXIT_FAILURE


@pytest.mark.parametrize("exc", [ValueError("bug"), KeyError("bug"), RuntimeError("bug")])
def test_anything_else_is_a_bug_not_an_exit_code(exc: Exception) -> None:
    assert exit_code_for(exc) is None


def test_the_shared_error_module_imports_nothing_from_psamap() -> None:
    source = Path(__file__).parents[1].joinpath("tui", "errors.py").read_text(encoding="utf-8")
    assert "import tui" not in source and "from tui" not in source
