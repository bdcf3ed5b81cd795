"""The one interface every feature uses for the loss over two scalars of a network.

A `ParameterSlice` is the mean loss over samples (x, labels) as a function of two scalars of the
network's parameters (`pair`), every other parameter frozen at `params`. Features (the
loss-surface view's pair page, `gdstudio surface`, descents on the two) use only this class:
`values` over a grid, `value_and_gradient` at a point, and what is built on them here (`grids`,
`grid`, `descent`). `gdstudio.core.surfaces.surface.network_slice` picks the implementation:

* the tutorial's network takes its tuned one-logit shortcut
(`gdstudio.core.surfaces.surface_tutorial`);
* any other network the general slices (`gdstudio.core.surfaces.surface_general`).

They give the same numbers (to rounding); an implementation only writes `_prepare` (what it keeps
of the samples at the centre), `_grid_values` and `value_and_gradient`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.param_refs import ParamError, ParamRef
from gdstudio.core.surfaces.descent import Descent, Grid, grid_strides

#: a descent may roam this many half-spans from the centre before it counts as escaped
ESCAPE_SPANS = 10.0
#: elements per temporary array in the grid loops: small enough to stay in cache
CHUNK_ELEMENTS = 1 << 17

#: what a long computation calls between chunks to learn whether to stop (see `check`)
Cancel = Callable[[], bool] | None


def grid_offsets(half_span: float, n: int) -> Array:
    """n offsets from -half_span to half_span; for odd n the middle one is exactly 0."""
    if n < 2:
        raise ValueError(f"a grid needs at least 2 points per side, not {n}")
    if not (math.isfinite(half_span) and half_span > 0):
        raise ValueError(f"the span must be a positive number, not {half_span}")
    if n % 2:
        return half_span * (np.arange(n) - n // 2) / (n // 2)
    return np.linspace(-half_span, half_span, n)


class ParameterSlice:
    """The mean loss over (x, labels) as a function of the two scalars `pair` of `model`.

    `centre` holds their current values; `params` (float64 copies) the frozen rest.
    """

    def __init__(
        self,
        model: LayeredNet,
        params: Params,
        pair: tuple[ParamRef, ParamRef],
        x: Array,
        labels: Labels,
    ) -> None:
        if pair[0] == pair[1]:
            raise ValueError(f"the two parameters must differ, both are {pair[0]}")
        shapes = model.param_shapes()
        for ref in pair:
            shape = shapes.get(ref.group)
            if shape is None or len(ref.index) != len(shape):
                raise ParamError(f"{ref} is not a parameter of the {model.config.describe()}")
            if not all(0 <= i < n for i, n in zip(ref.index, shape, strict=True)):
                raise ParamError(f"{ref} is outside {ref.group}, of shape {shape}")
        self.model = model
        self.pair = pair
        self.params = {name: np.array(v, dtype=np.float64) for name, v in params.items()}
        self.centre = np.array([ref.get(self.params) for ref in pair])
        self.labels = np.asarray(labels, dtype=np.intp)
        self._prepare(np.asarray(x, dtype=np.float64))

    def _prepare(self, x: Array) -> None:
        """Keep what the evaluations need of the inputs `x` (float64) at the centre."""
        raise NotImplementedError

    @property
    def samples(self) -> int:
        """How many samples the loss is the mean over."""
        return len(self.labels)

    def value_and_gradient(self, point: Array) -> tuple[float, Array]:
        """The mean loss at `point` (the two values, not offsets) and its gradient with respect
        to the pair, (2,); exact, in float64."""
        raise NotImplementedError

    def values(
        self, xs: Array, ys: Array, dtype: Any = np.float32, cancelled: Cancel = None
    ) -> Array:
        """Mean loss with the first scalar at each of `xs` and the second at each of `ys`:
        (len(ys), len(xs)) float64 values, computed in `dtype` (an implementation may widen it
        where the logits move too far for it).

        Raises `Cancelled` between chunks once `cancelled()` is true.
        """
        xs, ys = np.asarray(xs, np.float64), np.asarray(ys, np.float64)
        return self._grid_values(xs, ys, np.dtype(dtype).type, cancelled)

    def _grid_values(self, xs: Array, ys: Array, dtype: Any, cancelled: Cancel) -> Array:
        """`values`, with float64 `xs` and `ys` and `dtype` a numpy scalar type."""
        raise NotImplementedError

    def grids(
        self, half_span: float, n: int = 101, dtype: Any = np.float32, cancelled: Cancel = None
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

    def descent(
        self, lr: float, half_span: float, optimizer: str = "sgd", start: Array | None = None
    ) -> Descent:
        """Gradient descent on these two scalars from the centre (or `start`), exact at every
        point."""
        escape = tuple(
            (c - ESCAPE_SPANS * half_span, c + ESCAPE_SPANS * half_span) for c in self.centre
        )
        return Descent(self, self.centre if start is None else start, optimizer, lr, escape)
