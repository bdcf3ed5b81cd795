"""Comparison runs in a worker thread: a core `Comparison` stepped by a `ComparisonWorker`.

The same pattern as `gdstudio.workers.training`: the GUI talks to `ComparisonController`, which
owns the QThread and sends commands through queued signals; while running, a zero-interval
timer runs rounds (one step of every run, in turn) for up to `TICK_SECONDS` and returns to the
event loop, so commands apply between rounds. At most every ``frame_interval_ms`` the worker
sends a `ComparisonFrame` holding, for each run, the steps since the last frame, copies of the
parameters, and the snapshots taken for replay (one every `set_snapshot_every` steps). When
a comparison pauses or finishes, the frame with its last steps is sent before `state_changed`,
so whoever sees "finished" has every step already.

Each run trains its own network when `begin` is given one per run (e.g. the same network with
another loss), else the controller's.

Divergence does not pause a comparison: a run whose loss rises or whose accuracy falls to
chance trains on, so its curve shows what went wrong; a non-finite loss ends that run only.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from gdstudio.core.datasets import Dataset
from gdstudio.core.experiments import Comparison
from gdstudio.core.model import LayeredNet, Params, TutorialNet
from gdstudio.core.replay import KeptSnapshot
from gdstudio.core.trainer import StepReport, TrainConfig, Trainer
from gdstudio.workers.threads import join_worker, start_worker
from gdstudio.workers.training import (
    FINISHED,
    IDLE,
    PAUSED,
    RUNNING,
    TICK_SECONDS,
    _Throughput,
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
    state: str  # "idle" | "running" | "paused" | "finished"
    samples_per_second: float  # all runs together, over about the last second


def _keep(trainer: Trainer) -> KeptSnapshot:
    params = {name: p.copy() for name, p in trainer.params.items()}
    return KeptSnapshot(trainer.step_count, trainer.epoch, trainer.lr, trainer.batch_size, params)


class ComparisonWorker(QObject):
    """Steps a `Comparison`; lives in the worker thread, driven through queued signals."""

    frame = Signal(object)  # ComparisonFrame
    state_changed = Signal(int, str)  # comparison id, state

    def __init__(
        self,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._interval = max(frame_interval_ms, 0) / 1000
        self._model = model
        self._comparison: Comparison | None = None
        self._id = 0
        self._state = IDLE
        self._pending: list[list[StepReport]] = []
        self._kept: list[list[KeptSnapshot]] = []  # taken since the previous frame
        self._last_kept: list[int] = []  # step of each run's newest snapshot
        self._every: list[int] = []
        self._throughput = _Throughput()
        self._last_frame_at = -math.inf
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

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
        self._state = ""  # so that the idle state below is announced for this comparison
        trainers = self._comparison.trainers
        self._pending = [[] for _ in trainers]
        self._kept = [[_keep(t)] for t in trainers]
        self._last_kept = [0 for _ in trainers]
        self._every = [1 for _ in trainers]
        self._throughput = _Throughput()
        self._halt(IDLE)

    @Slot()
    def start(self) -> None:
        """Run from idle or paused; nothing when finished or already running."""
        if self._comparison is None or self._state in (RUNNING, FINISHED):
            return
        self._set_state(RUNNING)
        self._timer.start()

    @Slot()
    def pause(self) -> None:
        if self._comparison is None:
            return
        if self._state == RUNNING:
            self._halt(PAUSED)
        else:
            self._emit_frame()

    @Slot()
    def stop(self) -> None:
        """End every run (state finished)."""
        if self._comparison is None:
            return
        self._comparison.stop()
        self._halt(FINISHED)

    @Slot(int, int)
    def set_snapshot_every(self, run: int, every: int) -> None:
        """Snapshot run `run` every `every` steps from now on (its store was thinned)."""
        if 0 <= run < len(self._every):
            self._every[run] = max(every, 1)

    @Slot()
    def request_frame(self) -> None:
        if self._comparison is not None:
            self._emit_frame()

    @Slot()
    def _tick(self) -> None:
        comparison = self._comparison
        if comparison is None or self._state != RUNNING:
            self._timer.stop()
            return
        try:
            self._run_rounds(comparison)
        except BaseException:
            self._halt(FINISHED, frame=False)  # no flood of tracebacks from a failing step
            raise

    def _run_rounds(self, comparison: Comparison) -> None:
        thread = self.thread()
        frame_due = self._last_frame_at + self._interval
        tick_end = min(time.perf_counter() + TICK_SECONDS, frame_due)
        while True:
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
                return
            if ended >= tick_end or thread.isInterruptionRequested():
                break
        if ended >= frame_due:
            self._emit_frame()

    def _halt(self, state: str, frame: bool = True) -> None:
        """Stop the timer; the frame with the last steps goes out before the state change."""
        self._timer.stop()
        old, self._state = self._state, state
        if frame:
            self._emit_frame()
        if state != old:
            self.state_changed.emit(self._id, state)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(self._id, state)

    def _emit_frame(self) -> None:
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
        self._last_frame_at = time.perf_counter()
        self.frame.emit(ComparisonFrame(self._id, tuple(runs), self._state, self._throughput.rate))


class ComparisonController(QObject):
    """The GUI-thread face of comparisons: owns the worker thread and forwards commands.

    Call `shutdown` (e.g. from the view's owner on close) before the controller goes.
    """

    frame = Signal(object)  # ComparisonFrame of the current comparison only
    state_changed = Signal(str)

    _begin = Signal(int, object, object, object)
    _start = Signal()
    _pause = Signal()
    _stop = Signal()
    _set_snapshot_every = Signal(int, int)
    _request_frame = Signal()

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
        self._state = IDLE
        self._closed = False
        self._joined = False
        self._worker: ComparisonWorker | None = ComparisonWorker(frame_interval_ms, self._model)
        self._thread: QThread | None = start_worker(self._worker, "gdstudio-comparison")
        worker, queued = self._worker, Qt.ConnectionType.QueuedConnection
        for signal, slot in (
            (self._begin, worker.begin),
            (self._start, worker.start),
            (self._pause, worker.pause),
            (self._stop, worker.stop),
            (self._set_snapshot_every, worker.set_snapshot_every),
            (self._request_frame, worker.request_frame),
            (worker.frame, self._on_frame),
            (worker.state_changed, self._on_state_changed),
        ):
            signal.connect(slot, queued)
        app = QCoreApplication.instance()
        if app is not None:  # a safety net, should the owner not call shutdown() itself
            app.aboutToQuit.connect(self.shutdown)

    @property
    def state(self) -> str:
        """The state the worker last reported for the current comparison."""
        return self._state

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

    def start(self) -> None:
        self._send(self._start)

    def pause(self) -> None:
        self._send(self._pause)

    def resume(self) -> None:
        self._send(self._start)

    def stop(self) -> None:
        self._send(self._stop)

    def set_snapshot_every(self, run: int, every: int) -> None:
        self._send(self._set_snapshot_every, int(run), int(every))

    def request_frame(self) -> None:
        self._send(self._request_frame)

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop, quit the thread and wait for it; True if it ended in time. Idempotent."""
        thread = self._thread
        if thread is None:
            return self._joined
        self._closed = True
        self._joined = join_worker(thread, self._worker, timeout_ms)
        self._thread = None
        self._worker = None
        return self._joined

    def _send(self, signal: Any, *args: Any) -> None:
        if not self._closed:
            signal.emit(*args)

    @Slot(object)
    def _on_frame(self, frame: ComparisonFrame) -> None:
        if self._closed or frame.comparison != self._current:
            return
        self._state = frame.state
        self.frame.emit(frame)

    @Slot(int, str)
    def _on_state_changed(self, comparison: int, state: str) -> None:
        if self._closed or comparison != self._current:
            return
        self._state = state
        self.state_changed.emit(state)
