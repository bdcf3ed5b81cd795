"""What every network is: `ModelConfig`, which chooses one, and `LayeredNet`, the interface the
trainer, gradient check, checkpoints and sessions serve (the networks are in
`gdstudio.core.nn.model` and `gdstudio.core.nn.mlp`).

A network is a stack of layers (`gdstudio.core.nn.layers`); `LayeredNet` gives the general fast
path (`gradients`, batched) and the general Jacobian path (`derive_layers`, one block per layer).
It lives apart from the networks so that they can all build on it and `build_model` can know them
all without an import cycle.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, NamedTuple

import numpy as np

from gdstudio.core.nn.functions import (
    ACTIVATIONS,
    LOSSES,
    Activation,
    Array,
    Labels,
    softmax,
)
from gdstudio.core.nn.layers import SOFTMAX, Layer, LayeredDerivation, Params, derive_layers

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
