"""The update rules: exact first steps, state per parameter, dtypes kept, and they descend."""

from __future__ import annotations

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.optimizers import (
    OPTIMIZERS,
    AdaGrad,
    Adam,
    GradientDescent,
    Momentum,
    Nesterov,
    RMSProp,
)
from gdstudio.core.surfaces.toy_surfaces import QuadraticBowl
from gdstudio.core.training.trainer import TrainConfig, Trainer

G1 = np.array([0.5, -2.0])
G2 = np.array([-1.0, 3.0])


def test_gradient_descent_is_the_tutorial_rule() -> None:
    g = np.array([0.25, -1.5, 3.0], dtype=np.float32)
    update = GradientDescent().steps({"w": g}, 0.1)["w"]
    assert update.dtype == np.float32
    np.testing.assert_array_equal(update, g * np.float32(-0.1))


@pytest.mark.parametrize(
    ("optimizer", "first", "second"),
    [
        (Momentum(beta=0.9), -0.1 * G1, -0.1 * (0.9 * G1 + G2)),
        (Nesterov(beta=0.9), -0.1 * 1.9 * G1, -0.1 * (G2 + 0.9 * (0.9 * G1 + G2))),
        (
            AdaGrad(eps=0.0),
            -0.1 * np.sign(G1),
            -0.1 * G2 / np.sqrt(G1**2 + G2**2),
        ),
        (
            RMSProp(rho=0.9, eps=0.0),
            -0.1 * G1 / np.sqrt(0.1 * G1**2),
            -0.1 * G2 / np.sqrt(0.09 * G1**2 + 0.1 * G2**2),
        ),
        (
            Adam(beta1=0.9, beta2=0.999, eps=0.0),
            -0.1 * np.sign(G1),
            -0.1
            * ((0.09 * G1 + 0.1 * G2) / 0.19)
            / np.sqrt((0.000999 * G1**2 + 0.001 * G2**2) / (1 - 0.999**2)),
        ),
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_first_two_steps_follow_the_formulas(optimizer, first, second) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(optimizer.steps({"w": G1}, 0.1)["w"], first, rtol=1e-12)
    np.testing.assert_allclose(optimizer.steps({"w": G2}, 0.1)["w"], second, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_state_is_kept_per_parameter_name_with_its_shape_and_dtype(name: str) -> None:
    optimizer = OPTIMIZERS[name]()
    grads = {
        "b0": np.full(3, 0.5, dtype=np.float32),
        "w1": np.full((3, 2), -0.25, dtype=np.float32),
    }
    for _ in range(3):
        updates = optimizer.steps(grads, 0.01)
    assert set(updates) == {"b0", "w1"}
    for key, g in grads.items():
        assert updates[key].shape == g.shape and updates[key].dtype == np.float32
        assert np.all(np.sign(updates[key]) == -np.sign(g))  # downhill
    alone = OPTIMIZERS[name]()
    for _ in range(3):
        only_b0 = alone.steps({"b0": grads["b0"]}, 0.01)["b0"]
    np.testing.assert_array_equal(only_b0, updates["b0"])  # w1 did not disturb b0's state


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_reaches_the_bowls_minimum(name: str) -> None:
    bowl = QuadraticBowl(condition=3.0, angle=20.0, centre=(0.5, -1.0))
    lr = 0.5 if name == "adagrad" else 0.05  # AdaGrad's steps shrink as 1 / sqrt(t)
    path = bowl.descend(name, lr=lr, steps=3000)
    assert not path.diverged
    np.testing.assert_allclose(path.points[-1], bowl.centre, atol=0.05)
    assert path.losses[-1] < 1e-3 * path.losses[0]


@pytest.mark.parametrize(("name", "lr"), [("momentum", 0.3), ("adam", 0.003)])
def test_the_trainer_uses_the_same_optimizers(embedded: Dataset, name: str, lr: float) -> None:
    trainer = Trainer(embedded, TrainConfig(epochs=1, optimizer=name, lr=lr))
    before, _ = trainer.evaluate("train")
    reports = list(trainer.run())
    after = reports[-1].epoch_end
    assert after is not None and after.train_loss < 0.6 * before
    assert all(p.dtype == np.float32 for p in trainer.params.values())
