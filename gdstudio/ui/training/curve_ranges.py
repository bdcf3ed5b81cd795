"""How the curves' axes follow the data: ranges computed from numbers the view already holds.

pyqtgraph's own auto-range asks every item for its data bounds, which scans all their points,
and runs from inside the paint; its range change then schedules a second paint of the whole
scene. `DataRangeViewBox` asks a function of the view instead, and the view fits the ranges
before the paint (`apply_auto_range`). The ranges move in small steps (`padded`, `stepped_end`),
so most frames leave the axes and their cached drawing as they were.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg

from gdstudio.core.training.history import Floats

__all__ = ["Bounds", "DataRangeViewBox", "Range", "padded", "stepped_end", "y_extent"]

Range = tuple[float, float]
#: (box, axis, the other axis's range or None) -> the range to show, or None to keep it
Bounds = Callable[[pg.ViewBox, int, Sequence[float] | None], Range | None]


class DataRangeViewBox(pg.ViewBox):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """A ViewBox whose auto-range asks `bounds(box, axis, other_axis_range)` for the range.

    The auto-range flags keep their meaning: a mouse pan or zoom turns them off, the "A" button
    and the context menu turn them on. `bounds` gets the other axis's range when the axis is set
    to fit the visible data only, else None; it returns the range to show, padding included, or
    None to keep the range. Its answers are kept until `apply_auto_range()` says the data
    changed, as pyqtgraph asks again before every paint that follows a change of an item.
    """

    def __init__(self, bounds: Bounds) -> None:
        super().__init__()
        self._bounds = bounds
        self._fitting = False  # setRange moves the items, which asks for an auto-range again
        # per axis: what `bounds` was asked (the other range, the size) and what it answered
        self._asked: list[tuple[object, Range | None] | None] = [None, None]
        # per axis: the last range asked for and the target range it gave (after the limits)
        self._fitted: list[tuple[Range, list[float]] | None] = [None, None]

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Fit the auto-ranged axes to what `bounds` gives (pyqtgraph calls this)."""
        if self._fitting:
            return
        self._fitting = True
        try:
            auto = self.autoRangeEnabled()
            visible_only = self.getState(copy=False)["autoVisibleOnly"]
            ranges = self.viewRange()
            targets = self.targetRange()
            wanted: dict[int, Range] = {}
            for axis in (0, 1):
                if auto[axis] is False:
                    continue
                other = ranges[1 - axis] if visible_only[axis] else None
                found = self._ask(axis, other)
                if found is None or not all(np.isfinite(found)):
                    continue
                ranges[axis] = list(found)
                if self._fitted[axis] != (found, targets[axis]):
                    wanted[axis] = found
            if wanted:  # setRange costs signals and item updates even when nothing moves
                self.setRange(
                    xRange=wanted.get(0), yRange=wanted.get(1), padding=0.0, disableAutoRange=False
                )
                targets = self.targetRange()
                for axis, found in wanted.items():
                    self._fitted[axis] = (found, targets[axis])
        finally:
            self._fitting = False

    def _ask(self, axis: int, other: list[float] | None) -> Range | None:
        """`bounds`' answer, asked again only when its question changed since the data did."""
        question = (None if other is None else tuple(other), self.width(), self.height())
        asked = self._asked[axis]
        if asked is not None and asked[0] == question:
            return asked[1]
        found = self._bounds(self, axis, other)
        self._asked[axis] = (question, found)
        return found

    def apply_auto_range(self) -> None:
        """The data changed: fit the auto-ranged axes and the item transforms now, so the paint
        has nothing to do."""
        self._asked = [None, None]
        self.updateAutoRange()
        self.prepareForPaint()


def y_extent(
    columns: Sequence[tuple[pg.PlotDataItem, Floats | None, Floats | None]],
    x: Sequence[float] | None,
    log: bool,
) -> Range | None:
    """Smallest and largest finite y of the shown items' points within x (all if None).

    The x columns are ascending, so the visible part is a slice; log=True gives log10 of the
    positive values, the loss axis's view coordinates in log mode.
    """
    low, high = np.inf, -np.inf
    for item, xs, ys in columns:
        if xs is None or ys is None or len(ys) == 0 or not item.isVisible():
            continue
        if x is not None:
            ys = ys[np.searchsorted(xs, x[0]) : np.searchsorted(xs, x[1], side="right")]
        if len(ys) == 0:
            continue
        least, most = float(np.min(ys)), float(np.max(ys))
        if not (np.isfinite(least) and np.isfinite(most)) or (log and least <= 0):
            ys = ys[np.isfinite(ys) & (ys > 0)] if log else ys[np.isfinite(ys)]
            if len(ys) == 0:
                continue
            least, most = float(np.min(ys)), float(np.max(ys))
        low, high = min(low, least), max(high, most)
    if low > high:
        return None
    if log:
        return float(np.log10(low)), float(np.log10(high))
    return low, high


def padded(box: pg.ViewBox, axis: int, extent: Range | None) -> Range | None:
    """`extent` with pyqtgraph's padding, its ends rounded outward to 1/32 of it or so.

    The rounding keeps the range (and the axis's cached drawing) still while the data moves
    within it, instead of changing a little on almost every frame.
    """
    if extent is None:
        return None
    low, high = extent
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return extent
    pad = span * box.suggestPadding(axis)
    low, high = low - pad, high + pad
    step = 2.0 ** math.floor(math.log2((high - low) / 32))
    return math.floor(low / step) * step, math.ceil(high / step) * step


def stepped_end(box: pg.ViewBox, window: Range) -> Range:
    """The x range showing `window` with room for its newest marker, the right end moved in
    steps of about 1/16 of the range: most frames leave the x axes as they were (and their
    cached drawing valid) instead of re-laying them out."""
    low, high = window
    high += (high - low) * box.suggestPadding(0)
    step = 2.0 ** math.ceil(math.log2((high - low) / 16))
    return low, math.ceil(high / step) * step
