"""The loss on a plane through all the network's parameters (Li et al. 2018).

A `Plane` is an origin (the current parameters) and two directions in parameter space:

* `pca_plane`: the first two principal components of a recorded training trajectory, with the
  share of its variance each explains. The trajectory lies close to that plane.
* `random_plane`: two random Gaussian directions, each *filter-normalised* as in Li, Xu, Taylor,
  Studer and Goldstein, "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018): each
  group of the direction is rescaled to the norm of the same group of the parameters, so the
  plane moves every group in proportion to its size. The groups are each column of each
  weight matrix (the weights into one unit) and each bias vector (the tutorial's b0, w1's
  columns and b1; for the hidden-layer network also w2's columns and b2). A group that is zero
  in the parameters (the biases at initialisation) stays zero in the direction, as in their code.

`PlaneSlice` evaluates the loss over a grid of (a, b), params = origin + a d1 + b d2, for any
network (`LayeredNet`). A layer z = a_in . W + b whose input does not move gives
z = a_in . W0 + a (a_in . D1) + b (a_in . D2) + b', one product with the fixed [W0 D1 D2] for
all points; above the first layer that moves, that product is taken per chunk of points. When
only the output layer moves (the tutorial's b0 parts are zero, or the network is softmax
regression), the logits are A0 + a A1 + b A2 and a grid point costs O(n * 10).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.nn.functions import ACTIVATIONS, Array, Labels
from gdstudio.core.nn.layers import SOFTMAX
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.surfaces.descent import Grid, grid_strides

#: the tutorial's parameter order; any other network's vectors follow its parameters' order
ORDER = ("b0", "w1", "b1")
#: elements per chunk of (points x samples x pixels) in the dense evaluation
DENSE_CHUNK = 1 << 21
#: the full grid is shown this many times while it is computed (the last time exact)
REFINE_PARTS = 4
#: margin around the projected trajectory, as a share of its extent
TRAJECTORY_MARGIN = 0.2
#: the shorter side of a trajectory's rectangle is at least this share of the longer
MIN_ASPECT = 0.5


def flatten(params: Params) -> Array:
    """All parameters in one float64 vector, in the order of the dict (the network's)."""
    return np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in params.values()])


def unflatten(vector: Array, like: Params) -> Params:
    out, start = {}, 0
    for name in like:
        size = like[name].size
        out[name] = vector[start : start + size].reshape(like[name].shape)
        start += size
    return out


def _groups(params: Params) -> list[tuple[str, Any]]:
    """Filter-normalisation groups: (name, index) for each column of a weight matrix (the
    weights into one unit) and each bias vector as a whole."""
    groups: list[tuple[str, Any]] = []
    for name, p in params.items():
        if p.ndim == 2:
            groups.extend((name, (slice(None), j)) for j in range(p.shape[1]))
        else:
            groups.append((name, ...))
    return groups


@dataclass(frozen=True)
class Plane:
    origin: Params  # float64 copies
    directions: tuple[Params, Params]
    kind: str  # "pca" or "random"
    explained: tuple[float, float] | None = None  # PCA: share of the variance per direction

    def point(self, a: float, b: float) -> Params:
        d1, d2 = self.directions
        return {name: o + a * d1[name] + b * d2[name] for name, o in self.origin.items()}

    def project(self, trajectory: Sequence[Params]) -> Array:
        """(a, b) of each parameter set's closest point on the plane (least squares), (T, 2)."""
        basis = np.stack([flatten(d) for d in self.directions], axis=1)
        offsets = np.stack([flatten(p) - flatten(self.origin) for p in trajectory], axis=1)
        coords, *_ = np.linalg.lstsq(basis, offsets, rcond=None)
        return np.asarray(coords.T)


def random_plane(origin: Params, seed: int = 0) -> Plane:
    """Two filter-normalised Gaussian directions through `origin`."""
    rng = np.random.default_rng(seed)
    base = {name: np.array(p, dtype=np.float64) for name, p in origin.items()}
    directions = []
    for _ in range(2):
        d = {name: rng.standard_normal(p.shape) for name, p in base.items()}
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
    base = {name: np.array(p, dtype=np.float64) for name, p in end.items()}
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


