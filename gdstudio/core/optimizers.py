"""Update rules that turn a gradient into a step.

The tutorial's rule is plain gradient descent, w <- w - alpha * dL/dw. Other rules (momentum,
Adam, ...) implement the same `Optimizer` protocol and plug into the trainer unchanged.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from gdstudio.core.functions import Array

Params = dict[str, Array]


class Optimizer(Protocol):
    name: str

    def steps(self, grads: Params, lr: float) -> Params:
        """The change to add to each parameter (its *update*), e.g. -lr * grad."""
        ...


class GradientDescent:
    name = "sgd"

    def steps(self, grads: Params, lr: float) -> Params:
        return {name: g * -np.asarray(lr, dtype=g.dtype) for name, g in grads.items()}


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": GradientDescent}
