"""What the mapping screen shows while it loads: the step, its progress bar, a failure.

One widget, drawn line by line: a `Label`, a `ProgressBar` (itself a bar and a percentage
widget) and a second `Label` made six widgets to style, lay out and draw in the turn that
pushes the screen (~13 ms of the event loop, the longest of the opening). It fills the
room the panes will take, so a new step (~30 in a load) is a repaint, never a layout; the
sweeping bar of a step with no total redraws its own line only. The bar looks and moves
as Textual's (`Bar` and `PercentageStatus` colours, 32 cells, 30 cells a second).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.clock import Clock
from textual.geometry import Region
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

#: The bar's width in cells, as Textual's `Bar`, and its percentage's, as `PercentageStatus`.
BAR_WIDTH = 32
PERCENT_WIDTH = 5
#: Frames a second of the sweeping bar, and cells a second it moves (as Textual's).
SWEEP_FPS = 15
SWEEP_SPEED = 30


class LoadingView(Widget, can_focus=False):
    """The loading step, its progress and a failure (`r: retry`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "loading-view--bar",
        "loading-view--complete",
        "loading-view--indeterminate",
        "loading-view--error",
        "loading-view--hint",
    }
    DEFAULT_CSS = """
    LoadingView {
        height: 1fr;
        padding: 1 2;
        & > .loading-view--bar { color: $primary; background: $surface; }
        & > .loading-view--indeterminate { color: $error; background: $surface; }
        & > .loading-view--complete { color: $success; background: $surface; }
        & > .loading-view--error { color: $text-error; }
        & > .loading-view--hint { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step = "Starting…"
        self.error = ""
        #: Done of total (0-1), or None while the step has no total (the bar sweeps).
        self.fraction: float | None = None
        self._clock = Clock()
        self._sweeper: Timer | None = None
        #: The step's and the error's lines, drawn once for a width: (width, step, error).
        self._drawn: tuple[int, list[Strip], list[Strip]] | None = None
        self._base = Style()
        self._blank = Strip([])

    def on_mount(self) -> None:
        self._keep_sweeping()

    def show_step(self, text: str, done: float | None = None, total: float | None = None) -> None:
        """A new step (remote text, shown literally) and its progress."""
        before = self._drawn
        self.step = text
        if total is None:
            self.fraction = None
        else:
            self.fraction = min(1.0, (done or 0) / total) if total else 1.0
        self._drawn = None
        self._keep_sweeping()
        width = self.content_size.width
        if before is None or not width or len(self._lines(width)[0]) != len(before[1]):
            self.refresh()  # nothing drawn yet, or what is below the step moved
        else:  # the step's lines and the bar's
            rows = self.styles.padding.top + len(before[1]) + 2
            self.refresh(Region(0, 0, self.size.width, rows))

    def show_error(self, text: str) -> None:
        """Why loading stopped ('' clears it)."""
        self.error = text
        self._drawn = None
        self.refresh()

    def finish(self) -> None:
        """The load is shown: a full bar, still (hidden, a sweeping one would go on
        redrawing itself 15 times a second for the screen's life)."""
        self.fraction = 1.0
        self._keep_sweeping()

    @property
    def sweeping(self) -> bool:
        """True while the bar sweeps (a step with no total), redrawn 15 times a second."""
        return self._sweeper is not None

    def _keep_sweeping(self) -> None:
        if self.fraction is None and self._sweeper is None and self.is_attached:
            self._sweeper = self.set_interval(1 / SWEEP_FPS, self._sweep_frame)
        elif self.fraction is not None and self._sweeper is not None:
            self._sweeper.stop()
            self._sweeper = None

    def _sweep_frame(self) -> None:
        """Redraw the bar's line alone."""
        if self._drawn is not None:
            top = self.styles.padding.top + len(self._drawn[1]) + 1
            self.refresh(Region(0, top, self.size.width, 1))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None

    def _lines(self, width: int) -> tuple[list[Strip], list[Strip]]:
        """The step's lines and the error's (with its hint), wrapped to `width`."""
        if self._drawn is None or self._drawn[0] != width:
            self._base = self.rich_style  # computed from the ancestors: once, not per line
            self._blank = Strip.blank(width, self._base)
            step = self._wrap(Text(self.step), width)
            error: list[Strip] = []
            if self.error:
                error = [
                    *self._wrap(Text(self.error, self._style("error")), width),
                    self._blank,
                    *self._wrap(Text("r: retry · q: quit", self._style("hint")), width),
                ]
            self._drawn = (width, step, error)
        return self._drawn[1], self._drawn[2]

    def _wrap(self, text: Text, width: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=width, height=None)
        lines = console.render_lines(text, options, style=self._base, pad=True)
        return [Strip(line, width) for line in lines]

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"loading-view--{part}")

    def render_line(self, y: int) -> Strip:
        """The step's lines, a blank, the bar, a blank, the error's lines; blank below."""
        width = self.content_size.width
        step, error = self._lines(width)
        if y < len(step):
            return step[y]
        y -= len(step)
        if y == 1:
            return self._bar_line(width)
        if error and 3 <= y < 3 + len(error):
            return error[y - 3]
        return self._blank

    def _bar_line(self, width: int) -> Strip:
        """The bar and its percentage (`--%` with no total), as Textual's `ProgressBar`."""
        fraction = self.fraction
        if fraction is None:
            style = self._style("indeterminate")
            start, end = self._sweep()
            percent = "--%"
        else:
            style = self._style("bar" if fraction < 1 else "complete")
            steps = BAR_WIDTH * 2  # half cells, as `Bar` rounds
            start, end = 0.0, BAR_WIDTH * int(fraction * steps) / steps
            percent = f"{round(fraction * 100)}%"
        bar = Bar(
            highlight_range=(start, end),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
            width=BAR_WIDTH,
        )
        console = self.app.console
        options = console.options.update(width=BAR_WIDTH, height=1)
        drawn = console.render_lines(bar, options, style=self._base, pad=True)[0]
        label = Segment(percent.rjust(PERCENT_WIDTH), self._base)
        line = Strip.join([Strip(drawn, BAR_WIDTH), Strip([label], PERCENT_WIDTH)])
        return line.extend_cell_length(width, self._base).crop(0, width)

    def _sweep(self) -> tuple[float, float]:
        """Where the sweeping bar is now (`Bar.render_indeterminate`'s motion)."""
        lit = 0.25 * BAR_WIDTH
        if self.app.animation_level == "none":
            return 0.0, float(BAR_WIDTH)
        span = BAR_WIDTH + lit
        start = (SWEEP_SPEED * self._clock.time) % (2 * span)
        if start > span:
            start = 2 * span - start
        start -= lit
        return max(0.0, start), min(start + lit, float(BAR_WIDTH))
