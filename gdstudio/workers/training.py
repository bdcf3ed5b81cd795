"""Training in a worker thread: a core `Trainer` driven by a `TrainingWorker` in its own QThread.

The GUI talks only to `TrainingController`, which lives in the GUI thread. It owns the QThread
and the worker, sends commands to the worker through queued signals, and re-emits the worker's
results (`frame`, `training_event`, `state_changed`) on the GUI thread. No training step ever
runs in the GUI thread.

States (the `RunState` carried by `state_changed` and every `TrainingFrame`):

``"idle"``
    a fresh trainer (after construction or `reset`); nothing has been computed yet.
``"running"``
    steps run continuously (or at the pace set by `set_pace`); frames arrive at most every
    ``frame_interval_ms``, and after every step at a pace slow enough to leave that long
    between steps.
``"paused"``
    after `pause`, `step`, a divergence warning, `restore_best` or `load_params`;
    `start`/`resume` continue (`resume` acts only here).
``"finished"``
    the configured epochs are done, a target was reached, the loss became non-finite, or
    `stop` was called. `start`/`resume`/`step` then do nothing until `reset`
    (or until `restore_best`/`load_params` reopen a run that has epochs left).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, Params, TutorialNet
from gdstudio.core.training.reports import Snapshot, StepReport
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.workers.ticking import (
    FINISHED,
    IDLE,
    PAUSED,
    RUNNING,
    RunState,
    Throughput,
    TickingController,
    TickingWorker,
)

__all__ = [
    "FINISHED",
    "IDLE",
    "PAUSED",
    "RUNNING",
    "RunState",
    "TrainingController",
    "TrainingFrame",
    "TrainingWorker",
]


@dataclass(frozen=True)
class TrainingFrame:
    """What the views receive, at most ~30 times a second: copies only, never live arrays."""

    snapshot: Snapshot  # trainer.snapshot() at emit time (params copied)
    steps: tuple[StepReport, ...]  # every step since the previous frame, in order
    samples_per_second: float  # recent training throughput (over ~the last second of steps)
    state: RunState
    total_epochs: int
    best_available: bool  # the trainer has best params to restore (at least one step taken)


class TrainingWorker(TickingWorker):
    """Drives a core `Trainer`; lives in the worker thread.

    Its slots are meant to be invoked only through queued signals (see `TrainingController`).
    The run loop is `TickingWorker`'s, so queued commands (pause, set_lr, ...) apply between
    steps. Its frames are `TrainingFrame`s; snapshot copies are made only when one is emitted.
    A state change is announced before the frame that shows it.
    """

    training_event = Signal(object)  # TrainingEvent, as it happens
    state_changed = Signal(str)
    restored = Signal(float)  # restore_and_continue: the measured stable alpha, or NaN

    _trainer: Trainer | None = None  # made by the first reset(), in the worker thread
    _pending: list[StepReport]  # the steps since the last frame (from the first reset on)

    # -- commands (start, resume, pause, stop, request_frame, set_pace: see TickingWorker) ----

    @Slot()
    def step_once(self) -> None:
        """One batch from idle or paused, then paused (or finished). Ignored while running."""
        trainer = self._trainer
        if trainer is None or self._state == RUNNING:
            return
        if self._state != FINISHED and not trainer.done:
            report = self._advance(trainer)
            if self._conclude(trainer, report) is None:
                self._set_state(PAUSED)
        self._emit_frame()

    @Slot(object, object, object)
    def reset(
        self, config: TrainConfig, dataset: Dataset | None = None, model: LayeredNet | None = None
    ) -> None:
        """A new Trainer from `config` (and `dataset`, or the current one); state idle.

        With `model`, the new Trainer trains that network from now on. Steps of the old run
        not yet sent in a frame are dropped.
        """
        if model is not None:
            self._model = model
        if dataset is None:
            if self._trainer is None:
                raise ValueError("the first reset needs a dataset")
            dataset = self._trainer.dataset
        self._timer.stop()
        self._trainer = Trainer(dataset, replace(config), model=self._model)
        self._pending = []
        self._throughput = Throughput()
        self._set_state(IDLE)
        self._emit_frame()

    @Slot(float)
    def set_lr(self, lr: float) -> None:
        """Used from the next step; emits a frame unless running (the next frame shows it)."""
        self._change("base_lr", lr)

    @Slot(int)
    def set_batch_size(self, n: int) -> None:
        """Used from the next step; emits a frame unless running."""
        self._change("batch_size", n)

    def _change(self, setting: str, value: float) -> None:
        """Set the trainer's `setting` (used from the next step); a frame unless running."""
        if self._trainer is None:
            return
        setattr(self._trainer, setting, value)
        if self._state != RUNNING:
            self._emit_frame()

    @Slot(float)
    def restore_best(self, new_lr: float) -> None:
        """Back to the best parameters with learning rate `new_lr`; paused (finished if done)."""
        trainer = self._trainer
        if trainer is None:
            return
        trainer.restore_best()
        trainer.base_lr = new_lr
        self._halt(FINISHED if trainer.done else PAUSED)

    @Slot(float)
    def restore_and_continue(self, first_lr: float) -> None:
        """Back to the best parameters and on with the first stable alpha of first_lr,
        first_lr/10, first_lr/100 (`Trainer.stable_lr` measures each on a copy).

        Emits `restored` with that alpha and runs; with none stable, emits NaN and pauses.
        """
        trainer = self._trainer
        if trainer is None:
            return
        trainer.restore_best()
        lr = trainer.stable_lr(first_lr)
        self.restored.emit(math.nan if lr is None else lr)
        if lr is None or trainer.done:
            self._halt(FINISHED if trainer.done else PAUSED)
            return
        trainer.base_lr = lr
        self._halt(PAUSED)  # a frame with the restored parameters first
        self.start()

    @Slot(object)
    def load_params(self, params: Params) -> None:
        """Replace the parameters (already validated copies) and make them the best ones.

        Goes through `Trainer.restore_best` so the divergence watch starts afresh; the state
        becomes paused (finished if the run has no epochs left).
        """
        trainer = self._trainer
        if trainer is None:
            return
        trainer.best_params = params
        trainer.restore_best()
        self._halt(FINISHED if trainer.done else PAUSED)

    # -- the run ---------------------------------------------------------------------------

    def _work(self) -> Trainer | None:
        return self._trainer

    def _exhausted(self) -> bool:
        return self._trainer is not None and self._trainer.done  # e.g. restored after the end

    def _run_once(self) -> float | None:
        trainer = self._trainer
        assert trainer is not None
        if self._conclude(trainer, self._advance(trainer)) is not None:
            self._emit_frame()
            return None
        return time.perf_counter()

    def _advance(self, trainer: Trainer) -> StepReport:
        started = time.perf_counter()
        report = trainer.step()
        ended = time.perf_counter()
        self._throughput.add(ended, ended - started, report.batch_size)
        self._pending.append(report)
        return report

    def _conclude(self, trainer: Trainer, report: StepReport) -> RunState | None:
        """Apply the step's consequences; the new state if the run must halt, else None.

        Finished when the trainer is done (epochs, target, non-finite loss); paused on any
        other divergence warning. The state changes before the events are emitted.
        """
        halt = None
        if trainer.done:
            halt = FINISHED
        elif any(e.diverged for e in report.events):
            halt = PAUSED
        if halt is not None:
            self._halt(halt, frame=False)
        for e in report.events:
            self.training_event.emit(e)
        return halt

    def _announce(self, state: RunState) -> None:
        self.state_changed.emit(state)

    def _make_frame(self) -> TrainingFrame:
        trainer = self._trainer
        assert trainer is not None
        frame = TrainingFrame(
            snapshot=trainer.snapshot(),
            steps=tuple(self._pending),
            samples_per_second=self._throughput.rate,
            state=self._state,
            total_epochs=trainer.config.epochs,
            best_available=trainer.step_count > 0,
        )
        self._pending.clear()
        return frame


