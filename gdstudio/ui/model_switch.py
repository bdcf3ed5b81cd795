"""What views share when the network is switched (`set_model`).

After the user picks another network, frames of the old one may still be on their way; a
view that draws parameters drops every frame whose parameters do not fit its model.
"""

from __future__ import annotations

from gdstudio.core.nn.model import LayeredNet, Params

__all__ = ["params_fit"]


def params_fit(model: LayeredNet, params: Params) -> bool:
    """True when `params` has exactly the model's parameter names and shapes."""
    shapes = model.param_shapes()
    return set(params) == set(shapes) and all(
        params[name].shape == shape for name, shape in shapes.items()
    )
