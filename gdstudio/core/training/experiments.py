"""Comparison runs: a few trainers that differ in one setting, stepped in turn.

Every run of a comparison is a `Trainer` with the same seed (unless the seed is the setting
that varies), so they start from the same initial parameters and see the training samples in
the same shuffled order each epoch: with a different batch size the same order is cut into
batches of another size. The only difference between the runs is the setting compared.

Two comparisons are one click each (`loss_comparison`, `optimizer_comparison`): squared error
against cross-entropy (each run with its own network, which differs only in the loss), and
plain gradient descent against Adam.

Runs are stepped interleaved, one step each in turn, so their curves grow together. A run that
diverges goes on (a saturated run is part of the lesson) unless its loss became non-finite,
which ends it; its divergence events are kept so the views can name the runs that went wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.files.session_model import SessionRun
from gdstudio.core.nn.model import LayeredNet, ModelConfig, TutorialNet, build_model
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import (
    DEFAULT_BUDGET_BYTES,
    KeptSnapshot,
    SnapshotStore,
    share_budget,
)
from gdstudio.core.training.reports import StepReport, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig, Trainer

__all__ = [
    "ALPHA_RACE",
    "MAX_RUNS",
    "MIN_RUNS",
    "SETTINGS",
    "Comparison",
    "ComparisonPlan",
    "SweepResult",
    "comparison_configs",
    "loss_comparison",
    "optimizer_comparison",
    "parse_values",
    "record",
    "run_name",
    "sweep",
]

#: the settings a comparison may vary, as `TrainConfig` field names
SETTINGS = ("lr", "batch_size", "seed")
MIN_RUNS = 2
MAX_RUNS = 6
#: slow, good, unstable and saturated on the tutorial's network
ALPHA_RACE = (0.1, 1.0, 10.0, 30.0)


def parse_values(setting: str, text: str) -> list[float] | list[int]:
    """The values typed for `setting`, e.g. "0.1, 1, 10, 30"; ValueError saying what is wrong."""
    if setting not in SETTINGS:
        raise ValueError(f"cannot vary {setting!r}: choose from {', '.join(SETTINGS)}")
    words = [w for w in text.replace(";", ",").replace(" ", ",").split(",") if w]
    if setting == "lr":
        try:
            return [float(w) for w in words]
        except ValueError:
            raise ValueError(f"{text!r}: learning rates must be numbers") from None
    try:
        return [int(w) for w in words]
    except ValueError:
        name = setting.replace("_", " ")
        raise ValueError(f"{text!r}: {name} values must be whole numbers") from None


def comparison_configs(
    base: TrainConfig, setting: str, values: Sequence[float]
) -> list[TrainConfig]:
    """One configuration per value of `setting`, the rest as in `base`: 2 to 6 distinct values."""
    if setting not in SETTINGS:
        raise ValueError(f"cannot vary {setting!r}: choose from {', '.join(SETTINGS)}")
    if not MIN_RUNS <= len(values) <= MAX_RUNS:
        raise ValueError(f"a comparison has {MIN_RUNS} to {MAX_RUNS} runs, not {len(values)}")
    if len(set(values)) != len(values):
        raise ValueError("the values compared must differ from each other")
    configs = []
    for value in values:
        if setting == "lr":
            config = replace(base, lr=float(value))
        elif setting == "batch_size":
            config = replace(base, batch_size=int(value))
        else:
            config = replace(base, seed=int(value))
        config.validate()
        if config.seed < 0:
            raise ValueError(f"a seed is 0 or more, not {config.seed}")
        configs.append(config)
    return configs


def run_name(setting: str, config: TrainConfig) -> str:
    """A run's name from the value of the setting compared, e.g. "α = 0.1" or "batch 50"."""
    if setting == "lr":
        return f"α = {config.lr:g}"
    return f"{setting.replace('_size', '')} {getattr(config, setting)}"


#: Adam's alpha in `optimizer_comparison`: its steps are about alpha per coordinate, so the
#: tutorial's alpha = 1 would throw it far off; 0.01 learns well on every network here
ADAM_LR = 0.01


@dataclass(frozen=True)
class ComparisonPlan:
    """The runs of a one-click comparison: a name, a network and a configuration each."""

    names: tuple[str, ...]
    models: tuple[ModelConfig, ...]
    configs: tuple[TrainConfig, ...]

    def build(self, dataset: Dataset) -> Comparison:
        return Comparison(dataset, self.configs, models=[build_model(m) for m in self.models])


def loss_comparison(model: ModelConfig, base: TrainConfig) -> ComparisonPlan:
    """Squared error against cross-entropy: the same network, start and batches otherwise."""
    losses = (("squared error", "squared"), ("cross-entropy", "cross_entropy"))
    return ComparisonPlan(
        names=tuple(name for name, _ in losses),
        models=tuple(replace(model, loss=loss) for _, loss in losses),
        configs=(replace(base), replace(base)),
    )


def optimizer_comparison(model: ModelConfig, base: TrainConfig) -> ComparisonPlan:
    """Plain gradient descent at `base.lr` against Adam at ADAM_LR, on the same network."""
    return ComparisonPlan(
        names=(f"SGD, α = {base.lr:g}", f"Adam, α = {ADAM_LR:g}"),
        models=(model, model),
        configs=(replace(base, optimizer="sgd"), replace(base, optimizer="adam", lr=ADAM_LR)),
    )


