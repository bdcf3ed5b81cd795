"""The tutorial's network and its gradients, computed two ways.

    L0 = tanh(x + b0)        x: (784,), b0: (784,)
    L1 = L0 . w1 + b1        w1: (784, 10), b1: (10,)
    output = softmax(L1)
    L = sum_k (y_k - output_k)^2

The *Jacobian path* (`derive`) follows the tutorial's derivation one sample at a time, forming
the 10x10 softmax Jacobian and the tanh derivative explicitly; the teaching views show it.
The *fast path* (`gradients`) does the same chain rule for a whole batch without forming any
Jacobian; training uses it. Both give the gradient of the batch-mean loss.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, NamedTuple

import numpy as np

from gdstudio.core.functions import (
    ACTIVATIONS,
    LOSSES,
    Array,
    Labels,
    softmax,
    softmax_jacobian,
)

Params = dict[str, Array]


class BatchGradients(NamedTuple):
    loss: float  # mean over the batch
    grads: Params  # gradient of that mean
    correct: int  # samples the forward pass classified right


class ConfigError(ValueError):
    """A model configuration that GD Studio cannot build."""


@dataclass(frozen=True)
class ModelConfig:
    architecture: str = "tutorial"
    activation: str = "tanh"
    loss: str = "squared"
    inputs: int = 784
    classes: int = 10

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown model setting(s): {', '.join(sorted(unknown))}")
        config = cls(**data)
        config.validate()
        return config

    def validate(self) -> None:
        if self.architecture != "tutorial":
            raise ConfigError(f"unknown architecture {self.architecture!r}")
        if self.activation not in ACTIVATIONS:
            raise ConfigError(f"unknown activation {self.activation!r}")
        if self.loss not in LOSSES:
            raise ConfigError(f"unknown loss {self.loss!r}")
        if self.inputs != 784 or self.classes != 10:
            raise ConfigError("the tutorial's network takes 784 inputs and has 10 classes")


@dataclass(frozen=True)
class Derivation:
    """Every quantity of the tutorial's chain rule for one sample."""

    x: Array  # (784,)
    z: Array  # x + b0, (784,)
    L0: Array  # tanh(x + b0), (784,)
    L1: Array  # L0 . w1 + b1, (10,)
    output: Array  # softmax(L1), (10,)
    y: Array  # one-hot label, (10,)
    loss: float
    dL_doutput: Array  # -2 (y - output), (10,)
    softmax_jacobian: Array  # diag(s) - s s^T, (10, 10)
    dL_dL1: Array  # softmax_jacobian^T . dL_doutput, (10,)
    tanh_derivative: Array  # 1 - tanh^2: the diagonal of the tanh Jacobian, (784,)
    grad_b1: Array  # dL/dL1 * dL1/db1 (= 1), (10,)
    grad_w1: Array  # L0 (outer) dL/dL1, (784, 10)
    grad_b0: Array  # tanh' * (w1 . dL/dL1), (784,)

    def grads(self) -> Params:
        return {"b0": self.grad_b0, "w1": self.grad_w1, "b1": self.grad_b1}


