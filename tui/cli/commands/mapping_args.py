"""What `check` and `export` share: the --mapping option, the mapping file of this tenant, records.

The mapping file defaults to `<tenant>.mapping.toml` in the current folder, as in the
TUI; one of another tenant is refused by the same rule (`tui.core.opening.check_tenant`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UsageError

if TYPE_CHECKING:
    from tui.core.config import TenantConfig
    from tui.core.mapping_file import MappingDocument
    from tui.core.records import LocalRecord


def add_mapping_argument(parser: argparse.ArgumentParser) -> None:
    """--mapping FILE."""
    parser.add_argument("--mapping", type=Path, metavar="FILE",
                        help="mapping file (default: <tenant>.mapping.toml)")  # fmt: skip


def mapping_of(tenant: TenantConfig, args: argparse.Namespace) -> tuple[Path, MappingDocument]:
    """The tenant's mapping file, read; a missing file or another tenant's is bad input."""
    from tui.core.mapping_store import MappingStore
    from tui.core.opening import check_tenant, default_mapping_path

    path = args.mapping or default_mapping_path(tenant.name)
    document = MappingStore(path).load()
    if document is None:
        raise UsageError(f"{path}: no such mapping file (give one with --mapping)")
    check_tenant(
        path, document, tenant=tenant.name, company_id=tenant.company_id,
        hint="give this tenant's file with --mapping",
    )  # fmt: skip
    return path, document


def records_of(
    args: argparse.Namespace, mapping_path: Path, document: MappingDocument
) -> list[LocalRecord] | None:
    """The records file given with --records, else the one the mapping names, else None.

    A records file the mapping names but that is gone is bad input, never skipped: a cron
    job would otherwise stop seeing orphans without a word.
    """
    from tui.core.records import load_records

    named = args.records is None
    path: Path | None = named_records(mapping_path, document) if named else args.records
    if named and path is not None and not path.is_file():
        raise UsageError(
            f"{path}: the records file {mapping_path} names is not there (give --records)"
        )
    return None if path is None else load_records(path)


def named_records(mapping_path: Path, document: MappingDocument) -> Path | None:
    """The records file the mapping names (relative to the mapping's folder), if any."""
    if not document.records:
        return None
    path = Path(document.records).expanduser()
    return path if path.is_absolute() else mapping_path.parent / path


def refuse_replacing_inputs(out: Path, mapping_path: Path, document: MappingDocument) -> None:
    """An `--out` that is the mapping file itself or the records file it names, by any
    spelling (`./x`, `sub/../x`, a link), is bad usage: writing there would replace the
    saved mapping or the user's own records with an export, and nothing keeps a copy."""
    import os

    if not out.exists():
        return
    for what, path in (("mapping file", mapping_path),
                       ("records file", named_records(mapping_path, document))):  # fmt: skip
        if path is not None and path.exists() and os.path.samefile(out, path):
            raise UsageError(f"--out {out} would replace the {what} {path}: write elsewhere")
