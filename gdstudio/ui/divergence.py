"""The notice shown when training goes wrong: what happened, why, and a one-click way back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gdstudio.core.trainer import EventKind, TrainingEvent
from gdstudio.ui.view_events import Retranslating


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

    def show_event(self, event: TrainingEvent) -> None:
        self._event = event
        self.retranslate()
        self.show()

    def text(self) -> str:
        return f"{self._title.text()}\n{self._text.text()}"

    def _on_restore(self) -> None:
        if self._event is not None:
            self.restore_requested.emit(suggested_lr(self._event.lr))
        self.hide()

    def retranslate(self) -> None:
        self._dismiss.setText(self.tr("Dismiss"))
        event = self._event
        if event is None:
            return
        lr, step = f"{event.lr:g}", str(event.step)
        self._title.setText(
            self.tr("Training diverged at step {0} with learning rate α = {1}").format(step, lr)
        )
        self._text.setText(
            self._explanation(event)
            + " "
            + self.tr(
                "Training is paused. Restoring goes back to the parameters with the lowest loss "
                "so far and continues with a smaller α."
            )
        )
        self._restore.setText(
            self.tr("Restore best parameters, α = {0}").format(f"{suggested_lr(event.lr):g}")
        )

    def _explanation(self, event: TrainingEvent) -> str:
        if event.kind is EventKind.NONFINITE:
            return self.tr(
                "A loss or a parameter became infinite (or NaN): the steps α·∂L/∂w were so "
                "large that the numbers overflowed. The last finite parameters were kept."
            )
        if event.kind is EventKind.CHANCE_ACCURACY:
            return self.tr(
                "The accuracy fell back to chance, about one in ten. α is too large: the steps "
                "threw the weights so far that the softmax saturated (one output near 1, the "
                "rest near 0), and there its gradients vanish, so the network cannot learn back."
            )
        return self.tr(
            "The smoothed loss rose from its best, {0}, to {1}. α is too large: each step "
            "jumps over the minimum instead of walking down to it. The weights grow until the "
            "softmax saturates (one output near 1, the rest near 0); there its gradients "
            "vanish and the loss stays high."
        ).format(f"{event.best_loss:.3f}", f"{event.loss:.3f}")
