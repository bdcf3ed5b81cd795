"""The pieces the network is built from: activations and losses.

Each is a small object with its value and derivative, so that another activation or loss
can be added beside the tutorial's without touching the model's chain rule or the trainer.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from numpy.typing import DTypeLike, NDArray

Array = NDArray[Any]  # float32 for training, float64 for checks


class Activation(Protocol):
    name: str

    def __call__(self, z: Array) -> Array: ...

    def derivative(self, a: Array) -> Array:
        """f'(z) written in terms of the output a = f(z): the diagonal of the Jacobian."""
        ...


class Loss(Protocol):
    name: str

    def value(self, output: Array, target: Array) -> Array:
        """Per-sample loss, shape (n,)."""
        ...

    def gradient(self, output: Array, target: Array) -> Array:
        """dL/d(output) per sample, shape (n, classes)."""
        ...


class Tanh:
    name = "tanh"

    def __call__(self, z: Array) -> Array:
        return np.tanh(z)

    def derivative(self, a: Array) -> Array:
        d = a * a
        return np.subtract(
            1, d, out=d
        )  # in place: `1 - a * a` is several times slower on big arrays


class SquaredError:
    """The tutorial's loss: L = sum over classes of (y - output)^2."""

    name = "squared"

    def value(self, output: Array, target: Array) -> Array:
        diff = target - output
        return np.einsum("ij,ij->i", diff, diff)

    def gradient(self, output: Array, target: Array) -> Array:
        return -2 * (target - output)


def softmax(z: Array) -> Array:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_jacobian(s: Array) -> Array:
    """d softmax / d z for one sample: diag(s) - s s^T, shape (k, k)."""
    return np.diag(s) - np.outer(s, s)


def one_hot(labels: NDArray[np.integer], classes: int, dtype: DTypeLike = np.float64) -> Array:
    return np.eye(classes, dtype=dtype)[labels]


ACTIVATIONS: dict[str, type[Activation]] = {"tanh": Tanh}
LOSSES: dict[str, type[Loss]] = {"squared": SquaredError}
