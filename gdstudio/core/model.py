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
one hidden layer ("mlp", in `gdstudio.core.mlp`). Every network is a `LayeredNet`, with the
same interface, so the trainer, gradient check, checkpoints and sessions serve them all;
`derive_layers` is the Jacobian path of any of them, one block per layer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, NamedTuple

import numpy as np

from gdstudio.core.functions import (
    ACTIVATIONS,
    LOSSES,
    Activation,
    Array,
    Labels,
    softmax,
    softmax_jacobian,
)
from gdstudio.core.layers import (
    SOFTMAX,
    Layer,
    LayeredDerivation,
    derive_layers,
    glorot_limit,
)
from gdstudio.core.layers import Params as Params  # re-exported: the type every module uses

ARCHITECTURES = ("tutorial", "linear", "mlp")
#: the hidden layer's width may be chosen in this range (inclusive)
HIDDEN_RANGE = (16, 512)


class BatchGradients(NamedTuple):
    loss: float  # mean over the batch
    grads: Params  # gradient of that mean
    correct: int  # samples the forward pass classified right


class ConfigError(ValueError):
    """A model configuration that GD Studio cannot build."""


@dataclass(frozen=True)
class ModelConfig:
    """Which network: `architecture` in ARCHITECTURES; `activation` is the hidden layer's
    (the tutorial's tanh(x + b0) for "tutorial", unused by "linear"); `hidden` is the width of
    the mlp's hidden layer (unused by the others); `loss` follows the softmax."""

    architecture: str = "tutorial"
    activation: str = "tanh"
    loss: str = "squared"
    inputs: int = 784
    classes: int = 10
    hidden: int = 100

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
        if self.architecture not in ARCHITECTURES:
            raise ConfigError(
                f"unknown architecture {self.architecture!r} (choose {', '.join(ARCHITECTURES)})"
            )
        if self.activation not in ACTIVATIONS:
            raise ConfigError(
                f"unknown activation {self.activation!r} (choose {', '.join(ACTIVATIONS)})"
            )
        if self.loss not in LOSSES:
            raise ConfigError(f"unknown loss {self.loss!r} (choose {', '.join(LOSSES)})")
        if self.inputs != 784 or self.classes != 10:
            raise ConfigError("the networks take 784 inputs and have 10 classes")
        low, high = HIDDEN_RANGE
        if isinstance(self.hidden, bool) or not isinstance(self.hidden, int):
            raise ConfigError(f"the hidden width must be a whole number, not {self.hidden!r}")
        if self.architecture == "mlp" and not low <= self.hidden <= high:
            raise ConfigError(f"the hidden layer has {low} to {high} units, not {self.hidden}")

    def canonical(self) -> ModelConfig:
        """The same network with the settings it does not use at their defaults.

        Two configurations build the same network exactly when their canonical forms are equal.
        """
        defaults = ModelConfig()
        config = self
        if self.architecture != "mlp":
            config = replace(config, hidden=defaults.hidden)
        if self.architecture == "linear":
            config = replace(config, activation=defaults.activation)
        return config

    def describe(self) -> str:
        """One line for messages, e.g. "mlp 784-100-10 (tanh, cross-entropy loss)"."""
        loss = self.loss.replace("_", "-") + " loss"
        if self.architecture == "linear":
            return f"softmax regression 784-10 ({loss})"
        if self.architecture == "mlp":
            return f"mlp 784-{self.hidden}-10 ({self.activation}, {loss})"
        return f"tutorial {self.activation}(x + b0) 784-10 ({loss})"


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


