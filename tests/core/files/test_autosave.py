"""The autosave's clean mark: a session closed normally is not offered again; one left by a
crash or kill is."""

from pathlib import Path

import numpy as np

from gdstudio.core.files.autosave import AUTOSAVE_NAME, Autosave
from gdstudio.core.files.session import Session, SessionRun, load_session
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import TrainConfig


def a_session(name: str) -> Session:
    params = TutorialNet().init_params(np.random.default_rng(0))
    return Session(runs=(SessionRun(name, TrainConfig(), params, origin="training"),))


def test_a_normal_close_marks_the_autosave_clean(tmp_path: Path) -> None:
    first = Autosave(tmp_path / AUTOSAVE_NAME)
    assert first.save(a_session("one"))
    first.mark_clean()
    second = Autosave(tmp_path / AUTOSAVE_NAME)
    assert not second.pending  # closed normally: not offered
    assert second.save(a_session("two"))
    assert not second.clean_mark.exists()  # killed from now on: offered
    third = Autosave(tmp_path / AUTOSAVE_NAME)
    assert third.pending
    assert third.restore().runs[0].name == "two"


def test_a_pending_autosave_is_not_marked_clean(tmp_path: Path) -> None:
    Autosave(tmp_path / AUTOSAVE_NAME).save(a_session("crashed"))
    unanswered = Autosave(tmp_path / AUTOSAVE_NAME)
    assert unanswered.pending
    unanswered.mark_clean()  # closed without the offer answered: offered again next time
    assert Autosave(tmp_path / AUTOSAVE_NAME).pending
    assert load_session(tmp_path / AUTOSAVE_NAME).runs[0].name == "crashed"
