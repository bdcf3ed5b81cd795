"""`gdstudio surface`: the loss over two scalars of the network, as a JSON-ready report.

Any network, through the one `ParameterSlice` interface (`network_slice`).
Without a checkpoint the parameters are those after one epoch of training (for the tutorial's
network alpha = 1, batch 100, seed 0, about a quarter of a second): a surface at
initialisation, with b0 and b1 at zero, would show little.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.param_refs import ParamRef, parse_pair
from gdstudio.core.surfaces.descent import DescentPath, Grid
from gdstudio.core.surfaces.surface import default_half_span, evaluation_data, network_slice
from gdstudio.core.training.trainer import TrainConfig, Trainer


@dataclass(frozen=True)
class PairReport:
    """What `gdstudio surface` prints."""

    pair: tuple[ParamRef, ParamRef]
    grid: Grid
    center_loss: float
    model_loss: float
    seconds: float
    path: DescentPath | None

    def summary(self) -> list[str]:
        """Plain lines for the terminal."""
        first, second = self.pair
        lines = [
            f"loss over {first} and {second}: {len(self.grid.xs)} x {len(self.grid.ys)} grid, "
            f"half-span {(self.grid.xs[-1] - self.grid.xs[0]) / 2:g}, {self.seconds:.3f} s",
            f"centre {self.center_loss:.6f} (the model's own loss there: {self.model_loss:.6f}), "
            f"lowest on the grid {float(self.grid.values.min()):.6f}",
        ]
        if self.path is not None:
            end = self.path.points[-1]
            state = f"diverged ({self.path.reason})" if self.path.diverged else self.path.status
            lines.append(
                f"descent, alpha = {self.path.lr:g}: {self.path.steps} steps to "
                f"{first} = {end[0]:.6f}, {second} = {end[1]:.6f}, loss "
                f"{float(self.path.losses[-1]):.6f}, {state}"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        path = (
            []
            if self.path is None
            else [
                [float(a), float(b), float(loss)]
                for (a, b), loss in zip(self.path.points, self.path.losses, strict=True)
            ]
        )
        return {
            "pair": [ref.key for ref in self.pair],
            "grid": len(self.grid.xs),
            "span": float(self.grid.xs[-1] - self.grid.xs[0]) / 2,
            "center_loss": self.center_loss,
            "model_loss": self.model_loss,
            "min_loss": float(self.grid.values.min()),
            "seconds": self.seconds,
            "path": path,
            "diverged": bool(self.path is not None and self.path.diverged),
        }


def starting_params(
    dataset: Dataset, model: LayeredNet | None = None, train: TrainConfig | None = None
) -> Params:
    """The parameters surfaces are shown at when none are given: one epoch of `train` (default
    the tutorial's: alpha = 1, batch 100, seed 0) on `model` (default the tutorial's)."""
    trainer = Trainer(dataset, replace(train or TrainConfig(), epochs=1), model)
    for _ in trainer.run():
        pass
    return trainer.params


def pair_report(
    model: LayeredNet,
    params: Params,
    dataset: Dataset,
    pair_text: str,
    n: int = 101,
    half_span: float | None = None,
    data: str = "train",
    descend_steps: int = 0,
    lr: float = 1.0,
) -> PairReport:
    """The surface of two scalars (float64) and, with `descend_steps`, a descent on them."""
    pair = parse_pair(pair_text, model.param_shapes())
    x, labels = evaluation_data(dataset, data)
    started = time.perf_counter()
    surface = network_slice(model, params, pair, x, labels)
    centre_value, gradient = surface.value_and_gradient(surface.centre)
    span = half_span if half_span is not None else default_half_span(gradient)
    grid = surface.grid(span, n, np.float64)
    seconds = time.perf_counter() - started
    p64 = {name: np.asarray(v, dtype=np.float64) for name, v in params.items()}
    model_loss = float(model.losses(p64, x, labels).mean())
    centre = grid.nearest(*surface.centre)
    assert centre is not None
    path = surface.descent(lr, span).run(descend_steps) if descend_steps else None
    return PairReport(pair, grid, float(grid.values[centre]), model_loss, seconds, path)
