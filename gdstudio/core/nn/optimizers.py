"""Update rules that turn a gradient into a step.

The tutorial's rule is plain gradient descent, w <- w - alpha * dL/dw. The others implement the
same `Optimizer` protocol: `steps(grads, lr)` returns the change to add to each parameter. They
keep their state (velocities, running averages) per parameter *name*, with the shapes and dtypes
of the gradients they are given, so one implementation serves both the toy surfaces (a params
dict {"w": array of 2}) and the network ({"b0", "w1", "b1"}). A fresh instance has no state;
make a new one to start over.

All rules follow PyTorch's conventions (`torch.optim`), so their hyperparameters mean the same:

* momentum:  v <- beta v + g,                 update = -alpha v
* Nesterov:  v <- beta v + g,                 update = -alpha (g + beta v)
* AdaGrad:   G <- G + g^2,                    update = -alpha g / (sqrt(G) + eps)
* RMSProp:   s <- rho s + (1 - rho) g^2,      update = -alpha g / (sqrt(s) + eps)
* Adam:      m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
             update = -alpha m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - b1^t), v_hat likewise

Nesterov's method evaluates the gradient at a look-ahead point w + beta v. Sutskever et al.
(2013) rewrote it in terms of the look-ahead point itself, so that the gradient is needed only at
the current parameters; that is the form above (PyTorch's `nesterov=True`). The parameters it
holds are the look-ahead ones, which is what a caller sees and evaluates.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from gdstudio.core.nn.functions import Array

Params = dict[str, Array]


class Optimizer(Protocol):
    name: str

    def steps(self, grads: Params, lr: float) -> Params:
        """The change to add to each parameter (its *update*), e.g. -lr * grad."""
        ...


def _scalar(value: float, like: Array) -> Array:
    """`value` as a 0-d array of `like`'s dtype, so float32 stays float32."""
    return np.asarray(value, dtype=like.dtype)


class GradientDescent:
    """The tutorial's rule: w <- w - alpha * dL/dw. Stateless."""

    name = "sgd"

    def steps(self, grads: Params, lr: float) -> Params:
        return {name: g * g.dtype.type(-lr) for name, g in grads.items()}


class _Stateful:
    """Holds one state array per parameter name, created as zeros on first use; `steps` asks
    `_step` for each parameter's update."""

    def __init__(self) -> None:
        self._state: dict[str, dict[str, Array]] = {}

    def steps(self, grads: Params, lr: float) -> Params:
        return {name: self._step(name, g, lr) for name, g in grads.items()}

    def _step(self, name: str, g: Array, lr: float) -> Array:
        raise NotImplementedError

    def _slot(self, kind: str, name: str, like: Array) -> Array:
        slots = self._state.setdefault(kind, {})
        if name not in slots or slots[name].shape != like.shape:
            slots[name] = np.zeros_like(like)
        return slots[name]

    def _average(self, kind: str, name: str, value: Array, keep: float) -> Array:
        """The running average `kind` of `value`, in place: a <- keep a + (1 - keep) value."""
        average = self._slot(kind, name, value)
        average *= _scalar(keep, value)
        average += _scalar(1 - keep, value) * value
        return average


class Momentum(_Stateful):
    """Heavy-ball momentum: a velocity that accumulates past gradients."""

    name = "momentum"

    def __init__(self, beta: float = 0.9) -> None:
        super().__init__()
        self.beta = beta

    def _velocity(self, name: str, g: Array) -> Array:
        """v <- beta v + g, in place."""
        v = self._slot("v", name, g)
        v *= _scalar(self.beta, g)
        v += g
        return v

    def _step(self, name: str, g: Array, lr: float) -> Array:
        return self._velocity(name, g) * _scalar(-lr, g)


class Nesterov(Momentum):
    """Nesterov momentum in the Sutskever / PyTorch form (gradient at the current point only)."""

    name = "nesterov"

    def _step(self, name: str, g: Array, lr: float) -> Array:
        v = self._velocity(name, g)
        return (g + _scalar(self.beta, g) * v) * _scalar(-lr, g)


class AdaGrad(_Stateful):
    """Per-coordinate steps shrinking with the sum of all past squared gradients."""

    name = "adagrad"

    def __init__(self, eps: float = 1e-10) -> None:
        super().__init__()
        self.eps = eps

    def _step(self, name: str, g: Array, lr: float) -> Array:
        total = self._slot("G", name, g)
        total += g * g
        return g * _scalar(-lr, g) / (np.sqrt(total) + _scalar(self.eps, g))


class RMSProp(_Stateful):
    """Per-coordinate steps scaled by a running average of squared gradients."""

    name = "rmsprop"

    def __init__(self, rho: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__()
        self.rho = rho
        self.eps = eps

    def _step(self, name: str, g: Array, lr: float) -> Array:
        s = self._average("s", name, g * g, self.rho)
        return g * _scalar(-lr, g) / (np.sqrt(s) + _scalar(self.eps, g))


class Adam(_Stateful):
    """Momentum on the gradient and RMSProp scaling, both bias-corrected (Kingma & Ba 2015)."""

    name = "adam"

    def __init__(self, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0

    def steps(self, grads: Params, lr: float) -> Params:
        self.t += 1
        return super().steps(grads, lr)

    def _step(self, name: str, g: Array, lr: float) -> Array:
        m = self._average("m", name, g, self.beta1)
        v = self._average("v", name, g * g, self.beta2)
        correction1 = 1 - self.beta1**self.t
        correction2 = 1 - self.beta2**self.t
        denominator = np.sqrt(v / _scalar(correction2, g)) + _scalar(self.eps, g)
        return m * _scalar(-lr / correction1, g) / denominator


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": GradientDescent,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSProp,
    "adam": Adam,
}


#: learning-rate schedules for network training (see `schedule_factor`)
SCHEDULES = ("constant", "step", "cosine")
#: the step schedule multiplies alpha by this ...
STEP_FACTOR = 0.1


def schedule_factor(schedule: str, epoch: float, epochs: int, step_epochs: int) -> float:
    """What the schedule multiplies the base learning rate by, `epoch` epochs into training.

    * constant: 1.
    * step: STEP_FACTOR^k after k * `step_epochs` completed epochs (x0.1 every `step_epochs`).
    * cosine: (1 + cos(pi * epoch / epochs)) / 2, from 1 at the start down towards 0 at the
      end of the configured `epochs` (0 after it), smoothly within epochs.
    """
    if schedule == "constant":
        return 1.0
    if schedule == "step":
        return float(STEP_FACTOR ** (math.floor(epoch) // max(step_epochs, 1)))
    if schedule == "cosine":
        if epochs <= 0:
            return 1.0
        return 0.5 * (1.0 + math.cos(math.pi * min(epoch / epochs, 1.0)))
    raise ValueError(f"unknown schedule {schedule!r} (choose {', '.join(SCHEDULES)})")
