"""A legend in the place along its plot's edges that the curves leave most free.

A legend fixed in one corner covers data sooner or later: the loss of a run at α = 50 stays at
the top, where a learning run's is at the bottom, and the first accuracy points sit in a bottom
corner. `LegendPlacer` measures, for each place along the left and right edges (the corners
first), how much of the legend's area the shown curves cross, and moves the legend only when
another place is strictly freer, so it does not wander while the curves grow. (Where the axes
are fixed and the curves may fill every corner, as in the Compare tab, the legend goes outside
the plot instead.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

__all__ = ["PLACES", "LegendPlacer", "covered_bins"]

#: where a legend may go, best first: (x, y) as fractions of the plot's width and height,
#: (1, 0) the top right corner, (1, 0.5) the middle of the right edge
PLACES: tuple[tuple[float, float], ...] = (
    (1, 0),
    (0, 0),
    (1, 1),
    (0, 1),
    *((x, y) for y in (0.25, 0.5, 0.75) for x in (1, 0)),
)
MARGIN = 10  # pixels between the legend and the plot's edges
CLEARANCE = 4  # pixels around the legend that a curve must not cross either
BINS = 16  # columns of the legend's area in which a curve crossing counts once


def covered_bins(
    xs: np.ndarray, ys: np.ndarray, x_span: tuple[float, float], y_span: tuple[float, float]
) -> int:
    """In how many of `BINS` columns of the rectangle `x_span` × `y_span` the curve through
    (`xs` ascending, `ys`) passes, its points joined by straight lines."""
    # only the points within the span and one on each side count: a view, not a copy
    first = max(int(np.searchsorted(xs, x_span[0])) - 1, 0)
    xs, ys = xs[first : int(np.searchsorted(xs, x_span[1])) + 1], ys[first:]
    ys = ys[: len(xs)]
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
    """Moves `legend` (anchored in `box`) to the place its curves cross least."""

    def __init__(self, legend: pg.LegendItem, box: pg.ViewBox, place: tuple[float, float]) -> None:
        self._legend = legend
        self._box = box
        self.where = place
        self._curves: Sequence[tuple[np.ndarray, np.ndarray]] = ()
        self._anchor(place)
        # the legend's size (a language, a font) and the plot's size change the free places
        box.sigResized.connect(self._again)
        legend.geometryChanged.connect(self._again)

    def place(self, curves: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """`curves`: each (x ascending, y) in the view's coordinates, as shown."""
        self._curves = curves
        scores = {place: self.covered(place, curves) for place in PLACES}
        if scores[self.where] == 0:
            return
        best = min(PLACES, key=lambda place: scores[place])  # the first of the freest
        if scores[best] < scores[self.where]:
            self.where = best
            self._anchor(best)

    def covered(
        self, place: tuple[float, float], curves: Sequence[tuple[np.ndarray, np.ndarray]]
    ) -> int:
        """How many columns of the legend's area at `place` the curves cross."""
        box = self._box
        if box.width() <= 0 or box.height() <= 0:
            return 0
        (x0, x1), (y0, y1) = box.viewRange()
        px, py = (x1 - x0) / box.width(), (y1 - y0) / box.height()  # view units per pixel
        width, height = self._legend.width(), self._legend.height()
        dx, dy = _offset(place)
        left = place[0] * (box.width() - width) + dx  # pixels from the top left, as anchored
        top = place[1] * (box.height() - height) + dy
        left, top = left - CLEARANCE, top - CLEARANCE
        width, height = width + 2 * CLEARANCE, height + 2 * CLEARANCE
        x_span = (x0 + left * px, x0 + (left + width) * px)
        y_span = (y1 - (top + height) * py, y1 - top * py)
        return sum(covered_bins(xs, ys, x_span, y_span) for xs, ys in curves)

    def _again(self, *_: object) -> None:
        self.place(self._curves)

    def _anchor(self, place: tuple[float, float]) -> None:
        self._legend.anchor(itemPos=place, parentPos=place, offset=_offset(place))


def _offset(place: tuple[float, float]) -> tuple[float, float]:
    """The margin from the edges a place touches (none along an edge's middle)."""

    def away(fraction: float) -> float:
        return MARGIN if fraction == 0 else -MARGIN if fraction == 1 else 0.0

    return away(place[0]), away(place[1])
