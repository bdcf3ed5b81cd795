"""The surface worker: results in order and as copies, failures reported, prompt cancellation."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest
from PySide6.QtCore import QElapsedTimer
from pytestqt.qtbot import QtBot

from gdstudio.core.cancel import check
from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.nn.param_refs import parse_pair
from gdstudio.core.surfaces.descent import Grid
from gdstudio.core.surfaces.loss_plane import PlaneSlice, random_plane
from gdstudio.core.surfaces.surface import PairSlice, evaluation_data
from gdstudio.workers.surface import SurfaceController


@pytest.fixture
def controller(qtbot: QtBot) -> Iterator[SurfaceController]:
    controller = SurfaceController()
    yield controller
    assert controller.shutdown()


def test_results_arrive_coarse_then_fine_then_finished(
    qtbot: QtBot, controller: SurfaceController, embedded: Dataset
) -> None:
    model = TutorialNet()
    params = model.init_params(np.random.default_rng(0), dtype=np.float64)
    x, labels = evaluation_data(embedded, "batch")
    surface = PairSlice(model, params, parse_pair("w1:407:3,b1:3"), x, labels)
    results: list[object] = []
    controller.result.connect(results.append)
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.submit(lambda cancelled: surface.grids(1.0, 21, cancelled=cancelled))
    assert [type(r) for r in results] == [Grid, Grid]
    assert [g.final for g in results] == [False, True]  # type: ignore[attr-defined]
    assert not controller.busy


def test_results_are_copies(qtbot: QtBot, controller: SurfaceController) -> None:
    shared = np.zeros(3)
    results: list[object] = []
    controller.result.connect(results.append)
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.submit(lambda cancelled: iter([shared]))
    assert isinstance(results[0], np.ndarray) and results[0] is not shared
    np.testing.assert_array_equal(results[0], shared)


def test_failures_are_reported_with_their_message(
    qtbot: QtBot, controller: SurfaceController
) -> None:
    def job(cancelled: Callable[[], bool]) -> Iterator[object]:
        raise ValueError("the span is too large")
        yield  # pragma: no cover

    with qtbot.waitSignal(controller.failed, timeout=5000) as blocker:
        controller.submit(job)
    assert blocker.args == ["the span is too large"]


def test_a_new_job_supersedes_the_running_one(qtbot: QtBot, controller: SurfaceController) -> None:
    def endless(cancelled: Callable[[], bool]) -> Iterator[object]:
        yield "started"
        while True:
            check(cancelled)

    results: list[object] = []
    controller.result.connect(results.append)
    with qtbot.waitSignal(controller.result, timeout=5000):
        first = controller.submit(endless)
    with qtbot.waitSignals([controller.job_cancelled, controller.finished], timeout=5000):
        controller.submit(lambda cancelled: iter(["second"]))
    assert results == ["started", "second"]
    assert first < controller.submit(lambda cancelled: iter([]))


def test_cancelling_a_plane_stops_the_worker_within_200_ms(
    qtbot: QtBot, controller: SurfaceController, embedded: Dataset
) -> None:
    """The heaviest job (a 51 x 51 plane through all parameters, ~3 s) stops at once."""
    model = TutorialNet()
    params = model.init_params(np.random.default_rng(0))
    params["b0"] += 0.1  # a b0 direction: every grid point needs tanh again
    x, labels = evaluation_data(embedded, "valid", np.float32)
    surface = PlaneSlice(model, random_plane(params), x, labels)
    assert not surface.linear
    with qtbot.waitSignal(controller.result, timeout=20_000):  # the coarse grid: it is running
        controller.submit(
            lambda cancelled: surface.grids((-1, 1), (-1, 1), 51, cancelled=cancelled)
        )
    assert controller.busy
    timer = QElapsedTimer()
    with qtbot.waitSignal(controller.job_cancelled, timeout=5000):
        timer.start()
        controller.cancel()
    assert timer.elapsed() < 200
    assert not controller.busy


def test_shutdown_while_running_joins_the_thread(qtbot: QtBot) -> None:
    controller = SurfaceController()

    def endless(cancelled: Callable[[], bool]) -> Iterator[object]:
        yield "started"
        while True:
            check(cancelled)

    with qtbot.waitSignal(controller.result, timeout=5000):
        controller.submit(endless)
    assert controller.shutdown()
    assert controller.shutdown()  # idempotent
