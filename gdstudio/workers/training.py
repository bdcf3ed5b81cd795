"""Training in a worker thread: a core `Trainer` driven by a `TrainingWorker` in its own QThread.

The GUI talks only to `TrainingController`, which lives in the GUI thread. It owns the QThread
and the worker, sends commands to the worker through queued signals, and re-emits the worker's
results (`frame`, `training_event`, `state_changed`) on the GUI thread. No training step ever
runs in the GUI thread.

States (the ``state`` strings carried by `state_changed` and every `TrainingFrame`):

``"idle"``
    a fresh trainer (after construction or `reset`); nothing has been computed yet.
``"running"``
    steps run continuously; frames arrive at most every ``frame_interval_ms``.
``"paused"``
    after `pause`, `step`, a divergence warning, `restore_best` or `load_params`;
    `start`/`resume` continue.
``"finished"``
    the configured epochs are done, a target was reached, the loss became non-finite, or
    `stop` was called. `start`/`resume`/`step` then do nothing until `reset`
    (or until `restore_best`/`load_params` reopen a run that has epochs left).
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from gdstudio.core.datasets import Dataset
from gdstudio.core.model import LayeredNet, Params, TutorialNet
from gdstudio.core.trainer import Snapshot, StepReport, TrainConfig, Trainer
from gdstudio.workers.threads import join_worker, start_worker

__all__ = [
    "FINISHED",
    "IDLE",
    "PAUSED",
    "RUNNING",
    "TrainingController",
    "TrainingFrame",
    "TrainingWorker",
]

IDLE = "idle"
RUNNING = "running"
PAUSED = "paused"
FINISHED = "finished"

#: longest stretch of steps before the worker returns to its event loop (to take commands)
TICK_SECONDS = 0.015
#: the throughput is measured over the steps of about this many seconds
THROUGHPUT_WINDOW = 1.0


@dataclass(frozen=True)
class TrainingFrame:
    """What the views receive, at most ~30 times a second: copies only, never live arrays."""

    snapshot: Snapshot  # trainer.snapshot() at emit time (params copied)
    steps: tuple[StepReport, ...]  # every step since the previous frame, in order
    samples_per_second: float  # recent training throughput (over ~the last second of steps)
    state: str  # "idle" | "running" | "paused" | "finished"
    total_epochs: int
    best_available: bool  # the trainer has best params to restore (at least one step taken)


class _Throughput:
    """Samples per second of step computation over the last `window` seconds of steps.

    The window ends at the latest step, not at "now", so a paused run keeps showing the rate
    it last trained at. Epoch-end evaluation is part of the step that ends the epoch.
    """

    def __init__(self, window: float = THROUGHPUT_WINDOW) -> None:
        self.window = window
        self._steps: deque[tuple[float, float, int]] = deque()  # (end, seconds, samples)
        self._seconds = 0.0
        self._samples = 0

    def add(self, end: float, seconds: float, samples: int) -> None:
        self._steps.append((end, seconds, samples))
        self._seconds += seconds
        self._samples += samples
        while self._steps[0][0] < end - self.window:
            _, old_seconds, old_samples = self._steps.popleft()
            self._seconds -= old_seconds
            self._samples -= old_samples

    @property
    def rate(self) -> float:
        return self._samples / self._seconds if self._seconds > 0 else 0.0


class TrainingWorker(QObject):
    """Drives a core `Trainer`; lives in the worker thread.

    Its slots are meant to be invoked only through queued signals (see `TrainingController`).
    While running, a zero-interval timer runs steps for up to `TICK_SECONDS` per tick and then
    returns to the event loop, so queued commands (pause, set_lr, ...) apply between steps.
    Snapshot copies are made only when a frame is emitted.
    """

    frame = Signal(object)  # TrainingFrame
    training_event = Signal(object)  # TrainingEvent, as it happens
    state_changed = Signal(str)

    def __init__(
        self,
        frame_interval_ms: int = 33,
        model: LayeredNet | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._interval = max(frame_interval_ms, 0) / 1000
        self._model = model
        self._trainer: Trainer | None = None  # made by the first reset(), in the worker thread
        self._state = IDLE
        self._pending: list[StepReport] = []
        self._throughput = _Throughput()
        self._last_frame_at = -math.inf
        self._timer = QTimer(self)  # a child: moves to the worker thread with its parent
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    # -- commands ----------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """Run continuously from idle or paused; does nothing when finished or running."""
        if self._trainer is None or self._state in (RUNNING, FINISHED):
            return
        if self._trainer.done:  # e.g. restored after the last epoch
            self._set_state(FINISHED)
            self._emit_frame()
            return
        self._set_state(RUNNING)
        self._timer.start()

    @Slot()
    def resume(self) -> None:
        """The same as `start`."""
        self.start()

    @Slot()
    def pause(self) -> None:
        """Stop running after the current step; always emits a frame."""
        if self._trainer is None:
            return
        if self._state == RUNNING:
            self._halt(PAUSED)
        self._emit_frame()

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

    @Slot()
    def stop(self) -> None:
        """End the run: the trainer stops and the state becomes finished (reset to go again)."""
        if self._trainer is None:
            return
        self._trainer.stop()
        self._halt(FINISHED)
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
        self._pending.clear()
        self._throughput = _Throughput()
        self._set_state(IDLE)
        self._emit_frame()

    @Slot(float)
    def set_lr(self, lr: float) -> None:
        """Used from the next step; emits a frame unless running (the next frame shows it)."""
        if self._trainer is None:
            return
        self._trainer.lr = lr
        if self._state != RUNNING:
            self._emit_frame()

    @Slot(int)
    def set_batch_size(self, n: int) -> None:
        """Used from the next step; emits a frame unless running."""
        if self._trainer is None:
            return
        self._trainer.batch_size = n
        if self._state != RUNNING:
            self._emit_frame()

    @Slot(float)
    def restore_best(self, new_lr: float) -> None:
        """Back to the best parameters with learning rate `new_lr`; paused (finished if done)."""
        trainer = self._trainer
        if trainer is None:
            return
        trainer.restore_best()
        trainer.lr = new_lr
        self._halt(FINISHED if trainer.done else PAUSED)
        self._emit_frame()

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
        self._emit_frame()

    @Slot()
    def request_frame(self) -> None:
        if self._trainer is not None:
            self._emit_frame()

    # -- the run loop ------------------------------------------------------------------------

    @Slot()
    def _tick(self) -> None:
        trainer = self._trainer
        if trainer is None or self._state != RUNNING:
            self._timer.stop()
            return
        try:
            self._run_steps(trainer)
        except BaseException:
            self._halt(FINISHED)  # no flood of tracebacks from a failing step
            raise

    def _run_steps(self, trainer: Trainer) -> None:
        thread = self.thread()
        frame_due = self._last_frame_at + self._interval
        tick_end = min(time.perf_counter() + TICK_SECONDS, frame_due)
        while True:
            report = self._advance(trainer)
            if self._conclude(trainer, report) is not None:
                self._emit_frame()
                return
            now = time.perf_counter()
            if now >= tick_end or thread.isInterruptionRequested():
                break
        if now >= frame_due:
            self._emit_frame()

    def _advance(self, trainer: Trainer) -> StepReport:
        started = time.perf_counter()
        report = trainer.step()
        ended = time.perf_counter()
        self._throughput.add(ended, ended - started, report.batch_size)
        self._pending.append(report)
        return report

    def _conclude(self, trainer: Trainer, report: StepReport) -> str | None:
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
            self._halt(halt)
        for e in report.events:
            self.training_event.emit(e)
        return halt

    # -- helpers -----------------------------------------------------------------------------

    def _halt(self, state: str) -> None:
        self._timer.stop()
        self._set_state(state)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _emit_frame(self) -> None:
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
        self._last_frame_at = time.perf_counter()
        self.frame.emit(frame)


class TrainingController(QObject):
    """The GUI-thread face of training: owns the worker thread and forwards commands.

    The thread starts here and the worker idles until commanded; a frame for the fresh trainer
    follows shortly. Every command is asynchronous: `state` and `last_frame` reflect what the
    worker last reported. Call `shutdown` (e.g. from closeEvent) before the controller goes.
    """

    frame = Signal(object)  # TrainingFrame
    training_event = Signal(object)  # TrainingEvent
    state_changed = Signal(str)

    _start = Signal()
    _pause = Signal()
    _resume = Signal()
    _step = Signal()
    _stop = Signal()
    _reset = Signal(object, object, object)
    _set_lr = Signal(float)
    _set_batch_size = Signal(int)
    _restore_best = Signal(float)
    _load_params = Signal(object)
    _request_frame = Signal()

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
        self._state = IDLE
        self._last_frame: TrainingFrame | None = None
        self._closed = False
        self._joined = False

        self._worker: TrainingWorker | None = TrainingWorker(frame_interval_ms, self._model)
        self._thread: QThread | None = start_worker(self._worker, "gdstudio-training")

        worker, queued = self._worker, Qt.ConnectionType.QueuedConnection
        for signal, slot in (
            (self._start, worker.start),
            (self._pause, worker.pause),
            (self._resume, worker.resume),
            (self._step, worker.step_once),
            (self._stop, worker.stop),
            (self._reset, worker.reset),
            (self._set_lr, worker.set_lr),
            (self._set_batch_size, worker.set_batch_size),
            (self._restore_best, worker.restore_best),
            (self._load_params, worker.load_params),
            (self._request_frame, worker.request_frame),
            (worker.frame, self._on_frame),
            (worker.training_event, self._on_event),
            (worker.state_changed, self._on_state_changed),
        ):
            signal.connect(slot, queued)

        app = QCoreApplication.instance()
        if app is not None:  # a safety net, should the owner not call shutdown() itself
            app.aboutToQuit.connect(self.shutdown)
        self._reset.emit(replace(self._config), dataset, self._model)

    # -- properties --------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The state the worker last reported."""
        return self._state

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

    # -- commands ----------------------------------------------------------------------------

    def start(self) -> None:
        """Run from idle or paused; nothing when finished (reset first) or running."""
        self._send(self._start)

    def pause(self) -> None:
        self._send(self._pause)

    def resume(self) -> None:
        self._send(self._resume)

    def toggle(self) -> None:
        """Pause if running, otherwise start."""
        if self._state == RUNNING:
            self.pause()
        else:
            self.start()

    def step(self) -> None:
        """Exactly one batch from idle or paused, then paused; ignored while running."""
        self._send(self._step)

    def stop(self) -> None:
        """End the run (state finished); `reset` starts over."""
        self._send(self._stop)

    def request_frame(self) -> None:
        """Ask for a frame now (it also carries any steps not yet sent)."""
        self._send(self._request_frame)

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

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop training, quit the thread and wait for it; True if it ended in time.

        Idempotent. Frames still in flight are dropped. If the thread does not end in time
        (a step longer than the timeout), it is kept referenced until it does, so that it is
        never destroyed while running.
        """
        thread = self._thread
        if thread is None:
            return self._joined
        self._closed = True
        self._joined = join_worker(thread, self._worker, timeout_ms)
        self._thread = None
        self._worker = None
        return self._joined

    # -- from the worker ---------------------------------------------------------------------

    def _send(self, signal: Any, *args: Any) -> None:
        if not self._closed:
            signal.emit(*args)

    @Slot(object)
    def _on_frame(self, frame: TrainingFrame) -> None:
        if self._closed:
            return
        self._last_frame = frame
        self.frame.emit(frame)

    @Slot(object)
    def _on_event(self, event: object) -> None:
        if not self._closed:
            self.training_event.emit(event)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if self._closed:
            return
        self._state = state
        self.state_changed.emit(state)
