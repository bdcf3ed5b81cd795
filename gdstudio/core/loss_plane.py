"""The loss on a plane through all the network's parameters (Li et al. 2018).

A `Plane` is an origin (the current parameters) and two directions in parameter space:

* `pca_plane`: the first two principal components of a recorded training trajectory, with the
  share of its variance each explains. The trajectory lies close to that plane.
* `random_plane`: two random Gaussian directions, each *filter-normalised* as in Li, Xu, Taylor,
  Studer and Goldstein, "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018): each
  group of the direction is rescaled to the norm of the same group of the parameters, so the
  plane moves every group in proportion to its size. The groups here are b0, each column of w1
  (the weights into one output) and b1. A group that is zero in the parameters (the biases at
  initialisation) stays zero in the direction, as in their code.

`PlaneSlice` evaluates the loss over a grid of (a, b), params = origin + a d1 + b d2. The
directions' w1 and b1 parts move the logits linearly; only their b0 parts need tanh again. When
both b0 parts are zero the logits are A0 + a A1 + b A2 and a grid point costs O(n * 10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdstudio.core.descent import Grid, check, grid_strides
from gdstudio.core.functions import Array, Labels, softmax
from gdstudio.core.model import Params, TutorialNet

#: the parameter order of flattened vectors
ORDER = ("b0", "w1", "b1")
#: elements per chunk of (points x samples x pixels) in the dense evaluation
DENSE_CHUNK = 1 << 21
#: margin around the projected trajectory, as a share of its extent
TRAJECTORY_MARGIN = 0.2
#: the shorter side of a trajectory's rectangle is at least this share of the longer
MIN_ASPECT = 0.5


def flatten(params: Params) -> Array:
    return np.concatenate([np.asarray(params[name], dtype=np.float64).ravel() for name in ORDER])


def unflatten(vector: Array, like: Params) -> Params:
    out, start = {}, 0
    for name in ORDER:
        size = like[name].size
        out[name] = vector[start : start + size].reshape(like[name].shape)
        start += size
    return out


def _groups(params: Params) -> list[tuple[str, Any]]:
    """Filter-normalisation groups: (name, index) for b0, each column of w1, and b1."""
    columns = params["w1"].shape[1]
    return [("b0", ...), *(("w1", (slice(None), j)) for j in range(columns)), ("b1", ...)]


@dataclass(frozen=True)
class Plane:
    origin: Params  # float64 copies
    directions: tuple[Params, Params]
    kind: str  # "pca" or "random"
    explained: tuple[float, float] | None = None  # PCA: share of the variance per direction

    def point(self, a: float, b: float) -> Params:
        d1, d2 = self.directions
        return {name: self.origin[name] + a * d1[name] + b * d2[name] for name in ORDER}

    def project(self, trajectory: Sequence[Params]) -> Array:
        """(a, b) of each parameter set's closest point on the plane (least squares), (T, 2)."""
        basis = np.stack([flatten(d) for d in self.directions], axis=1)
        offsets = np.stack([flatten(p) - flatten(self.origin) for p in trajectory], axis=1)
        coords, *_ = np.linalg.lstsq(basis, offsets, rcond=None)
        return np.asarray(coords.T)


def random_plane(origin: Params, seed: int = 0) -> Plane:
    """Two filter-normalised Gaussian directions through `origin`."""
    rng = np.random.default_rng(seed)
    base = {name: np.array(origin[name], dtype=np.float64) for name in ORDER}
    directions = []
    for _ in range(2):
        d = {name: rng.standard_normal(base[name].shape) for name in ORDER}
        for name, index in _groups(base):
            norm = np.linalg.norm(d[name][index])
            d[name][index] *= np.linalg.norm(base[name][index]) / norm if norm > 0 else 0.0
        directions.append(d)
    return Plane(base, (directions[0], directions[1]), "random")


