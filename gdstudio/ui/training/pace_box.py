"""The pace of a run, chosen in a combo box: as fast as possible, or a few steps a second, so
that a class can follow each step (the main run's in the training panel, the race's in Compare).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.workers.ticking import check_pace

__all__ = ["PACES", "PaceBox"]

# steps per second offered, fastest first; 0 is "as fast as possible"
PACES = (0.0, 100.0, 20.0, 5.0, 1.0)


class PaceBox(Retranslating, QComboBox):
    """The paces of `PACES` (and any other set through `set_pace`); announces the one chosen."""

    pace_changed = Signal(float)  # steps per second, 0: as fast as possible

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for pace in PACES:
            self.addItem("", pace)
        self.currentIndexChanged.connect(lambda _: self.pace_changed.emit(self.pace()))
        self.retranslate()

    def pace(self) -> float:
        return float(self.currentData())

    def set_pace(self, steps_per_second: float) -> None:
        """Select `steps_per_second` (an item of its own if not offered); announced if new.

        ValueError unless a finite number >= 0.
        """
        pace = check_pace(steps_per_second)
        index = self.findData(pace)
        if index < 0:  # keep the order: as fast as possible, then faster to slower
            index = next(
                (i for i in range(1, self.count()) if float(self.itemData(i)) < pace),
                self.count(),
            )
            self.insertItem(index, self._label(pace), pace)
        self.setCurrentIndex(index)

    def _label(self, pace: float) -> str:
        if pace == 0:
            return self.tr("As fast as possible")
        if pace == 1:
            return self.tr("1 step/s")
        return self.tr("{0} steps/s").format(f"{pace:g}")

    def retranslate(self) -> None:
        for i in range(self.count()):
            self.setItemText(i, self._label(float(self.itemData(i))))
        self.setToolTip(
            self.tr(
                "Steps per second: slow the run down to watch every step. Pause, Stop and "
                "Reset act at once at any pace, and the numbers are the same at every pace"
            )
        )
