"""The tutorial's network and its gradients, computed two ways; and the networks beside it.

    L0 = tanh(x + b0)        x: (784,), b0: (784,)
    L1 = L0 . w1 + b1        w1: (784, 10), b1: (10,)
    output = softmax(L1)
    L = sum_k (y_k - output_k)^2

The *Jacobian path* (`derive`) follows the tutorial's derivation one sample at a time, forming
the 10x10 softmax Jacobian and the tanh derivative explicitly; the teaching views show it.
The *fast path* (`gradients`) does the same chain rule for a whole batch without forming any
Jacobian; training uses it. Both give the gradient of the batch-mean loss.

`ModelConfig` chooses the network: the tutorial's (the default, exactly as above; its
activation and loss may be switched), softmax regression ("linear": softmax(x . w1 + b1)) or
one hidden layer ("mlp", in `gdstudio.core.nn.mlp`). Every network is a `LayeredNet` (in
`gdstudio.core.nn.layered_net`, which all of them build on), with the same interface, so the
trainer, gradient check, checkpoints and sessions serve them all; `derive_layers` is the
Jacobian path of any of them, one block per layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdstudio.core.nn.functions import Array, Labels, softmax, softmax_jacobian
from gdstudio.core.nn.layered_net import (
    ARCHITECTURES,
    HIDDEN_RANGE,
    BatchGradients,
    ConfigError,
    LayeredNet,
    ModelConfig,
)
from gdstudio.core.nn.layers import SOFTMAX, Layer, Params, glorot_limit
from gdstudio.core.nn.mlp import MLPNet

__all__ = [
    "ARCHITECTURES",
    "HIDDEN_RANGE",
    "BatchGradients",
    "ConfigError",
    "Derivation",
    "LayeredNet",
    "LinearNet",
    "MLPNet",
    "ModelConfig",
    "Params",
    "TutorialNet",
    "build_model",
]


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


class TutorialNet(LayeredNet):
    """The network of the tutorial: tanh(x + b0), one dense layer, softmax."""

    architecture = "tutorial"
    param_names: tuple[str, ...] = ("b0", "w1", "b1")

    def _layers(self) -> tuple[Layer, ...]:
        return (Layer(None, "b0", self.config.activation), Layer("w1", "b1", SOFTMAX))

    @property
    def init_description(self) -> str:
        return "b0 = 0, b1 = 0; w1 uniform in ±√(6 / (784 + 10)) (Xavier/Glorot)"

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        n, k = self.config.inputs, self.config.classes
        return {"b0": (n,), "w1": (n, k), "b1": (k,)}

    def init_params(self, rng: np.random.Generator, dtype: type = np.float32) -> Params:
        """b0 and b1 at zero; w1 uniform in +-sqrt(6 / (fan_in + fan_out)) (Glorot)."""
        n, k = self.config.inputs, self.config.classes
        limit = glorot_limit(n, k)
        return {
            "b0": np.zeros(n, dtype=dtype),
            "w1": rng.uniform(-limit, limit, size=(n, k)).astype(dtype),
            "b1": np.zeros(k, dtype=dtype),
        }

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
        L0 = np.add(x, b0, out=x) if overwrite_x else np.add(x, b0, dtype=b0.dtype)
        self.activation(L0, out=L0)
        # The products below are written transposed, (10 x 784) . (784 x n) rather than
        # (n x 784) . (784 x 10): the same numbers, but OpenBLAS runs that shape about 30% faster.
        # The logits stay class-major, (n, 10) seen through a transpose: numpy reduces over the
        # 10 classes of each sample five times faster in that layout, and the loss keeps it.
        w1T = np.ascontiguousarray(w1.T)
        L1T = w1T @ L0.T
        L1T += b1[:, None]
        losses, s, dL1 = self.loss_fn.mean_gradient_from_logits(L1T.T, labels)
        dL1T = dL1.T  # C-contiguous: the loss keeps the layout it was given
        grad_w1 = L0.T @ dL1
        through_tanh = self.activation.left_times_derivative(dL1T, L0)  # L0 is not needed again
        grads = {
            "b0": np.einsum("jk,jk->k", w1T, through_tanh),
            "w1": grad_w1,
            "b1": dL1T.sum(axis=1),
        }
        correct = int(np.count_nonzero(s.T.argmax(axis=0) == labels))
        return BatchGradients(float(losses.sum()) / len(labels), grads, correct)

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

    def _sample(self, params: Params, x: Array, label: int) -> tuple[float, Array, Params]:
        """The tutorial's own derivation (`derive`) is its Jacobian path."""
        d = self.derive(params, x, label)
        return d.loss, d.output, d.grads()


class LinearNet(LayeredNet):
    """Softmax regression: softmax(x . w1 + b1), the tutorial's network without tanh(x + b0)."""

    architecture = "linear"
    param_names = ("w1", "b1")

    def _layers(self) -> tuple[Layer, ...]:
        return (Layer("w1", "b1", SOFTMAX),)

    @property
    def init_description(self) -> str:
        return "b1 = 0; w1 uniform in ±√(6 / (784 + 10)) (Xavier/Glorot)"

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        return {"w1": (self.config.inputs, self.config.classes), "b1": (self.config.classes,)}

    def init_params(self, rng: np.random.Generator, dtype: type = np.float32) -> Params:
        n, k = self.config.inputs, self.config.classes
        limit = glorot_limit(n, k)
        return {
            "w1": rng.uniform(-limit, limit, size=(n, k)).astype(dtype),
            "b1": np.zeros(k, dtype=dtype),
        }


def build_model(config: ModelConfig | None = None) -> LayeredNet:
    """The network `config` describes (the tutorial's by default)."""
    config = config or ModelConfig()
    config.validate()
    classes: dict[str, type[LayeredNet]] = {
        "tutorial": TutorialNet,
        "linear": LinearNet,
        "mlp": MLPNet,
    }
    return classes[config.architecture](config)
