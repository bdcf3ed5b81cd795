"""Synthetic training steps for the RunHistory and curves tests (importable: tests/ is on
sys.path through its conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

from gdstudio.core.training.reports import EpochMetrics, StepReport

#: (train loss, train accuracy, validation loss, validation accuracy) after epoch n
EpochValues = Callable[[int], tuple[float, float, float, float]]
#: (batch loss, batch accuracy, scheduled lr, batch size) of a step
StepValues = Callable[[int], tuple[float, float, float, int]]


def synthetic_reports(
    start: int,
    count: int,
    steps_per_epoch: int,
    step_values: StepValues,
    epoch_values: EpochValues,
    samples_per_second: float,
) -> list[StepReport]:
    """Steps `start`, `start + 1`, ... with `step_values(step)`; every `steps_per_epoch`-th
    ends epoch n = step / steps_per_epoch with `epoch_values(n)`. (Built positionally: the
    value tuples follow the fields of StepReport and EpochMetrics, in their order.)"""
    out = []
    for step in range(start, start + count):
        n, into_epoch = divmod(step, steps_per_epoch)
        end = None if into_epoch else EpochMetrics(n, step, *epoch_values(n), samples_per_second)
        out.append(StepReport(step, step / steps_per_epoch, *step_values(step), epoch_end=end))
    return out
