"""The status bar's readouts of the run: epoch, step, speed, batch loss, accuracy, progress."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from gdstudio.core.training.history import RunHistory
from gdstudio.workers.training import RUNNING, TrainingFrame

__all__ = ["RunStatus"]


class RunStatus(QObject):
    """Permanent labels and a progress bar in `bar`, showing a run's latest frame."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.labels = {name: QLabel() for name in ("epoch", "step", "speed", "loss", "acc")}
        for label in self.labels.values():
            bar.addPermanentWidget(label)
        self._progress = QProgressBar()
        self._progress.setRange(0, 1000)
        self._progress.setMaximumWidth(220)
        self._progress.setTextVisible(False)
        bar.addPermanentWidget(self._progress)

    def show(self, frame: TrainingFrame | None, history: RunHistory, pace: float) -> None:
        """The numbers of `frame` (none: the prompt to start); `pace` as the run is paced."""
        if frame is None or (frame.snapshot.step == 0 and not frame.snapshot.history):
            self.clear()
            return
        snap = frame.snapshot
        labels = self.labels
        labels["epoch"].setText(
            self.tr("Epoch {0} / {1}").format(f"{snap.epoch:.2f}", frame.total_epochs)
        )
        labels["step"].setText(self.tr("Step {0}").format(f"{snap.step:,}"))
        if pace > 0 and frame.state == RUNNING:  # what the learner set, not the idle machine's
            labels["speed"].setText(self.tr("paced at {0} steps/s").format(f"{pace:g}"))
        else:
            labels["speed"].setText(
                self.tr("{0} samples/s").format(f"{frame.samples_per_second:,.0f}")
            )
        if len(history):
            loss = float(history.batch_loss[-1])
            labels["loss"].setText(self.tr("Batch loss {0}").format(f"{loss:.4g}"))
        else:
            labels["loss"].clear()
        if snap.history:
            labels["acc"].setText(
                self.tr("Validation accuracy {0}").format(f"{snap.history[-1].valid_accuracy:.1%}")
            )
        else:
            labels["acc"].clear()
        total = max(frame.total_epochs, 1)
        self._progress.setValue(round(1000 * min(snap.epoch / total, 1.0)))

    def clear(self) -> None:
        """No numbers of a run that is gone: only the prompt to start."""
        for label in self.labels.values():
            label.clear()
        self.labels["epoch"].setText(self.tr("Ready: press Space to train"))
        self._progress.setValue(0)
