"""Checking analytic gradients against central finite differences, in float64.

Whole groups (`check_gradients`, for `gdstudio gradcheck`), or a few chosen entries with both
analytic paths side by side (`check_entries`, for the gradient-check view), and how the error
of the central difference depends on the step h (`error_against_h`).

Why h can be too large and too small. For a smooth loss L, Taylor's theorem gives

    (L(w + h) − L(w − h)) / 2h = L′(w) + h²·L‴(w)/6 + O(h⁴),

so the *truncation* error shrinks like h². But each value of L carries a rounding error of
about ε·|L| (ε ≈ 2.2e-16 in float64), and dividing the difference of two of them by 2h makes
that an error of about ε·|L|/h, which *grows* as h shrinks. Their sum, h² + ε/h, is smallest
near h ≈ ε^(1/3) ≈ 1e-5, where the error is about ε^(2/3) ≈ 1e-11 of the loss's scale. On a
log-log plot of error against h the curve is a V: slope +2 at large h (truncation), slope −1
at small h (rounding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdstudio.core.cancel import check
from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.model import LayeredNet, Params

#: the relative error at which one entry passes (`check_entries`)
ENTRY_TOLERANCE = 1e-5
#: gradients smaller than this are judged by their absolute error (see `relative_error`):
#: with the tolerance, an absolute error up to 1e-10 passes, ten times the rounding of a
#: central difference at h = 1e-5 (about ε·|L|/h ≈ 1e-11)
GRADIENT_FLOOR = 1e-5
#: the steps of the error-vs-h curve: 1e-1 down to 1e-10, four per decade
H_RANGE: tuple[float, ...] = tuple(float(h) for h in np.logspace(-1, -10, 37))

Entry = tuple[str, tuple[int, ...]]  # a parameter name and the index of one of its entries


def as_float64(params: Params) -> Params:
    """float64 copies of the parameters: every check is made in float64."""
    return {name: np.array(p, dtype=np.float64) for name, p in params.items()}


def group_relative_error(a: Array, b: Array) -> float:
    """max |a - b| over a parameter group, relative to the group's largest gradient entry.

    Finite differences carry an absolute error near 1e-11 in float64 (rounding of L / h plus
    the h^2 truncation), so a ratio taken entry by entry is meaningless for the many gradient
    entries that are themselves below 1e-7; the group's scale measures agreement where it counts.
    """
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1e-300)
    return float(np.abs(a - b).max()) / scale


def relative_error(analytic: float, numeric: float) -> float:
    """|a − n| / max(|a|, |n|, GRADIENT_FLOOR), for one entry.

    Where the gradient is tiny, moving the parameter by h hardly moves the loss and the central
    difference measures rounding (≈ ε·|L|/h) more than slope; the floor judges such entries by
    their absolute error rather than by a meaningless ratio.
    """
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), GRADIENT_FLOOR)


def central_difference(
    model: LayeredNet,
    params: Params,
    x: Array,
    labels: Labels,
    name: str,
    index: tuple[int, ...],
    h: float,
) -> float:
    """(L(w + h) - L(w - h)) / 2h for one scalar parameter, the batch-mean loss L."""
    p = params[name]
    saved = p[index]
    try:
        p[index] = saved + h
        plus = float(model.losses(params, x, labels).mean())
        p[index] = saved - h
        minus = float(model.losses(params, x, labels).mean())
    finally:
        p[index] = saved
    return (plus - minus) / (2 * h)


def numeric_gradients(
    model: LayeredNet,
    params: Params,
    x: Array,
    labels: Labels,
    h: float = 1e-5,
    cancelled: Callable[[], bool] | None = None,
) -> Params:
    """Central differences for every parameter (float64 copies; the caller's stay untouched).

    `cancelled` is asked every 256 entries; when it answers True the computation stops with
    `Cancelled` (a worker thread uses it).
    """
    p64 = as_float64(params)
    x64 = np.asarray(x, dtype=np.float64)
    out: Params = {}
    for name, p in p64.items():
        g = np.empty_like(p)
        for n, index in enumerate(np.ndindex(p.shape)):
            if n % 256 == 0:
                check(cancelled)
            g[index] = central_difference(model, p64, x64, labels, name, index, h)
        out[name] = g
    return out


@dataclass(frozen=True)
class GradCheck:
    """Relative errors per parameter group."""

    fast: dict[str, float]  # fast path vs finite differences
    jacobian: dict[str, float]  # Jacobian path vs finite differences
    jacobian_vs_fast: float  # the worst group

    def worst(self, name: str) -> float:
        return max(self.fast[name], self.jacobian[name])


def check_gradients(
    model: LayeredNet,
    params: Params,
    x: Array,
    labels: Labels,
    h: float = 1e-5,
    cancelled: Callable[[], bool] | None = None,
) -> GradCheck:
    p64, jacobian, fast = _analytic(model, params, x, labels)
    numeric = numeric_gradients(model, p64, x, labels, h, cancelled)

    def against_numeric(analytic: Params) -> dict[str, float]:
        return {k: group_relative_error(analytic[k], numeric[k]) for k in analytic}

    return GradCheck(
        fast=against_numeric(fast),
        jacobian=against_numeric(jacobian),
        jacobian_vs_fast=max(group_relative_error(jacobian[k], fast[k]) for k in fast),
    )


# -- entry by entry, both paths side by side (the gradient-check view) -----------------------


@dataclass(frozen=True)
class EntryCheck:
    """One parameter entry: both analytic gradients and the central difference."""

    name: str
    index: tuple[int, ...]
    jacobian: float  # Jacobian path (the tutorial's derivation)
    fast: float  # fast path (what training uses)
    numeric: float  # (L(w + h) − L(w − h)) / 2h
    h: float

    @property
    def error_jacobian(self) -> float:
        return relative_error(self.jacobian, self.numeric)

    @property
    def error_fast(self) -> float:
        return relative_error(self.fast, self.numeric)

    def passed(self, tolerance: float = ENTRY_TOLERANCE) -> tuple[bool, bool]:
        """(the Jacobian path passes, the fast path passes)."""
        return self.error_jacobian <= tolerance, self.error_fast <= tolerance


def random_entries(
    shapes: dict[str, tuple[int, ...]], per_group: int, rng: np.random.Generator
) -> list[Entry]:
    """`per_group` distinct random entries of each parameter group (all of a smaller group)."""
    entries: list[Entry] = []
    for name, shape in shapes.items():
        size = int(np.prod(shape))
        for flat in np.sort(rng.choice(size, size=min(per_group, size), replace=False)):
            entries.append((name, tuple(int(i) for i in np.unravel_index(flat, shape))))
    return entries


def check_entries(
    model: LayeredNet,
    params: Params,
    x: Array,
    labels: Labels,
    entries: list[Entry],
    h: float = 1e-5,
) -> list[EntryCheck]:
    """Both analytic gradients and the central difference for each entry (batch-mean loss)."""
    p64, jacobian, fast = _analytic(model, params, x, labels)
    x64 = np.asarray(x, dtype=np.float64)
    return [
        EntryCheck(
            name,
            index,
            float(jacobian[name][index]),
            float(fast[name][index]),
            central_difference(model, p64, x64, labels, name, index, h),
            h,
        )
        for name, index in entries
    ]


@dataclass(frozen=True)
class ErrorCurve:
    """The relative error of the central difference against h, for one entry and both paths."""

    entry: Entry
    h: Array
    numeric: Array
    error_jacobian: Array
    error_fast: Array


def error_against_h(
    model: LayeredNet,
    params: Params,
    x: Array,
    labels: Labels,
    entry: Entry,
    hs: tuple[float, ...] = H_RANGE,
) -> ErrorCurve:
    """`relative_error` of the central difference at each h (see this module's docstring)."""
    name, index = entry
    p64, jacobian, fast = _analytic(model, params, x, labels)
    x64 = np.asarray(x, dtype=np.float64)
    numeric = np.array([central_difference(model, p64, x64, labels, name, index, h) for h in hs])
    a_jacobian, a_fast = float(jacobian[name][index]), float(fast[name][index])
    return ErrorCurve(
        entry,
        np.array(hs),
        numeric,
        np.array([relative_error(a_jacobian, n) for n in numeric]),
        np.array([relative_error(a_fast, n) for n in numeric]),
    )


def _analytic(
    model: LayeredNet, params: Params, x: Array, labels: Labels
) -> tuple[Params, Params, Params]:
    """float64 parameters, the Jacobian path's gradient and the fast path's."""
    p64 = as_float64(params)
    x64 = np.asarray(x, dtype=np.float64)
    return (
        p64,
        model.jacobian_gradients(p64, x64, labels).grads,
        model.gradients(p64, x64, labels).grads,
    )


def generic_point(model: LayeredNet, seed: int) -> Params:
    """float64 parameters at which to check gradients: initial weights, random biases.

    At initialisation every bias is zero, where some terms would be trivially equal (and a
    ReLU unit could sit exactly on its kink); biases drawn from N(0, 0.5²) avoid that.
    """
    rng = np.random.default_rng(seed)
    params = model.init_params(rng, dtype=np.float64)
    for name, p in params.items():
        if p.ndim == 1:
            params[name] = rng.normal(0.0, 0.5, size=p.shape)
    return params