class Comparison:
    """Trainers stepped in turn; run `i` is `trainers[i]`, made from `configs[i]`.

    Every run trains `model` (the tutorial's by default), or with `models`, run `i` trains
    `models[i]` (e.g. the same network with another loss).
    """

    def __init__(
        self,
        dataset: Dataset,
        configs: Sequence[TrainConfig],
        model: LayeredNet | None = None,
        models: Sequence[LayeredNet] | None = None,
    ) -> None:
        if not configs:
            raise ValueError("a comparison needs at least one run")
        if models is not None and len(models) != len(configs):
            raise ValueError(f"{len(models)} networks for {len(configs)} runs")
        self.model = model or (models[0] if models else TutorialNet())
        self.models = list(models) if models is not None else [self.model] * len(configs)
        self.trainers = [
            Trainer(dataset, replace(c), m) for c, m in zip(configs, self.models, strict=True)
        ]
        self.events: list[list[TrainingEvent]] = [[] for _ in configs]

    def __len__(self) -> int:
        return len(self.trainers)

    @property
    def done(self) -> bool:
        return all(t.done for t in self.trainers)

    def diverged(self, run: int) -> bool:
        return any(e.diverged for e in self.events[run])

    def step(self) -> list[tuple[int, StepReport]]:
        """One step of every run that is not done, in run order: (run index, report) pairs."""
        reports = []
        for i, trainer in enumerate(self.trainers):
            if trainer.done:
                continue
            report = trainer.step()
            self.events[i].extend(report.events)
            reports.append((i, report))
        return reports

    def run(self) -> Iterator[list[tuple[int, StepReport]]]:
        """Rounds of `step()` until every run is done."""
        while not self.done:
            yield self.step()

    def stop(self) -> None:
        for trainer in self.trainers:
            trainer.stop()


def record(
    comparison: Comparison,
    names: Sequence[str],
    budget_bytes: int = DEFAULT_BUDGET_BYTES,
    origin: str = "compare",
) -> tuple[SessionRun, ...]:
    """Train `comparison` to its end and return its runs as a session holds them.

    Every step is recorded, and a snapshot kept every step within `budget_bytes` shared by
    the runs (thinned as needed), as the compare view does; for screenshots and benchmarks.
    """
    histories = [RunHistory() for _ in comparison.trainers]
    stores = [SnapshotStore() for _ in comparison.trainers]
    share_budget(stores, budget_bytes)
    for store, trainer in zip(stores, comparison.trainers, strict=True):
        store.add(_keep(trainer))
    for reports in comparison.run():
        for i, report in reports:
            histories[i].add_steps([report])
            if stores[i].due(report.step):
                stores[i].add(_keep(comparison.trainers[i]))
    return tuple(
        SessionRun.capture(name, t.config, t.params, h, s, comparison.events[i], origin=origin)
        for i, (name, t, h, s) in enumerate(
            zip(names, comparison.trainers, histories, stores, strict=True)
        )
    )


def _keep(trainer: Trainer) -> KeptSnapshot:
    """The trainer's parameters now: they are never written into (each step makes new ones)."""
    t = trainer
    return KeptSnapshot(t.step_count, t.epoch, t.base_lr, t.batch_size, t.params)


@dataclass(frozen=True)
class SweepResult:
    lr: float
    valid_accuracy: float  # after the last epoch
    test_accuracy: float  # of the final parameters
    final_loss: float  # mean loss on the whole training split after the last epoch
    diverged: bool  # a divergence event (saturated, loss rising, at chance, non-finite) happened
    warnings: tuple[str, ...] = ()  # the messages of the run's divergence events, in order

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: a loss that is not finite becomes None (JSON has no NaN)."""
        return {
            "lr": self.lr,
            "valid_accuracy": self.valid_accuracy,
            "test_accuracy": self.test_accuracy,
            "final_loss": self.final_loss if math.isfinite(self.final_loss) else None,
            "diverged": self.diverged,
            "warnings": list(self.warnings),
        }


def sweep(
    dataset: Dataset,
    lrs: Sequence[float],
    epochs: int = 3,
    batch_size: int = 100,
    seed: int = 0,
    model: LayeredNet | None = None,
    progress: Callable[[int, StepReport], None] | None = None,
    base: TrainConfig | None = None,
) -> list[SweepResult]:
    """Train one run per learning rate as a comparison; `progress(run, report)` after each step.

    `base` gives the other settings (optimizer, weight decay, schedule); epochs, batch size
    and seed are the arguments'.
    """
    if not lrs:
        raise ValueError("a sweep needs at least one learning rate")
    base = replace(base or TrainConfig(), batch_size=batch_size, epochs=epochs, seed=seed)
    comparison = Comparison(dataset, [replace(base, lr=float(lr)) for lr in lrs], model)
    for reports in comparison.run():
        if progress is not None:
            for run, report in reports:
                progress(run, report)
    results = []
    for i, trainer in enumerate(comparison.trainers):
        if trainer.history:
            last = trainer.history[-1]
            final_loss, valid_accuracy = last.train_loss, last.valid_accuracy
        else:
            final_loss = trainer.evaluate("train")[0]
            valid_accuracy = trainer.evaluate("valid")[1]
        results.append(
            SweepResult(
                lr=trainer.config.lr,
                valid_accuracy=valid_accuracy,
                test_accuracy=trainer.evaluate("test")[1],
                final_loss=final_loss,
                diverged=comparison.diverged(i),
                warnings=tuple(e.message for e in comparison.events[i] if e.diverged),
            )
        )
    return results
