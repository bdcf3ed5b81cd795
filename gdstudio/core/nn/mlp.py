"""One hidden layer: 784 -> H -> 10, the first step beyond the tutorial's network.

    h = f(x . w1 + b1)       w1: (784, H), b1: (H,), f = tanh, sigmoid or ReLU
    output = softmax(h . w2 + b2)       w2: (H, 10), b2: (10,)

The Jacobian path is the general one of `gdstudio.core.nn.layers` (two blocks); so is the fast
path (`LayeredNet.gradients`): for H = 100 its products x . w1 and x^T . delta already run in
the shape OpenBLAS does fastest (measured: the transposed forms TutorialNet uses for its 10
columns are 15-50% slower here), and it works in place where it can.
"""

from __future__ import annotations

import numpy as np

from gdstudio.core.nn.layered_net import LayeredNet
from gdstudio.core.nn.layers import SOFTMAX, Layer, Params, glorot_limit, he_limit


class MLPNet(LayeredNet):
    """784 -> H -> 10 with the configured activation, then softmax."""

    architecture = "mlp"
    param_names = ("w1", "b1", "w2", "b2")

    def _layers(self) -> tuple[Layer, ...]:
        return (Layer("w1", "b1", self.config.activation), Layer("w2", "b2", SOFTMAX))

    @property
    def init_description(self) -> str:
        h, activation = self.config.hidden, self.config.activation
        if activation == "relu":
            first = "w1 uniform in ±√(6 / 784) (He, for ReLU)"
        else:
            first = f"w1 uniform in ±√(6 / (784 + {h})) (Xavier/Glorot, for {activation})"
        return f"b1 = 0, b2 = 0; {first}; w2 uniform in ±√(6 / ({h} + 10)) (Xavier/Glorot)"

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        n, h, k = self.config.inputs, self.config.hidden, self.config.classes
        return {"w1": (n, h), "b1": (h,), "w2": (h, k), "b2": (k,)}

    def init_params(self, rng: np.random.Generator, dtype: type = np.float32) -> Params:
        """Biases at zero; w1 fits the activation (He for ReLU, else Glorot); w2 Glorot."""
        n, h, k = self.config.inputs, self.config.hidden, self.config.classes
        first = he_limit(n) if self.config.activation == "relu" else glorot_limit(n, h)
        second = glorot_limit(h, k)
        return {
            "w1": rng.uniform(-first, first, size=(n, h)).astype(dtype),
            "b1": np.zeros(h, dtype=dtype),
            "w2": rng.uniform(-second, second, size=(h, k)).astype(dtype),
            "b2": np.zeros(k, dtype=dtype),
        }
