"""The notice shown when training goes wrong: what happened, why, and a one-click way back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gdstudio.core.training.reports import EventKind, TrainingEvent
from gdstudio.ui.widgets.view_events import Retranslating


def suggested_lr(lr: float) -> float:
    """A learning rate ten times smaller, rounded so a student can read it back."""
    return float(f"{lr / 10:.2g}")


class DivergenceBanner(Retranslating, QFrame):
    """Pauses nothing itself: the worker has already paused. Explains and offers Restore."""

    restore_requested = Signal(float)  # the new learning rate

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("divergenceBanner")
        self.setStyleSheet(
            "#divergenceBanner { background: #fff4e5; border: 1px solid #e8a33d;"
            " border-radius: 4px; } #divergenceBanner QLabel { color: #4a3000; }"
        )
        self._event: TrainingEvent | None = None
        self._title = QLabel()
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._restore = QPushButton()
        self._dismiss = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._restore)
        buttons.addWidget(self._dismiss)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addLayout(buttons)
        self._restore.clicked.connect(self._on_restore)
        self._dismiss.clicked.connect(self.hide)
        self.hide()

    @property
    def event_shown(self) -> TrainingEvent | None:
        return self._event

    @property
    def restore_button(self) -> QPushButton:
        return self._restore

    def show_event(self, event: TrainingEvent) -> None:
        self._event = event
        self.retranslate()
        self.show()

    def text(self) -> str:
        return f"{self._title.text()}\n{self._text.text()}"

    def _on_restore(self) -> None:
        if self._event is not None:
            self.restore_requested.emit(suggested_lr(self._event.scheduled_lr))
        self.hide()

    def retranslate(self) -> None:
        self._dismiss.setText(self.tr("Dismiss"))
        event = self._event
        if event is None:
            return
        lr, step = f"{event.scheduled_lr:g}", str(event.step)
        if event.kind is EventKind.SATURATED:
            title = self.tr("Training froze at step {0} with learning rate α = {1}")
        else:
            title = self.tr("Training diverged at step {0} with learning rate α = {1}")
        self._title.setText(title.format(step, lr))
        self._text.setText(
            self._explanation(event)
            + " "
            + self.tr(
                "Training is paused. The button goes back to the parameters with the lowest "
                "loss so far and continues training with α = {0} if a trial of 40 steps from "
                "there shows it stable, otherwise with a tenth or a hundredth of it."
            ).format(f"{suggested_lr(event.scheduled_lr):g}")
        )
        self._restore.setText(self.tr("Restore best parameters and continue"))

    def _explanation(self, event: TrainingEvent) -> str:
        if event.kind is EventKind.NONFINITE:
            return self.tr(
                "A loss or a parameter became infinite (or NaN): the steps α·∂L/∂w were so "
                "large that the numbers overflowed. The last finite parameters were kept."
            )
        if event.kind is EventKind.SATURATED:
            return self.tr(
                "Nothing became infinite: the first steps were so large that the softmax "
                "saturated. For {0} of the samples in the batch one output is exactly 1.0 in "
                "float32, the numbers training uses, and it is the wrong class. There the "
                "softmax's derivative diag(s) − s·sᵀ is almost zero (10⁻¹⁴ or less), so under "
                "the squared loss these samples give steps α·∂L/∂w far too small to change a "
                "float32 weight: most weights stop changing, the loss stays flat near its "
                "maximum and the accuracy near chance. α is too large."
            ).format(f"{event.saturated_share:.0%}")
        if event.kind is EventKind.CHANCE_ACCURACY:
            return self.tr(
                "The accuracy fell back to chance, about one in ten. α is too large: the "
                "steps threw the weights so far that the network no longer tells the classes "
                "apart."
            )
        return self.tr(
            "The smoothed loss stayed far above its best, {0}, for 50 steps and is now {1}. "
            "α is too large: each step jumps over the minimum instead of walking down to it."
        ).format(f"{event.best_loss:.3f}", f"{event.loss:.3f}")
