"""One sample through every network: the hidden layer, its saturated (or dead) units, and the
per-pixel "why" where the network has one."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.inspection import contribution, inspect_sample, predict_split, saturation_mask
from gdstudio.core.nn.model import ModelConfig, build_model
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import Trainer

NETWORKS = {
    **{name: p.model for name, p in PRESETS.items()},
    "mlp-sigmoid": ModelConfig(architecture="mlp", activation="sigmoid", hidden=32),
    "mlp-relu": ModelConfig(architecture="mlp", activation="relu", hidden=64),
    "tutorial-relu-ce": ModelConfig(activation="relu", loss="cross_entropy"),
}


def trained(dataset: Dataset, config: ModelConfig, steps: int = 20):  # type: ignore[no-untyped-def]
    preset = next(p for p in PRESETS.values() if p.model.architecture == config.architecture)
    trainer = Trainer(dataset, preset.train_config(), build_model(config))
    for _ in range(steps):
        trainer.step()
    return trainer.model, trainer.params


@pytest.mark.parametrize("name", list(NETWORKS))
def test_sample_report_for_each_network(embedded: Dataset, name: str) -> None:
    model, params = trained(embedded, NETWORKS[name])
    x = embedded.valid.inputs(np.array([0]), dtype=np.float64)[0]
    label = int(embedded.valid.labels[0])
    report = inspect_sample(model, params, x, label)
    d = model.derive_layers({k: v.astype(np.float64) for k, v in params.items()}, x, label)
    np.testing.assert_allclose(report.probabilities, d.output, rtol=1e-12)
    assert report.loss == pytest.approx(d.loss, rel=1e-9)
    assert report.predicted == int(d.output.argmax())
    architecture = model.config.architecture
    if architecture == "linear":
        assert report.hidden.size == 0 and report.activation == "" and not report.per_pixel
        assert not report.saturated.any() and not report.dead.any()
    else:
        np.testing.assert_allclose(report.hidden, d.blocks[0].post, rtol=1e-12)
        assert report.activation == model.config.activation
        assert report.per_pixel == (architecture == "tutorial")
        assert report.hidden.shape == (
            (784,) if architecture == "tutorial" else (model.config.hidden,)
        )
        np.testing.assert_array_equal(
            report.saturated, saturation_mask(report.hidden, model.config.activation)
        )
    scores = d.blocks[-1].pre
    why = contribution(model, params, report, report.predicted)
    if architecture == "mlp":
        assert why is None  # no per-pixel push through a hidden layer of its own units
    else:
        assert why is not None and why.shape == (784,)
        for j in (report.predicted, label, 7):  # the pushes add up to the score, with the bias
            total = contribution(model, params, report, j).sum() + params["b1"][j]
            assert total == pytest.approx(scores[j], rel=1e-6, abs=1e-9)
    predictions = predict_split(model, params, embedded.valid)
    assert predictions.predicted[0] == report.predicted


def test_saturation_and_dead_units_by_activation() -> None:
    a = np.array([0.0, 0.005, 0.5, 0.995, 1.0, -0.995])
    np.testing.assert_array_equal(saturation_mask(a, "tanh"), [0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(saturation_mask(a[:5], "sigmoid"), [1, 1, 0, 1, 1])
    np.testing.assert_array_equal(saturation_mask(a, "relu"), [0, 0, 0, 0, 0, 0])


def test_dead_relu_units_are_those_at_zero(embedded: Dataset) -> None:
    model, params = trained(embedded, NETWORKS["mlp-relu"])
    x = embedded.valid.inputs(np.array([1]), dtype=np.float64)[0]
    report = inspect_sample(model, params, x)
    np.testing.assert_array_equal(report.dead, report.hidden == 0)
    assert 0 < report.dead.sum() < report.hidden.size  # some units are off for this digit
    tanh = inspect_sample(*trained(embedded, PRESETS["mlp"].model), x)
    assert not tanh.dead.any()
