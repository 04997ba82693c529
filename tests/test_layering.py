"""The layer contract, read from the source: no import cycles, each layer imports only those
below it, and the headless layers never load Textual.

The import graph is built with `ast` from every module under `tui/`: imports at module level,
inside functions and under `TYPE_CHECKING` all count, because each one is a module that has
to know another. `from x import y` counts as importing the module `x.y` when there is one,
else `x`; relative imports are resolved against the importing module's package.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import tui

Graph = Mapping[str, Iterable[str]]

#: Each layer and the layers its modules may import (its own always included).
LAYERS: dict[str, frozenset[str]] = {
    "psa": frozenset(),
    "sandbox": frozenset({"psa"}),
    "core": frozenset({"psa"}),
    "demo": frozenset({"psa", "sandbox", "core"}),
    "app": frozenset({"psa", "sandbox", "core", "demo"}),
    "cli": frozenset({"psa", "sandbox", "core", "demo", "app"}),
    "entry": frozenset({"psa", "sandbox", "core", "demo", "app", "cli"}),
}
#: Module (or package) name -> layer; the longest matching prefix wins.
LAYER_OF: dict[str, str] = {
    "tui.psa": "psa",
    "tui.sandbox": "sandbox",
    "tui.core": "core",
    "tui.demo": "demo",
    "tui.app": "app",
    "tui.cli": "cli",
    "tui.__main__": "entry",
}
#: Modules at the package root that import no `tui` module, so every layer may read them
#: without depending on another: the version (`tui/__init__.py`) and the error hierarchy.
SHARED = frozenset({"tui", "tui.errors"})
#: Layers that must run without Textual installed.
HEADLESS = ("tui.psa", "tui.sandbox", "tui.core", "tui.demo", "tui.cli", "tui.errors")


# --- the checker ---------------------------------------------------------------------------


def module_files(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its `__init__.py`)."""
    files: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join([package, *parts])] = path
    return files


def _resolve(name: str, known: set[str]) -> str | None:
    """`name` if it is a known module, else its longest known prefix within the package."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, source: str, known: set[str], *, is_package: bool) -> set[str]:
    """The package's modules that `module` imports anywhere in `source`."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
            targets.append(base)
            # `from pkg import name` imports pkg itself only when `name` is not a submodule.
            if all(f"{base}.{alias.name}" in known for alias in node.names):
                targets.remove(base)
        else:
            continue
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != module:
                found.add(resolved)
    return found


def import_graph(package_dir: Path, package: str = "tui") -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = module_files(package_dir, package)
    known = set(files)
    return {
        name: imports_of(
            name, path.read_text(encoding="utf-8"), known, is_package=path.stem == "__init__"
        )
        for name, path in files.items()
    }


