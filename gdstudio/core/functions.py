"""The pieces the networks are built from: activations and losses.

Each is a small object with its value and derivative, so that another activation or loss
can be added beside the tutorial's without touching the model's chain rule or the trainer.

Every loss here follows a softmax. Besides its value and gradient on the probabilities (what
the Jacobian path uses, one sample at a time), it computes, for a whole batch, the loss and
the gradient of the batch mean with respect to the softmax's *input*, the logits
(`mean_gradient_from_logits`, what the fast paths use).
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

    def value_from_logits(self, logits: Array, labels: Labels) -> Array:
        """Per-sample loss (n,) of softmax(logits)."""
        ...

    def mean_gradient_from_logits(
        self, logits: Array, labels: Labels
    ) -> tuple[Array, Array, Array]:
        """Per-sample loss (n,), softmax(logits) (n, k) and d(mean loss)/d(logits) (n, k)."""
        ...


class Tanh:
    name = "tanh"

    def __call__(self, z: Array, out: Array | None = None) -> Array:
        return np.tanh(z, out=out)

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        d = np.multiply(a, a, out=out)
        # In place: `1 - a * a` allocates another temporary and is several times slower.
        return np.subtract(1, d, out=d)


class Sigmoid:
    name = "sigmoid"

    def __call__(self, z: Array, out: Array | None = None) -> Array:
        # 1 / (1 + e^-z) overflows e^-z for z < -709 in float64 (and warns); tanh never does.
        a = np.multiply(z, 0.5, out=out)
        np.tanh(a, out=a)
        a += 1
        a *= 0.5
        return a

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        # a (1 - a); `out` may be `a` itself, so 1 - a goes to a temporary first
        return np.multiply(a, np.subtract(1, a), out=out)


class ReLU:
    name = "relu"

    def __call__(self, z: Array, out: Array | None = None) -> Array:
        return np.maximum(z, 0, out=out)

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        """1 where the unit is active, else 0 (at exactly 0, where f' is undefined, 0)."""
        return np.greater(a, 0, out=np.empty_like(a) if out is None else out)


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

    def value_from_logits(self, logits: Array, labels: Labels) -> Array:
        return self.value(softmax(logits), labels)

    def mean_gradient_from_logits(
        self, logits: Array, labels: Labels
    ) -> tuple[Array, Array, Array]:
        """The softmax Jacobian applied to g = dL/d(output) is s * (g - <g, s>), never formed."""
        s = softmax(logits)
        losses, g = self.value_and_gradient(s, labels)
        g /= len(labels)  # dL/d(output) of the batch mean
        return losses, s, s * (g - np.einsum("ij,ij->i", g, s)[:, None])


class CrossEntropy:
    """L = -log output[label]: the negative log-likelihood of the true class.

    Numerically safe: the loss itself is computed from the logits as a log-softmax,
    logsumexp(z) - z[label] with the row maximum subtracted first, so it is finite whatever
    the logits (never -log 0). Through the softmax its gradient is simply output - y, which the
    fast path uses directly. The Jacobian path instead takes dL/d(output) = -y / output and
    applies the softmax Jacobian, as the tutorial does for its loss; it clips output[label]
    at the smallest normal float (`np.finfo(dtype).tiny`) so the division is always finite,
    and is exact (output - y to rounding) whenever output[label] is above that.
    """

    name = "cross_entropy"

    def value(self, output: Array, labels: Labels) -> Array:
        picked = output[np.arange(len(labels)), labels]
        return -np.log(np.maximum(picked, np.finfo(output.dtype).tiny))

    def value_and_gradient(self, output: Array, labels: Labels) -> tuple[Array, Array]:
        rows = np.arange(len(labels))
        picked = np.maximum(output[rows, labels], np.finfo(output.dtype).tiny)
        grad = np.zeros_like(output)
        grad[rows, labels] = -1 / picked  # dL/d(output) = -y / output
        return -np.log(picked), grad

    def value_from_logits(self, logits: Array, labels: Labels) -> Array:
        shifted = logits - logits.max(axis=-1, keepdims=True)
        log_total = np.log(np.exp(shifted).sum(axis=-1))
        return log_total - shifted[np.arange(len(labels)), labels]

    def mean_gradient_from_logits(
        self, logits: Array, labels: Labels
    ) -> tuple[Array, Array, Array]:
        """dL/d(logits) = output - y: the softmax Jacobian and -y / output cancel."""
        rows = np.arange(len(labels))
        shifted = logits - logits.max(axis=-1, keepdims=True)
        s = np.exp(shifted)
        total = s.sum(axis=-1, keepdims=True)
        losses = np.log(total[:, 0]) - shifted[rows, labels]
        s /= total
        delta = s.copy()
        delta[rows, labels] -= 1
        delta /= len(labels)
        return losses, s, delta


def softmax(z: Array) -> Array:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_jacobian(s: Array) -> Array:
    """d softmax / d z for one sample: diag(s) - s s^T, shape (k, k)."""
    return np.diag(s) - np.outer(s, s)


ACTIVATIONS: dict[str, type[Activation]] = {"tanh": Tanh, "sigmoid": Sigmoid, "relu": ReLU}
LOSSES: dict[str, type[Loss]] = {"squared": SquaredError, "cross_entropy": CrossEntropy}
