"""What training reports: steps, finished epochs, warnings and snapshots.

Plain frozen values, safe to keep and to hand to any thread: the trainer makes them, the
workers send them to the views, sessions save them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from gdstudio.core.nn.model import Params


class EventKind(str, Enum):
    NONFINITE = "nonfinite"
    LOSS_RISING = "loss_rising"
    CHANCE_ACCURACY = "chance_accuracy"
    SATURATED = "saturated"
    TARGET_REACHED = "target_reached"


DIVERGENCE = frozenset(
    {EventKind.NONFINITE, EventKind.LOSS_RISING, EventKind.CHANCE_ACCURACY, EventKind.SATURATED}
)


@dataclass(frozen=True)
class TrainingEvent:
    kind: EventKind
    step: int
    epoch: float
    scheduled_lr: float  # the rate the step used (the base alpha times the schedule's factor)
    message: str  # plain English; the GUI words its own translated text from `kind`
    loss: float = math.nan
    best_loss: float = math.nan
    saturated_share: float = math.nan  # SATURATED: the share of the batch stuck wrong at 1.0

    @property
    def diverged(self) -> bool:
        return self.kind in DIVERGENCE


@dataclass(frozen=True)
class EpochMetrics:
    epoch: int  # epochs completed
    step: int
    train_loss: float
    train_accuracy: float
    valid_loss: float
    valid_accuracy: float
    samples_per_second: float  # training steps only, evaluation excluded


@dataclass(frozen=True)
class StepReport:
    step: int  # 1-based number of this step
    epoch: float  # fractional epochs done after it
    batch_loss: float
    batch_accuracy: float
    scheduled_lr: float  # the rate this step used (the base alpha times the schedule's factor)
    batch_size: int
    epoch_end: EpochMetrics | None = None
    events: tuple[TrainingEvent, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """A moment of training, holding copies: safe to keep and to send across threads."""

    step: int
    epoch: float
    base_lr: float  # the base alpha (the schedule multiplies it)
    batch_size: int
    params: Params
    history: tuple[EpochMetrics, ...]
    finished: bool
    #: indices into the training split of the last step's batch (None before the first step)
    last_batch: np.ndarray | None = None
