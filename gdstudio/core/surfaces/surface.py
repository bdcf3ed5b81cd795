"""The loss over two scalars of any network: what features ask for, in one place.

`network_slice` gives the `ParameterSlice` (`gdstudio.core.surfaces.parameter_slice`) through a
pair of scalars of any network: the tutorial's network takes its tuned shortcut
(`gdstudio.core.surfaces.surface_tutorial.PairSlice`), two scalars of another network's output
layer the closed form `OutputPairSlice`, any other pair `LayerPairSlice`
(`gdstudio.core.surfaces.surface_general`).
`pair_results` is what the loss-surface view runs on it; `evaluation_data` the samples it is the
mean over; the spans and `heights_on` place it in a picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.param_refs import ParamRef
from gdstudio.core.surfaces.descent import DescentPath, Grid
from gdstudio.core.surfaces.parameter_slice import Cancel, ParameterSlice
from gdstudio.core.surfaces.surface_general import LayerPairSlice, OutputPairSlice
from gdstudio.core.surfaces.surface_tutorial import PairSlice

__all__ = [
    "DATA_CHOICES",
    "PairCentre",
    "PairSlice",
    "covering_half_span",
    "default_half_span",
    "evaluation_data",
    "heights_on",
    "network_slice",
    "pair_results",
]

DATA_CHOICES = ("batch", "valid", "train")
BATCH_SIZE = 100  # the "batch" choice: this many training samples, fixed by a seed
VALID_SAMPLES = 1000  # the "valid" choice: the first this many validation samples

#: the default half-span covers this many plain gradient-descent steps at the current slope ...
SPAN_STEPS = 50
#: ... within these limits
MIN_HALF_SPAN, MAX_HALF_SPAN = 1.0, 8.0
#: a covered path's farthest point sits this far out, as a share of the half-span, at most
COVER_MARGIN = 1.15


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


@dataclass(frozen=True)
class PairCentre:
    """Where a pair surface is centred: the values, the loss there and its gradient."""

    pair: tuple[ParamRef, ParamRef]
    centre: Array  # (2,) the current values
    loss: float
    gradient: Array  # (2,)
    half_span: float
    samples: int


def network_slice(
    model: LayeredNet,
    params: Params,
    pair: tuple[ParamRef, ParamRef],
    x: Array,
    labels: Labels,
) -> ParameterSlice:
    """The slice through `pair` of any network, by its fastest implementation: the tutorial's
    shortcut for the tutorial's network, the closed form for two scalars of another network's
    output layer, the general slice for any other pair."""
    if PairSlice.serves(model):
        return PairSlice(model, params, pair, x, labels)
    last = model.layers[-1]
    if all(ref.group in (last.weight, last.bias) for ref in pair):
        return OutputPairSlice(model, params, pair, x, labels)
    return LayerPairSlice(model, params, pair, x, labels)


def pair_results(
    model: LayeredNet,
    params: Params,
    pair: tuple[ParamRef, ParamRef],
    dataset: Dataset,
    data: str | Array,
    half_span: float | None,
    n: int,
    lr: float,
    descent_steps: int = 0,
    grids: bool = True,
    cancelled: Cancel = None,
    cover: Array | None = None,
    start: Array | None = None,
) -> Iterator[PairCentre | Grid | DescentPath]:
    """Everything a view shows of a pair of any network, in the order it is wanted: the centre,
    the grids (coarse, then fine; float32), then, with `descent_steps`, the descent on the two
    from the current values or `start` (exact: the inputs are float64, as the model's own loss
    takes them). The grid holds the points `cover` (k, 2) too, if given."""
    x, labels = evaluation_data(dataset, data, np.float64)
    check(cancelled)
    surface = network_slice(model, params, pair, x, labels)
    loss, gradient = surface.value_and_gradient(surface.centre)
    span = half_span if half_span else default_half_span(gradient)  # at the tutorial's alpha
    span = covering_half_span(span, surface.centre, cover)
    yield PairCentre(pair, surface.centre, loss, gradient, span, surface.samples)
    if grids:
        yield from surface.grids(span, n, np.float32, cancelled)
    if descent_steps:
        check(cancelled)
        yield surface.descent(lr, span, start=start).run(descent_steps)
