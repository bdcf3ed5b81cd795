"""Networks as a stack of layers, and the Jacobian path for any such stack.

Each layer computes z = a_in . W + b (or z = a_in + b when it has no weight, like the
tutorial's first layer tanh(x + b0)) and then a = f(z). The last layer's f is the softmax, and
a loss compares its output with the label. The Jacobian path runs the chain rule backwards one
layer at a time for one sample, forming each activation's Jacobian explicitly:

    dL/dz = J^T . dL/da       J = diag(f'(z)) for an elementwise f, diag(s) - s s^T for softmax
    dL/dW = a_in (outer) dL/dz,   dL/db = dL/dz,   dL/da_in = W . dL/dz  (= dL/dz with no W)

`LayeredDerivation` keeps every one of these numbers, one `LayerBlock` per layer, for the
derivation view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdstudio.core.nn.functions import ACTIVATIONS, Array, Loss, softmax, softmax_jacobian

Params = dict[str, Array]

#: the output layer's activation
SOFTMAX = "softmax"


@dataclass(frozen=True)
class Layer:
    """z = a_in . weight + bias (or a_in + bias when `weight` is None), then a = f(z)."""

    weight: str | None  # the weight parameter's name
    bias: str  # the bias parameter's name
    activation: str  # a name in ACTIVATIONS, or SOFTMAX


@dataclass(frozen=True)
class LayerBlock:
    """One layer's share of the chain rule, for one sample."""

    layer: Layer
    input: Array  # a_in
    pre: Array  # z
    post: Array  # a = f(z)
    jacobian: Array  # da/dz: its diagonal f'(z) (k,) if elementwise, the full (k, k) for softmax
    dL_dpost: Array  # dL/da, from the layer above (or the loss)
    dL_dpre: Array  # dL/dz = J^T . dL/da
    grads: Params  # dL/dW = a_in (outer) dL/dz (if there is a W), dL/db = dL/dz

    @property
    def diagonal(self) -> bool:
        """True when the Jacobian is diagonal and `jacobian` holds only its diagonal."""
        return self.jacobian.ndim == 1


@dataclass(frozen=True)
class LayeredDerivation:
    """Every quantity of the chain rule for one sample, one block per layer (input first)."""

    x: Array
    y: Array  # one-hot label
    loss: float
    loss_name: str
    dL_doutput: Array  # the loss's gradient with respect to the output probabilities
    blocks: tuple[LayerBlock, ...]

    @property
    def output(self) -> Array:
        return self.blocks[-1].post

    def grads(self) -> Params:
        return {name: g for block in self.blocks for name, g in block.grads.items()}


def derive_layers(
    layers: tuple[Layer, ...], params: Params, x: Array, label: int, loss: Loss
) -> LayeredDerivation:
    """The Jacobian path for one sample through `layers` (see the module docstring)."""
    inputs, pres, posts = [], [], []
    a = x
    for layer in layers:
        inputs.append(a)
        z = (a @ params[layer.weight] if layer.weight else a) + params[layer.bias]
        a = softmax(z) if layer.activation == SOFTMAX else ACTIVATIONS[layer.activation]()(z)
        pres.append(z)
        posts.append(a)
    y = np.zeros_like(a)
    y[label] = 1
    losses, dL_doutputs = loss.value_and_gradient(a[None], np.array([label]))
    upstream = dL_doutputs[0]
    blocks: list[LayerBlock] = []
    for layer, a_in, z, a in zip(layers[::-1], inputs[::-1], pres[::-1], posts[::-1], strict=True):
        if layer.activation == SOFTMAX:
            jacobian = softmax_jacobian(a)
            delta = jacobian.T @ upstream
        else:
            jacobian = ACTIVATIONS[layer.activation]().derivative(a)
            delta = jacobian * upstream
        grads = {layer.bias: delta}
        if layer.weight:
            grads = {layer.weight: np.outer(a_in, delta), **grads}
        blocks.append(LayerBlock(layer, a_in, z, a, jacobian, upstream, delta, grads))
        upstream = params[layer.weight] @ delta if layer.weight else delta
    return LayeredDerivation(
        x=x,
        y=y,
        loss=float(losses[0]),
        loss_name=loss.name,
        dL_doutput=dL_doutputs[0],
        blocks=tuple(blocks[::-1]),
    )


def glorot_limit(fan_in: int, fan_out: int) -> float:
    """Xavier/Glorot uniform: U(±sqrt(6 / (fan_in + fan_out))) keeps activations' variance."""
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def he_limit(fan_in: int) -> float:
    """He uniform: U(±sqrt(6 / fan_in)), variance 2 / fan_in, for ReLU (which zeroes half)."""
    return float(np.sqrt(6.0 / fan_in))
