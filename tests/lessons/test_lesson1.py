"""Lesson 1: the learning rate α, too small, about right, too large (saturation)."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.reports import EventKind
from gdstudio.core.training.trainer import TrainConfig, Trainer

from .conftest import Run, train


def test_small_alpha_hardly_learns(embedded: Dataset) -> None:
    run = train(embedded, lr=0.01, epochs=2)
    assert run.trainer.history[-1].valid_accuracy == pytest.approx(0.26, abs=0.02)


def test_alpha_one_learns_fast(embedded: Dataset) -> None:
    run = train(embedded, lr=1.0, epochs=2)
    assert run.losses[0] == pytest.approx(0.92, abs=0.005)
    assert np.mean(run.losses[95:100]) == pytest.approx(0.18, abs=0.02)
    assert run.trainer.history[-1].valid_accuracy == pytest.approx(0.89, abs=0.01)


def test_alpha_50_never_falls(alpha_50: Run) -> None:
    assert [round(x, 3) for x in alpha_50.losses[:2]] == [0.921, 1.403]
    assert round(alpha_50.losses[2], 2) == 1.80
    assert min(alpha_50.losses[1:]) > alpha_50.losses[0]


def test_alpha_50_saturates_in_float32(embedded: Dataset) -> None:
    trainer = Trainer(embedded, TrainConfig(lr=50.0, epochs=1))
    trainer.step()
    trainer.step()  # "after step 2"
    model, train_split = TutorialNet(), embedded.train
    index = np.arange(200)
    x, labels = train_split.inputs(index), train_split.labels[index]
    s = model.forward(trainer.params, x.copy())
    stuck = np.nonzero((s.max(axis=1) == 1.0) & (s.argmax(axis=1) != labels))[0]
    assert len(stuck) > len(index) / 2  # "for most images", exactly 1.0, the wrong class
    for k in stuck[:10]:
        grads = model.gradients(trainer.params, x[k : k + 1].copy(), labels[k : k + 1]).grads
        assert max(float(np.abs(g).max()) for g in grads.values()) < 1e-14
        for name, g in grads.items():  # "too small to change a weight stored in float32"
            p = trainer.params[name]
            np.testing.assert_array_equal(p - np.float32(50.0) * g.astype(np.float32), p)


def test_alpha_50_parameters_stop_moving(embedded: Dataset, alpha_50: Run) -> None:
    assert alpha_50.changed[1] > 8000  # step 2 still moved nearly all 8,634
    assert max(alpha_50.changed[2:]) <= 8
    # the Surface page's default pair, followed during training: moves twice, then stays
    trainer = Trainer(embedded, TrainConfig(lr=50.0, epochs=1))
    pair = [(float(trainer.params["w1"][407, 3]), float(trainer.params["b1"][3]))]
    for _ in trainer.run():
        pair.append((float(trainer.params["w1"][407, 3]), float(trainer.params["b1"][3])))
    assert pair[0] != pair[1] != pair[2]
    assert len(set(pair[2:])) == 1


def test_alpha_50_calls_everything_six(embedded: Dataset, alpha_50: Run) -> None:
    valid = embedded.valid
    predictions = TutorialNet().forward(alpha_50.params, valid.inputs()).argmax(axis=1)
    assert (predictions == 6).all()
    history = alpha_50.trainer.history
    assert [(round(m.valid_loss, 3), m.valid_accuracy) for m in history] == [(1.828, 0.086)] * 2


def test_alpha_50_notice_at_step_20(alpha_50: Run) -> None:
    events = [e for r in alpha_50.reports for e in r.events]
    assert [(e.kind, e.step) for e in events] == [(EventKind.SATURATED, 20)]
    assert Trainer.WARMUP_STEPS == 20  # the second question's answer


def test_restore_continues_with_measured_alpha(embedded: Dataset) -> None:
    trainer = Trainer(embedded, TrainConfig(lr=50.0, epochs=2))
    while not any(e.diverged for e in trainer.step().events):
        pass
    trainer.restore_best()
    np.testing.assert_array_equal(trainer.params["w1"], trainer.initial_params["w1"])
    assert trainer.stable_lr(5.0, tries=1) is None  # alpha / 10 was tried and rejected ...
    assert trainer.stable_lr(5.0) == 0.5
    # ... because from these parameters its loss first climbs to the edge of saturation
    fresh = Trainer(embedded, TrainConfig(lr=5.0, epochs=1), params=trainer.params)
    assert round(max(fresh.step().batch_loss for _ in range(10)), 1) == 1.8
