"""The network's loss as a function of two of its scalars, every other parameter frozen.

A `PairSlice` holds the logits L1 = tanh(x + b0) . w1 + b1 of the chosen samples at the current
parameters and never runs a full forward pass again, because each scalar touches little:

* w1[i, j] moves only logit j, by delta * L0[:, i];
* b1[j] moves only logit j, by delta;
* b0[i] changes one column of L0, so L1 += (tanh(x_i + b0_i + delta) - L0[:, i]) (outer) w1[i, :].

Over a grid, the loss of one sample is then a small rational function of a few exponentials.
With E_k = exp(L1_k - max L1) at the centre, and the moved logit j's factor F:

    loss = sum_{k != y} s_k^2 + (1 - s_y)^2
         = (sum_{k != y} E_k^2 + (sum_{k != y} E_k)^2) / Z^2,      Z = sum_k E_k,

written with positive terms only, so float32 loses nothing to cancellation. The parameter that
moves one logit is the *inner* axis: its factor F = exp(delta * u) (u = L0[:, i], or 1 for b1)
multiplies E_j. The other one, the *outer* axis, is applied first to all ten logits, one grid
row at a time. A grid point then costs a handful of flops per sample. Two b0's move all ten
logits each, and are done as small batched matrix products instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.datasets import Dataset
from gdstudio.core.descent import Descent, DescentPath, Grid, grid_strides
from gdstudio.core.functions import Array, Labels, softmax
from gdstudio.core.model import Params, TutorialNet
from gdstudio.core.param_refs import ParamRef

DATA_CHOICES = ("batch", "valid", "train")
BATCH_SIZE = 100  # the "batch" choice: this many training samples, fixed by a seed
VALID_SAMPLES = 1000  # the "valid" choice: the first this many validation samples

#: the default half-span covers this many plain gradient-descent steps at the current slope ...
SPAN_STEPS = 50
#: ... within these limits
MIN_HALF_SPAN, MAX_HALF_SPAN = 1.0, 8.0
#: a descent may roam this many half-spans from the centre before it counts as escaped
ESCAPE_SPANS = 10.0
#: largest logit change float32 can take (exp(2 x 40) stays a normal float32); float64 above
FLOAT32_LOGIT_RANGE = 40.0
FLOAT64_LOGIT_RANGE = 300.0
#: a covered path's farthest point sits this far out, as a share of the half-span, at most
COVER_MARGIN = 1.15
#: elements per temporary array in the grid loops: small enough to stay in cache
CHUNK_ELEMENTS = 1 << 17


def evaluation_data(
    dataset: Dataset, which: str | Array, dtype: Any = np.float64, seed: int = 0
) -> tuple[Array, Labels]:
    """The samples a surface is evaluated on: "batch", "valid" (1,000) or "train" (all), or
    the training samples at the indices `which` (the trainer's own batch, when following it)."""
    if not isinstance(which, str):
        chosen = np.asarray(which, dtype=np.intp)
        if chosen.ndim != 1 or not len(chosen) or not (chosen >= 0).all():
            raise ValueError("a batch is a non-empty list of training sample indices")
        if chosen.max() >= len(dataset.train):
            raise ValueError("the batch names samples the training split does not have")
        return dataset.train.inputs(chosen, dtype), dataset.train.labels[chosen].astype(np.intp)
    if which == "batch":
        rng = np.random.default_rng(seed)
        size = min(BATCH_SIZE, len(dataset.train))
        chosen = np.sort(rng.choice(len(dataset.train), size, replace=False))
        return dataset.train.inputs(chosen, dtype), dataset.train.labels[chosen].astype(np.intp)
    if which == "valid":
        first = slice(0, min(VALID_SAMPLES, len(dataset.valid)))
        return dataset.valid.inputs(first, dtype), dataset.valid.labels[first].astype(np.intp)
    if which == "train":
        return dataset.train.inputs(None, dtype), dataset.train.labels.astype(np.intp)
    raise ValueError(f"unknown data choice {which!r}: use {', '.join(DATA_CHOICES)}")


def default_half_span(gradient: Array, lr: float = 1.0) -> float:
    """Half the side of the square shown: SPAN_STEPS steps of alpha at the current slope.

    Both axes share it, so the picture keeps the geometry: the gradient stands at right angles
    to the contour lines only when the axes have the same scale.
    """
    span = SPAN_STEPS * lr * float(np.linalg.norm(gradient))
    return float(np.clip(span, MIN_HALF_SPAN, MAX_HALF_SPAN)) if math.isfinite(span) else 1.0


def covering_half_span(half_span: float, centre: Array, points: Array | None) -> float:
    """`half_span`, widened so that the square around `centre` holds every point of `points`
    (k, 2) with a margin: a followed training path stays on the surface drawn around it."""
    if points is None or not len(points):
        return half_span
    offsets = np.abs(np.asarray(points, dtype=np.float64).reshape(-1, 2) - centre)
    reach = float(np.nanmax(offsets)) if np.isfinite(offsets).any() else 0.0
    return max(half_span, COVER_MARGIN * reach)


def heights_on(grid: Grid, heights: Array, points: Array) -> Array:
    """`heights` (shaped like grid.values) at each (x, y) of `points`, bilinear between grid
    points; NaN outside the grid. Puts a path onto a drawn surface."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    out = np.full(len(points), np.nan)
    if len(grid.xs) < 2 or len(grid.ys) < 2:
        return out
    fx = (points[:, 0] - grid.xs[0]) / (grid.xs[-1] - grid.xs[0]) * (len(grid.xs) - 1)
    fy = (points[:, 1] - grid.ys[0]) / (grid.ys[-1] - grid.ys[0]) * (len(grid.ys) - 1)
    inside = (fx >= 0) & (fx <= len(grid.xs) - 1) & (fy >= 0) & (fy <= len(grid.ys) - 1)
    fx, fy = fx[inside], fy[inside]
    ix = np.minimum(fx.astype(np.intp), len(grid.xs) - 2)
    iy = np.minimum(fy.astype(np.intp), len(grid.ys) - 2)
    tx, ty = fx - ix, fy - iy
    out[inside] = (
        heights[iy, ix] * (1 - tx) * (1 - ty)
        + heights[iy, ix + 1] * tx * (1 - ty)
        + heights[iy + 1, ix] * (1 - tx) * ty
        + heights[iy + 1, ix + 1] * tx * ty
    )
    return out


def grid_offsets(half_span: float, n: int) -> Array:
    """n offsets from -half_span to half_span; for odd n the middle one is exactly 0."""
    if n < 2:
        raise ValueError(f"a grid needs at least 2 points per side, not {n}")
    if not (math.isfinite(half_span) and half_span > 0):
        raise ValueError(f"the span must be a positive number, not {half_span}")
    if n % 2:
        return half_span * (np.arange(n) - n // 2) / (n // 2)
    return np.linspace(-half_span, half_span, n)


class CentredSlice:
    """A loss surface over two scalars around `centre`; subclasses give its `values`."""

    centre: Array

    def values(
        self,
        xs: Array,
        ys: Array,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Array:
        """The loss at every (x, y) of the grid xs x ys: shape (len(ys), len(xs))."""
        raise NotImplementedError

    def grids(
        self,
        half_span: float,
        n: int = 101,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[Grid]:
        """The n x n grid around the centre, coarse first, then refined (the last is final).

        Raises `Cancelled` between chunks once `cancelled()` is true.
        """
        offsets = grid_offsets(half_span, n)
        for stride in grid_strides(n):
            xs = self.centre[0] + offsets[::stride]
            ys = self.centre[1] + offsets[::stride]
            yield Grid(xs, ys, self.values(xs, ys, dtype, cancelled), final=stride == 1)

    def grid(self, half_span: float, n: int = 101, dtype: Any = np.float64) -> Grid:
        """The final grid only."""
        offsets = grid_offsets(half_span, n)
        xs, ys = self.centre[0] + offsets, self.centre[1] + offsets
        return Grid(xs, ys, self.values(xs, ys, dtype))

    @property
    def samples(self) -> int:
        """How many samples the loss is the mean over."""
        raise NotImplementedError

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The mean loss at `point` and its gradient with respect to the pair, (2,)."""
        raise NotImplementedError

    # -- paths -------------------------------------------------------------------------------

    def descent(
        self, lr: float, half_span: float, optimizer: str = "sgd", start: Array | None = None
    ) -> Descent:
        """Gradient descent on these two scalars from the centre (or `start`), exact at every
        point."""
        escape = tuple(
            (c - ESCAPE_SPANS * half_span, c + ESCAPE_SPANS * half_span) for c in self.centre
        )
        return Descent(self, self.centre if start is None else start, optimizer, lr, escape)


class PairSlice(CentredSlice):
    """The mean loss over (x, labels) as a function of the two scalars `pair`."""

    def __init__(
        self,
        model: TutorialNet,
        params: Params,
        pair: tuple[ParamRef, ParamRef],
        x: Array,
        labels: Labels,
    ) -> None:
        if model.config.activation != "tanh" or model.config.loss != "squared":
            raise ValueError("the loss surface is written for tanh and the squared error")
        if pair[0] == pair[1]:
            raise ValueError(f"the two parameters must differ, both are {pair[0]}")
        self.model = model
        self.pair = pair
        p = {name: np.array(v, dtype=np.float64) for name, v in params.items()}
        self._b0, self._w1, self._b1 = p["b0"], p["w1"], p["b1"]
        self.centre = np.array([ref.get(p) for ref in pair])
        x64 = np.asarray(x, dtype=np.float64)
        self.labels = np.asarray(labels, dtype=np.intp)
        L0 = np.tanh(x64 + self._b0)
        self._L1 = L0 @ self._w1 + self._b1
        pixels = sorted({ref.pixel for ref in pair if ref.pixel is not None})
        self._x = {i: x64[:, i].copy() for i in pixels}  # the input columns they need
        self._L0 = {i: L0[:, i].copy() for i in pixels}

    @property
    def samples(self) -> int:
        return len(self.labels)

    # -- one point, exactly --------------------------------------------------------------------

    def logits(self, point: Array) -> Array:
        """L1 (n, 10) with the pair at `point` (their values, not offsets)."""
        columns, rows, b1 = self._state(point)
        L1 = self._L1 + (b1 - self._b1)
        for i, column in columns.items():
            L1 += np.outer(column, rows[i]) - np.outer(self._L0[i], self._w1[i])
        return L1

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The mean loss at `point` and its gradient with respect to the pair, (2,)."""
        columns, rows, _ = self._state(point)
        s = softmax(self.logits(point))
        losses, g = self.model.loss_fn.value_and_gradient(s, self.labels)
        g /= self.samples
        dL1 = s * (g - np.einsum("ij,ij->i", g, s)[:, None])
        gradient = []
        for ref in self.pair:
            if ref.group == "w1":
                i, j = ref.index
                gradient.append(dL1[:, j] @ columns[i])
            elif ref.group == "b1":
                gradient.append(dL1[:, ref.index[0]].sum())
            else:
                i = ref.index[0]
                gradient.append(((1 - columns[i] ** 2) * (dL1 @ rows[i])).sum())
        return float(losses.mean()), np.array(gradient, dtype=np.float64)

    def _state(self, point: Array) -> tuple[dict[int, Array], dict[int, Array], Array]:
        """The L0 columns and w1 rows of the touched pixels, and b1, at `point`."""
        b0 = {i: self._b0[i] for i in self._x}
        rows = {i: self._w1[i].copy() for i in self._x}
        b1 = self._b1.copy()
        for ref, value in zip(self.pair, np.asarray(point, dtype=np.float64), strict=True):
            if ref.group == "b0":
                b0[ref.index[0]] = value
            elif ref.group == "w1":
                rows[ref.index[0]][ref.index[1]] = value
            else:
                b1[ref.index[0]] = value
        columns = {i: np.tanh(self._x[i] + b0[i]) for i in self._x}
        return columns, rows, b1

    # -- grids -------------------------------------------------------------------------------

    def values(
        self,
        xs: Array,
        ys: Array,
        dtype: Any = np.float32,
        cancelled: Callable[[], bool] | None = None,
    ) -> Array:
        """Mean loss with the first scalar at each of `xs` and the second at each of `ys`.

        Returns (len(ys), len(xs)) float64 values, computed in `dtype` (float32 is promoted to
        float64 when the logits move too far for it).
        """
        first, second = self.pair
        values = (np.asarray(xs, np.float64), np.asarray(ys, np.float64))
        if first.group == "b0" and second.group == "b0":
            return self._two_b0(values[1], values[0], dtype, cancelled)
        inner = 0 if second.group == "b0" else 1
        table = self._outer_inner(1 - inner, values[1 - inner], values[inner], dtype, cancelled)
        return table.T if inner == 1 else table

    def _outer_offsets(self, which: int, values: Array) -> tuple[Array, Array | None]:
        """Logit offsets (k, n or 1, 10) of the `which` scalar at `values`, and for b0 the
        new L0 column (k, n)."""
        ref, delta = self.pair[which], values - self.centre[which]
        if ref.group == "b0":
            i = ref.index[0]
            column = np.tanh(self._x[i][None, :] + values[:, None])
            return (column - self._L0[i])[:, :, None] * self._w1[i], column
        j = ref.index[-1]
        source = self._L0[ref.index[0]] if ref.group == "w1" else np.ones(1)
        offsets = np.zeros((len(values), len(source), 10))
        offsets[:, :, j] = delta[:, None] * source
        return offsets, None

    def _dtype(self, reach: float, dtype: Any) -> Any:
        if reach > FLOAT64_LOGIT_RANGE:
            raise ValueError(
                f"the span is too large: the logits would move by up to {reach:.0f}; "
                "make the span smaller"
            )
        return np.float64 if reach > FLOAT32_LOGIT_RANGE else np.dtype(dtype).type

    def _outer_inner(
        self,
        outer: int,
        outer_values: Array,
        inner_values: Array,
        dtype: Any,
        cancelled: Callable[[], bool] | None,
    ) -> Array:
        """(len(outer_values), len(inner_values)) mean losses; the inner scalar moves one logit."""
        inner_ref = self.pair[1 - outer]
        j = inner_ref.index[-1]
        outer_ref = self.pair[outer]
        coupled = outer_ref.group == "b0" and inner_ref.pixel == outer_ref.pixel
        offsets, columns = self._outer_offsets(outer, outer_values)
        dh = inner_values - self.centre[1 - outer]
        u = self._L0[inner_ref.index[0]] if inner_ref.group == "w1" else np.ones(1)
        reach = float(np.abs(offsets).max() + np.abs(dh).max() * np.abs(u).max())
        work = self._dtype(reach, dtype)

        # samples of class j first (group B), the others after (group A)
        labels = self.labels
        order = np.argsort(labels != j, kind="stable")
        n_b = int((labels == j).sum())
        base = self._L1 - self._L1.max(axis=1, keepdims=True)
        base, labels = base[order], labels[order]
        if offsets.shape[1] > 1:
            offsets = offsets[:, order]
        if columns is not None:
            columns = columns[:, order]
        u = u[order] if len(u) > 1 else u
        others = np.ones((len(labels), 10), dtype=bool)  # k not in {y, j}
        others[:, j] = False
        others[np.arange(len(labels)), labels] = False
        rows = np.arange(len(labels))

        factor = None if coupled else np.exp(dh[:, None] * u[None, :]).astype(work)
        sums = np.zeros((len(outer_values), len(inner_values)))
        step = max(1, CHUNK_ELEMENTS // len(inner_values))
        cuts = sorted({*range(0, len(labels), step), n_b, len(labels)})
        bounds = [(a, b) for a, b in zip(cuts[:-1], cuts[1:], strict=True) if b > a]
        for g in range(len(outer_values)):
            check(cancelled)
            E = np.exp(base + offsets[g])  # (n, 10) at this outer value, float64
            Ej = E[:, j].astype(work)
            Ey = E[rows, labels].astype(work)
            rest = np.where(others, E, 0.0)
            R = rest.sum(axis=1)  # sum over k not in {y, j}; for group B, k != j
            R2 = (rest * rest).sum(axis=1)
            half_c = ((R2 + R * R) / 2).astype(work)
            R = R.astype(work)
            if coupled:
                assert columns is not None
                factor = np.exp(dh[:, None] * columns[g][None, :]).astype(work)
            assert factor is not None
            total = np.zeros(len(inner_values))
            for start, stop in bounds:
                f = factor if factor.shape[1] == 1 else factor[:, start:stop]
                part = slice(start, stop)
                if stop <= n_b:
                    total += _class_j(f, Ej[part], R[part], half_c[part])
                else:
                    total += 2 * _other_class(f, Ej[part], R[part], Ey[part], half_c[part])
            sums[g] = total
        return sums / len(labels)

    def _two_b0(
        self,
        outer_values: Array,
        inner_values: Array,
        dtype: Any,
        cancelled: Callable[[], bool] | None,
    ) -> Array:
        """(len(outer), len(inner)) mean losses for b0[i] (outer, 2nd scalar) and b0[k]."""
        outer_offsets, _ = self._outer_offsets(1, outer_values)
        inner_offsets, _ = self._outer_offsets(0, inner_values)
        reach = float(np.abs(outer_offsets).max() + np.abs(inner_offsets).max())
        work = self._dtype(reach, dtype)
        base = self._L1 - self._L1.max(axis=1, keepdims=True)
        labels = self.labels
        sums = np.zeros((len(outer_values), len(inner_values)))
        step = max(1, CHUNK_ELEMENTS // (len(outer_values) * len(inner_values)))
        for start in range(0, len(labels), step):
            check(cancelled)
            part = slice(start, min(start + step, len(labels)))
            rows = np.arange(part.stop - part.start)
            y = labels[part]
            E = np.exp(base[part] + outer_offsets[:, part]).astype(work)  # (go, ns, 10)
            F = np.exp(inner_offsets[:, part]).astype(work)  # (gi, ns, 10)
            Ey = E[:, rows, y]  # (go, ns)
            Fy = F[:, rows, y]  # (gi, ns)
            E[:, rows, y] = 0
            Et = E.transpose(1, 0, 2)  # (ns, go, 10)
            Ft = F.transpose(1, 2, 0)  # (ns, 10, gi)
            P = np.matmul(Et, Ft)  # sum over k != y of E'_k, (ns, go, gi)
            P2 = np.matmul(Et * Et, Ft * Ft)
            Z = P + Ey.T[:, :, None] * Fy.T[:, None, :]
            P2 += P * P
            Z *= Z
            sums += (P2 / Z).sum(axis=0, dtype=np.float64)
        return sums / len(labels)


def _class_j(factor: Array, Ej: Array, S: Array, half_k: Array) -> Array:
    """Sum over samples of class j of (Q + S^2) / (S + e)^2, e = Ej * factor; (rows,)."""
    e = factor * Ej
    e += S
    e *= e
    np.divide(2 * half_k, e, out=e)
    return e.sum(axis=1, dtype=np.float64)


def _other_class(factor: Array, Ej: Array, R: Array, Ey: Array, half_c: Array) -> Array:
    """Half the sum over the other samples of (R2 + e^2 + (R + e)^2) / (R + e + Ey)^2."""
    e = factor * Ej
    t = e + R
    z = t + Ey
    e *= t
    e += half_c
    z *= z
    e /= z
    return e.sum(axis=1, dtype=np.float64)


@dataclass(frozen=True)
class PairCentre:
    """Where a pair surface is centred: the values, the loss there and its gradient."""

    pair: tuple[ParamRef, ParamRef]
    centre: Array  # (2,) the current values
    loss: float
    gradient: Array  # (2,)
    half_span: float
    samples: int


def pair_results(
    model: TutorialNet,
    params: Params,
    pair: tuple[ParamRef, ParamRef],
    dataset: Dataset,
    data: str | Array,
    half_span: float | None,
    n: int,
    lr: float,
    descent_steps: int = 0,
    grids: bool = True,
    cancelled: Callable[[], bool] | None = None,
    cover: Array | None = None,
    start: Array | None = None,
) -> Iterator[PairCentre | Grid | DescentPath]:
    """Everything a view shows of a pair, in the order it is wanted: the centre, the grids
    (coarse, then fine; float32), then, with `descent_steps`, the descent on the two from the
    current values or `start` (exact: the inputs are float64, as the model's own loss takes
    them). The grid holds the points `cover` (k, 2) too, if given."""
    x, labels = evaluation_data(dataset, data, np.float64)
    check(cancelled)
    surface = PairSlice(model, params, pair, x, labels)
    yield from slice_results(
        surface, pair, half_span, n, lr, descent_steps, grids, cancelled, cover, start
    )


def slice_results(
    surface: CentredSlice,
    pair: tuple[ParamRef, ParamRef],
    half_span: float | None,
    n: int,
    lr: float,
    descent_steps: int,
    grids: bool,
    cancelled: Callable[[], bool] | None,
    cover: Array | None = None,
    start: Array | None = None,
) -> Iterator[PairCentre | Grid | DescentPath]:
    """What `pair_results` yields, from any slice through `pair`."""
    loss, gradient = surface.value_and_gradient(surface.centre)
    span = half_span if half_span else default_half_span(gradient)  # at the tutorial's alpha
    span = covering_half_span(span, surface.centre, cover)
    yield PairCentre(pair, surface.centre, loss, gradient, span, surface.samples)
    if grids:
        yield from surface.grids(span, n, np.float32, cancelled)
    if descent_steps:
        check(cancelled)
        yield surface.descent(lr, span, start=start).run(descent_steps)
