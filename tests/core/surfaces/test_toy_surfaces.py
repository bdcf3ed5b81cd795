"""Textbook functions: gradients, minima, grids, and descent paths that converge or diverge."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.surfaces.descent import (
    CONVERGED,
    DIVERGED,
    ESCAPED,
    NONFINITE,
    Descent,
    Grid,
    grid_strides,
    log_values,
)
from gdstudio.core.surfaces.toy_surfaces import (
    FUNCTIONS_1D,
    FUNCTIONS_2D,
    DoubleWell,
    QuadraticBowl,
    Saddle,
    ToyFunction,
    curve,
    surface_grid,
    tangent,
)

ALL = {**FUNCTIONS_1D, **FUNCTIONS_2D}


@pytest.mark.parametrize("key", sorted(ALL))
def test_analytic_gradient_matches_central_differences(key: str) -> None:
    function = ALL[key]()
    rng = np.random.default_rng(1)
    low, high = np.array(function.bounds).T
    points = rng.uniform(low, high, size=(50, function.dim))
    h = 1e-6
    numeric = np.stack(
        [
            (function.value(points + h * e) - function.value(points - h * e)) / (2 * h)
            for e in np.eye(function.dim)
        ],
        axis=-1,
    )
    analytic = function.gradient(points)
    assert analytic.shape == points.shape
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("key", sorted(ALL))
def test_known_minima_are_stationary_and_lowest_nearby(key: str) -> None:
    function: ToyFunction = ALL[key]()
    for minimum in function.minima:
        point = np.array(minimum)
        np.testing.assert_allclose(function.gradient(point), 0, atol=1e-9)
        nearby = point + 1e-3 * np.random.default_rng(0).standard_normal((20, function.dim))
        assert np.all(function.value(nearby) > function.value(point))


def test_double_well_has_a_global_and_a_local_minimum() -> None:
    well = DoubleWell()
    (glob,), (local,) = well.minima
    assert glob < 0 < local
    assert well.value(np.array([glob])) < well.value(np.array([local]))
    path = well.descend("sgd", lr=0.05, steps=500)  # from the right: caught by the local one
    assert path.status == CONVERGED or abs(path.points[-1, 0] - local) < 1e-6


def test_grid_is_row_major_with_y_along_rows() -> None:
    function = FUNCTIONS_2D["rosenbrock"]()
    grid = surface_grid(function, 21)
    assert grid.values.shape == (21, 21)
    iy, ix = 4, 15
    expected = function.value(np.array([grid.xs[ix], grid.ys[iy]]))
    assert grid.values[iy, ix] == pytest.approx(float(expected), rel=1e-15)
    assert grid.nearest(grid.xs[ix] + 1e-3, grid.ys[iy] - 1e-3) == (iy, ix)
    x0, y0, width, height = grid.rect
    assert x0 < grid.xs[0] and x0 + width > grid.xs[-1] and y0 < grid.ys[0]
    assert grid.nearest(x0 - 1, y0) is None


def test_log_values_keep_the_order_and_stay_finite() -> None:
    values = np.array([[0.0, 1e-6], [1.0, 1e4]])
    logged = log_values(values)
    assert np.all(np.isfinite(logged))
    assert list(np.argsort(logged.ravel())) == list(np.argsort(values.ravel()))


def test_curve_and_tangent() -> None:
    well = DoubleWell()
    ws, fs = curve(well, 101)
    assert ws[0] == -2 and ws[-1] == 2 and fs.shape == (101,)
    ends, heights = tangent(well, 0.7, 0.5)
    slope = (heights[1] - heights[0]) / (ends[1] - ends[0])
    assert slope == pytest.approx(4 * 0.7**3 - 4 * 0.7 + 0.5)
    assert np.mean(heights) == pytest.approx(float(well.value(np.array([0.7]))))


def test_quadratic_reports_its_eigenvalues_and_critical_rate() -> None:
    bowl = QuadraticBowl(condition=8.0, angle=35.0)
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.hessian), [1.0, 8.0])
    assert bowl.eigenvalues == (1.0, 8.0)
    assert bowl.critical_lr == pytest.approx(0.25)
    assert bowl.contraction(0.2) < 1 < bowl.contraction(0.3)


@pytest.mark.parametrize("condition", [1.0, 10.0, 50.0])
def test_descent_below_the_critical_rate_converges_to_the_minimum(condition: float) -> None:
    bowl = QuadraticBowl(condition=condition, angle=30.0, centre=(0.5, -0.25))
    lr = 0.9 * bowl.critical_lr
    path = bowl.descend("sgd", lr=lr, steps=20_000)
    assert path.status == CONVERGED
    np.testing.assert_allclose(path.points[-1], bowl.centre, atol=1e-9)
    # every step is exactly -alpha * gradient
    np.testing.assert_allclose(
        path.updates, -lr * bowl.gradient(path.points[:-1]), rtol=1e-12, atol=1e-15
    )


@pytest.mark.parametrize("factor", [1.05, 1.5, 3.0])
def test_descent_above_the_critical_rate_is_reported_divergent(factor: float) -> None:
    bowl = QuadraticBowl(condition=10.0, angle=30.0)
    path = bowl.descend("sgd", lr=factor * bowl.critical_lr, steps=5000)
    assert path.diverged and path.reason == ESCAPED
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.losses))
    # the steps overshoot further and further: the loss grows
    assert path.losses[-1] > 3 * path.losses[0]
    assert np.all(np.diff(path.losses[-5:]) > 0)


def test_overflow_is_reported_not_raised() -> None:
    class Steep(QuadraticBowl):
        def _f(self, x, y):  # type: ignore[no-untyped-def]
            return np.exp(x * x * 1e3) + y * 0

        def _grad(self, x, y):  # type: ignore[no-untyped-def]
            return 2e3 * x * np.exp(x * x * 1e3), y * 0

    path = Descent(Steep(), (0.9, 0.0), "sgd", lr=0.1).run(10)
    assert path.status == DIVERGED and path.reason == NONFINITE
    assert len(path.points) == 1 and np.isfinite(path.points).all()


def test_saddle_leads_gradient_descent_away() -> None:
    path = Saddle().descend("sgd", lr=0.1, steps=1000)
    assert path.diverged and path.reason == ESCAPED
    assert abs(path.points[-1, 0]) < 1e-2  # x went to the saddle point, y away from it


@pytest.mark.parametrize("key", sorted(FUNCTIONS_2D))
def test_path_losses_are_the_function_at_the_path_points(key: str) -> None:
    function = FUNCTIONS_2D[key]()
    path = function.descend("adam", lr=0.05, steps=200)
    np.testing.assert_allclose(path.losses, function.value(path.points), rtol=1e-15)


def test_grid_strides_nest_and_end_at_one() -> None:
    assert grid_strides(101) == [10, 1]
    assert grid_strides(51) == [5, 1]
    assert grid_strides(201) == [20, 1]
    assert grid_strides(11) == [1]
    for n in (31, 61, 151):
        strides = grid_strides(n)
        assert strides[-1] == 1 and all((n - 1) % s == 0 for s in strides)


def test_grid_rect_centres_pixels_on_points() -> None:
    grid = Grid(np.array([0.0, 1.0, 2.0]), np.array([10.0, 20.0]), np.zeros((2, 3)))
    assert grid.rect == (-0.5, 5.0, 3.0, 20.0)