def pca_plane(trajectory: Sequence[Params], origin: Params | None = None) -> Plane:
    """The first two principal components of `trajectory`, through `origin` (default: its end).

    Needs at least three distinct parameter sets.
    """
    if len(trajectory) < 3:
        raise ValueError("a trajectory of at least 3 parameter sets is needed for PCA")
    end = origin if origin is not None else trajectory[-1]
    base = {name: np.array(end[name], dtype=np.float64) for name in ORDER}
    centre = flatten(base)
    matrix = np.stack([flatten(p) - centre for p in trajectory])
    matrix -= matrix.mean(axis=0)
    _, singular, components = np.linalg.svd(matrix, full_matrices=False)
    variance = singular**2
    total = float(variance.sum())
    if total <= 0 or len(variance) < 2 or variance[1] <= 0:
        raise ValueError("the trajectory does not span a plane: train a few steps more")
    d1, d2 = (unflatten(components[k], base) for k in range(2))
    return Plane(base, (d1, d2), "pca", (float(variance[0] / total), float(variance[1] / total)))


def trajectory_bounds(coords: Array) -> tuple[tuple[float, float], tuple[float, float]]:
    """A rectangle holding the origin and every projected point, with a margin; neither side
    shorter than MIN_ASPECT times the other, so the landscape around the path shows too."""
    points = np.vstack([coords, np.zeros((1, 2))])
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.maximum((high - low) * TRAJECTORY_MARGIN, 1e-3)
    low, high = low - margin, high + margin
    grow = np.maximum(MIN_ASPECT * (high - low).max() - (high - low), 0) / 2
    low, high = low - grow, high + grow
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


