"""Helpers shared by the derivation and gradient-check tests (importable: tests/ is on sys.path
through its conftest.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from gdstudio.core.nn.functions import Array, Labels
from gdstudio.core.nn.model import BatchGradients, Derivation, Params, TutorialNet


class SignFlipped(TutorialNet):
    """A test double: its `path` ("jacobian" or "fast") returns the negated gradient."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def gradients(
        self, params: Params, x: Array, labels: Labels, overwrite_x: bool = False
    ) -> BatchGradients:
        result = super().gradients(params, x, labels, overwrite_x)
        if self.path == "fast":
            result = result._replace(grads={k: -g for k, g in result.grads.items()})
        return result

    def derive(self, params: Params, x: Array, label: int) -> Derivation:
        d = super().derive(params, x, label)
        if self.path == "jacobian":
            d = replace(d, grad_b1=-d.grad_b1, grad_w1=-d.grad_w1, grad_b0=-d.grad_b0)
        return d


def fast_gradients(params: Params, x: Array, label: int) -> Params:
    """The fast path's gradient for one sample, in float64: the independent reference."""
    p64 = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    return TutorialNet().gradients(p64, x[None].astype(np.float64), np.array([label])).grads


def trained_like_params(seed: int = 5) -> Params:
    """float32 parameters away from initialisation (b0, b1 non-zero), as a frame carries them."""
    rng = np.random.default_rng(seed)
    params = TutorialNet().init_params(rng)
    params["b0"] = rng.normal(0, 0.3, 784).astype(np.float32)
    params["b1"] = rng.normal(0, 0.3, 10).astype(np.float32)
    return params


def frame_of(params: Params, lr: float = 1.0) -> Any:
    """A paused TrainingFrame carrying `params`."""
    from gdstudio.core.training.reports import Snapshot
    from gdstudio.workers.training import TrainingFrame

    snapshot = Snapshot(
        step=1, epoch=0.1, base_lr=lr, batch_size=100, params=params, history=(), finished=False
    )
    return TrainingFrame(snapshot, (), 0.0, "paused", 1, True)
