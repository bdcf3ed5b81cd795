"""The introduction: training computes in float32, and batches are reshuffled every epoch."""

from __future__ import annotations

import numpy as np

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.functions import softmax
from gdstudio.core.training.trainer import TrainConfig, Trainer


def test_training_runs_in_float32(embedded: Dataset) -> None:
    trainer = Trainer(embedded, TrainConfig(epochs=1))
    trainer.step()
    assert {p.dtype for p in trainer.params.values()} == {np.dtype(np.float32)}
    # about 7 significant digits: a lead of 20 in the logits gives an output of exactly 1.0
    logits = np.array([[20.0] + [0.0] * 9])
    assert softmax(logits.astype(np.float32))[0, 0] == 1.0
    assert softmax(logits)[0, 0] < 1.0  # not in float64


def test_batches_are_reshuffled_every_epoch(embedded: Dataset) -> None:
    # alpha so small that no float32 weight changes: a batch's loss depends on its images only
    trainer = Trainer(embedded, TrainConfig(epochs=2, lr=1e-30))
    losses = np.array([r.batch_loss for r in trainer.run()])
    first, second = losses[:80], losses[80:]
    assert not np.array_equal(first, second)  # other batches ...
    assert abs(first.mean() - second.mean()) < 1e-6  # ... of the same 8,000 images
