"""A legend in the corner of its plot that the curves leave most free.

A legend fixed in one corner covers data sooner or later: the loss of a run at α = 50 stays at
the top, the first accuracy points sit in a bottom corner, and the curves of a race fan out
over the whole plot. `LegendPlacer` measures, for each corner, how much of the legend's area
the shown curves cross, and moves the legend only when another corner is strictly freer, so it
does not wander while the curves grow.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

__all__ = ["CORNERS", "LegendPlacer", "covered_bins"]

#: (x, y) of a corner in the plot's widget coordinates: (1, 0) is the top right
CORNERS = ((1, 0), (0, 0), (1, 1), (0, 1))
MARGIN = 10  # pixels between the legend and the plot's edges
BINS = 16  # columns of the legend's area in which a curve crossing counts once


def covered_bins(
    xs: np.ndarray, ys: np.ndarray, x_span: tuple[float, float], y_span: tuple[float, float]
) -> int:
    """In how many of `BINS` columns of the rectangle `x_span` × `y_span` the curve through
    (`xs` ascending, `ys`) passes, its points joined by straight lines."""
    if len(xs) == 0:
        return 0
    edges = np.linspace(x_span[0], x_span[1], BINS + 1)
    at_edges = np.interp(edges, xs, ys, left=np.nan, right=np.nan)
    low = np.fmin(at_edges[:-1], at_edges[1:])
    high = np.fmax(at_edges[:-1], at_edges[1:])
    starts = np.searchsorted(xs, edges)
    filled = np.flatnonzero(starts[:-1] < starts[1:])  # columns holding points of their own
    if len(filled):
        first, last = starts[filled[0]], starts[filled[-1] + 1]
        points = ys[first:last]
        offsets = starts[filled] - first
        low[filled] = np.fmin(low[filled], np.fmin.reduceat(points, offsets))
        high[filled] = np.fmax(high[filled], np.fmax.reduceat(points, offsets))
    with np.errstate(invalid="ignore"):
        crossed = (high >= y_span[0]) & (low <= y_span[1])
    return int(np.count_nonzero(crossed))


class LegendPlacer:
    """Moves `legend` (anchored in `box`) to the corner its curves cross least."""

    def __init__(self, legend: pg.LegendItem, box: pg.ViewBox, corner: tuple[int, int]) -> None:
        self._legend = legend
        self._box = box
        self.corner = corner
        self._anchor(corner)

    def place(self, curves: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """`curves`: each (x ascending, y) in the view's coordinates, as shown."""
        scores = {corner: self.covered(corner, curves) for corner in CORNERS}
        best = min(CORNERS, key=lambda corner: (scores[corner], corner != self.corner))
        if scores[best] < scores[self.corner]:
            self.corner = best
            self._anchor(best)

    def covered(
        self, corner: tuple[int, int], curves: Sequence[tuple[np.ndarray, np.ndarray]]
    ) -> int:
        """How many columns of the legend's area at `corner` the curves cross."""
        box = self._box
        if box.width() <= 0 or box.height() <= 0:
            return 0
        (x0, x1), (y0, y1) = box.viewRange()
        px, py = x1 - x0, y1 - y0
        px, py = px / box.width(), py / box.height()  # view units per pixel
        width = self._legend.width() * px
        height = self._legend.height() * py
        x_low = x1 - MARGIN * px - width if corner[0] else x0 + MARGIN * px
        y_high = y0 + MARGIN * py + height if corner[1] else y1 - MARGIN * py
        x_span, y_span = (x_low, x_low + width), (y_high - height, y_high)
        return sum(covered_bins(xs, ys, x_span, y_span) for xs, ys in curves)

    def _anchor(self, corner: tuple[int, int]) -> None:
        offset = (-MARGIN if corner[0] else MARGIN, -MARGIN if corner[1] else MARGIN)
        self._legend.anchor(itemPos=corner, parentPos=corner, offset=offset)
