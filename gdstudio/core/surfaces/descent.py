"""Descent paths and grids: what the loss-surface views draw, for toy functions and the network.

An *objective* is anything with `value_and_gradient(point) -> (loss, gradient)` over a point
of d coordinates. `Descent` walks one from a start with any `Optimizer` (the params dict it
hands the optimizer is {"w": point}), stopping, never crashing, when the path leaves the region
it may roam or stops being finite. A `Grid` holds the loss over a rectangle of two coordinates;
`grid_strides` gives the strides of successively finer nested grids (coarse first, then refined).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.optimizers import OPTIMIZERS, Optimizer

Bounds = tuple[tuple[float, float], ...]  # (low, high) per coordinate

RUNNING = "running"  # still going (or stopped by the step limit)
CONVERGED = "converged"  # the gradient vanished: a minimum (or a saddle point, exactly hit)
DIVERGED = "diverged"

NONFINITE = "nonfinite"  # the loss or the gradient overflowed to inf or NaN
ESCAPED = "escaped"  # the path left the region it may roam

#: a path has converged when its gradient norm is below this
GRADIENT_TOLERANCE = 1e-10


class Objective(Protocol):
    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The loss at `point` (d,) and its gradient (d,)."""
        ...


@dataclass(frozen=True)
class DescentPath:
    """The finite points a descent visited, start included, and their losses."""

    optimizer: str
    lr: float
    points: Array  # (k + 1, d)
    losses: Array  # (k + 1,)
    status: str  # RUNNING, CONVERGED or DIVERGED
    reason: str = ""  # NONFINITE or ESCAPED when diverged

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    @property
    def diverged(self) -> bool:
        return self.status == DIVERGED

    @property
    def updates(self) -> Array:
        """The step taken at each point, (k, d): for gradient descent, -alpha * gradient."""
        return np.diff(self.points, axis=0)


class Descent:
    """One optimizer walking an objective, a step at a time.

    `escape` is the region the path may roam; leaving it (or any non-finite loss, gradient or
    point) ends the descent as diverged. The diverging point is not kept: a path holds only
    finite points inside the region, so it can always be drawn.
    """

    def __init__(
        self,
        objective: Objective,
        start: Array | tuple[float, ...],
        optimizer: Optimizer | str = "sgd",
        lr: float = 0.1,
        escape: Bounds | None = None,
    ) -> None:
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {lr}")
        self.objective = objective
        self.optimizer = OPTIMIZERS[optimizer]() if isinstance(optimizer, str) else optimizer
        self.lr = lr
        point = np.array(start, dtype=np.float64).reshape(-1)
        self._escape = None if escape is None else np.array(escape, dtype=np.float64)
        self._points = [point]
        self.status = RUNNING
        self.reason = ""
        loss, self._gradient = self._evaluate(point)
        self._losses = [loss]
        if self.status == RUNNING and not self._inside(point):
            self._stop(DIVERGED, ESCAPED)

    @property
    def done(self) -> bool:
        return self.status != RUNNING

    def run(self, steps: int) -> DescentPath:
        """Up to `steps` more steps (fewer if the descent ends), then the path so far."""
        for _ in range(steps):
            if self.done:
                break
            self._step()
        return self.path()

    def path(self) -> DescentPath:
        return DescentPath(
            optimizer=self.optimizer.name,
            lr=self.lr,
            points=np.array(self._points),
            losses=np.array(self._losses),
            status=self.status,
            reason=self.reason,
        )

    def _step(self) -> None:
        point = self._points[-1]
        with np.errstate(over="ignore", invalid="ignore"):
            update = self.optimizer.steps({"w": self._gradient}, self.lr)["w"]
            new = point + update
        if not np.isfinite(new).all():
            self._stop(DIVERGED, NONFINITE)
            return
        if not self._inside(new):
            self._stop(DIVERGED, ESCAPED)
            return
        loss, gradient = self._evaluate(new)
        if self.done:
            return
        self._points.append(new)
        self._losses.append(loss)
        self._gradient = gradient
        if float(np.linalg.norm(gradient)) < GRADIENT_TOLERANCE:
            self._stop(CONVERGED)

    def _evaluate(self, point: Array) -> tuple[float, Array]:
        with np.errstate(over="ignore", invalid="ignore"):
            loss, gradient = self.objective.value_and_gradient(point)
        if not (math.isfinite(loss) and np.isfinite(gradient).all()):
            self._stop(DIVERGED, NONFINITE)
        return loss, np.asarray(gradient, dtype=np.float64)

    def _inside(self, point: Array) -> bool:
        if self._escape is None:
            return True
        return bool(((point >= self._escape[:, 0]) & (point <= self._escape[:, 1])).all())

    def _stop(self, status: str, reason: str = "") -> None:
        self.status = status
        self.reason = reason


