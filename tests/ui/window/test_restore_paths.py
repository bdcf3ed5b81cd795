"""Every way the window opens a file (checkpoint, session, autosave, IDX folder): a bad file
gives one message box and leaves the window as it was; the autosave is offered only after a
crash or kill, never after a normal quit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import edited_metadata, good_session
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.data.idx import write_idx
from gdstudio.core.files.autosave import autosave_path
from gdstudio.core.files.session import Session, SessionRun, load_session, save_session
from gdstudio.core.nn.model import build_model
from gdstudio.core.training.presets import preset
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the warnings shown, instead of modal boxes."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(title))
    return shown


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions asked (each answered Yes)."""
    asked: list[str] = []

    def question(parent, title, text) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def make_window(qtbot: QtBot, store: QSettings, embedded: Dataset) -> Iterator[Callable]:
    made: list[MainWindow] = []

    def make(offer_restore: bool = False) -> MainWindow:
        w = MainWindow(settings_store=store, dataset=embedded, offer_restore=offer_restore)
        w.show()
        qtbot.waitUntil(lambda: w.controller.last_frame is not None)
        QApplication.processEvents()  # the offer to restore is made once the window is up
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def train_one_epoch(qtbot: QtBot, window: MainWindow) -> None:
    window.controls.set_config(TrainConfig(epochs=1, batch_size=500))
    window.reset()
    window.start()
    qtbot.waitUntil(lambda: window.controller.state == FINISHED, timeout=30_000)
    qtbot.waitUntil(lambda: autosave_path().exists(), timeout=10_000)


def test_no_restore_offered_after_a_normal_quit(qtbot, make_window, questions, boxes) -> None:
    first = make_window()
    train_one_epoch(qtbot, first)
    first.close()
    assert autosave_path().exists()
    second = make_window(offer_restore=True)
    assert questions == [] and boxes == []
    assert len(second.history) == 0
    train_one_epoch(qtbot, second)  # and autosaving goes on
    second.close()
    assert load_session(autosave_path()).runs[0].config.batch_size == 500


def test_restore_offered_after_a_kill(qtbot, make_window, questions, boxes) -> None:
    first = make_window()
    train_one_epoch(qtbot, first)
    steps = len(first.history)
    first.close()
    # what a kill leaves behind: the autosave without the mark a normal quit adds
    autosave_path().with_name(autosave_path().name + ".clean").unlink()
    second = make_window(offer_restore=True)
    assert questions == ["Restore the last session?"] and boxes == []
    assert len(second.history) == steps > 0


def window_state(window: MainWindow) -> tuple:
    frame = window.controller.last_frame
    return (
        window.controls.config(),
        window.controls.model_config(),
        window.dataset.name,
        len(window.history),
        window.compare.view_settings(),
        len(window.compare.session_runs()),
        window.sessions.path,
        {k: v.copy() for k, v in frame.snapshot.params.items()},
    )


def assert_same(a: tuple, b: tuple) -> None:
    assert a[:-1] == b[:-1]
    for name, value in a[-1].items():
        np.testing.assert_array_equal(value, b[-1][name])


def chose(monkeypatch: pytest.MonkeyPatch, dialog: str, path: Path) -> None:
    """The file dialog `dialog` answers `path`."""
    answer = str(path) if dialog == "getExistingDirectory" else (str(path), "")
    monkeypatch.setattr(QFileDialog, dialog, lambda *args, **kwargs: answer)


def tiny_folder(folder: Path) -> Path:
    folder.mkdir()
    rng = np.random.default_rng(0)
    write_idx(folder / "images-idx3-ubyte", rng.integers(0, 256, (3, 28, 28), dtype=np.uint8))
    write_idx(folder / "labels-idx1-ubyte", rng.integers(0, 10, 3).astype(np.uint8))
    return folder


def session_with(path: Path, change: Callable[[dict], object]) -> Path:
    good_session(path)
    edited_metadata(path, change)
    return path


@pytest.mark.parametrize(
    "case",
    [
        "checkpoint bytes",
        "checkpoint lr",
        "session compare seed",
        "session compare entry",
        "session run seed",
        "session data gone",
        "tiny folder",
    ],
)
def test_a_bad_file_gives_one_box_and_leaves_the_window(
    qtbot, make_window, tmp_path, monkeypatch, boxes, case
) -> None:
    window = make_window()
    before = window_state(window)
    if case == "checkpoint bytes":
        (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04" + bytes(300))
        chose(monkeypatch, "getOpenFileName", tmp_path / "bad.npz")
        action, title = window.commands.open_action, "Could not open the checkpoint"
    elif case == "checkpoint lr":
        window.files.save_checkpoint_to(tmp_path / "run.npz")
        edited_metadata(tmp_path / "run.npz", lambda m: m.update(lr=float("nan")))
        chose(monkeypatch, "getOpenFileName", tmp_path / "run.npz")
        action, title = window.commands.open_action, "Could not open the checkpoint"
    elif case == "tiny folder":
        chose(monkeypatch, "getExistingDirectory", tiny_folder(tmp_path / "tiny"))
        action, title = window.commands.open_folder_action, "Could not load the data"
    else:
        change = {
            "session compare seed": lambda m: m["view"]["compare"].update(seed=2**40),
            "session compare entry": lambda m: m["view"].update(compare="x"),
            "session run seed": lambda m: m["runs"][0]["config"].update(seed=2**63),
            "session data gone": lambda m: m.update(dataset=str(tmp_path / "gone")),
        }[case]
        chose(monkeypatch, "getOpenFileName", session_with(tmp_path / "s.gdsession", change))
        action, title = window.commands.open_session_action, "Could not open the session"
    action.trigger()
    assert boxes == [title]
    assert_same(window_state(window), before)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["view"].update(compare=[1]),
        lambda m: m["runs"][0]["config"].update(batch_size=2**63),
        lambda m: m.update(dataset="/no/such/folder"),
    ],
)
def test_a_bad_autosave_is_set_aside_and_autosaving_goes_on(
    qtbot, make_window, questions, boxes, change
) -> None:
    session_with(autosave_path(), change)
    window = make_window(offer_restore=True)
    assert questions == ["Restore the last session?"]
    assert boxes == ["Could not restore the last session"]
    kept = [p for p in autosave_path().parent.iterdir() if p.name.startswith("autosave-")]
    assert len(kept) == 1 and not autosave_path().exists()
    assert len(window.history) == 0
    train_one_epoch(qtbot, window)
    assert load_session(autosave_path()).runs[0].config.batch_size == 500


def test_an_autosave_of_another_network_brings_its_network(
    qtbot, make_window, questions, boxes
) -> None:
    network = preset("softmax-regression").model
    params = build_model(network).init_params(np.random.default_rng(0))
    run = SessionRun("training", TrainConfig(epochs=3), params, origin="training")
    save_session(autosave_path(), Session(runs=(run,), model=network))
    window = make_window(offer_restore=True)
    assert questions == ["Restore the last session?"] and boxes == []
    assert window.controls.model_config() == network
    assert window.controls.config().epochs == 3