class LayeredNet:
    """What every network offers; a subclass gives its `layers`, shapes and initialisation.

    The fast path here is the general one, batched and float32-friendly; a subclass may
    replace it with one tuned to its shapes.
    """

    architecture: str = ""
    param_names: tuple[str, ...] = ()

    def __init__(self, config: ModelConfig | None = None) -> None:
        self.config = (config or ModelConfig(architecture=self.architecture)).canonical()
        self.config.validate()
        if self.config.architecture != self.architecture:
            raise ConfigError(
                f"{type(self).__name__} is the {self.architecture!r} network, "
                f"not {self.config.architecture!r}"
            )
        #: the hidden layers' activation (the tutorial's tanh by default)
        self.activation = ACTIVATIONS[self.config.activation]()
        self.loss_fn = LOSSES[self.config.loss]()
        self.layers = self._layers()

    def _layers(self) -> tuple[Layer, ...]:
        """The layers, input first; the last one is the softmax."""
        raise NotImplementedError

    @property
    def init_description(self) -> str:
        """How `init_params` draws the parameters, in words for the UI."""
        raise NotImplementedError

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        raise NotImplementedError

    def init_params(self, rng: np.random.Generator, dtype: type = np.float32) -> Params:
        raise NotImplementedError

    def _activation(self, layer: Layer) -> Activation:
        return self.activation  # every hidden layer has the configured activation

    def logits(self, params: Params, x: Array) -> Array:
        """The softmax's input, (n, 10)."""
        a = x
        for layer in self.layers:
            z = a @ params[layer.weight] if layer.weight else a
            z = z + params[layer.bias]
            if layer.activation == SOFTMAX:
                return z
            a = self._activation(layer)(z, out=z)
        raise AssertionError("the last layer is the softmax")

    def forward(self, params: Params, x: Array) -> Array:
        """Class probabilities, (n, 10)."""
        return softmax(self.logits(params, x))

    def losses(self, params: Params, x: Array, labels: Labels) -> Array:
        return self.loss_fn.value_from_logits(self.logits(params, x), labels)

    def evaluate(
        self, params: Params, x: Array, labels: Labels, chunk: int = 2000
    ) -> tuple[float, float]:
        """Mean loss and accuracy over a whole split, in chunks to bound memory."""
        total_loss = 0.0
        correct = 0
        for start in range(0, len(labels), chunk):
            xs, ys = x[start : start + chunk], labels[start : start + chunk]
            logits = self.logits(params, xs)
            total_loss += float(self.loss_fn.value_from_logits(logits, ys).sum())
            correct += int((softmax(logits).argmax(axis=1) == ys).sum())
        n = max(len(labels), 1)
        return total_loss / n, correct / n

    def gradients(
        self, params: Params, x: Array, labels: Labels, overwrite_x: bool = False
    ) -> BatchGradients:
        """Fast path: batch-mean loss and its gradient, with no Jacobian formed.

        Backwards through each layer: dL/dW = a_in^T . delta, dL/db = column sums of delta,
        and delta for the layer below is (delta . W^T) * f'(a_in), f' written from the
        activation's output and computed in place over it. With `overwrite_x` the caller gives
        up `x` (a float array of the parameters' dtype).
        """
        posts = [x]
        a = x
        for layer in self.layers[:-1]:
            if layer.weight:
                z = a @ params[layer.weight]
                z += params[layer.bias]
            else:
                b = params[layer.bias]
                z = np.add(a, b, out=a) if overwrite_x and a is x else np.add(a, b, dtype=b.dtype)
            a = self._activation(layer)(z, out=z)
            posts.append(a)
        last = self.layers[-1]
        logits = a @ params[last.weight] if last.weight else a.copy()
        logits += params[last.bias]
        losses, s, delta = self.loss_fn.mean_gradient_from_logits(logits, labels)
        grads: Params = {}
        for i in range(len(self.layers) - 1, -1, -1):
            layer, a_in = self.layers[i], posts[i]
            if layer.weight:
                grads[layer.weight] = a_in.T @ delta
            grads[layer.bias] = delta.sum(axis=0)
            if i == 0:
                break
            upstream = delta @ params[layer.weight].T if layer.weight else delta.copy()
            upstream *= self._activation(self.layers[i - 1]).derivative(a_in, out=a_in)
            delta = upstream
        ordered = {name: grads[name] for name in self.param_names}
        return BatchGradients(float(losses.mean()), ordered, int((s.argmax(1) == labels).sum()))

    def derive_layers(self, params: Params, x: Array, label: int) -> LayeredDerivation:
        """Jacobian path for one sample, one block per layer (for the derivation view)."""
        return derive_layers(self.layers, params, x, label, self.loss_fn)

    def jacobian_gradients(self, params: Params, x: Array, labels: Labels) -> BatchGradients:
        """Jacobian path for a batch: the mean of the per-sample chain rule over its samples."""
        n = x.shape[0]
        total = 0.0
        correct = 0
        grads = {name: np.zeros_like(p) for name, p in params.items()}
        for xi, label in zip(x, labels, strict=True):
            loss, output, sample_grads = self._sample(params, xi, int(label))
            total += loss
            correct += int(output.argmax() == label)
            for name, g in sample_grads.items():
                grads[name] += g
        return BatchGradients(total / n, {name: g / n for name, g in grads.items()}, correct)

    def _sample(self, params: Params, x: Array, label: int) -> tuple[float, Array, Params]:
        """One sample's loss, output and gradients by the Jacobian path."""
        d = self.derive_layers(params, x, label)
        return d.loss, d.output, d.grads()


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
    from gdstudio.core.mlp import MLPNet  # mlp builds on this module

    config = config or ModelConfig()
    config.validate()
    classes: dict[str, type[LayeredNet]] = {
        "tutorial": TutorialNet,
        "linear": LinearNet,
        "mlp": MLPNet,
    }
    return classes[config.architecture](config)
