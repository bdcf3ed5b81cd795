"""Loss surfaces of the real network: exact at the centre, exact gradients, exact paths."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.cancel import Cancelled
from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import Params, TutorialNet
from gdstudio.core.nn.param_refs import ParamError, ParamRef, parse_pair, parse_param
from gdstudio.core.surfaces.loss_plane import (
    ORDER,
    PlaneSlice,
    fit_aspect,
    flatten,
    pca_plane,
    random_plane,
    trajectory_bounds,
)
from gdstudio.core.surfaces.parameter_slice import grid_offsets
from gdstudio.core.surfaces.surface import PairSlice, default_half_span, evaluation_data
from gdstudio.core.surfaces.surface_report import pair_report
from gdstudio.core.surfaces.surface_tutorial import FLOAT32_LOGIT_RANGE
from gdstudio.core.training.trainer import TrainConfig, Trainer

PAIRS = [
    "w1:407:3,b1:3",  # one logit, both
    "w1:407:3,w1:300:5",  # two logits
    "b1:2,b1:3",
    "w1:407:3,w1:407:5",  # same pixel, two logits
    "b0:300,w1:407:3",  # b0 moves every logit
    "w1:407:3,b0:407",  # coupled: b0[407] changes the column w1[407, 3] multiplies
    "b0:300,b1:3",
    "b0:300,b0:407",  # two b0's: the batched-product path
]


@pytest.fixture(scope="module")
def trained(embedded: Dataset) -> tuple[Params, list[Params]]:
    """Parameters after one epoch (seed 0), and the trajectory of snapshots."""
    trainer = Trainer(embedded, TrainConfig(epochs=1))
    trajectory = [trainer.snapshot().params]
    for report in trainer.run():
        if report.step % 8 == 0:
            trajectory.append(trainer.snapshot().params)
    return trainer.params, trajectory


@pytest.fixture(scope="module")
def valid(embedded: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return evaluation_data(embedded, "valid")


def with_values(params: Params, pair: tuple[ParamRef, ParamRef], a: float, b: float) -> Params:
    out = {name: np.array(v, dtype=np.float64) for name, v in params.items()}
    out[pair[0].group][pair[0].index] = a
    out[pair[1].group][pair[1].index] = b
    return out


def test_parameter_names_in_every_form() -> None:
    assert parse_param("w1:407:3") == ParamRef("w1", (407, 3))
    assert parse_param(" w1[407, 3] ") == ParamRef("w1", (407, 3))
    assert parse_param("W1[407][3]") == ParamRef("w1", (407, 3))
    assert parse_param("b1:3") == parse_param("b1[3]") == ParamRef("b1", (3,))
    assert parse_param("b0:300") == ParamRef("b0", (300,))
    assert str(ParamRef("w1", (407, 3))) == "w1[407, 3]"
    assert ParamRef("w1", (407, 3)).key == "w1:407:3"
    assert parse_pair("w1[407, 3], b1[3]") == (ParamRef("w1", (407, 3)), ParamRef("b1", (3,)))
    assert parse_pair("w1:407:3,b1:3") == parse_pair("w1:407:3;b1:3")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("w2:1:1", "unknown parameter group"),
        ("w1:784:0", "outside w1"),
        ("b1:10", "outside b1"),
        ("w1:3", "two indices"),
        ("b0[1, 2]", "one index"),
        ("w1", "cannot read"),
        ("hello world", "cannot read"),
    ],
)
def test_bad_parameter_names_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ParamError, match=message):
        parse_param(text)


def test_a_pair_needs_two_different_names() -> None:
    with pytest.raises(ParamError, match="must differ"):
        parse_pair("b1:3,b1[3]")
    with pytest.raises(ParamError, match="two parameters"):
        parse_pair("b1:3")


@pytest.mark.parametrize("text", PAIRS)
def test_surface_at_the_centre_is_the_models_loss(trained, valid, text: str) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    x, labels = valid
    model = TutorialNet()
    surface = PairSlice(model, params, parse_pair(text), x, labels)
    grid = surface.grid(0.5, 5, np.float64)
    assert grid.xs[2] == surface.centre[0] and grid.ys[2] == surface.centre[1]
    p64 = {name: np.asarray(v, dtype=np.float64) for name, v in params.items()}
    expected = float(model.losses(p64, x, labels).mean())
    assert grid.values[2, 2] == pytest.approx(expected, rel=1e-9, abs=0)
    # and at every other grid point, the loss of the network with those two values
    for iy, ix in [(0, 0), (4, 1), (1, 3), (3, 4)]:
        q = with_values(params, surface.pair, grid.xs[ix], grid.ys[iy])
        brute = float(model.losses(q, x, labels).mean())
        assert grid.values[iy, ix] == pytest.approx(brute, rel=1e-9, abs=0)


@pytest.mark.parametrize("text", PAIRS)
def test_central_differences_of_the_surface_are_the_gradient(trained, valid, text: str) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    x, labels = valid
    model = TutorialNet()
    pair = parse_pair(text)
    surface = PairSlice(model, params, pair, x, labels)
    h = 1e-5
    a, b = surface.centre
    values = surface.values(np.array([a - h, a, a + h]), np.array([b - h, b, b + h]), np.float64)
    numeric = [(values[1, 2] - values[1, 0]) / (2 * h), (values[2, 1] - values[0, 1]) / (2 * h)]
    p64 = {name: np.asarray(v, dtype=np.float64) for name, v in params.items()}
    grads = model.gradients(p64, x.copy(), labels).grads
    analytic = [grads[ref.group][ref.index] for ref in pair]
    np.testing.assert_allclose(numeric, analytic, rtol=1e-5)
    # the slice's own gradient, used by "Descend on these two", is the model's
    np.testing.assert_allclose(surface.value_and_gradient(surface.centre)[1], analytic, rtol=1e-10)


@pytest.mark.parametrize("text", ["w1:407:3,b1:3", "b0:407,w1:407:3", "b0:300,b0:407"])
def test_float32_grid_matches_float64(trained, valid, text: str) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    surface = PairSlice(TutorialNet(), params, parse_pair(text), *valid)
    np.testing.assert_allclose(
        surface.grid(1.0, 21, np.float32).values,
        surface.grid(1.0, 21, np.float64).values,
        rtol=1e-6,
    )


def test_grids_come_coarse_then_refined(trained, valid) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    surface = PairSlice(TutorialNet(), params, parse_pair("w1:407:3,b1:3"), *valid)
    coarse, fine = list(surface.grids(0.8, 21, np.float64))
    assert not coarse.final and fine.final
    assert fine.values.shape == (21, 21) and coarse.values.shape == (11, 11)
    np.testing.assert_allclose(coarse.values, fine.values[::2, ::2], rtol=1e-12)


def test_cancelling_stops_between_chunks(trained, valid) -> None:  # type: ignore[no-untyped-def]
    params, trajectory = trained
    surface = PairSlice(TutorialNet(), params, parse_pair("w1:407:3,b1:3"), *valid)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        list(surface.grids(1.0, 51, cancelled=cancelled))
    assert len(calls) == 4
    plane = PlaneSlice(TutorialNet(), pca_plane(trajectory), *valid)
    with pytest.raises(Cancelled):
        list(plane.grids((-1, 1), (-1, 1), 21, cancelled=lambda: True))


def test_descent_path_points_lie_exactly_on_the_surface(trained, valid) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    x, labels = valid
    model = TutorialNet()
    pair = parse_pair("w1:407:3,b0:407")
    surface = PairSlice(model, params, pair, x, labels)
    path = surface.descent(lr=20.0, half_span=1.0).run(30)
    assert path.steps == 30 and not path.diverged
    assert path.losses[-1] < path.losses[0]
    for (a, b), loss in zip(path.points, path.losses, strict=True):
        brute = float(model.losses(with_values(params, pair, a, b), x, labels).mean())
        assert loss == pytest.approx(brute, rel=1e-12)
    # the first step is -alpha times the gradient of the loss in these two
    _, gradient = surface.value_and_gradient(surface.centre)
    np.testing.assert_allclose(path.points[1] - path.points[0], -20.0 * gradient, rtol=1e-9)


def test_huge_spans_use_float64_or_are_refused(trained, valid) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    surface = PairSlice(TutorialNet(), params, parse_pair("b1:2,b1:3"), *valid)
    span = FLOAT32_LOGIT_RANGE  # both b1's at the edge move two logits by 40 each
    values = surface.grid(span, 5, np.float32).values
    assert np.isfinite(values).all()
    np.testing.assert_allclose(values, surface.grid(span, 5, np.float64).values, rtol=1e-12)
    with pytest.raises(ValueError, match="span is too large"):
        surface.grid(1000.0, 5)


def test_default_span_follows_the_gradient() -> None:
    assert default_half_span(np.array([0.0, 0.0])) == 1.0
    assert default_half_span(np.array([0.03, 0.04]), lr=1.0) == pytest.approx(2.5)
    assert default_half_span(np.array([1.0, 1.0])) == 8.0
    assert grid_offsets(0.5, 101)[50] == 0.0


def test_evaluation_data_choices(embedded: Dataset) -> None:
    x, labels = evaluation_data(embedded, "batch")
    assert x.shape == (100, 784) and labels.shape == (100,)
    np.testing.assert_array_equal(evaluation_data(embedded, "batch")[0], x)  # fixed by the seed
    assert evaluation_data(embedded, "valid")[0].shape == (1000, 784)
    assert evaluation_data(embedded, "train")[0].shape == (8000, 784)
    with pytest.raises(ValueError, match="unknown data choice"):
        evaluation_data(embedded, "test")


def test_pair_report_for_the_command_line(trained, embedded: Dataset) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    report = pair_report(
        TutorialNet(),
        params,
        embedded,
        "w1:407:3,b1:3",
        n=21,
        data="valid",
        descend_steps=5,
        lr=1.0,
    )
    result = report.to_json()
    assert result["center_loss"] == pytest.approx(result["model_loss"], rel=1e-9)
    assert result["min_loss"] <= result["center_loss"]
    assert len(result["path"]) == 6 and result["path"][0][:2] == [
        float(params["w1"][407, 3]),
        float(params["b1"][3]),
    ]
    assert result["path"][0][2] == pytest.approx(result["model_loss"], rel=1e-12)
    assert result["seconds"] > 0 and result["pair"] == ["w1:407:3", "b1:3"]


# -- planes through all parameters -------------------------------------------------------------


def test_random_directions_are_filter_normalised(trained) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    plane = random_plane(params, seed=3)
    for d in plane.directions:
        assert np.linalg.norm(d["b0"]) == pytest.approx(np.linalg.norm(params["b0"]), rel=1e-6)
        assert np.linalg.norm(d["b1"]) == pytest.approx(np.linalg.norm(params["b1"]), rel=1e-6)
        np.testing.assert_allclose(
            np.linalg.norm(d["w1"], axis=0), np.linalg.norm(params["w1"], axis=0), rtol=1e-6
        )
    assert not np.allclose(plane.directions[0]["w1"], plane.directions[1]["w1"])
    fresh = {name: np.zeros_like(v) if name != "w1" else v for name, v in params.items()}
    assert not np.any(random_plane(fresh).directions[0]["b0"])  # zero groups stay zero


def test_pca_plane_explains_the_trajectory(trained) -> None:  # type: ignore[no-untyped-def]
    params, trajectory = trained
    plane = pca_plane(trajectory)
    assert plane.explained is not None
    first, second = plane.explained
    assert 1 >= first >= second > 0 and first + second <= 1 + 1e-12
    d1, d2 = (flatten(d) for d in plane.directions)
    assert d1 @ d1 == pytest.approx(1) and d1 @ d2 == pytest.approx(0, abs=1e-12)
    coords = plane.project(trajectory)
    np.testing.assert_allclose(coords[-1], 0, atol=1e-9)  # the plane passes through the end
    on_plane = plane.point(0.3, -0.7)
    np.testing.assert_allclose(plane.project([on_plane])[0], [0.3, -0.7], atol=1e-9)
    (x0, x1), (y0, y1) = trajectory_bounds(coords)
    assert x0 < coords[:, 0].min() and x1 > coords[:, 0].max() and y0 < 0 < y1
    with pytest.raises(ValueError, match="at least 3"):
        pca_plane(trajectory[:2])


@pytest.mark.parametrize("kind", ["pca", "random", "random_at_init"])
def test_plane_surface_is_the_models_loss(trained, valid, kind: str) -> None:  # type: ignore[no-untyped-def]
    params, trajectory = trained
    if kind == "pca":
        plane = pca_plane(trajectory)
    else:
        plane = random_plane(trajectory[0] if kind == "random_at_init" else params, seed=1)
    x, labels = valid
    model = TutorialNet()
    surface = PlaneSlice(model, plane, x, labels)
    assert surface.linear == (kind == "random_at_init")  # b0 is zero at initialisation
    points = np.array([[0.0, 0.0], [0.4, -0.3], [-1.0, 0.8]])
    exact = [float(model.losses(plane.point(a, b), x, labels).mean()) for a, b in points]
    np.testing.assert_allclose(surface.values(points, np.float64), exact, rtol=1e-12)
    np.testing.assert_allclose(surface.values(points, np.float32), exact, rtol=1e-6)
    np.testing.assert_allclose(surface.losses_at(points), exact, rtol=1e-15)
    p64 = {name: np.asarray(params[name], dtype=np.float64) for name in ORDER}
    if kind != "random_at_init":
        assert exact[0] == pytest.approx(float(model.losses(p64, x, labels).mean()), rel=1e-12)


def test_plane_grids_refine_reusing_the_coarse_points(trained, valid) -> None:  # type: ignore[no-untyped-def]
    params, _ = trained
    surface = PlaneSlice(TutorialNet(), random_plane(params), *valid)
    coarse, *partial, fine = list(surface.grids((-1.0, 1.0), (-0.5, 0.5), 21, np.float64))
    assert coarse.values.shape == (11, 11) and fine.values.shape == (21, 21)
    assert not coarse.final and fine.final
    np.testing.assert_array_equal(coarse.values, fine.values[::2, ::2])
    # the full grid is shown as it comes in, the points still missing interpolated, never NaN
    assert len(partial) == 3 and all(not g.final and g.values.shape == (21, 21) for g in partial)
    assert all(np.isfinite(g.values).all() for g in partial)
    first, last = partial[0].values, partial[-1].values
    assert (first == fine.values).sum() < (last == fine.values).sum() < fine.values.size
    assert fine.xs[0] == -1.0 and fine.ys[-1] == 0.5
    assert fine.values[7, 3] == pytest.approx(
        float(surface.losses_at(np.array([[fine.xs[3], fine.ys[7]]]))[0]), rel=1e-12
    )


def test_a_planes_rectangle_takes_the_pictures_shape() -> None:
    wide = fit_aspect((-2.0, 2.0), (-0.5, 0.5), 2.0)  # too wide for 2:1: taller
    assert wide == ((-2.0, 2.0), (-1.0, 1.0))
    tall = fit_aspect((0.0, 1.0), (0.0, 2.0), 1.5)  # too tall: wider, about its middle
    assert tall == ((-1.0, 2.0), (0.0, 2.0))
    assert fit_aspect((0.0, 1.0), (0.0, 2.0), None) == ((0.0, 1.0), (0.0, 2.0))
