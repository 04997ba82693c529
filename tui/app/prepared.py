"""Modules the next screen will import, imported ahead in a worker thread while the user
reads the current one, so the key that opens it does not hold the event loop for them.

After the picker's first frame: what opening a tenant imports (~250 ms at the Enter
before). Once a tenant's lists are shown: what its mapping screen imports. Each set is
prepared when the user is reading, not while a screen loads: imported beside the filter
screen's load, the mapping screen's modules would compete with it for the interpreter.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from tui.core.gc_pause import gc_paused

#: What opening a tenant imports: the filter screen, its client and its cache.
FILTER_MODULES = ("tui.app.screens.filter", "tui.psa.client", "tui.core.cache.source")
#: What the filter screen's Enter imports: the mapping screen and its parts.
MAPPING_MODULES = ("tui.app.screens.mapping",)


def import_frozen(modules: Iterable[str]) -> None:
    """Import `modules` and freeze what they leave: objects that live as long as the
    process (~50,000 for both sets), kept out of every later collection."""
    with gc_paused():
        for module in modules:
            importlib.import_module(module)
