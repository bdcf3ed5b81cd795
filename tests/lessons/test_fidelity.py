"""The loss the app trains is the tutorial's, written out here from its formula alone.

A consistently wrong loss passes the gradient check (the squared loss divided by 10 did), so
this test does not use the model's code: pixels / 255, L0 = tanh(x + b0), L1 = L0·w1 + b1,
output = softmax(L1), L = Σ_k (y_k − output_k)², in plain Python floats, sample by sample.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import TrainConfig, Trainer

from .conftest import Run


def tutorial_loss(
    pixels: list[int], label: int, b0: list[float], w1: list[list[float]], b1: list[float]
) -> float:
    L0 = [math.tanh(p / 255 + b) for p, b in zip(pixels, b0, strict=True)]
    L1 = [sum(L0[i] * w1[i][j] for i in range(784)) + b1[j] for j in range(10)]
    top = max(L1)
    e = [math.exp(v - top) for v in L1]
    output = [v / sum(e) for v in e]
    return sum(((1.0 if k == label else 0.0) - output[k]) ** 2 for k in range(10))


def params_as_lists(params: dict[str, np.ndarray]) -> tuple[list, list, list]:
    return params["b0"].tolist(), params["w1"].tolist(), params["b1"].tolist()


@pytest.mark.parametrize("which", ["initial", "trained"])
def test_loss_is_the_tutorials_formula(embedded: Dataset, one_epoch: Run, which: str) -> None:
    params = one_epoch.trainer.initial_params if which == "initial" else one_epoch.params
    b0, w1, b1 = params_as_lists(params)
    images, labels = embedded.valid.images[:20], embedded.valid.labels[:20]
    mine = [
        tutorial_loss(image.ravel().tolist(), int(label), b0, w1, b1)
        for image, label in zip(images, labels, strict=True)
    ]
    model = TutorialNet()
    theirs = model.losses(params, embedded.valid.inputs(slice(0, 20), np.float64), labels)
    np.testing.assert_allclose(theirs, mine, rtol=1e-9)
    mean, _ = model.evaluate(params, embedded.valid.inputs(slice(0, 20)), labels)
    assert mean == pytest.approx(np.mean(mine), rel=1e-5)  # float32, as training computes


def test_training_reports_the_tutorials_loss(embedded: Dataset) -> None:
    trainer = Trainer(embedded, TrainConfig(batch_size=10))
    b0, w1, b1 = params_as_lists(trainer.params)
    order = np.random.default_rng(np.random.SeedSequence(0).spawn(2)[1]).permutation(8000)
    report = trainer.step()  # the first batch: the first 10 of the seed's order
    batch = order[:10]
    mine = [
        tutorial_loss(
            embedded.train.images[i].ravel().tolist(), int(embedded.train.labels[i]), b0, w1, b1
        )
        for i in batch
    ]
    assert report.batch_loss == pytest.approx(np.mean(mine), rel=1e-5)
