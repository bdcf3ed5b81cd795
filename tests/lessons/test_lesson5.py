"""Lesson 5: squared loss on softmax learns slowly when it is confidently wrong."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.explain import explain_sample
from gdstudio.core.nn.model import ModelConfig, TutorialNet, build_model

from .conftest import Run


def test_confidently_wrong_sample(embedded: Dataset, five_epochs: Run) -> None:
    model, params = TutorialNet(), five_epochs.params
    r = explain_sample(model, embedded, "valid", 971, params, parameter=("b1", (9,)))
    s = np.array(r["output"])
    assert r["label"] == 9 and r["prediction"] == 3
    assert (round(s[3], 3), round(s[9], 5)) == (0.971, 0.00004)
    assert round(r["loss"], 2) == 1.94
    diag = s * (1 - s)
    assert (round(diag[3], 3), round(diag[9], 5)) == (0.028, 0.00004)
    assert round(r["dL_doutput"][9], 1) == -2.0
    slow = r["chain"]["fast"]
    assert round(slow, 5) == -0.00015
    r = explain_sample(model, embedded, "valid", 822, params, parameter=("b1", (8,)))
    s = np.array(r["output"])
    assert r["label"] == 8 and (round(s[5], 2), round(s[8], 2)) == (0.24, 0.13)
    assert round(r["loss"], 2) == 0.91
    fast = r["chain"]["fast"]
    assert round(fast, 2) == -0.24
    assert fast / slow == pytest.approx(1600, rel=0.05)


def test_cross_entropy_gradient_is_output_minus_y(embedded: Dataset, five_epochs: Run) -> None:
    model = build_model(ModelConfig(loss="cross_entropy"))
    x = embedded.valid.inputs(slice(971, 972), np.float64)
    params = {k: v.astype(np.float64) for k, v in five_epochs.params.items()}
    g = model.gradients(params, x, np.array([9])).grads["b1"]
    s = model.forward(params, x)[0]
    np.testing.assert_allclose(g, s - np.eye(10)[9], atol=1e-12)
    assert g[9] == pytest.approx(-1, abs=0.01)
