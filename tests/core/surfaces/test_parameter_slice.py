"""The one interface to the loss over two scalars (`ParameterSlice`): the tutorial's network's
tuned shortcut gives what the general slices give for it, to 1e-12, and every implementation
checks a pair the same way."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import ModelConfig, Params, TutorialNet, build_model
from gdstudio.core.nn.param_refs import ParamError, ParamRef, parse_pair
from gdstudio.core.surfaces.parameter_slice import ParameterSlice
from gdstudio.core.surfaces.surface import PairSlice, evaluation_data, network_slice
from gdstudio.core.surfaces.surface_general import LayerPairSlice, OutputPairSlice
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import TrainConfig, Trainer

#: pairs of the tutorial's network, covering each of its shortcut's code paths
TUTORIAL_PAIRS = [
    "w1:407:3,b1:3",  # one logit: the output-layer closed form applies too
    "w1:407:3,w1:300:5",  # two logits
    "b1:2,b1:3",
    "b0:300,w1:407:3",  # b0 moves every logit
    "w1:407:3,b0:407",  # coupled: b0[407] changes the column w1[407, 3] multiplies
    "b0:300,b0:407",  # two b0's: the batched products
]
TOLERANCE = 1e-12


@pytest.fixture(scope="module")
def trained(embedded: Dataset) -> Params:
    """The tutorial's network after 40 steps (seed 0): b0 and b1 away from zero."""
    trainer = Trainer(embedded, TrainConfig())
    for _ in range(40):
        trainer.step()
    return trainer.params


@pytest.fixture(scope="module")
def batch(embedded: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return evaluation_data(embedded, "batch")


def general_slices(
    params: Params, pair: tuple[ParamRef, ParamRef], x: np.ndarray, labels: np.ndarray
) -> list[ParameterSlice]:
    """The general implementations that serve `pair` of the tutorial's network."""
    model = TutorialNet()
    out: list[ParameterSlice] = [LayerPairSlice(model, params, pair, x, labels)]
    if all(ref.group in ("w1", "b1") for ref in pair):
        out.append(OutputPairSlice(model, params, pair, x, labels))
    return out


@pytest.mark.parametrize("text", TUTORIAL_PAIRS)
def test_fast_and_general_paths_give_the_same_surface(trained, batch, text: str) -> None:  # type: ignore[no-untyped-def]
    pair = parse_pair(text)
    fast = network_slice(TutorialNet(), trained, pair, *batch)
    assert isinstance(fast, PairSlice)  # the tutorial's network takes its shortcut
    expected = fast.grid(1.0, 9, np.float64)
    for general in general_slices(trained, pair, *batch):
        grid = general.grid(1.0, 9, np.float64)
        np.testing.assert_array_equal(grid.xs, expected.xs)
        np.testing.assert_allclose(grid.values, expected.values, rtol=TOLERANCE, atol=0)


@pytest.mark.parametrize("text", TUTORIAL_PAIRS)
def test_fast_and_general_paths_give_the_same_gradients(trained, batch, text: str) -> None:  # type: ignore[no-untyped-def]
    pair = parse_pair(text)
    fast = network_slice(TutorialNet(), trained, pair, *batch)
    points = [fast.centre, fast.centre + np.array([0.7, -0.4]), fast.centre - 1.5]
    for general in general_slices(trained, pair, *batch):
        for point in points:
            loss, gradient = fast.value_and_gradient(point)
            general_loss, general_gradient = general.value_and_gradient(point)
            assert general_loss == pytest.approx(loss, rel=TOLERANCE, abs=0)
            scale = float(np.abs(gradient).max())
            np.testing.assert_allclose(general_gradient, gradient, rtol=0, atol=TOLERANCE * scale)


def test_fast_and_general_paths_descend_alike(trained, batch) -> None:  # type: ignore[no-untyped-def]
    pair = parse_pair("w1:407:3,b0:407")
    fast = network_slice(TutorialNet(), trained, pair, *batch)
    (general,) = general_slices(trained, pair, *batch)
    path = fast.descent(lr=20.0, half_span=1.0).run(25)
    assert path.steps == 25 and path.losses[-1] < path.losses[0]
    other = general.descent(lr=20.0, half_span=1.0).run(25)
    np.testing.assert_allclose(other.points, path.points, rtol=TOLERANCE, atol=0)
    np.testing.assert_allclose(other.losses, path.losses, rtol=TOLERANCE, atol=0)


def test_network_slice_picks_the_fastest_implementation(trained, batch) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    tutorial_pair = parse_pair("w1:407:3,b0:407")
    sigmoid = build_model(ModelConfig(activation="sigmoid"))
    chosen = network_slice(sigmoid, trained, tutorial_pair, *batch)
    assert type(chosen) is LayerPairSlice  # another activation: not the tutorial's shortcut
    mlp = build_model(PRESETS["mlp"].model)
    mlp_params = mlp.init_params(rng)
    output = parse_pair("w2:0:3,b2:3", mlp.param_shapes())
    inner = parse_pair("w1:407:3,b2:3", mlp.param_shapes())
    assert type(network_slice(mlp, mlp_params, output, *batch)) is OutputPairSlice
    assert type(network_slice(mlp, mlp_params, inner, *batch)) is LayerPairSlice


@pytest.mark.parametrize("kind", [PairSlice, LayerPairSlice])
def test_every_implementation_checks_the_pair(trained, batch, kind: type[ParameterSlice]) -> None:  # type: ignore[no-untyped-def]
    model = TutorialNet()
    with pytest.raises(ValueError, match="must differ"):
        kind(model, trained, (ParamRef("b1", (3,)), ParamRef("b1", (3,))), *batch)
    with pytest.raises(ParamError, match="outside w1"):
        kind(model, trained, (ParamRef("w1", (407, 10)), ParamRef("b1", (3,))), *batch)
    with pytest.raises(ParamError, match="not a parameter of the tutorial"):
        kind(model, trained, (ParamRef("w2", (0, 3)), ParamRef("b1", (3,))), *batch)


def test_the_shortcut_serves_only_the_tutorials_network(trained, batch) -> None:  # type: ignore[no-untyped-def]
    cross_entropy = build_model(ModelConfig(loss="cross_entropy"))
    assert PairSlice.serves(TutorialNet()) and not PairSlice.serves(cross_entropy)
    with pytest.raises(ValueError, match="written for its tanh and squared error"):
        PairSlice(cross_entropy, trained, parse_pair("w1:407:3,b1:3"), *batch)
