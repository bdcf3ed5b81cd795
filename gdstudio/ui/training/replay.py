"""Replay: a time slider over the snapshots kept during a run, and a button back to live.

The slider's positions are the run's steps, from the first kept snapshot to the newest, so it
moves evenly with training however unevenly the snapshots were kept (they come with the
frames, and thinning drops every other one). Moving it emits a `TrainingFrame` made from the
kept snapshot nearest to that step, so the views show it exactly as they show the running
state (`show_frame`); "Live" asks the owner to show the running state again.
`moment_changed` tells where the replayed moment is (its fractional epoch), for the curves'
marker, and None when live. The bar only reads a `SnapshotStore` (and the run's
`RunHistory`, for the epochs finished by then); the owner fills the store and calls
`refresh()` when it changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import KeptSnapshot, SnapshotStore
from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.workers.training import PAUSED, TrainingFrame

__all__ = ["ReplayBar", "replay_frame"]


def replay_frame(
    kept: KeptSnapshot, history: RunHistory | None = None, total_epochs: int = 0
) -> TrainingFrame:
    """A paused frame holding `kept`, with the epochs `history` had finished by its step."""
    return TrainingFrame(
        snapshot=kept.snapshot(
            m for m in (history.epochs if history else ()) if m.step <= kept.step
        ),
        steps=(),
        samples_per_second=0.0,
        state=PAUSED,
        total_epochs=total_epochs,
        best_available=False,
    )


class ReplayBar(Retranslating, QWidget):
    frame_requested = Signal(object)  # TrainingFrame of the snapshot chosen
    live_requested = Signal()  # back to the running state
    moment_changed = Signal(object)  # the replayed snapshot's epoch (float), None when live

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replay")
        self._store: SnapshotStore | None = None
        self._history: RunHistory | None = None
        self._total_epochs = 0
        self._live = True
        self._shown: KeptSnapshot | None = None  # the snapshot emitted last
        self._drawn = -1  # store revision the slider reflects

        self._title = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self._position = QLabel()
        self._position.setMinimumWidth(self._position.fontMetrics().horizontalAdvance("0" * 28))
        self.live_button = QPushButton()
        self._title.setBuddy(self.slider)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self._title)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self._position)
        layout.addWidget(self.live_button)
        self.slider.valueChanged.connect(self._on_moved)
        self.slider.sliderReleased.connect(self._on_released)
        self.live_button.clicked.connect(self.go_live)
        self.retranslate()

    @property
    def is_live(self) -> bool:
        """True while the views should show the running state."""
        return self._live

    @property
    def step(self) -> int | None:
        """The step being replayed, or None when live."""
        return None if self._live or self._shown is None else self._shown.step

    def set_source(
        self, store: SnapshotStore, history: RunHistory | None = None, total_epochs: int = 0
    ) -> None:
        """Replay `store`'s snapshots (a new run: back to live)."""
        self._store, self._history, self._total_epochs = store, history, total_epochs
        self._drawn = -1
        self._live = True
        self.refresh()
        self.moment_changed.emit(None)

    def refresh(self) -> None:
        """Follow the store: while live the slider sits on the newest snapshot; while
        replaying it stays on the step shown (or the nearest one kept, after thinning)."""
        store = self._store
        if store is None or store.revision == self._drawn:
            return
        self._drawn = store.revision
        steps = store.steps
        first, last = (steps[0], steps[-1]) if steps else (0, 0)
        self.slider.blockSignals(True)
        self.slider.setRange(first, last)
        # the arrow keys move by about one kept snapshot, Page Up/Down by a tenth of the run
        self.slider.setSingleStep(max(1, round((last - first) / max(len(steps) - 1, 1))))
        self.slider.setPageStep(max(1, (last - first) // 10))
        if self._live:
            self.slider.setValue(last)
        self.slider.blockSignals(False)
        self.setEnabled(len(steps) > 0)
        self._show_position()

    def position_text(self) -> str:
        """ "live", or the step and epoch being replayed."""
        return self._position.text()

    def show_step(self, step: int) -> None:
        """Replay the kept snapshot nearest to `step` (as if the slider had been moved there)."""
        if self._store is None:
            return
        kept = self._store.nearest(step)
        if kept is not None:
            self.slider.blockSignals(True)
            self.slider.setValue(step)
            self.slider.blockSignals(False)
            self._replay(kept)

    def go_live(self) -> None:
        """Back to the running state: the slider jumps to the newest snapshot."""
        if self._live:
            return
        self._live = True
        self.slider.blockSignals(True)
        self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        self._show_position()
        self.live_requested.emit()
        self.moment_changed.emit(None)

    def _on_moved(self, step: int) -> None:
        if self._store is None:
            return
        kept = self._store.nearest(step)
        # a step between two kept snapshots may show the same one as before: no new frame
        if kept is not None and (self._live or kept is not self._shown):
            self._replay(kept)

    def _on_released(self) -> None:
        """A drag ends on the step of the snapshot shown, so the handle shows where it is."""
        if not self._live and self._shown is not None:
            self.slider.blockSignals(True)
            self.slider.setValue(self._shown.step)
            self.slider.blockSignals(False)

    def _replay(self, kept: KeptSnapshot) -> None:
        self._live = False
        self._shown = kept
        self._show_position()
        self.frame_requested.emit(replay_frame(kept, self._history, self._total_epochs))
        self.moment_changed.emit(float(kept.epoch))

    def _show_position(self) -> None:
        self.live_button.setEnabled(not self._live)
        kept = None if self._live else self._shown
        if kept is None:
            self._position.setText(self.tr("live"))
        else:
            self._position.setText(
                self.tr("step {0} · epoch {1}").format(f"{kept.step:,}", f"{kept.epoch:.2f}")
            )

    def retranslate(self) -> None:
        self._title.setText(self.tr("Re&play"))
        self.slider.setToolTip(
            self.tr("Move to see the weights and predictions as they were at that step")
        )
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Back to the running state"))
        self._show_position()
