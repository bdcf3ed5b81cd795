"""Lesson 3: the weights are digit templates; which templates one step changes, and how."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.explain import as_float64, fast_gradients, sample_input
from gdstudio.core.nn.model import ModelConfig, Params, TutorialNet, build_model

from .conftest import Run


def class_correlations(dataset: Dataset, params: Params) -> np.ndarray:
    """corr(template j, mean L0 of class c minus the mean over classes): (10, 10)."""
    train = dataset.train
    L0 = np.tanh(train.inputs(None, np.float64) + params["b0"].astype(np.float64))
    means = np.stack([L0[train.labels == c].mean(axis=0) for c in range(10)])
    centred = means - means.mean(axis=0)
    w = params["w1"].astype(np.float64)
    return np.corrcoef(np.vstack([w.T, centred]))[:10, 10:]


def test_initial_templates_are_noise(embedded: Dataset, one_epoch: Run) -> None:
    c = class_correlations(embedded, one_epoch.trainer.initial_params)
    assert np.abs(np.diag(c)).max() < 0.1


def test_templates_after_one_epoch(embedded: Dataset, one_epoch: Run) -> None:
    c = class_correlations(embedded, one_epoch.params)
    assert (c.argmax(axis=1) == np.arange(10)).all()  # each most like its own class
    assert np.diag(c).mean() == pytest.approx(0.7, abs=0.05)


def test_prediction_is_the_highest_score(embedded: Dataset, one_epoch: Run) -> None:
    p = as_float64(one_epoch.params)
    x = embedded.valid.inputs(None, np.float64)
    scores = np.tanh(x + p["b0"]) @ p["w1"] + p["b1"]
    probabilities = TutorialNet().forward(p, x)
    np.testing.assert_array_equal(scores.argmax(axis=1), probabilities.argmax(axis=1))


def test_cross_entropy_adds_to_own_template_only(embedded: Dataset) -> None:
    model = build_model(ModelConfig(loss="cross_entropy"))
    params = as_float64(model.init_params(np.random.default_rng(0)))
    for index in range(50):
        x, label = sample_input(embedded, "valid", index)
        g = model.gradients(params, x[None], np.array([label])).grads["b1"]
        s = model.forward(params, x[None])[0]
        np.testing.assert_allclose(g, s - np.eye(10)[label], atol=1e-12)
        # a step w1 -= α·L0·g: adds to template j where g_j < 0, that is the label only
        assert list(np.nonzero(g < 0)[0]) == [label]


def test_squared_loss_mixes_classes(embedded: Dataset, five_epochs: Run) -> None:
    model, params = TutorialNet(), five_epochs.params
    valid = embedded.valid
    predictions = model.forward(params, valid.inputs()).argmax(axis=1)
    wrong = np.nonzero(predictions != valid.labels)[0]
    assert len(wrong) == 88
    own_only, added = 0, {}
    for index in wrong:
        x, label = sample_input(embedded, "valid", int(index))
        g = fast_gradients(model, params, x, label)["b1"]  # ∂L/∂L1, the multiple of L0
        classes = list(np.nonzero(g < 0)[0])
        own_only += classes == [label]
        added[int(index)] = len(classes)
    assert own_only == 7
    assert added[971] == 9


def test_the_zero_is_a_ring_and_the_one_a_stroke(embedded: Dataset, one_epoch: Run) -> None:
    w = one_epoch.params["w1"].reshape(28, 28, 10)
    train = embedded.train

    def ink(digit: int) -> np.ndarray:
        return train.images[train.labels == digit].mean(axis=0) / 255 > 0.5

    ring, stroke = ink(0), ink(1)
    assert w[12:17, 12:17, 0].mean() < 0 < w[ring, 0].mean()  # the centre has the other colour
    assert np.ptp(np.nonzero(stroke.any(axis=0))[0]) <= 6  # the ink of a 1: a narrow band
    assert w[stroke, 1].mean() > 0 > w[~stroke, 1].mean()
