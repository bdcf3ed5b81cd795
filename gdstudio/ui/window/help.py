"""The main window's Help menu: the lessons beside the views (and setting a lesson up), the
keyboard shortcuts and About."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMessageBox

from gdstudio import __version__
from gdstudio.core.training.lessons import LessonSetup
from gdstudio.core.training.presets import preset
from gdstudio.ui.window.part import WindowPart

if TYPE_CHECKING:
    from gdstudio.ui.window.lessons_view import LessonsView

__all__ = ["WindowHelp"]


class WindowHelp(WindowPart):
    """Help > Lessons, Keyboard shortcuts and About of `window`."""

    lessons: LessonsView | None = None  # Help > Lessons makes it, in a dock
    lessons_dock: QDockWidget | None = None

    def show_lessons(self) -> None:
        """The lessons in a dock beside the views, in the interface language."""
        from gdstudio.ui.window.lessons_view import LessonsView

        w = self._window
        size = w.size()
        if self.lessons_dock is None:
            self.lessons = LessonsView(w.language)
            self.lessons.setup_requested.connect(self.apply_lesson_setup)
            dock = QDockWidget()
            dock.setObjectName("lessonsDock")
            dock.setWidget(self.lessons)
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.lessons_dock = dock
            self.retranslate()
        self.lessons_dock.show()
        screen = w.screen().availableGeometry()
        width = max(size.width(), screen.width())  # widen into free screen, never beyond it
        panel = w.training_dock
        if w.minimumSizeHint().width() > screen.width() and panel.isVisible():
            # a projector has no room for a third column: the lessons share the training
            # panel's (a tab each; Space, N and R still run the lesson's steps)
            w.tabifyDockWidget(panel, self.lessons_dock)
            width = size.width()
        # the new column widens the window once its layout settles: keep it on the screen
        QTimer.singleShot(0, lambda: w.resize(min(w.width(), width), w.height()))
        self.lessons_dock.raise_()

    def apply_lesson_setup(self, setup: LessonSetup) -> None:
        """Put the app in a lesson's state: data, network, training settings, tab and pace.

        Data that is not installed leaves the current data (with the usual message); the run
        is reset to the lesson's seed either way, after asking if it had unsaved steps.
        """
        w = self._window
        if not w.confirm_discard(self.tr("Setting up the lesson")):
            return
        if setup.dataset != w.dataset.name:
            w.files.switch_to(setup.dataset)
            w.files.show_dataset()
        chosen = preset(setup.preset)
        if chosen.model != w.controller.model.config:
            w.set_network(chosen.model)
        config = dataclasses.replace(
            chosen.train_config(),
            lr=setup.lr,
            seed=setup.seed,
            epochs=setup.epochs,
            batch_size=setup.batch_size,
        )
        w.controls.set_config(config)
        w.reset()
        w.show_view(setup.view)
        w.set_pace(setup.pace)

    def show_shortcuts(self) -> None:
        from gdstudio.ui.window.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self._window.findChildren(QAction), self._window)
        dialog.exec()
        dialog.deleteLater()

    def show_about(self) -> None:
        QMessageBox.about(self._window, self.tr("About GD Studio"), self.about_text())

    def about_text(self) -> str:
        return self.tr(
            "<h3>GD Studio {0}</h3>"
            "<p>Watch gradient descent train a neural network on handwritten digits, one "
            "derivative at a time.</p>"
            "<p>The MNIST digits are from the MNIST database by Yann LeCun, Corinna Cortes and "
            "Christopher J.C. Burges, used under the Creative Commons Attribution-Share Alike 3.0 "
            "licence (CC BY-SA 3.0). Fashion-MNIST is by Zalando Research, under the MIT "
            "licence.</p>"
        ).format(__version__)

    def retranslate(self) -> None:
        if self.lessons_dock is not None and self.lessons is not None:
            self.lessons_dock.setWindowTitle(self.tr("Lessons"))
            self.lessons.set_language(self._window.language)
