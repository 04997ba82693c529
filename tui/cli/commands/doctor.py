"""`psamap doctor TENANT [--json]`: check a tenant's connection step by step, say what to fix.

Exit 0 when every step passes, 1 otherwise (a config the doctor cannot even read is the
config step failing, not a usage error, so scripts see one shape). Never prints a secret.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.output import clean, print_json
from tui.errors import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from tui.core.doctor import Checkup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--json."""
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    """Run the checks and print them."""
    import asyncio

    from tui.cli.tenant_args import load_config_for
    from tui.core.config import ConfigError
    from tui.core.doctor import STEPS, Checkup, Step, check_tenant, client_for_doctor, skipped
    from tui.errors import UsageError

    name = args.tenant or ("demo" if getattr(args, "demo", False) else None)
    if name is None:
        raise UsageError("missing TENANT (see psamap tenants), or use --demo")
    try:
        config = load_config_for(args)
    except ConfigError as error:
        fix = "fix the config file at the line named" if error.line else "fix the config file"
        steps = [Step("config", False, str(error), fix)]
        steps += [skipped(name, "config") for name in STEPS[1:]]
        checkup = Checkup(name, steps)
    else:
        tenant = config.tenant(name)  # an unknown name is a usage error, like elsewhere
        checkup = asyncio.run(
            check_tenant(
                tenant,
                config_path=config.path,
                warnings=config.warnings,
                client_factory=client_for_doctor(tenant),
            )
        )
    if args.json:
        print_json(checkup.as_json())
    else:
        print(render(checkup))
    return EXIT_OK if checkup.ok else EXIT_FAILURE


def render(checkup: Checkup) -> str:
    """One line per step (OK/FAIL, name, detail), the fix under each failure, a verdict."""
    lines = [f"psamap doctor: tenant {clean(checkup.tenant)!r}"]
    width = max(len(step.name) for step in checkup.steps)
    for step in checkup.steps:
        mark = "OK  " if step.ok else "SKIP" if step.skipped else "FAIL"
        lines.append(f"  {mark}  {step.name.ljust(width)}  {clean(step.detail)}")
        if not step.ok and not step.skipped and step.fix:
            lines.append(f"        {' ' * width}  fix: {clean(step.fix)}")
    failed = checkup.failed()
    if not failed:
        lines.append("All checks passed.")
    else:
        lines.append(f"Fix {failed[0].name} first ({len(failed)} of {len(checkup.steps)} "
                     "steps did not pass).")  # fmt: skip
    return "\n".join(lines)


COMMAND = Command("doctor", "check a tenant's connection step by step and say what to fix", run,
                  add_arguments)  # fmt: skip