def find_cycle(graph: Graph) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None (depth-first search)."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path = [start]
        stack = [iter(sorted(graph.get(start, ())))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done.add(path.pop())
            elif nxt in path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def layer_of(module: str) -> str | None:
    """The layer a module belongs to (longest prefix in LAYER_OF), or None."""
    if module in SHARED:
        return "shared"
    name = module
    while name:
        if name in LAYER_OF:
            return LAYER_OF[name]
        name = name.rpartition(".")[0]
    return None


def layer_violations(graph: Graph) -> list[str]:
    """One line per import that goes sideways or up, and per module in no layer."""
    problems: list[str] = []
    for module in sorted(graph):
        layer = layer_of(module)
        if layer == "shared":
            problems += [f"{module} (shared) imports {target}" for target in sorted(graph[module])]
            continue
        if layer is None:
            problems.append(f"{module} belongs to no layer (add it to LAYER_OF)")
            continue
        for target in sorted(graph[module]):
            other = layer_of(target)
            if other not in (None, "shared", layer) and other not in LAYERS[layer]:
                problems.append(f"{module} ({layer}) imports {target} ({other})")
    return problems


# --- the contract on the real tree ----------------------------------------------------------

TUI_DIR = Path(tui.__file__).parent


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(TUI_DIR)


def test_the_graph_sees_every_kind_of_import(graph: dict[str, set[str]]) -> None:
    """Guards the checker: module-level, function-level and `from pkg import module` edges."""
    assert (
        "tui.sandbox.http.api" in graph["tui.sandbox.sandbox"]
    )  # from tui.sandbox.http import api
    assert "tui.demo.tenants" in graph["tui.app.app"]  # imported inside a method
    assert "tui.core.config" in graph["tui.demo.config"]
    assert len(graph) > 80


def test_no_import_cycle_among_tui_modules(graph: dict[str, set[str]]) -> None:
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_every_layer_imports_only_the_layers_below(graph: dict[str, set[str]]) -> None:
    problems = layer_violations(graph)
    assert not problems, "layer contract broken:\n" + "\n".join(problems)


# --- the checker can fail -------------------------------------------------------------------


def test_checker_reports_a_cycle_with_its_path() -> None:
    synthetic = {
        "tui.core.a": {"tui.core.b"},
        "tui.core.b": {"tui.core.c"},
        "tui.core.c": {"tui.core.a", "tui.psa.x"},
        "tui.psa.x": set(),
    }
    assert find_cycle(synthetic) == ["tui.core.a", "tui.core.b", "tui.core.c", "tui.core.a"]
    assert find_cycle({**synthetic, "tui.core.c": {"tui.psa.x"}}) is None


def test_checker_reports_layer_violations() -> None:
    synthetic = {
        "tui.psa.client": {"tui.core.config"},  # up
        "tui.core.config": {"tui.sandbox"},  # sideways
        "tui.sandbox.tenant": {"tui.psa.models"},  # allowed
        "tui.app.app": {"tui.cli"},  # app must not import the CLI
        "tui.demo.config": {"tui.core.config", "tui.sandbox"},  # allowed
        "tui.stray": set(),
        "tui.psa.site": {"tui", "tui.errors"},  # shared root modules: allowed
        "tui": set(),
        "tui.errors": {"tui.psa.errors"},  # a shared module must import nothing
    }
    assert layer_violations(synthetic) == [
        "tui.app.app (app) imports tui.cli (cli)",
        "tui.core.config (core) imports tui.sandbox (sandbox)",
        "tui.errors (shared) imports tui.psa.errors",
        "tui.psa.client (psa) imports tui.core.config (core)",
        "tui.stray belongs to no layer (add it to LAYER_OF)",
    ]


def test_imports_are_resolved_to_modules(tmp_path: Path) -> None:
    pkg = tmp_path / "tui"
    (pkg / "core").mkdir(parents=True)
    (pkg / "psa").mkdir()
    for name in ("__init__", "core/__init__", "psa/__init__", "psa/models", "psa/errors"):
        (pkg / f"{name}.py").write_text("")
    (pkg / "core/config.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from tui.psa import models\n"  # a submodule
        "from ..psa.errors import PsaError\n"  # relative, a name in a module
        "if TYPE_CHECKING:\n    from . import state\n"
        "def f():\n    import tui.psa\n"  # function level
    )
    (pkg / "core/state.py").write_text("from .config import X\n")

    graph = import_graph(pkg)

    assert graph["tui.core.config"] == {
        "tui.psa.models",
        "tui.psa.errors",
        "tui.core.state",
        "tui.psa",
    }
    assert find_cycle(graph) == ["tui.core.config", "tui.core.state", "tui.core.config"]


# --- Textual stays in the app -----------------------------------------------------------------


def _headless_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(tui.__path__, "tui.")]
    return sorted(n for n in names if n.startswith(HEADLESS))


def test_every_headless_module_is_found() -> None:
    found = _headless_modules()
    assert {"tui.psa.client", "tui.sandbox.http.api", "tui.core.matching", "tui.cli"} <= set(found)


@pytest.mark.parametrize(
    "package", ["tui.psa", "tui.sandbox", "tui.core", "tui.demo", "tui.cli", "tui.errors"]
)
def test_importing_a_headless_layer_loads_no_textual(package: str) -> None:
    modules = [m for m in _headless_modules() if m == package or m.startswith(package + ".")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_cache_loads_no_matcher() -> None:
    """Every command that lists companies, and the filter screen, open the cache: it names
    companies (`AnyCompany`) but never matches them, so it must not pull in the session,
    the matcher and their libraries (~200 ms of imports before the first request)."""
    code = (
        "import sys, tui.core.cache.source\n"
        "heavy = ('tui.core.session', 'tui.core.matching', 'rapidfuzz', 'tldextract')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
