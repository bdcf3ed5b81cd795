"""Keys typed into a field belong to the field, not to the window's one-key shortcuts.

The window's Run actions have single-key shortcuts (Space, N, R). Qt offers every key to the
shortcut system before the focused widget, and only some editors claim plain keys for
themselves, so an "r" typed into a combo box reset the run. `TypingGuard` watches the
application's shortcut-override events: while a field that takes typing has the focus, a key
without Ctrl, Alt or Meta goes to the field. One exception is what a learner expects: Space in
a number field first commits the typed number, then starts or pauses the run (a number never
holds a space).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class TypingGuard(QObject):
    """An application event filter; install with `QApplication.installEventFilter`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if focus is None or watched is not focus:
            return False
        text = event.text()
        if event.modifiers() & _COMMAND_MODIFIERS or not text or not text.isprintable():
            return False  # Ctrl+S and friends, F-keys, Escape: always the window's
        spin_box = _spin_box_of(focus)
        if spin_box is not None and event.key() == Qt.Key.Key_Space:
            spin_box.interpretText()  # the typed number counts before Space starts the run
            event.ignore()  # so the shortcut fires
            return True
        if _takes_typing(focus):
            event.accept()  # the key goes to the field; the shortcut does not fire
            return True
        return False


def _spin_box_of(widget: QObject) -> QAbstractSpinBox | None:
    for candidate in (widget, widget.parent()):
        if isinstance(candidate, QAbstractSpinBox):
            return candidate
    return None


def _takes_typing(widget: QObject) -> bool:
    """A field (or the line edit inside a spin box or combo box) where keys are typing."""
    editors = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox)
    return isinstance(widget, editors) or isinstance(widget.parent(), editors)
