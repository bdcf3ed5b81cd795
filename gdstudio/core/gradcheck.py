"""Checking analytic gradients against central finite differences, in float64."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdstudio.core.functions import Array, Labels
from gdstudio.core.model import Params, TutorialNet


def group_relative_error(a: Array, b: Array) -> float:
    """max |a - b| over a parameter group, relative to the group's largest gradient entry.

    Finite differences carry an absolute error near 1e-11 in float64 (rounding of L / h plus
    the h^2 truncation), so a ratio taken entry by entry is meaningless for the many gradient
    entries that are themselves below 1e-7; the group's scale measures agreement where it counts.
    """
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1e-300)
    return float(np.abs(a - b).max()) / scale


def central_difference(
    model: TutorialNet,
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
    model: TutorialNet, params: Params, x: Array, labels: Labels, h: float = 1e-5
) -> Params:
    """Central differences for every parameter (float64 copies; the caller's stay untouched)."""
    p64 = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    x64 = np.asarray(x, dtype=np.float64)
    out: Params = {}
    for name, p in p64.items():
        g = np.empty_like(p)
        for index in np.ndindex(p.shape):
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
    model: TutorialNet, params: Params, x: Array, labels: Labels, h: float = 1e-5
) -> GradCheck:
    p64 = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    x64 = np.asarray(x, dtype=np.float64)
    fast = model.gradients(p64, x64, labels).grads
    jacobian = model.jacobian_gradients(p64, x64, labels).grads
    numeric = numeric_gradients(model, p64, x64, labels, h)

    def against_numeric(analytic: Params) -> dict[str, float]:
        return {k: group_relative_error(analytic[k], numeric[k]) for k in analytic}

    return GradCheck(
        fast=against_numeric(fast),
        jacobian=against_numeric(jacobian),
        jacobian_vs_fast=max(group_relative_error(jacobian[k], fast[k]) for k in fast),
    )
