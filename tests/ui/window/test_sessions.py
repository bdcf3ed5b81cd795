"""Save / Open Session and the autosave offer, as the main window uses them (no real dialogs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gdstudio.core.files.autosave import AUTOSAVE_NAME, Autosave
from gdstudio.core.files.session import Session, SessionRun, load_session, save_session
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.window.session_files import SessionFiles


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The warnings shown, as (title, text), instead of modal boxes."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((title, text))
    )
    return shown


@pytest.fixture
def files(qtbot: QtBot, tmp_path: Path):
    window = QWidget()
    qtbot.addWidget(window)
    made: list[SessionFiles] = []

    def make() -> SessionFiles:
        made.append(SessionFiles(window, Autosave(tmp_path / AUTOSAVE_NAME)))
        return made[-1]

    yield make
    for f in made:
        assert f.close()


def a_session(name: str = "run") -> Session:
    params = TutorialNet().init_params(np.random.default_rng(0))
    return Session(runs=(SessionRun(name, TrainConfig(), params, origin="training"),))


def test_restore_the_autosave_after_a_crash(
    files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    first = files()
    assert first.offer_restore() is None  # nothing saved yet: nothing asked
    first.autosave_now(a_session("before the crash"))
    assert first.close() and first.autosave_error() == ""
    first.autosave.clean_mark.unlink()  # a crash leaves the autosave without this mark
    second = files()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    restored = second.offer_restore()
    assert restored is not None and restored.runs[0].name == "before the crash"
    second.autosave_now(a_session("after"))
    assert second.close()
    assert load_session(tmp_path / AUTOSAVE_NAME).runs[0].name == "after"
    assert boxes == []


def test_nothing_is_offered_after_a_normal_close(
    files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:
    first = files()
    first.autosave_now(a_session("closed normally"))
    assert first.close()
    asked: list[object] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args))
    second = files()
    assert second.offer_restore() is None and asked == [] and not second.autosave.pending
    second.autosave_now(a_session("next"))
    assert second.close()
    assert load_session(tmp_path / AUTOSAVE_NAME).runs[0].name == "next"


def test_declining_starts_a_new_session(
    files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_session(tmp_path / AUTOSAVE_NAME, a_session("old"))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    f = files()
    assert f.offer_restore() is None and not f.autosave.pending
    f.autosave_now(a_session("new"))
    assert f.close()
    assert load_session(tmp_path / AUTOSAVE_NAME).runs[0].name == "new"


def test_a_damaged_autosave_is_reported_and_kept(files, tmp_path: Path, boxes) -> None:
    path = tmp_path / AUTOSAVE_NAME
    path.write_bytes(b"PK\x03\x04 not really a zip")
    f = files()
    assert f.offer_restore(ask=False) is None
    assert len(boxes) == 1 and AUTOSAVE_NAME in boxes[0][1]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("autosave-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"PK\x03\x04 not really a zip"
    assert str(kept[0]) in boxes[0][1]
    f.autosave_now(a_session("fresh"))
    assert f.close()
    assert load_session(path).runs[0].name == "fresh"


def test_save_and_open_report_problems_and_keep_the_window_up(files, tmp_path: Path, boxes) -> None:
    f = files()
    assert f.save_to(tmp_path / "s.gdsession", a_session())
    assert f.path == tmp_path / "s.gdsession"
    assert f.open_from(tmp_path / "s.gdsession").runs[0].name == "run"
    assert not f.save_to(tmp_path / "missing-folder" / "s.gdsession", a_session())
    (tmp_path / "bad.gdsession").write_text("no")
    assert f.open_from(tmp_path / "bad.gdsession") is None
    assert [title for title, _ in boxes] == [
        "Could not save the session",
        "Could not open the session",
    ]
    assert "bad.gdsession: not a GD Studio session" in boxes[1][1]
    assert f.path == tmp_path / "s.gdsession"
