"""The headless layers never import Textual: data flows PSA -> core -> app, never back."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui

HEADLESS = ("tui.psa", "tui.sandbox", "tui.core", "tui.cli", "tui.errors")


def _modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(tui.__path__, "tui.")]
    return sorted(n for n in names if n.startswith(HEADLESS))


def test_every_headless_module_is_found() -> None:
    found = _modules()
    assert {"tui.psa.client", "tui.sandbox.http.api", "tui.core.matching", "tui.cli"} <= set(found)


@pytest.mark.parametrize("package", ["tui.psa", "tui.sandbox", "tui.core", "tui.cli"])
def test_importing_a_headless_layer_loads_no_textual(package: str) -> None:
    modules = [m for m in _modules() if m == package or m.startswith(package + ".")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
