"""Lesson 4: the surface is a mean over the data; One parameter shows one sample."""

from __future__ import annotations

import numpy as np

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.explain import as_float64, fast_gradients, sample_input
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.surfaces.surface import evaluation_data

from .conftest import Run


def test_surface_slope_is_the_mean_not_one_sample(embedded: Dataset, one_epoch: Run) -> None:
    model, params = TutorialNet(), one_epoch.params
    x, y = evaluation_data(embedded, "train")  # what the surface averages over by default
    mean = model.gradients(as_float64(params), x, y).grads["w1"][407, 3]
    x0, label = sample_input(embedded, "valid", 0)
    one = fast_gradients(model, params, x0, label)["w1"][407, 3]
    assert f"{mean:.1e}" == "-3.6e-03" and f"{one:.1e}" == "-4.6e-06"
    assert 500 < mean / one < 1000  # "almost a thousand times smaller"


def test_parameter_count() -> None:
    shapes = TutorialNet().param_shapes()
    assert sum(int(np.prod(s)) for s in shapes.values()) == 8634