class TrainingController(TickingController):
    """The GUI-thread face of training: owns the worker thread and forwards commands.

    The thread starts here and the worker idles until commanded; a frame for the fresh trainer
    follows shortly. Every command is asynchronous: `state` and `last_frame` reflect what the
    worker last reported. `frame` carries `TrainingFrame`s. Call `shutdown` (e.g. from
    closeEvent) before the controller goes.
    """

    training_event = Signal(object)  # TrainingEvent
    restored = Signal(float)  # after restore_and_continue: the alpha it continues with, or NaN

    _step = Signal()
    _reset = Signal(object, object, object)
    _set_lr = Signal(float)
    _set_batch_size = Signal(int)
    _restore_best = Signal(float)
    _restore_and_continue = Signal(float)
    _load_params = Signal(object)

    def __init__(
        self,
        dataset: Dataset,
        config: TrainConfig,
        parent: QObject | None = None,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
    ) -> None:
        super().__init__(parent)
        config.validate()
        self._dataset = dataset
        self._config = replace(config)
        self._model = model or TutorialNet()
        self._last_frame: TrainingFrame | None = None
        worker = TrainingWorker(frame_interval_ms, self._model)
        self._launch(
            worker,
            "gdstudio-training",
            (self._step, worker.step_once),
            (self._reset, worker.reset),
            (self._set_lr, worker.set_lr),
            (self._set_batch_size, worker.set_batch_size),
            (self._restore_best, worker.restore_best),
            (self._restore_and_continue, worker.restore_and_continue),
            (worker.restored, self._on_restored),
            (self._load_params, worker.load_params),
            (worker.frame, self._on_frame),
            (worker.training_event, self._on_event),
            (worker.state_changed, self._on_state_changed),
        )
        self._reset.emit(replace(self._config), dataset, self._model)

    # -- properties --------------------------------------------------------------------------

    @property
    def last_frame(self) -> TrainingFrame | None:
        return self._last_frame

    @property
    def config(self) -> TrainConfig:
        """A copy of the configuration of the last reset (lr/batch changes are not in it)."""
        return replace(self._config)

    @property
    def dataset(self) -> Dataset:
        return self._dataset

    @property
    def model(self) -> LayeredNet:
        """The network of the last reset."""
        return self._model

    # -- commands (start, pause, resume, stop, request_frame, set_pace: see TickingController)

    def toggle(self) -> None:
        """Pause if running, otherwise start."""
        if self._state == RUNNING:
            self.pause()
        else:
            self.start()

    def step(self) -> None:
        """Exactly one batch from idle or paused, then paused; ignored while running."""
        self._send(self._step)

    def reset(
        self,
        config: TrainConfig | None = None,
        dataset: Dataset | None = None,
        model: LayeredNet | None = None,
    ) -> None:
        """A fresh Trainer from the seed of `config` (default: the current one); state idle.

        Learning rate and batch size come back to the config's values. With `model` the
        controller switches network: the new Trainer (and every later reset) trains it.
        """
        if config is not None:
            config.validate()
            self._config = replace(config)
        if dataset is not None:
            self._dataset = dataset
        if model is not None:
            self._model = model
        self._send(self._reset, replace(self._config), self._dataset, self._model)

    def set_lr(self, lr: float) -> None:
        """Takes effect at the next step, with no reset."""
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {lr}")
        self._send(self._set_lr, float(lr))

    def set_batch_size(self, n: int) -> None:
        """Takes effect at the next step, with no reset."""
        if n < 1:
            raise ValueError(f"batch size must be at least 1, not {n}")
        self._send(self._set_batch_size, int(n))

    def restore_best(self, new_lr: float) -> None:
        """Back to the trainer's best parameters, then learning rate `new_lr`; state paused."""
        if not (math.isfinite(new_lr) and new_lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {new_lr}")
        self._send(self._restore_best, float(new_lr))

    def restore_and_continue(self, first_lr: float) -> None:
        """Back to the best parameters, then on running with a learning rate measured to be
        stable (first_lr, or a tenth, or a hundredth of it); `restored` tells which (NaN: none
        was, and the run stays paused)."""
        if not (math.isfinite(first_lr) and first_lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {first_lr}")
        self._send(self._restore_and_continue, float(first_lr))

    def load_params(self, params: dict[str, Any]) -> None:
        """Copy `params` in (e.g. from a checkpoint); they become the best params too.

        Raises ValueError (here, in the caller's thread) if names or shapes do not fit the
        model or a value is not finite. State paused afterwards.
        """
        shapes = self._model.param_shapes()
        if set(params) != set(shapes):
            raise ValueError(
                f"parameters {sorted(params)} do not match the model's {sorted(shapes)}"
            )
        copies: Params = {}
        for name, shape in shapes.items():
            array = np.array(params[name], dtype=np.float32, copy=True)
            if array.shape != shape:
                raise ValueError(f"parameter {name} has shape {array.shape}, expected {shape}")
            if not np.isfinite(array).all():
                raise ValueError(f"parameter {name} holds infinite or NaN values")
            copies[name] = array
        self._send(self._load_params, copies)

    # -- from the worker ---------------------------------------------------------------------

    @Slot(object)
    def _on_frame(self, frame: TrainingFrame) -> None:
        if self._closed:
            return
        self._last_frame = frame
        self.frame.emit(frame)

    @Slot(object)
    def _on_event(self, event: object) -> None:
        self._send(self.training_event, event)

    @Slot(float)
    def _on_restored(self, lr: float) -> None:
        self._send(self.restored, lr)
