"""Helpers shared by the tests of the views that inspect the network (data, weights, draw and
the others; importable: tests/ is on sys.path through its conftest.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import Params, build_model
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.reports import StepReport
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.workers.training import PAUSED, RUNNING, TrainingFrame


def frame_from(
    trainer: Trainer, steps: Sequence[StepReport] = (), state: str = RUNNING
) -> TrainingFrame:
    """What the training worker would send now: the trainer's snapshot and the new steps."""
    return TrainingFrame(
        snapshot=trainer.snapshot(),
        steps=tuple(steps),
        samples_per_second=0.0,
        state=state,
        total_epochs=trainer.config.epochs,
        best_available=trainer.step_count > 0,
    )


def trained_trainer(dataset: Dataset, steps: int, seed: int = 0) -> Trainer:
    """A trainer `steps` batches into a run (80 steps are one epoch of the embedded data)."""
    trainer = Trainer(dataset, TrainConfig(epochs=100, seed=seed))
    for _ in range(steps):
        trainer.step()
    return trainer


def preset_trainer(dataset: Dataset, name: str, steps: int) -> Trainer:
    """A trainer of the preset's network and training settings, `steps` batches in."""
    p = PRESETS[name]
    trainer = Trainer(dataset, p.train_config(), build_model(p.model))
    for _ in range(steps):
        trainer.step()
    return trainer


def params_frame(trainer: Trainer, params: Params) -> TrainingFrame:
    """A paused frame of `trainer` carrying other parameters (e.g. with a planted pattern)."""
    trainer.params = {name: np.array(p, dtype=np.float32) for name, p in params.items()}
    return frame_from(trainer, state=PAUSED)
