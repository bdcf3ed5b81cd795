"""Reset, then save everything there is to save, quit, and start again: the teacher's files hold
the run after the reset, and the next start has the settings left behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox
from workflow_user import User

from gdstudio.core.files.checkpoint import load_checkpoint
from gdstudio.core.files.session import load_session
from gdstudio.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_reset_then_save_checkpoint_session_and_settings(
    qtbot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    user = User(qtbot, window)
    user.train(epochs=1)  # run 1: one epoch at alpha 1

    user.answer_message("Discard and continue")
    user.press(Qt.Key.Key_R)
    user.type_into(window.findChild(QDoubleSpinBox, "lrField"), "0.3")
    user.type_into(window.findChild(QSpinBox, "seedField"), "7")
    window.tabs.setFocus()
    for _ in range(3):
        user.press(Qt.Key.Key_N)  # run 2: three steps at alpha 0.3, seed 7
    qtbot.waitUntil(lambda: len(window.history) == 3)

    checkpoint = tmp_path / "after-reset.npz"
    user.choose_file(checkpoint)
    user.press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(checkpoint.exists)
    saved = load_checkpoint(checkpoint)
    assert (saved.step, saved.seed, saved.lr) == (3, 7, 0.3)
    assert not window.has_unsaved_work()

    session_file = tmp_path / "after-reset.gdsession"
    user.choose_file(session_file)
    user.press(Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(session_file.exists)
    session = load_session(session_file)
    main = session.runs[0]
    assert main.config.seed == 7 and main.config.lr == 0.3
    assert list(main.history().step) == [1, 2, 3]

    window.close()  # quit: nothing to ask, everything saved
    assert user.dialogs_seen == ["Discard the current run?", "Save checkpoint", "Save session"]

    again = open_window()
    config = again.controls.config()
    assert (config.lr, config.seed, config.epochs) == (0.3, 7, 1)


def test_the_autosave_follows_the_run_after_a_reset(
    qtbot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    user = User(qtbot, window)
    user.train(epochs=1)
    autosave = window.sessions.autosave.path
    qtbot.waitUntil(autosave.exists)

    user.answer_message("Discard and continue")
    user.press(Qt.Key.Key_R)
    user.type_into(window.findChild(QSpinBox, "seedField"), "3")
    window.tabs.setFocus()
    user.press(Qt.Key.Key_Space)
    user.wait_until_finished()

    def autosaved_seed() -> int | None:
        try:
            return load_session(autosave).runs[0].config.seed
        except Exception:  # written in the background: not there yet, or being replaced
            return None

    qtbot.waitUntil(lambda: autosaved_seed() == 3)
