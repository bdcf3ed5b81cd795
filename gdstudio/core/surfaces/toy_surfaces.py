"""Textbook functions to descend on: their values and analytic gradients, vectorised over grids.

Points are arrays whose last axis holds the coordinates: (..., 1) for the one-parameter curves
and (..., 2) for the surfaces, so one call evaluates a whole grid. Each function knows the region
worth showing (`bounds`), a start point that makes a good demonstration, and its known minima.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from gdstudio.core.nn.functions import Array
from gdstudio.core.nn.optimizers import Optimizer
from gdstudio.core.surfaces.descent import Bounds, Descent, DescentPath, Grid, widen

#: a descent may roam this many times the shown region before it counts as escaped
ESCAPE_FACTOR = 10.0


class ToyFunction(ABC):
    """A function of 1 or 2 coordinates with its analytic gradient."""

    key: str
    bounds: Bounds
    start: tuple[float, ...]
    minima: tuple[tuple[float, ...], ...] = ()
    log_scale: bool = False  # whether its values span decades (shown better on a log scale)

    @property
    def dim(self) -> int:
        return len(self.bounds)

    @abstractmethod
    def value(self, points: Array) -> Array:
        """f at each point: (..., dim) -> (...)."""

    @abstractmethod
    def gradient(self, points: Array) -> Array:
        """The gradient at each point: (..., dim) -> (..., dim)."""

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        p = np.asarray(point, dtype=np.float64)
        return float(self.value(p)), self.gradient(p)

    @property
    def escape(self) -> Bounds:
        return widen(self.bounds, ESCAPE_FACTOR)

    def descent(
        self, optimizer: Optimizer | str, lr: float, start: tuple[float, ...] | None = None
    ) -> Descent:
        """A descent from `start` (default: the function's own) that stops once it escapes."""
        return Descent(self, start or self.start, optimizer, lr, self.escape)

    def descend(
        self,
        optimizer: Optimizer | str,
        lr: float,
        steps: int,
        start: tuple[float, ...] | None = None,
    ) -> DescentPath:
        return self.descent(optimizer, lr, start).run(steps)


class _Function1D(ToyFunction):
    """f(w) given by `_f` and its derivative `_df` on arrays of w."""

    @abstractmethod
    def _f(self, w: Array) -> Array: ...

    @abstractmethod
    def _df(self, w: Array) -> Array: ...

    def value(self, points: Array) -> Array:
        return self._f(np.asarray(points, dtype=np.float64)[..., 0])

    def gradient(self, points: Array) -> Array:
        return self._df(np.asarray(points, dtype=np.float64)[..., 0])[..., None]


class _Function2D(ToyFunction):
    """f(x, y) given by `_f` and its gradient `_grad` on arrays of x and y."""

    @abstractmethod
    def _f(self, x: Array, y: Array) -> Array: ...

    @abstractmethod
    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]: ...

    def value(self, points: Array) -> Array:
        p = np.asarray(points, dtype=np.float64)
        return self._f(p[..., 0], p[..., 1])

    def gradient(self, points: Array) -> Array:
        p = np.asarray(points, dtype=np.float64)
        gx, gy = self._grad(p[..., 0], p[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)


class Parabola(_Function1D):
    """f(w) = w^2: one minimum; plain gradient descent converges for alpha < 1 (= 2 / f'')."""

    key = "parabola"
    bounds = ((-3.0, 3.0),)
    start = (2.5,)
    minima = ((0.0,),)

    def _f(self, w: Array) -> Array:
        return w * w

    def _df(self, w: Array) -> Array:
        return 2 * w


class DoubleWell(_Function1D):
    """f(w) = w^4 - 2 w^2 + w / 2: a shallow local minimum right, the global one left."""

    key = "double_well"
    bounds = ((-2.0, 2.0),)
    start = (1.8,)

    def __init__(self) -> None:
        roots = np.roots([4.0, 0.0, -4.0, 0.5])  # f'(w) = 4 w^3 - 4 w + 1/2
        real = np.sort(roots.real[np.abs(roots.imag) < 1e-12])
        curvature = 12 * real**2 - 4
        lows = sorted(real[curvature > 0], key=lambda w: float(self._f(np.asarray(w))))
        self.minima = tuple((float(w),) for w in lows)  # the global minimum first

    def _f(self, w: Array) -> Array:
        return w**4 - 2 * w**2 + 0.5 * w

    def _df(self, w: Array) -> Array:
        return 4 * w**3 - 4 * w + 0.5


class QuadraticBowl(_Function2D):
    """f(p) = 1/2 (p - c)^T A (p - c), A with eigenvalues 1 and `condition`, turned by `angle`.

    The Hessian is A everywhere, so plain gradient descent converges exactly when
    alpha < 2 / lambda_max: each step multiplies the error along an eigenvector by
    (1 - alpha lambda), which grows in size beyond that critical alpha.
    """

    key = "quadratic"
    bounds = ((-3.0, 3.0), (-3.0, 3.0))
    start = (-2.5, 2.0)

    def __init__(
        self, condition: float = 10.0, angle: float = 30.0, centre: tuple[float, float] = (0, 0)
    ) -> None:
        if not (math.isfinite(condition) and condition >= 1):
            raise ValueError(f"the condition number must be at least 1, not {condition}")
        self.condition = float(condition)
        self.angle = float(angle)  # degrees, of the steep axis from the x axis
        self.centre = (float(centre[0]), float(centre[1]))
        self.minima = (self.centre,)
        t = math.radians(self.angle)
        rotation = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
        self.hessian = rotation @ np.diag([self.condition, 1.0]) @ rotation.T
        self.log_scale = self.condition > 30

    @property
    def eigenvalues(self) -> tuple[float, float]:
        """(lambda_min, lambda_max) of the Hessian."""
        return 1.0, self.condition

    @property
    def critical_lr(self) -> float:
        """2 / lambda_max: plain gradient descent diverges for any larger alpha."""
        return 2.0 / self.eigenvalues[1]

    def contraction(self, lr: float) -> float:
        """max |1 - alpha lambda|: how much plain gradient descent shrinks the error per step."""
        return max(abs(1 - lr * lam) for lam in self.eigenvalues)

    def _f(self, x: Array, y: Array) -> Array:
        dx, dy = x - self.centre[0], y - self.centre[1]
        (a, b), (_, d) = self.hessian
        return 0.5 * (a * dx * dx + 2 * b * dx * dy + d * dy * dy)

    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        dx, dy = x - self.centre[0], y - self.centre[1]
        (a, b), (_, d) = self.hessian
        return a * dx + b * dy, b * dx + d * dy


class Rosenbrock(_Function2D):
    """(1 - x)^2 + 100 (y - x^2)^2: a long curved valley, easy to find and slow to follow."""

    key = "rosenbrock"
    bounds = ((-2.0, 2.0), (-1.0, 3.0))
    start = (-1.5, 2.0)
    minima = ((1.0, 1.0),)
    log_scale = True

    def _f(self, x: Array, y: Array) -> Array:
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        r = y - x * x
        return -2 * (1 - x) - 400 * x * r, 200 * r


class Saddle(_Function2D):
    """x^2 - y^2: downhill along y for ever; gradient descent leaves along it. No minimum."""

    key = "saddle"
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (1.8, 0.05)

    def _f(self, x: Array, y: Array) -> Array:
        return x * x - y * y

    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        return 2 * x, -2 * y


class Himmelblau(_Function2D):
    """(x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima of equal height (zero)."""

    key = "himmelblau"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = (-0.5, 0.5)
    minima = (
        (3.0, 2.0),
        (-2.805118086952745, 3.131312518250573),
        (-3.779310253377747, -3.283185991286170),
        (3.584428340330492, -1.848126526964404),
    )
    log_scale = True

    def _f(self, x: Array, y: Array) -> Array:
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        a, b = x * x + y - 11, x + y * y - 7
        return 4 * x * a + 2 * b, 2 * a + 4 * y * b


class Beale(_Function2D):
    """(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2: flat middle, steep rim."""

    key = "beale"
    bounds = ((-4.5, 4.5), (-4.5, 4.5))
    start = (1.0, 1.5)
    minima = ((3.0, 0.5),)
    log_scale = True

    _C = (1.5, 2.25, 2.625)

    def _f(self, x: Array, y: Array) -> Array:
        return sum((c - x + x * y**k) ** 2 for k, c in enumerate(self._C, start=1))

    def _grad(self, x: Array, y: Array) -> tuple[Array, Array]:
        gx: Array = np.zeros(np.broadcast(x, y).shape)
        gy: Array = np.zeros_like(gx)
        for k, c in enumerate(self._C, start=1):
            r = c - x + x * y**k
            gx = gx + 2 * r * (y**k - 1)
            gy = gy + 2 * r * k * x * y ** (k - 1)
        return gx, gy


FUNCTIONS_1D: dict[str, Callable[[], ToyFunction]] = {
    "parabola": Parabola,
    "double_well": DoubleWell,
}
FUNCTIONS_2D: dict[str, Callable[[], ToyFunction]] = {
    "quadratic": QuadraticBowl,
    "rosenbrock": Rosenbrock,
    "saddle": Saddle,
    "himmelblau": Himmelblau,
    "beale": Beale,
}


def surface_grid(function: ToyFunction, n: int = 201, bounds: Bounds | None = None) -> Grid:
    """`function` over an n x n grid of its bounds (or of `bounds`, e.g. the range shown)."""
    if function.dim != 2:
        raise ValueError("surface_grid needs a function of two coordinates")
    (x0, x1), (y0, y1) = bounds or function.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    values = function.value(np.stack([gx, gy], axis=-1))
    return Grid(xs, ys, values)


def curve(function: ToyFunction, n: int = 401) -> tuple[Array, Array]:
    """(w, f(w)) over the bounds of a one-coordinate function."""
    if function.dim != 1:
        raise ValueError("curve needs a function of one coordinate")
    ((w0, w1),) = function.bounds
    ws = np.linspace(w0, w1, n)
    return ws, function.value(ws[:, None])


def step_arrow(function: ToyFunction, w: float, lr: float) -> tuple[float, float, float]:
    """The next gradient-descent step of a one-coordinate function from w, as drawn: it
    starts at (w, f(w)) and ends at w − α·f'(w), the step α·f'(w) along the w axis."""
    value, slope = function.value_and_gradient(np.array([w]))
    return w, value, w - lr * float(slope[0])


def tangent(function: ToyFunction, w: float, half_width: float) -> tuple[Array, Array]:
    """The two ends of the tangent to a one-coordinate function at w: its slope is f'(w)."""
    value, slope = function.value_and_gradient(np.array([w]))
    ws = np.array([w - half_width, w + half_width])
    return ws, value + float(slope[0]) * (ws - w)
