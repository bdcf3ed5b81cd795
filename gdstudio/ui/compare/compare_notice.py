"""The notice above the compared curves that names the runs that went wrong, and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from gdstudio.core.training.reports import EventKind, TrainingEvent
from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["WrongRunsNotice"]

#: the colours of the main window's divergence notice
_STYLE = (
    "#compareNotice { background: #fff4e5; border: 1px solid #e8a33d; border-radius: 4px; }"
    " #compareNotice QLabel { color: #4a3000; }"
)


class WrongRunsNotice(Retranslating, QFrame):
    """Hidden while no run went wrong; otherwise one line per run: its name and first event."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareNotice")
        self.setStyleSheet(_STYLE)
        self._wrong: list[tuple[str, TrainingEvent]] = []
        self._text = QLabel()
        self._text.setWordWrap(True)
        QVBoxLayout(self).addWidget(self._text)
        self.hide()

    def show_runs(self, wrong: Sequence[tuple[str, TrainingEvent]]) -> None:
        """The runs that went wrong, as (name, first divergence event)."""
        self._wrong = list(wrong)
        self.retranslate()
        self.setHidden(not self._wrong)

    def text(self) -> str:
        """What the notice says ("" while hidden)."""
        return self._text.text() if self._wrong else ""

    def retranslate(self) -> None:
        if not self._wrong:
            self._text.clear()
            return
        reasons = {
            EventKind.NONFINITE: self.tr("the numbers overflowed at step {0}"),
            EventKind.LOSS_RISING: self.tr("the loss climbed far above its best at step {0}"),
            EventKind.CHANCE_ACCURACY: self.tr("the accuracy fell to chance at step {0}"),
            EventKind.SATURATED: self.tr("the softmax saturated and training froze at step {0}"),
        }
        runs = self.tr("; ").join(
            self.tr("{0}: {1}").format(name, reasons[event.kind].format(event.step))
            for name, event in self._wrong
        )
        self._text.setText(
            self.tr(
                "<b>These runs went wrong:</b> {0}. Their steps α·∂L/∂w were too large: they "
                "jump over the minimum, or throw the weights where the softmax outputs exactly "
                "1.0 in float32 for a wrong class, and there its derivative is so small that "
                "training freezes."
            ).format(runs)
        )