class TutorialNet:
    """The network of the tutorial: tanh(x + b0), one dense layer, softmax."""

    param_names: tuple[str, ...] = ("b0", "w1", "b1")

    def __init__(self, config: ModelConfig | None = None) -> None:
        self.config = config or ModelConfig()
        self.config.validate()
        self.activation = ACTIVATIONS[self.config.activation]()
        self.loss_fn = LOSSES[self.config.loss]()

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        n, k = self.config.inputs, self.config.classes
        return {"b0": (n,), "w1": (n, k), "b1": (k,)}

    def init_params(self, rng: np.random.Generator, dtype: type = np.float32) -> Params:
        """b0 and b1 at zero; w1 uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot)."""
        n, k = self.config.inputs, self.config.classes
        limit = np.sqrt(6.0 / (n + k))
        return {
            "b0": np.zeros(n, dtype=dtype),
            "w1": rng.uniform(-limit, limit, size=(n, k)).astype(dtype),
            "b1": np.zeros(k, dtype=dtype),
        }

    def forward(self, params: Params, x: Array) -> Array:
        """Class probabilities, (n, 10)."""
        L0 = self.activation(x + params["b0"])
        return softmax(L0 @ params["w1"] + params["b1"])

    def losses(self, params: Params, x: Array, labels: Labels) -> Array:
        return self.loss_fn.value(self.forward(params, x), labels)

    def evaluate(
        self, params: Params, x: Array, labels: Labels, chunk: int = 2000
    ) -> tuple[float, float]:
        """Mean loss and accuracy over a whole split, in chunks to bound memory."""
        total_loss = 0.0
        correct = 0
        for start in range(0, len(labels), chunk):
            xs, ys = x[start : start + chunk], labels[start : start + chunk]
            output = self.forward(params, xs)
            total_loss += float(self.loss_fn.value(output, ys).sum())
            correct += int((output.argmax(axis=1) == ys).sum())
        n = max(len(labels), 1)
        return total_loss / n, correct / n

    def gradients(
        self, params: Params, x: Array, labels: Labels, overwrite_x: bool = False
    ) -> BatchGradients:
        """Fast path: batch-mean loss and its gradient, with no Jacobian formed.

        The softmax Jacobian applied to a vector g is s * (g - <g, s>). The tanh Jacobian is
        diagonal, so dL/db0[k] = sum_i f'(L0[i, k]) * sum_j dL1[i, j] * w1[k, j], which is
        row-sum(w1 * (f'(L0)^T . dL1)): a (784 x n) . (n x 10) product instead of an (n x 784)
        one. Inputs and parameters keep their dtype (float32 for training). With `overwrite_x`
        the caller gives up `x` (a float array of the parameters' dtype) to hold L0, saving a copy.
        """
        b0, w1, b1 = params["b0"], params["w1"], params["b1"]
        n = x.shape[0]
        L0 = np.add(x, b0, out=x) if overwrite_x else np.add(x, b0, dtype=b0.dtype)
        self.activation(L0, out=L0)
        # The products below are written transposed, (10 x 784) . (784 x n) rather than
        # (n x 784) . (784 x 10): the same numbers, but OpenBLAS runs that shape about 30% faster.
        w1T = np.ascontiguousarray(w1.T)
        L1 = (w1T @ L0.T).T
        L1 += b1
        s = softmax(L1)
        losses, g = self.loss_fn.value_and_gradient(s, labels)
        loss = float(losses.mean())
        g /= n  # dL/d(output) of the batch mean
        dL1 = s * (g - np.einsum("ij,ij->i", g, s)[:, None])
        dL1T = np.ascontiguousarray(dL1.T)
        grad_w1T = dL1T @ L0
        through_tanh = dL1T @ self.activation.derivative(L0, out=L0)  # L0 is not needed again
        grads = {
            "b0": np.einsum("jk,jk->k", w1T, through_tanh),
            "w1": np.ascontiguousarray(grad_w1T.T),
            "b1": dL1.sum(axis=0),
        }
        return BatchGradients(loss, grads, int((s.argmax(axis=1) == labels).sum()))

    def derive(self, params: Params, x: Array, label: int) -> Derivation:
        """Jacobian path for one sample, exactly as the tutorial writes the chain rule."""
        b0, w1, b1 = params["b0"], params["w1"], params["b1"]
        z = x + b0
        L0 = self.activation(z)
        L1 = L0 @ w1 + b1
        s = softmax(L1)
        y = np.zeros_like(s)
        y[label] = 1
        losses, dL_doutputs = self.loss_fn.value_and_gradient(s[None], np.array([label]))
        dL_doutput = dL_doutputs[0]
        jac = softmax_jacobian(s)
        dL_dL1 = jac.T @ dL_doutput
        tanh_derivative = self.activation.derivative(L0)
        return Derivation(
            x=x,
            z=z,
            L0=L0,
            L1=L1,
            output=s,
            y=y,
            loss=float(losses[0]),
            dL_doutput=dL_doutput,
            softmax_jacobian=jac,
            dL_dL1=dL_dL1,
            tanh_derivative=tanh_derivative,
            grad_b1=dL_dL1,
            grad_w1=np.outer(L0, dL_dL1),
            grad_b0=tanh_derivative * (w1 @ dL_dL1),
        )

    def jacobian_gradients(self, params: Params, x: Array, labels: Labels) -> BatchGradients:
        """Jacobian path for a batch: the mean of `derive` over its samples."""
        n = x.shape[0]
        total = 0.0
        correct = 0
        grads = {name: np.zeros_like(p) for name, p in params.items()}
        for xi, label in zip(x, labels, strict=True):
            d = self.derive(params, xi, int(label))
            total += d.loss
            correct += int(d.output.argmax() == label)
            for name, g in d.grads().items():
                grads[name] += g
        return BatchGradients(total / n, {name: g / n for name, g in grads.items()}, correct)


def build_model(config: ModelConfig | None = None) -> TutorialNet:
    return TutorialNet(config)