def descend(
    objective: Objective,
    start: Array | tuple[float, ...],
    optimizer: Optimizer | str = "sgd",
    lr: float = 0.1,
    steps: int = 100,
    escape: Bounds | None = None,
) -> DescentPath:
    """`steps` steps of `optimizer` from `start` (fewer if it converges or diverges)."""
    return Descent(objective, start, optimizer, lr, escape).run(steps)


def widen(bounds: Bounds, factor: float) -> Bounds:
    """The box `factor` times as wide as `bounds`, about the same centre."""
    out = []
    for low, high in bounds:
        centre, half = (low + high) / 2, (high - low) / 2 * factor
        out.append((centre - half, centre + half))
    return tuple(out)


@dataclass(frozen=True)
class Grid:
    """Loss values over a rectangle: values[iy, ix] is the loss at (xs[ix], ys[iy]).

    Row-major with y along the rows, as an image whose rows go up the y axis.
    """

    xs: Array  # (nx,)
    ys: Array  # (ny,)
    values: Array  # (ny, nx)
    final: bool = True  # False for a coarse grid that a finer one will replace

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the image whose pixel centres are the grid points."""
        dx = (self.xs[-1] - self.xs[0]) / max(len(self.xs) - 1, 1)
        dy = (self.ys[-1] - self.ys[0]) / max(len(self.ys) - 1, 1)
        return (
            float(self.xs[0] - dx / 2),
            float(self.ys[0] - dy / 2),
            float(self.xs[-1] - self.xs[0] + dx),
            float(self.ys[-1] - self.ys[0] + dy),
        )

    def nearest(self, x: float, y: float) -> tuple[int, int] | None:
        """(iy, ix) of the grid point nearest to (x, y), or None outside the grid's image."""
        x0, y0, width, height = self.rect
        if not (x0 <= x <= x0 + width and y0 <= y <= y0 + height):
            return None
        ix = int(np.abs(self.xs - x).argmin())
        iy = int(np.abs(self.ys - y).argmin())
        return iy, ix


def log_values(values: Array) -> Array:
    """log10 of the values shifted to start just above zero, for a log-scaled colour map.

    The offset is a thousandth of the range, so the lowest values stay distinguishable.
    """
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    offset = max(high - low, 1e-12) * 1e-3
    return np.log10(values - low + offset)


def grid_strides(n: int, coarse_points: int = 11) -> list[int]:
    """Strides of nested grids over n points, coarsest first and 1 last.

    The coarse grid takes every s-th point, with s dividing n - 1 so that it keeps both ends,
    and has about `coarse_points` points along each side; e.g. 101 -> [10, 1], 51 -> [5, 1].
    """
    if n < 2 * coarse_points - 1:
        return [1]
    target = (n - 1) / (coarse_points - 1)
    divisors = [s for s in range(2, n - 1) if (n - 1) % s == 0]
    if not divisors:
        return [1]
    stride = min(divisors, key=lambda s: abs(s - target))
    return [stride, 1]
