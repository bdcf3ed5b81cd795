"""The pieces the network is built from: activations and losses.

Each is a small object with its value and derivative, so that another activation or loss
can be added beside the tutorial's without touching the model's chain rule or the trainer.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]  # float32 for training, float64 for checks
Labels = NDArray[np.integer[Any]]


class Activation(Protocol):
    name: str

    def __call__(self, z: Array, out: Array | None = None) -> Array: ...

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        """f'(z) written in terms of the output a = f(z): the diagonal of the Jacobian."""
        ...


class Loss(Protocol):
    name: str

    def value(self, output: Array, labels: Labels) -> Array:
        """Per-sample loss, shape (n,), for integer class labels (n,)."""
        ...

    def value_and_gradient(self, output: Array, labels: Labels) -> tuple[Array, Array]:
        """Per-sample loss (n,) and dL/d(output) per sample (n, classes)."""
        ...


class Tanh:
    name = "tanh"

    def __call__(self, z: Array, out: Array | None = None) -> Array:
        return np.tanh(z, out=out)

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        d = np.multiply(a, a, out=out)
        # In place: `1 - a * a` allocates another temporary and is several times slower.
        return np.subtract(1, d, out=d)


class SquaredError:
    """The tutorial's loss: L = sum over classes of (y - output)^2, y one-hot."""

    name = "squared"

    def value(self, output: Array, labels: Labels) -> Array:
        return self.value_and_gradient(output, labels)[0]

    def value_and_gradient(self, output: Array, labels: Labels) -> tuple[Array, Array]:
        diff = output.copy()  # output - y, without forming y
        diff[np.arange(len(labels)), labels] -= 1
        loss = np.einsum("ij,ij->i", diff, diff)
        diff *= 2  # dL/d(output) = -2 (y - output)
        return loss, diff


def softmax(z: Array) -> Array:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_jacobian(s: Array) -> Array:
    """d softmax / d z for one sample: diag(s) - s s^T, shape (k, k)."""
    return np.diag(s) - np.outer(s, s)


ACTIVATIONS: dict[str, type[Activation]] = {"tanh": Tanh}
LOSSES: dict[str, type[Loss]] = {"squared": SquaredError}
