"""The main window's commands: its actions (with their keys) and the menus that hold them.

`WindowCommands` makes every action of the menu bar and the run bar, puts them in the menus
and names them in the interface language; the window connects them to what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from gdstudio.ui.window.i18n import LANGUAGES

__all__ = ["WindowCommands"]

_Shortcut = QKeySequence | QKeySequence.StandardKey | Qt.Key | str | None


class WindowCommands(QObject):
    """The actions of a `QMainWindow` and its menus (File, Run, View, Language, Help)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.toggle_action = self._action(Qt.Key.Key_Space)
        self.start_action = self._action()
        self.pause_action = self._action()
        self.step_action = self._action(Qt.Key.Key_N)
        self.stop_action = self._action()
        self.reset_action = self._action(Qt.Key.Key_R)
        self.save_action = self._action(QKeySequence.StandardKey.Save)
        self.open_action = self._action(QKeySequence.StandardKey.Open)
        self.open_folder_action = self._action()
        self.save_session_action = self._action(QKeySequence("Ctrl+Shift+S"))
        self.open_session_action = self._action(QKeySequence("Ctrl+Shift+O"))
        self.download_action = self._action()
        self.quit_action = self._action(QKeySequence.StandardKey.Quit)
        self.presentation_action = self._action("F11", checkable=True)
        self.about_action = self._action()
        self.shortcuts_action = self._action("Ctrl+/")
        self.lessons_action = self._action(QKeySequence.StandardKey.HelpContents)
        self.language_actions = QActionGroup(window)
        for code, name in LANGUAGES.items():
            a = self._action(checkable=True)
            a.setText(name)  # each language is named in itself, never translated
            a.setData(code)
            self.language_actions.addAction(a)

    def run_actions(self) -> list[QAction]:
        """The run bar's buttons, in order."""
        return [
            self.start_action,
            self.pause_action,
            self.step_action,
            self.stop_action,
            self.reset_action,
        ]

    def _action(self, shortcut: _Shortcut = None, checkable: bool = False) -> QAction:
        a = QAction(self._window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.setCheckable(checkable)
        return a

    def make_menus(self, panel_action: QAction) -> None:
        """The menu bar; View also holds `panel_action` (the training panel's)."""
        bar = self._window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.open_folder_action, self.download_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.open_action, self.save_action])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.open_session_action, self.save_session_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.run_menu = bar.addMenu("")
        self.run_menu.addActions(
            [self.toggle_action, self.step_action, self.stop_action, self.reset_action]
        )
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.presentation_action)
        self.view_menu.addAction(panel_action)
        self.language_menu = bar.addMenu("")
        self.language_menu.addActions(self.language_actions.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.lessons_action, self.shortcuts_action])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def show_language(self, code: str) -> None:
        """Tick the language `code` in the Language menu."""
        for action in self.language_actions.actions():
            action.setChecked(action.data() == code)

    def show_paused(self, paused: bool) -> None:
        """Pause reads Resume while the run is paused."""
        self.pause_action.setText(self.tr("Resume") if paused else self.tr("Pause"))

    def retranslate(self) -> None:
        for menu, title in (
            (self.file_menu, self.tr("&File")),
            (self.run_menu, self.tr("&Run")),
            (self.view_menu, self.tr("&View")),
            (self.language_menu, self.tr("&Language")),
            (self.help_menu, self.tr("&Help")),
        ):
            menu.setTitle(title)
        self.toggle_action.setText(self.tr("Start / Pause"))
        self.start_action.setText(self.tr("Start"))
        self.start_action.setToolTip(self.tr("Start training (Space starts, pauses and resumes)"))
        self.step_action.setText(self.tr("Step"))
        self.step_action.setToolTip(self.tr("Train on exactly one batch (N)"))
        self.stop_action.setText(self.tr("Stop"))
        self.reset_action.setText(self.tr("Reset"))
        self.reset_action.setToolTip(self.tr("Start afresh from the seed's initial weights (R)"))
        self.save_action.setText(self.tr("Save checkpoint…"))
        self.open_action.setText(self.tr("Open checkpoint…"))
        self.open_folder_action.setText(self.tr("Open folder of IDX files…"))
        self.save_session_action.setText(self.tr("Save session…"))
        self.open_session_action.setText(self.tr("Open session…"))
        self.download_action.setText(self.tr("Download full MNIST…"))
        self.quit_action.setText(self.tr("Quit"))
        self.presentation_action.setText(self.tr("Presentation mode"))
        self.about_action.setText(self.tr("About GD Studio"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.lessons_action.setText(self.tr("Lessons"))