def fit_aspect(
    x_range: tuple[float, float], y_range: tuple[float, float], aspect: float | None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The ranges, the shorter grown about its middle so that width / height = `aspect` (the
    shape of the picture, drawn with equal scales): the grid then fills its axes."""
    if aspect is None or not (math.isfinite(aspect) and aspect > 0):
        return x_range, y_range
    width, height = x_range[1] - x_range[0], y_range[1] - y_range[0]
    if width < aspect * height:
        grow = (aspect * height - width) / 2
        return (x_range[0] - grow, x_range[1] + grow), y_range
    grow = (width / aspect - height) / 2
    return x_range, (y_range[0] - grow, y_range[1] + grow)


class PlaneSlice:
    """The mean loss over (x, labels) on a plane, for any network."""

    def __init__(self, model: LayeredNet, plane: Plane, x: Array, labels: Labels) -> None:
        self.model = model
        self.plane = plane
        self.x = np.asarray(x)
        self.labels = np.asarray(labels, dtype=np.intp)
        origin, directions = plane.origin, plane.directions
        layers = model.layers

        def moves(depth: int) -> bool:
            names = [n for n in (layers[depth].weight, layers[depth].bias) if n]
            return any(np.any(d[name]) for d in directions for name in names)

        #: the lowest layer the plane moves; the layers below it are the same at every point
        self._first = next((i for i in range(len(layers)) if moves(i)), len(layers) - 1)
        a = np.asarray(x, dtype=np.float64)
        for layer in layers[: self._first]:
            z = (a @ origin[layer.weight] if layer.weight else a) + origin[layer.bias]
            a = ACTIVATIONS[layer.activation]()(z)
        self._input = a  # the first moved layer's input, the same at every point
        #: each weight beside its two directions, [W0 D1 D2], for one product per layer input
        self._stacked = {
            layer.weight: np.concatenate(
                [origin[layer.weight], *(d[layer.weight] for d in directions)], axis=1
            )
            for layer in layers[self._first :]
            if layer.weight
        }
        first = layers[self._first]
        # that product for the fixed input is the same at every point: taken once
        self._fixed_product = a @ self._stacked[first.weight] if first.weight else None

    @property
    def linear(self) -> bool:
        """True when the plane moves only the output layer: the logits are A0 + a A1 + b A2,
        and no grid point needs an activation again."""
        return self._first == len(self.model.layers) - 1

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
        """Mean losses at each (a, b) row of `points` (k, 2), computed in `dtype`.

        From the first layer the plane moves, per chunk of points: z = a_in . [W0 D1 D2] gives
        P0 + a P1 + b P2, plus the bias origin + a d1 + b d2 (z = a_in + bias without a weight);
        the product is one large matrix multiplication with a fixed matrix, which BLAS runs
        well even when the machine is busy, and is taken only once for the fixed input.
        """
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        layers = self.model.layers[self._first :]
        fixed = None if self._fixed_product is None else self._fixed_product.astype(dtype)
        x = self._input.astype(dtype)
        n = len(self.labels)
        widest = max(x.shape[1], *(w.shape[1] for w in self._stacked.values()))
        out = np.empty(len(points))
        step = max(1, DENSE_CHUNK // (n * widest))
        for start in range(0, len(points), step):
            check(cancelled)
            chunk = points[start : start + step]
            coef_a, coef_b = chunk[:, 0, None], chunk[:, 1, None]  # (k, 1), float64
            a: Array = x
            for depth, layer in enumerate(layers):
                bias = self._along(layer.bias, coef_a, coef_b).astype(dtype)[:, None, :]
                if layer.weight and depth == 0 and fixed is not None:
                    width = fixed.shape[-1] // 3
                    z = fixed[..., :width] + bias
                    z += coef_a[:, :, None].astype(dtype) * fixed[..., width : 2 * width]
                    z += coef_b[:, :, None].astype(dtype) * fixed[..., 2 * width :]
                elif layer.weight:
                    # the input differs per point: one product with that point's own weight
                    # W0 + a D1 + b D2 costs a third of the product with [W0 D1 D2]
                    z = np.matmul(a, self._weights(layer.weight, coef_a, coef_b, dtype))
                    z += bias
                else:
                    z = a + bias
                if layer.activation == SOFTMAX:
                    out[start : start + len(chunk)] = self._loss(z)
                    break
                a = ACTIVATIONS[layer.activation]()(z, out=z)
        return out

    def _weights(self, name: str, coef_a: Array, coef_b: Array, dtype: Any) -> Array:
        """Weight matrix `name` at each point: W0 + a D1 + b D2, (k, in, out)."""
        stacked = self._stacked[name]
        width = stacked.shape[1] // 3
        w0, d1, d2 = stacked[:, :width], stacked[:, width : 2 * width], stacked[:, 2 * width :]
        a, b = coef_a[:, :, None], coef_b[:, :, None]
        return (w0 + a * d1 + b * d2).astype(dtype)

    def _along(self, name: str, coef_a: Array, coef_b: Array) -> Array:
        """Parameter `name` at each point: origin + a d1 + b d2, (k, size)."""
        d1, d2 = self.plane.directions
        return self.plane.origin[name] + coef_a * d1[name] + coef_b * d2[name]

    def _loss(self, logits: Array) -> Array:
        """Mean loss per leading index of logits (..., n, classes)."""
        shape = logits.shape
        flat = logits.reshape(-1, shape[-1])
        labels = np.broadcast_to(self.labels, shape[:-1]).reshape(-1)
        losses = self.model.loss_fn.value_from_logits(flat, labels)
        return losses.reshape(shape[:-1]).mean(axis=-1, dtype=np.float64)

    def grids(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        n: int = 51,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[Grid]:
        """The n x n grid over the rectangle, progressively: a coarse grid first, then the
        full grid REFINE_PARTS times as its points come in, the points not yet computed
        interpolated from the coarse grid (final=False), the last one exact (final=True)."""
        xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
        strides = grid_strides(n)
        values = np.full((n, n), np.nan)
        stride = strides[0]
        if stride > 1:
            coarse = np.arange(0, n, stride)
            rows, cols = np.meshgrid(coarse, coarse, indexing="ij")
            r, c = rows.ravel(), cols.ravel()
            values[r, c] = self.values(np.stack([xs[c], ys[r]], axis=1), dtype, cancelled)
            yield Grid(xs[::stride], ys[::stride], values[::stride, ::stride].copy(), False)
        r, c = np.nonzero(np.isnan(values))  # row by row, so the picture fills upwards
        parts = np.array_split(np.arange(len(r)), REFINE_PARTS if stride > 1 else 1)
        for k, part in enumerate(parts):
            rp, cp = r[part], c[part]
            values[rp, cp] = self.values(np.stack([xs[cp], ys[rp]], axis=1), dtype, cancelled)
            if k == len(parts) - 1:
                yield Grid(xs, ys, values.copy(), final=True)
            else:
                yield Grid(xs, ys, upsampled(values, stride), final=False)


def upsampled(values: Array, stride: int) -> Array:
    """`values` with its missing (NaN) points filled bilinearly from the complete coarse grid
    values[::stride, ::stride] (a stand-in until they are computed)."""
    n_rows, n_cols = values.shape
    coarse = values[::stride, ::stride]
    at_rows, at_cols = np.arange(0, n_rows, stride), np.arange(0, n_cols, stride)
    across = np.array([np.interp(np.arange(n_cols), at_cols, row) for row in coarse])
    full = np.array([np.interp(np.arange(n_rows), at_rows, col) for col in across.T]).T
    return np.where(np.isnan(values), full, values)


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
    model: LayeredNet,
    kind: str,
    trajectory: Sequence[Params],
    origin: Params,
    x: Array,
    labels: Labels,
    n: int = 51,
    half_span: float = 1.0,
    seed: int = 0,
    cancelled: Callable[[], bool] | None = None,
    aspect: float | None = None,
) -> Iterator[PlaneInfo | Grid | PlanePath]:
    """The plane ("pca" of `trajectory` through `origin`, or "random"), then its grids (coarse,
    then fine; float32), then the projected trajectory with its losses. With `aspect`, the
    rectangle is widened to that width / height (see `fit_aspect`)."""
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
    x_range, y_range = fit_aspect(x_range, y_range, aspect)
    yield PlaneInfo(plane, coords, x_range, y_range)
    surface = PlaneSlice(model, plane, x, labels)
    yield from surface.grids(x_range, y_range, n, np.float32, cancelled)
    if len(coords):
        losses = []
        for point in coords:
            check(cancelled)
            losses.append(float(surface.losses_at(point[None])[0]))
        yield PlanePath(coords, np.array(losses))
