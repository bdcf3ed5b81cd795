"""Runs the lessons' scenarios once per test session: each is a full training run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import Params
from gdstudio.core.training.reports import StepReport
from gdstudio.core.training.trainer import TrainConfig, Trainer


@dataclass
class Run:
    trainer: Trainer
    reports: list[StepReport]
    changed: list[int]  # parameters a step changed, per step

    @property
    def losses(self) -> list[float]:
        return [r.batch_loss for r in self.reports]

    @property
    def params(self) -> Params:
        return self.trainer.params


def train(dataset: Dataset, **settings: object) -> Run:
    trainer = Trainer(dataset, TrainConfig(**settings))  # type: ignore[arg-type]
    reports, changed = [], []
    before = trainer.params
    for report in trainer.run():
        reports.append(report)
        changed.append(sum(int(np.count_nonzero(trainer.params[k] != before[k])) for k in before))
        before = trainer.params
    return Run(trainer, reports, changed)


@pytest.fixture(scope="session")
def alpha_50(embedded: Dataset) -> Run:
    return train(embedded, lr=50.0, epochs=2)


@pytest.fixture(scope="session")
def one_epoch(embedded: Dataset) -> Run:
    return train(embedded, lr=1.0, epochs=1)


@pytest.fixture(scope="session")
def five_epochs(embedded: Dataset) -> Run:
    return train(embedded, lr=1.0, epochs=5)
