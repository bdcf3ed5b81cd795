"""The question asked before an action would discard the run's unsaved steps."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gdstudio.ui.window.run_model import RunModel

__all__ = ["confirm_discard"]


def confirm_discard(parent: QWidget, run: RunModel, what: str) -> bool:
    """True if nothing of `run` unsaved would be lost, or the user agrees to lose it by `what`
    (e.g. "Reset", translated)."""
    frame = run.last_frame
    if not run.has_unsaved_work() or frame is None:
        return True
    snap = frame.snapshot
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("MainWindow", "Discard the current run?"),
        QCoreApplication.translate(
            "MainWindow",
            "The current run ({0} steps, epoch {1}) has not been saved. {2} discards it.",
        ).format(f"{snap.step:,}", f"{snap.epoch:.2f}", what),
        parent=parent,
    )
    box.setObjectName("confirmDiscard")
    discard = box.addButton(
        QCoreApplication.translate("MainWindow", "Discard and continue"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is discard
