"""Where the mapping screen's load stall goes: each fresh load's long loop callbacks, the
longest gaps of the stall probe and what ran in them (every gap over 16 ms also with the
worker threads' steps and the collector's passes that overlapped it), and (with --paints)
what each paint spent on layout, each widget's lines and the output. Not a bench row:
the tool that finds what to cut (`python -m bench.mapping_attribution [N] [--profile |
--paints] [--alone]`). The runs are `bench.mapping_ui`'s own children (the same screen,
tenant and records), on the user's path (the filter screen's Enter) unless `--alone`."""

from __future__ import annotations

import os
import sys

from bench.loop_callbacks import LONG_CALLBACK_S
from bench.mapping_ui import measure


def attribute(runs: int, *, kind: str) -> None:
    """Print, per fresh load of the screen, each loop callback over the limit: CPU / wall
    ms, the task it stepped and the messages handled, and what ran in the longest gaps
    (`python -m bench.mapping_attribution [N] [--profile | --paints]`; with --profile,
    each long callback's heaviest functions; with --paints, what each paint spent on
    layout, on each widget's lines and on the output)."""
    found = measure([f"{kind}-{n}" for n in range(1, runs + 1)])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, result in found.items():
        print(f"{name}: stall {result['stall_total_ms']:.0f} ms (in CPU: "
              f"{result['stall_cpu_ms']:.1f} ms), longest callback "
              f"{result['callback_cpu_ms']:.1f} ms CPU, {result['long_callbacks']} over "
              f"{1000 * LONG_CALLBACK_S:.0f} ms; the loop's CPU in all: "
              f"{result['loop_cpu_ms']:.0f} ms")  # fmt: skip
        for line in result["long_ones"]:
            print("   ", line)
        print(f"  the longest gap ended {result['stall_at_ms']:.0f} ms after the screen was "
              "pushed; what ran in it:")  # fmt: skip
        for line in result["stall_window"]:
            print("   ", line)
        print(f"  the gap that used the most CPU ended {result['stall_cpu_at_ms']:.0f} ms after "
              "the push; what ran in it:")  # fmt: skip
        for line in result["stall_cpu_window"]:
            print("   ", line)
        print("  from the session shown (to 5 ms) to the first paint of the panes:")
        for line in result["after_shown"]:
            print("   ", line)
        print("  every gap over 16 ms, with the loop's callbacks and the threads' steps in it:")
        for lines in result["long_gaps"]:
            print("   ", lines[0])
            for line in lines[1:]:
                print("       ", line)
        if result["paints"]:
            print("  the paints over 5 ms, each part's CPU ms:")
            for line in result["paints"]:
                print("   ", line)
        for text in result["profiles"]:
            print(text)


if __name__ == "__main__":
    count = next((int(a) for a in sys.argv[1:] if a.isdigit()), 3)
    flags = {"--profile": "profile", "--paints": "paints"}
    kind = next((k for f, k in flags.items() if f in sys.argv), "stall")
    # The user's path (the filter screen's Enter) unless --alone: the screen pushed alone.
    attribute(count, kind=kind if "--alone" in sys.argv else f"path-{kind}")
