"""Loss surfaces of every network: two scalars (general and output-layer slices) and planes,
exact at the centre, with exact gradients."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.cancel import Cancelled
from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, ModelConfig, Params, build_model
from gdstudio.core.nn.param_refs import ParamError, ParamRef, parse_pair, parse_param
from gdstudio.core.surfaces.descent import DescentPath, Grid
from gdstudio.core.surfaces.loss_plane import PlaneSlice, flatten, pca_plane, random_plane
from gdstudio.core.surfaces.surface import PairCentre, evaluation_data, network_slice, pair_results
from gdstudio.core.surfaces.surface_general import LayerPairSlice, OutputPairSlice, default_pair
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import Trainer

#: pairs per preset; the output layer's first (they take `OutputPairSlice`)
PAIRS = {
    "mlp": [
        "w2:0:3,b2:3",  # one logit
        "w2:0:3,w2:5:7",  # two logits
        "b2:2,b2:3",
        "w1:407:3,b1:3",  # one hidden unit
        "w1:300:2,w1:407:5",  # two hidden units
        "w1:407:3,w2:3:5",  # a hidden unit and the weight it feeds: coupled
        "b1:3,b2:4",
    ],
    "softmax-regression": ["w1:407:3,b1:3", "w1:407:3,w1:300:5", "b1:2,b1:3"],
}
#: networks beside the presets: the tutorial's with another activation and loss
VARIANTS = {
    "tutorial-sigmoid-ce": (
        ModelConfig(activation="sigmoid", loss="cross_entropy"),
        ["w1:407:3,b1:3", "b0:300,b0:407", "w1:407:3,b0:407"],
    ),
    "mlp-sigmoid-squared": (
        ModelConfig(architecture="mlp", activation="sigmoid", hidden=32),
        ["w2:0:3,b2:3", "w1:407:3,b1:3"],
    ),
}
CASES = [(name, text) for name, texts in PAIRS.items() for text in texts] + [
    (name, text) for name, (_, texts) in VARIANTS.items() for text in texts
]


def config_of(name: str) -> ModelConfig:
    return PRESETS[name].model if name in PRESETS else VARIANTS[name][0]


@pytest.fixture(scope="module")
def trained(embedded: Dataset) -> dict[str, tuple[LayeredNet, Params, list[Params]]]:
    """Each network after 40 steps (seed 0), with a trajectory of every 8th snapshot."""
    out = {}
    for name in (*PAIRS, *VARIANTS):
        preset = PRESETS.get(name, PRESETS["tutorial"])
        model = build_model(config_of(name))
        trainer = Trainer(embedded, preset.train_config(), model)
        trajectory = [trainer.snapshot().params]
        for step in range(1, 41):
            trainer.step()
            if step % 8 == 0:
                trajectory.append(trainer.snapshot().params)
        out[name] = (model, trainer.params, trajectory)
    return out


@pytest.fixture(scope="module")
def valid(embedded: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return evaluation_data(embedded, "valid")


def f64(params: Params) -> Params:
    return {name: np.asarray(p, dtype=np.float64) for name, p in params.items()}


def with_values(params: Params, pair: tuple[ParamRef, ParamRef], a: float, b: float) -> Params:
    out = {name: p.copy() for name, p in f64(params).items()}
    out[pair[0].group][pair[0].index] = a
    out[pair[1].group][pair[1].index] = b
    return out


def slices(model: LayeredNet, params: Params, pair, x, labels) -> list[LayerPairSlice]:  # type: ignore[no-untyped-def]
    """The general slice, and the output-layer one where it applies."""
    chosen = network_slice(model, params, pair, x, labels)
    general = LayerPairSlice(model, params, pair, x, labels)
    return [general, chosen] if isinstance(chosen, OutputPairSlice) else [general]


def test_parsing_takes_any_networks_groups() -> None:
    mlp = build_model(PRESETS["mlp"].model).param_shapes()
    assert parse_param("w2:0:3", mlp) == ParamRef("w2", (0, 3))
    assert parse_param("b2[9]", mlp) == ParamRef("b2", (9,))
    assert parse_param("w1[407, 99]", mlp) == ParamRef("w1", (407, 99))  # 100 hidden units
    assert parse_pair("w2:0:3,b2:3", mlp) == (ParamRef("w2", (0, 3)), ParamRef("b2", (3,)))
    with pytest.raises(ParamError, match="outside w1"):
        parse_param("w1[407, 99]")  # the tutorial's w1 has 10 columns
    with pytest.raises(ParamError, match="unknown parameter group 'b0': use w1, b1, w2 or b2"):
        parse_param("b0:3", mlp)
    with pytest.raises(ParamError, match=r"w2 needs two indices, e.g. w2\[0, 3\]"):
        parse_param("w2:3", mlp)


def test_default_pairs_are_in_the_output_layer() -> None:
    pairs = {name: default_pair(build_model(p.model)) for name, p in PRESETS.items()}
    assert [str(r) for r in pairs["tutorial"]] == ["w1[407, 3]", "b1[3]"]
    assert [str(r) for r in pairs["softmax-regression"]] == ["w1[407, 3]", "b1[3]"]
    assert [str(r) for r in pairs["mlp"]] == ["w2[0, 3]", "b2[3]"]


@pytest.mark.parametrize(("name", "text"), CASES)
def test_surface_at_the_centre_and_around_is_the_models_loss(trained, valid, name, text) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained[name]
    x, labels = valid
    pair = parse_pair(text, model.param_shapes())
    expected = float(model.losses(f64(params), x, labels).mean())
    for surface in slices(model, params, pair, x, labels):
        grid = surface.grid(0.5, 5, np.float64)
        assert grid.xs[2] == surface.centre[0] and grid.ys[2] == surface.centre[1]
        assert grid.values[2, 2] == pytest.approx(expected, rel=1e-9, abs=0)
        assert surface.value_and_gradient(surface.centre)[0] == pytest.approx(expected, rel=1e-12)
        for iy, ix in [(0, 0), (4, 1), (1, 3), (3, 4)]:
            q = with_values(params, pair, grid.xs[ix], grid.ys[iy])
            brute = float(model.losses(q, x, labels).mean())
            assert grid.values[iy, ix] == pytest.approx(brute, rel=1e-9, abs=0)


@pytest.mark.parametrize(("name", "text"), CASES)
def test_central_differences_of_the_surface_are_the_gradient(trained, valid, name, text) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained[name]
    x, labels = valid
    pair = parse_pair(text, model.param_shapes())
    full = model.gradients(f64(params), x, labels).grads
    analytic = np.array([full[ref.group][ref.index] for ref in pair])
    h = 1e-5
    for surface in slices(model, params, pair, x, labels):
        a, b = surface.centre
        values = surface.values(
            np.array([a - h, a, a + h]), np.array([b - h, b, b + h]), np.float64
        )
        numeric = [(values[1, 2] - values[1, 0]) / (2 * h), (values[2, 1] - values[0, 1]) / (2 * h)]
        gradient = surface.value_and_gradient(surface.centre)[1]
        np.testing.assert_allclose(gradient, analytic, rtol=1e-9, atol=1e-15)
        scale = max(float(np.abs(analytic).max()), 1e-7)
        assert float(np.abs(np.array(numeric) - analytic).max()) / scale < 1e-5


def test_float32_grid_is_close_and_output_slice_is_chosen(trained, valid) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained["mlp"]
    pair = parse_pair("w2:0:3,b2:3", model.param_shapes())
    surface = network_slice(model, params, pair, *valid)
    assert isinstance(surface, OutputPairSlice)
    inner = parse_pair("w1:407:3,b2:3", model.param_shapes())
    assert type(network_slice(model, params, inner, *valid)) is LayerPairSlice
    exact = surface.grid(2.0, 11, np.float64).values
    np.testing.assert_allclose(surface.grid(2.0, 11, np.float32).values, exact, rtol=1e-5)
    general = LayerPairSlice(model, params, pair, *valid).grid(2.0, 11, np.float64).values
    np.testing.assert_allclose(general, exact, rtol=1e-12)


def test_bad_pairs_are_refused(trained, valid) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained["mlp"]
    with pytest.raises(ParamError, match="not a parameter of the mlp"):
        LayerPairSlice(model, params, (ParamRef("b0", (3,)), ParamRef("b2", (3,))), *valid)
    with pytest.raises(ValueError, match="must differ"):
        LayerPairSlice(model, params, (ParamRef("b2", (3,)), ParamRef("b2", (3,))), *valid)
    with pytest.raises(ValueError, match="not both in the output layer"):
        OutputPairSlice(model, params, (ParamRef("b1", (3,)), ParamRef("b2", (3,))), *valid)


def test_cancelling_stops_between_chunks(trained, valid) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained["mlp"]
    surface = LayerPairSlice(
        model, params, parse_pair("w1:407:3,b1:3", model.param_shapes()), *valid
    )
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        list(surface.grids(1.0, 101, cancelled=cancelled))
    assert len(asked) == 3  # it stopped at the third chunk, not at the end


def test_results_for_any_network(trained, embedded) -> None:  # type: ignore[no-untyped-def]
    model, params, _ = trained["mlp"]
    pair = default_pair(model)
    items = list(pair_results(model, params, pair, embedded, "batch", None, 21, 0.5, 5))
    centre, coarse, fine, path = items
    assert isinstance(centre, PairCentre) and centre.samples == 100
    assert isinstance(coarse, Grid) and not coarse.final and fine.final
    assert fine.values.shape == (21, 21)
    assert isinstance(path, DescentPath) and path.steps == 5 and path.losses[-1] < path.losses[0]


# -- planes through all parameters of any network ----------------------------------------------


@pytest.mark.parametrize("name", ["mlp", "softmax-regression", "tutorial-sigmoid-ce"])
@pytest.mark.parametrize("kind", ["pca", "random"])
def test_plane_surface_is_the_models_loss(trained, valid, name: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    model, params, trajectory = trained[name]
    plane = pca_plane(trajectory) if kind == "pca" else random_plane(params, seed=1)
    assert list(plane.origin) == list(model.param_names)
    x, labels = valid
    surface = PlaneSlice(model, plane, x, labels)
    assert surface.linear == (model.config.architecture == "linear")  # only it moves one layer
    points = np.array([[0.0, 0.0], [0.4, -0.3], [-1.0, 0.8]])
    exact = [float(model.losses(plane.point(a, b), x, labels).mean()) for a, b in points]
    np.testing.assert_allclose(surface.values(points, np.float64), exact, rtol=1e-12)
    np.testing.assert_allclose(surface.values(points, np.float32), exact, rtol=1e-5)
    assert exact[0] == pytest.approx(float(model.losses(f64(params), x, labels).mean()), rel=1e-12)


def test_random_directions_of_the_mlp_are_filter_normalised(trained) -> None:  # type: ignore[no-untyped-def]
    _, params, _ = trained["mlp"]
    plane = random_plane(params, seed=3)
    for d in plane.directions:
        for name in ("w1", "w2"):  # each column: the weights into one unit
            np.testing.assert_allclose(
                np.linalg.norm(d[name], axis=0), np.linalg.norm(params[name], axis=0), rtol=1e-6
            )
        for name in ("b1", "b2"):
            assert np.linalg.norm(d[name]) == pytest.approx(np.linalg.norm(params[name]), rel=1e-6)
    assert flatten(plane.origin).size == sum(p.size for p in params.values())
