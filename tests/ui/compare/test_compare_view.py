"""The compare view: the α race on fixed axes, the run list, export, sessions."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gdstudio.core.files.checkpoint import load_checkpoint
from gdstudio.core.files.session import Session, load_session, save_session
from gdstudio.ui.compare.compare_view import ORIGIN, CompareView
from gdstudio.ui.view import TrainingView
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import FINISHED, PAUSED, RUNNING

TIMEOUT = 30_000


@pytest.fixture
def make(show_view: Callable[..., Any]) -> Iterator:
    made: list[CompareView] = []

    def factory() -> CompareView:
        view = show_view(CompareView, (1100, 760))
        made.append(view)
        return view

    yield factory
    for view in made:
        assert view.shutdown()
    assert running_threads() == []


@pytest.fixture
def raced(qtbot: QtBot, make) -> CompareView:
    """The α race, one epoch, finished."""
    view = make()
    view.apply_view_settings({"epochs": 1})
    view.alpha_race()
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    return view


def cell(view: CompareView, row: int, column: int) -> str:
    return view.table.item(row, column).text()


def test_alpha_race_overlays_four_runs_and_names_the_one_that_went_wrong(
    raced: CompareView,
) -> None:
    view: TrainingView = raced
    assert raced.objectName() == "compare" and view.title() == "Compare"
    names = ["α = 0.1", "α = 1", "α = 10", "α = 30"]
    assert raced.runs == names
    assert raced.plots.legend_names() == names
    assert raced.table.rowCount() == 4
    assert [cell(raced, r, 1) for r in range(4)] == ["0.1", "1", "10", "30"]
    assert [cell(raced, r, 4) for r in range(4)] == ["1 / 1"] * 4
    assert float(cell(raced, 1, 7)) > 0.85  # α = 1 learns
    assert float(cell(raced, 3, 7)) < 0.2  # α = 30 saturates
    assert cell(raced, 3, 8).startswith("froze at step")
    assert cell(raced, 1, 8) == "done"
    notice = raced.notice_text()
    assert "α = 30:" in notice and "α = 1:" not in notice and "α = 10:" not in notice
    assert "α = 30: the softmax saturated and training froze at step" in notice
    assert raced.plots.x_range()[0] <= 0 and 1 <= raced.plots.x_range()[1] < 1.1


def test_axes_stay_fixed_while_the_curves_grow(qtbot: QtBot, make) -> None:
    view = make()
    view.apply_view_settings({"setting": "seed", "values": "0, 1", "epochs": 2})
    view.start()
    qtbot.waitUntil(lambda: view.state == RUNNING, timeout=TIMEOUT)
    ranges = [view.plots.x_range()]
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    ranges.append(view.plots.x_range())
    assert ranges[0] == ranges[1] and ranges[0][1] == pytest.approx(2, rel=0.02)
    assert view.runs == ["seed 0", "seed 1"]


def test_show_hide_rename_and_delete_runs(qtbot: QtBot, raced: CompareView) -> None:
    table = raced.table
    table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert raced.plots.legend_names() == ["α = 1", "α = 10", "α = 30"]
    table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert raced.plots.legend_names()[-1] == "α = 0.1"
    table.item(3, 0).setText("too large")
    assert raced.runs[3] == "too large" and "too large" in raced.plots.legend_names()
    assert "too large:" in raced.notice_text()
    table.item(2, 0).setText("   ")  # a run keeps a name
    assert raced.runs[2] == "α = 10" and cell(raced, 2, 0) == "α = 10"
    table.selectRow(3)
    raced.delete_selected()
    assert raced.runs == ["α = 0.1", "α = 1", "α = 10"] and table.rowCount() == 3
    assert raced.notice_text() == ""  # no run that went wrong is left


def test_runs_of_a_running_comparison_cannot_be_deleted(qtbot: QtBot, make) -> None:
    view = make()
    view.apply_view_settings({"values": "0.5, 1", "epochs": 10_000})
    view.start()
    qtbot.waitUntil(lambda: view.state == RUNNING, timeout=TIMEOUT)
    view.table.selectRow(0)
    view.delete_selected()
    assert view.runs == ["α = 0.5", "α = 1"]
    view.pause()
    qtbot.waitUntil(lambda: view.state == PAUSED, timeout=TIMEOUT)
    view.start()  # resumes the same runs
    qtbot.waitUntil(lambda: view.state == RUNNING, timeout=TIMEOUT)
    assert len(view.runs) == 2
    view.stop()
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    assert cell(view, 0, 8) == "stopped"
    view.table.selectRow(0)
    view.delete_selected()
    assert view.runs == ["α = 1"]


def test_a_second_comparison_adds_runs_to_the_session(qtbot: QtBot, raced: CompareView) -> None:
    raced.apply_view_settings({"setting": "batch_size", "values": "100, 200"})
    raced.start()
    qtbot.waitUntil(lambda: raced.state == FINISHED and len(raced.runs) == 6, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: raced.table.item(5, 4).text() == "1 / 1", timeout=TIMEOUT)
    assert raced.runs[4:] == ["batch 100", "batch 200"]
    raced.alpha_race()
    qtbot.waitUntil(lambda: len(raced.runs) == 10, timeout=TIMEOUT)
    assert raced.runs[6:] == ["α = 0.1 (2)", "α = 1 (2)", "α = 10 (2)", "α = 30 (2)"]
    qtbot.waitUntil(lambda: raced.state == FINISHED, timeout=TIMEOUT)


def test_bad_values_are_explained_and_start_nothing(make) -> None:
    view = make()
    view.apply_view_settings({"values": "1"})
    view.start()
    assert "2 to 6 runs" in view.controls.message() and view.runs == []
    view.apply_view_settings({"values": "1, fast"})
    view.start()
    assert "numbers" in view.controls.message() and view.runs == []


def test_exports(tmp_path: Path, raced: CompareView) -> None:
    raced.export_png(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    raced.export_svg(tmp_path / "c.svg")
    assert ET.parse(tmp_path / "c.svg").getroot().tag.endswith("svg")
    raced.export_csv(tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted({r["run"] for r in rows}) == sorted(raced.runs)
    assert len(rows) == 4 * (80 + 1)  # one row per step and one per epoch, for each run
    raced.export_params(2, tmp_path / "a1.npz")  # the second run (key 2): α = 1
    checkpoint = load_checkpoint(tmp_path / "a1.npz")
    params = raced.session_runs()[1].params
    for name, p in params.items():
        np.testing.assert_array_equal(checkpoint.params[name], p)
    assert checkpoint.lr == 1.0 and checkpoint.step == 80


def test_session_round_trip_through_the_view(
    tmp_path: Path, qtbot: QtBot, raced: CompareView, make
) -> None:
    raced.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    runs = raced.session_runs()
    assert [r.origin for r in runs] == [ORIGIN] * 4
    path = tmp_path / "s.gdsession"
    save_session(path, Session(runs=tuple(runs), view={"compare": raced.view_settings()}))
    loaded = load_session(path)
    other = make()
    other.apply_view_settings(loaded.view["compare"])
    other.restore_runs(loaded.runs, loaded.dataset)
    assert other.runs == raced.runs
    assert other.plots.legend_names() == raced.plots.legend_names()
    for row in range(4):
        for column in range(9):
            assert cell(other, row, column) == cell(raced, row, column)
    assert other.view_settings() == raced.view_settings()
    assert "α = 30:" in other.notice_text()
    restored = other.session_runs()
    for a, b in zip(runs, restored, strict=True):
        np.testing.assert_array_equal(a.steps["batch_loss"], b.steps["batch_loss"])
        assert [s.step for s in a.snapshots] == [s.step for s in b.snapshots]


def test_epoch_ends_ask_for_an_autosave(qtbot: QtBot, make) -> None:
    view = make()
    view.apply_view_settings({"values": "1, 2", "epochs": 2})
    with qtbot.waitSignal(view.epoch_finished, timeout=TIMEOUT):
        view.start()
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)


def test_hidden_view_catches_up_when_shown(qtbot: QtBot, make) -> None:
    view = make()
    view.hide()
    view.apply_view_settings({"values": "1, 2", "epochs": 1})
    view.start()
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    assert [view.plots.loss_points(key) for key in (1, 2)] == [0, 0]  # nothing drawn
    assert view.table.item(0, 4).text() == "1 / 1"  # (the table is kept up to date)
    view.show()
    assert [view.plots.loss_points(key) for key in (1, 2)] == [80, 80]
