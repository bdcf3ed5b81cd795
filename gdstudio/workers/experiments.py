"""Comparison runs in a worker thread: a core `Comparison` stepped by a `ComparisonWorker`.

The same pattern as `gdstudio.workers.training` (both build on `gdstudio.workers.ticking`): the
GUI talks to `ComparisonController`, which owns the QThread and sends commands through queued
signals; while running, a zero-interval timer runs rounds (one step of every run, in turn) for
up to `TICK_SECONDS` (at a pace set by `set_pace`: one round a tick, the pace counting rounds)
and returns to the event loop, so commands apply between rounds. At most
every ``frame_interval_ms`` the worker sends a `ComparisonFrame` holding, for each run, the
steps since the last frame, copies of the parameters, and the snapshots taken for replay (one
every `set_snapshot_every` steps). When a comparison pauses or finishes, the frame with its
last steps is sent before `state_changed`, so whoever sees "finished" has every step already.

Each run trains its own network when `begin` is given one per run (e.g. the same network with
another loss), else the controller's.

Divergence does not pause a comparison: a run whose loss rises or whose accuracy falls to
chance trains on, so its curve shows what went wrong; a non-finite loss ends that run only.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal, Slot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, Params, TutorialNet
from gdstudio.core.training.experiments import Comparison
from gdstudio.core.training.replay import KeptSnapshot
from gdstudio.core.training.reports import StepReport
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.workers.ticking import (
    FINISHED,
    IDLE,
    RunState,
    Throughput,
    TickingController,
    TickingWorker,
)

__all__ = ["ComparisonController", "ComparisonFrame", "ComparisonWorker", "RunUpdate"]


@dataclass(frozen=True)
class RunUpdate:
    """One run's news since the previous frame; copies only."""

    steps: tuple[StepReport, ...]
    snapshots: tuple[KeptSnapshot, ...]  # kept for replay since the previous frame
    params: Params  # the run's parameters now
    done: bool


@dataclass(frozen=True)
class ComparisonFrame:
    comparison: int  # which comparison (frames of an earlier one may still arrive)
    runs: tuple[RunUpdate, ...]  # in the order of the configurations given to `begin`
    state: RunState
    samples_per_second: float  # all runs together, over about the last second


def _keep(trainer: Trainer) -> KeptSnapshot:
    params = {name: p.copy() for name, p in trainer.params.items()}
    return KeptSnapshot(
        trainer.step_count, trainer.epoch, trainer.base_lr, trainer.batch_size, params
    )


