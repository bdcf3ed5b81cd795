"""The main window's run as one object: its curves, kept snapshots, events and latest frame.

A `RunModel` is one run on screen. The window makes a new one at every reset and when a
session is opened (`RunModel.restored`), and swaps it in whole: the curves, the replay bar and
the views are bound to the new model, nothing is patched field by field. The training
controller's frames go to the current model (`add_frame`), which keeps what the run did and
announces each frame it took (`frame_added`); a session saves it with `capture`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from gdstudio.core.files.session_model import SessionRun
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import DEFAULT_BUDGET_BYTES, KeptSnapshot, SnapshotStore
from gdstudio.core.training.reports import Snapshot, StepReport, TrainingEvent
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.workers.training import FINISHED, IDLE, TrainingFrame

__all__ = ["MAIN_RUN_BUDGET", "RunModel", "finished_frame"]

#: the main run keeps half the replay budget; the comparisons share the rest
MAIN_RUN_BUDGET = DEFAULT_BUDGET_BYTES // 2


class RunModel(QObject):
    """One run as the window shows it; Qt only for its signal (the parts are core objects).

    `history` holds its steps and epochs (the curves), `snapshots` its kept parameters (the
    replay bar), `events` its training events (saved with it), `last_frame` what the views show
    when live, `total_epochs` the epochs it was set to train.
    """

    frame_added = Signal(object)  # a TrainingFrame this run took (its steps are in `history`)

    def __init__(
        self, total_epochs: int, fresh: bool = False, parent: QObject | None = None
    ) -> None:
        """A run with no step yet. `fresh`: the controller is being reset for it, so frames
        are dropped until the fresh trainer's first (idle, at step 0): those before were sent
        by the run it replaces, before the worker heard of the reset."""
        super().__init__(parent)
        self.total_epochs = total_epochs
        self.history = RunHistory()
        self.snapshots = SnapshotStore(MAIN_RUN_BUDGET)
        self.events: list[TrainingEvent] = []
        self.last_frame: TrainingFrame | None = None
        self.restored = False  # a saved run, shown finished: the controller holds a fresh one
        self._awaiting_fresh = fresh
        self._saved_step: int | None = None

    @classmethod
    def from_session_run(cls, run: SessionRun, parent: QObject | None = None) -> RunModel:
        """A saved main run, finished and replayable at every kept snapshot."""
        model = cls(run.config.epochs, parent=parent)
        model.restored = True
        model.history = run.history()
        model.snapshots = run.store()
        model.events = list(run.events)  # saved again with the run
        history = model.history
        kept = model.snapshots.nearest(int(history.step[-1])) if len(history) else None
        if kept is not None:
            model.last_frame = TrainingFrame(
                snapshot=kept.snapshot(history.epochs, finished=True, params=run.params),
                steps=(),
                samples_per_second=0.0,
                state=FINISHED,
                total_epochs=run.config.epochs,
                best_available=False,
            )
        return model

    def add_frame(self, frame: TrainingFrame) -> bool:
        """Take the controller's `frame` into this run; False if it is not this run's."""
        if self.restored and frame.state == IDLE:
            return False  # the fresh trainer behind a restored run: keep showing the saved one
        if self._awaiting_fresh:
            if frame.state != IDLE or frame.snapshot.step != 0:
                return False
            self._awaiting_fresh = False
        self.last_frame = frame
        if frame.steps:
            self.history.add_steps(frame.steps)
            self.events.extend(e for s in frame.steps for e in s.events)
        self.snapshots.add(KeptSnapshot.from_snapshot(frame.snapshot))
        self.frame_added.emit(frame)
        return True

    @property
    def step(self) -> int:
        """Steps taken (as of the last frame)."""
        return 0 if self.last_frame is None else self.last_frame.snapshot.step

    def has_unsaved_work(self) -> bool:
        """Steps trained here that no checkpoint or session saved holds."""
        if self.last_frame is None or self.restored or self.step == 0:
            return False
        return self._saved_step != self.step

    def mark_saved(self) -> None:
        """A checkpoint or session now holds the run as it is."""
        if self.last_frame is not None:
            self._saved_step = self.step

    def capture(self, config: TrainConfig) -> SessionRun | None:
        """The run as a session saves it (trained with `config`), or None before any frame."""
        if self.last_frame is None:
            return None
        return SessionRun.capture(
            "training",
            config,
            self.last_frame.snapshot.params,
            self.history,
            self.snapshots,
            self.events,
            origin="training",
        )


def finished_frame(steps: list[StepReport], snapshot: Snapshot, total_epochs: int) -> TrainingFrame:
    """The frame of a run trained elsewhere (by `gdstudio shot`): its `steps`, then finished."""
    last = steps[-1].epoch_end if steps else None
    return TrainingFrame(
        snapshot=snapshot,
        steps=tuple(steps),
        samples_per_second=last.samples_per_second if last else 0.0,
        state=FINISHED,
        total_epochs=total_epochs,
        best_available=False,
    )