class PlaneSlice:
    """The mean loss over (x, labels) on a plane."""

    def __init__(self, model: TutorialNet, plane: Plane, x: Array, labels: Labels) -> None:
        self.model = model
        self.plane = plane
        self.x = np.asarray(x)
        self.labels = np.asarray(labels, dtype=np.intp)
        d1, d2 = plane.directions
        self._linear = not (np.any(d1["b0"]) or np.any(d2["b0"]))
        if self._linear:  # L0 is fixed: the logits are A0 + a A1 + b A2
            L0 = np.tanh(np.asarray(x, dtype=np.float64) + plane.origin["b0"])
            self._A = [
                L0 @ plane.origin["w1"] + plane.origin["b1"],
                L0 @ d1["w1"] + d1["b1"],
                L0 @ d2["w1"] + d2["b1"],
            ]

    @property
    def linear(self) -> bool:
        """True when the plane leaves b0 alone, so no grid point needs tanh again."""
        return self._linear

    def losses_at(self, coords: Array) -> Array:
        """Exact (float64) mean losses at each (a, b) of `coords`, (k,)."""
        out = []
        x64 = np.asarray(self.x, dtype=np.float64)
        for a, b in np.asarray(coords, dtype=np.float64).reshape(-1, 2):
            out.append(self.model.losses(self.plane.point(a, b), x64, self.labels).mean())
        return np.array(out)

    def values(
        self,
        points: Array,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Array:
        """Mean losses at each (a, b) row of `points` (k, 2), computed in `dtype`."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if self._linear:
            return self._linear_values(points, dtype, cancelled)
        return self._dense_values(points, dtype, cancelled)

    def _loss(self, logits: Array) -> Array:
        """Mean loss per leading index of logits (..., n, 10)."""
        shape = logits.shape
        flat = logits.reshape(-1, shape[-1])
        labels = np.broadcast_to(self.labels, shape[:-1]).reshape(-1)
        losses = self.model.loss_fn.value(softmax(flat), labels)
        return losses.reshape(shape[:-1]).mean(axis=-1, dtype=np.float64)

    def _linear_values(
        self, points: Array, dtype: Any, cancelled: Callable[[], bool] | None
    ) -> Array:
        A0, A1, A2 = (a.astype(dtype) for a in self._A)
        out = np.empty(len(points))
        step = max(1, DENSE_CHUNK // A0.size)
        for start in range(0, len(points), step):
            check(cancelled)
            chunk = points[start : start + step].astype(dtype)
            logits = A0 + chunk[:, 0, None, None] * A1 + chunk[:, 1, None, None] * A2
            out[start : start + step] = self._loss(logits)
        return out

    def _dense_values(
        self, points: Array, dtype: Any, cancelled: Callable[[], bool] | None
    ) -> Array:
        """L1 = tanh(x + b0') . (w1 + a D1 + b D2) + b1': one matrix product per chunk of points
        with the fixed (784 x 30) [w1 D1 D2], whose few large calls BLAS runs well even when
        the machine is busy, then L1 = P0 + a P1 + b P2 + b1'."""
        origin, (d1, d2) = self.plane.origin, self.plane.directions
        x = self.x.astype(dtype, copy=False)
        n, pixels = x.shape
        weights = np.concatenate([origin["w1"], d1["w1"], d2["w1"]], axis=1).astype(dtype)
        classes = origin["w1"].shape[1]
        out = np.empty(len(points))
        step = max(1, DENSE_CHUNK // (n * pixels))
        hidden = np.empty((step, n, pixels), dtype=dtype)
        for start in range(0, len(points), step):
            check(cancelled)
            chunk = points[start : start + step]
            a, b = chunk[:, 0, None], chunk[:, 1, None]
            b0 = (origin["b0"] + a * d1["b0"] + b * d2["b0"]).astype(dtype)
            b1 = (origin["b1"] + a * d1["b1"] + b * d2["b1"]).astype(dtype)
            L0 = hidden[: len(chunk)]
            np.add(x, b0[:, None, :], out=L0)
            np.tanh(L0, out=L0)
            P = (L0.reshape(-1, pixels) @ weights).reshape(len(chunk), n, 3 * classes)
            logits = P[..., :classes] + b1[:, None, :]
            logits += a[:, :, None].astype(dtype) * P[..., classes : 2 * classes]
            logits += b[:, :, None].astype(dtype) * P[..., 2 * classes :]
            out[start : start + len(chunk)] = self._loss(logits)
        return out

    def grids(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        n: int = 51,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[Grid]:
        """The n x n grid over the rectangle, coarse first; each finer grid computes only the
        points the coarser ones have not."""
        xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
        values = np.full((n, n), np.nan)
        for stride in grid_strides(n):
            rows, cols = np.meshgrid(
                np.arange(0, n, stride), np.arange(0, n, stride), indexing="ij"
            )
            todo = np.isnan(values[rows, cols])
            r, c = rows[todo], cols[todo]
            values[r, c] = self.values(np.stack([xs[c], ys[r]], axis=1), dtype, cancelled)
            sub = values[::stride, ::stride].copy()
            yield Grid(xs[::stride], ys[::stride], sub, final=stride == 1)


@dataclass(frozen=True)
class PlaneInfo:
    """The plane a surface is drawn on, and the trajectory projected onto it."""

    plane: Plane
    coords: Array  # (T, 2) projected trajectory (may be empty)
    x_range: tuple[float, float]
    y_range: tuple[float, float]


@dataclass(frozen=True)
class PlanePath:
    """The projected trajectory with the exact loss at each projected point."""

    coords: Array  # (T, 2)
    losses: Array  # (T,)


def plane_results(
    model: TutorialNet,
    kind: str,
    trajectory: Sequence[Params],
    origin: Params,
    x: Array,
    labels: Labels,
    n: int = 51,
    half_span: float = 1.0,
    seed: int = 0,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[PlaneInfo | Grid | PlanePath]:
    """The plane ("pca" of `trajectory` through `origin`, or "random"), then its grids (coarse,
    then fine; float32), then the projected trajectory with its losses."""
    if kind == "pca":
        plane = pca_plane([*trajectory, origin], origin)
    elif kind == "random":
        plane = random_plane(origin, seed)
    else:
        raise ValueError(f"unknown kind of plane {kind!r}: use pca or random")
    coords = plane.project(trajectory) if len(trajectory) else np.zeros((0, 2))
    if kind == "pca":
        x_range, y_range = trajectory_bounds(coords)
    else:
        x_range = y_range = (-half_span, half_span)
    yield PlaneInfo(plane, coords, x_range, y_range)
    surface = PlaneSlice(model, plane, x, labels)
    yield from surface.grids(x_range, y_range, n, np.float32, cancelled)
    if len(coords):
        losses = []
        for point in coords:
            check(cancelled)
            losses.append(float(surface.losses_at(point[None])[0]))
        yield PlanePath(coords, np.array(losses))