class ComparisonWorker(TickingWorker):
    """Steps a `Comparison`; lives in the worker thread, driven through queued signals.

    Its frames are `ComparisonFrame`s; a halt's frame goes out before its state change.
    """

    FRAME_BEFORE_STATE = True

    state_changed = Signal(int, str)  # comparison id, state

    _comparison: Comparison | None = None
    _id = 0
    # per run, from `begin` on:
    _pending: list[list[StepReport]]  # the steps since the previous frame
    _kept: list[list[KeptSnapshot]]  # the snapshots taken since the previous frame
    _last_kept: list[int]  # the step of the newest snapshot
    _every: list[int]  # a snapshot every this many steps

    @Slot(int, object, object, object)
    def begin(
        self,
        ident: int,
        dataset: Dataset,
        configs: list[TrainConfig],
        models: list[LayeredNet] | None = None,
    ) -> None:
        """A new comparison of `configs` (state idle), with a snapshot of each run's start;
        run i trains `models[i]` if given, else the worker's network."""
        self._timer.stop()
        self._comparison = Comparison(dataset, configs, self._model, models)
        self._id = ident
        self._state = FINISHED  # not idle, so that idle is announced for this comparison
        trainers = self._comparison.trainers
        self._pending = [[] for _ in trainers]
        self._kept = [[_keep(t)] for t in trainers]
        self._last_kept = [0 for _ in trainers]
        self._every = [1 for _ in trainers]
        self._throughput = Throughput()
        self._halt(IDLE)

    @Slot(int, int)
    def set_snapshot_every(self, run: int, every: int) -> None:
        """Snapshot run `run` every `every` steps from now on (its store was thinned)."""
        if 0 <= run < len(self._every):
            self._every[run] = max(every, 1)

    def _work(self) -> Comparison | None:
        return self._comparison

    def _run_once(self) -> float | None:
        """One round: a step of every run not done."""
        comparison = self._comparison
        assert comparison is not None
        started = time.perf_counter()
        reports = comparison.step()
        ended = time.perf_counter()
        self._throughput.add(ended, ended - started, sum(r.batch_size for _, r in reports))
        for run, report in reports:
            self._pending[run].append(report)
            if report.step >= self._last_kept[run] + self._every[run]:
                self._kept[run].append(_keep(comparison.trainers[run]))
                self._last_kept[run] = report.step
        if comparison.done:
            self._halt(FINISHED)
            return None
        return ended

    def _announce(self, state: RunState) -> None:
        self.state_changed.emit(self._id, state)

    def _make_frame(self) -> ComparisonFrame:
        comparison = self._comparison
        assert comparison is not None
        runs = []
        for i, trainer in enumerate(comparison.trainers):
            runs.append(
                RunUpdate(
                    steps=tuple(self._pending[i]),
                    snapshots=tuple(self._kept[i]),
                    params={name: p.copy() for name, p in trainer.params.items()},
                    done=trainer.done,
                )
            )
        for pending, kept in zip(self._pending, self._kept, strict=True):
            pending.clear()
            kept.clear()
        return ComparisonFrame(self._id, tuple(runs), self._state, self._throughput.rate)


class ComparisonController(TickingController):
    """The GUI-thread face of comparisons: owns the worker thread and forwards commands.

    `frame` carries the `ComparisonFrame`s of the current comparison only, `state_changed` its
    states. Call `shutdown` (e.g. from the view's owner on close) before the controller goes.
    """

    _begin = Signal(int, object, object, object)
    _set_snapshot_every = Signal(int, int)

    def __init__(
        self,
        parent: QObject | None = None,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model or TutorialNet()
        self._ids = itertools.count(1)
        self._current = 0
        worker = ComparisonWorker(frame_interval_ms, self._model)
        self._launch(
            worker,
            "gdstudio-comparison",
            (self._begin, worker.begin),
            (self._set_snapshot_every, worker.set_snapshot_every),
            (worker.frame, self._on_frame),
            (worker.state_changed, self._on_comparison_state),
        )

    @property
    def model(self) -> LayeredNet:
        """The network of every run of a comparison begun without networks of its own."""
        return self._model

    def begin(
        self,
        dataset: Dataset,
        configs: list[TrainConfig],
        models: Sequence[LayeredNet] | None = None,
    ) -> int:
        """Set up a new comparison (idle until `start`); returns its id, as in its frames.

        With `models`, run i trains `models[i]` (one per configuration), else `model`.
        """
        for config in configs:
            config.validate()
        if models is not None and len(models) != len(configs):
            raise ValueError(f"{len(models)} networks for {len(configs)} runs")
        self._current = next(self._ids)
        self._state = IDLE
        copies = [replace(c) for c in configs]
        nets = None if models is None else list(models)
        self._send(self._begin, self._current, dataset, copies, nets)
        return self._current

    def set_snapshot_every(self, run: int, every: int) -> None:
        self._send(self._set_snapshot_every, int(run), int(every))

    @Slot(object)
    def _on_frame(self, frame: ComparisonFrame) -> None:
        if self._closed or frame.comparison != self._current:
            return
        self._state = frame.state
        self.frame.emit(frame)

    @Slot(int, str)
    def _on_comparison_state(self, comparison: int, state: str) -> None:
        if comparison == self._current:
            self._on_state_changed(state)
