"""`psamap sandbox`: serve the embedded sandbox PSA on loopback and print the config for it."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from tui.cli.command import Command
from tui.cli.numbers import decimal, whole
from tui.errors import EXIT_OK, Failure, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Where to listen, the data seed, added latency and faults."""
    parser.add_argument("--host", default="127.0.0.1",
                        help="loopback address (default: 127.0.0.1)")  # fmt: skip
    parser.add_argument("--port", type=whole(0, 65_535), default=8099,
                        help="port (default: 8099; 0: any free one)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7, help="data seed (default: 7)")
    parser.add_argument("--latency-ms", type=whole(0), default=0, metavar="N",
                        help="delay per request")  # fmt: skip
    parser.add_argument("--fault-rate", type=decimal(0, 1, "a share"), default=0.0, metavar="F",
                        help="share of requests that fail with 429/5xx/cut-off bodies")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Serve the demo tenants until Ctrl+C (or SIGTERM)."""
    import signal

    from tui.demo.tenants import demo_sandbox

    try:
        sandbox = demo_sandbox(
            args.seed, latency_ms=args.latency_ms, fault_rate=args.fault_rate, reuse_json=True
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    def ready(base_url: str) -> None:
        print(sandbox_snippet(base_url, sorted(sandbox.tenants)), flush=True)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # `kill` stops the server as cleanly as Ctrl+C

    signal.signal(signal.SIGTERM, stop)

    try:
        sandbox.serve(args.host, args.port, on_ready=ready)
    except ValueError as exc:  # not a loopback address
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the port is taken, or not ours to bind
        reason = (exc.strerror or str(exc)).lower()
        raise Failure(f"cannot serve on {args.host}:{args.port}: {reason}") from None
    return EXIT_OK


def sandbox_snippet(base_url: str, tenants: Sequence[str]) -> str:
    """The config lines that point psamap at a served sandbox (its keys are public demo keys)."""
    from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY

    lines = [
        f"# psamap sandbox: serving {', '.join(tenants)} at {base_url} (Ctrl+C to stop)",
        "# Add to your psamap config.toml:",
    ]
    for name in tenants:
        lines += [
            "",
            f"[tenants.sandbox-{name}]",
            f'label = "Sandbox {name} ({base_url})"',
            f'site = "{base_url}"',
            f'company_id = "{name}"',
            f'public_key = "{DEMO_PUBLIC_KEY}"',
            f'private_key = "{DEMO_PRIVATE_KEY}"',
            f'client_id = "{DEMO_CLIENT_ID}"',
        ]
    return "\n".join(lines)


COMMAND = Command(
    "sandbox", "serve the embedded sandbox PSA on loopback", run, add_arguments,
    takes_tenant=False,
)  # fmt: skip
