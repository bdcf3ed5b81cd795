"""The pieces the networks are built from: activations and losses.

Each is a small object with its value and derivative, so that another activation or loss
can be added beside the tutorial's without touching the model's chain rule or the trainer.

Every loss here follows a softmax. Besides its value and gradient on the probabilities (what
the Jacobian path uses, one sample at a time), it computes, for a whole batch, the loss and
the gradient of the batch mean with respect to the softmax's *input*, the logits
(`mean_gradient_from_logits`, what the fast paths use).
"""

from __future__ import annotations

import functools
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

    def left_times_derivative(self, left: Array, a: Array) -> Array:
        """left . f'(a) for outputs a (n, m) and left (k, n), overwriting a: the product the
        fast path takes through the diagonal Jacobian, one sample per row of a."""
        ...


class _ProductByDerivative:
    """`left_times_derivative` by forming f'(a) over a, then one product."""

    def derivative(self, a: Array, out: Array | None = None) -> Array:
        raise NotImplementedError

    def left_times_derivative(self, left: Array, a: Array) -> Array:
        return left @ self.derivative(a, out=a)


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
        # In place: `1 - a * a` allocates another temporary and is several times slower, and
        # np.square runs twice as fast as np.multiply(a, a).
        d = np.square(a, out=out)
        return np.subtract(1, d, out=d)

    def left_times_derivative(self, left: Array, a: Array) -> Array:
        """left . (1 - a^2) = (row sums of left) - left . a^2: the subtraction happens on the
        small (k, m) product instead of on every element of a (5% of a training step)."""
        product = left @ np.square(a, out=a)
        return np.subtract(left.sum(axis=1, keepdims=True), product, out=product)


class Sigmoid(_ProductByDerivative):
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


class ReLU(_ProductByDerivative):
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
        """The softmax Jacobian applied to g = dL/d(output) is s * (g - <g, s>), never formed.

        With g = 2 (s - y) / n for the batch mean, that is (2 / n) s * (d - <d, s>), d = s - y.
        """
        s = softmax(logits)
        d = _minus_one_hot(s, labels)
        losses = np.einsum("ij,ij->i", d, d)
        delta = np.subtract(d, np.einsum("ij,ij->i", d, s)[:, None], out=d)
        delta *= s
        delta *= 2 / len(labels)
        return losses, s, delta


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
        delta = _minus_one_hot(s, labels)
        delta /= len(labels)
        return losses, s, delta


@functools.cache
def _class_column(k: int) -> Array:
    """[[0], [1], ..., [k - 1]]: compared with a row of labels, the one-hot code transposed."""
    column = np.arange(k)[:, None]
    column.flags.writeable = False
    return column


def _minus_one_hot(s: Array, labels: Labels) -> Array:
    """s - y for one-hot y, without indexing: compared class-major, the fastest way measured
    (fancy indexing s[rows, labels] takes 40% longer for a batch of 100)."""
    return np.subtract(s.T, labels == _class_column(s.shape[1])).T


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
