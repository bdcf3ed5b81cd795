"""Legends stay off the data: the α = 50 loss curve, the first accuracy points, the α race."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.experiments import (
    ALPHA_RACE,
    Comparison,
    comparison_configs,
    record,
    run_name,
)
from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.ui.compare.compare_plots import ComparisonPlots, run_colour
from gdstudio.ui.training.curves import CurvesView


def covered(legend: pg.LegendItem, box: pg.ViewBox, x: np.ndarray, y: np.ndarray) -> int:
    """How many of the points (view coordinates) the legend hides, joined by lines (sampled)."""
    dense_x = np.linspace(x[0], x[-1], 2000)
    dense_y = np.interp(dense_x, x, y)
    rect = legend.sceneBoundingRect()
    return sum(
        rect.contains(box.mapViewToScene(pg.Point(float(a), float(b))))
        for a, b in zip(dense_x, dense_y, strict=True)
    )


def history_of(dataset: Dataset, lr: float) -> RunHistory:
    history = RunHistory()
    history.add_steps(list(Trainer(dataset, TrainConfig(lr=lr, epochs=2)).run()))
    return history


def test_the_curves_legends_leave_the_alpha_50_run_and_the_accuracy_points_free(
    qtbot: QtBot, embedded: Dataset
) -> None:
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    for lr in (1.0, 50.0):
        history = history_of(embedded, lr)
        view.set_history(history)
        QApplication.processEvents()  # (lays out the legends' new size, as the event loop does)
        view.refresh()
        loss_box = view.plots.loss_plot.getViewBox()
        smoothed = history.smoothed_loss(view.smoothing)
        assert covered(view.plots.loss_legend, loss_box, history.epoch, smoothed) == 0, lr
        epochs = history.epoch_arrays()
        box = view.plots.accuracy_plot.getViewBox()
        for name in ("train_accuracy", "valid_accuracy"):
            assert covered(view.plots.accuracy_legend, box, epochs["epoch"], epochs[name]) == 0, lr


def test_the_race_legend_stays_off_the_plots(qtbot: QtBot, embedded: Dataset) -> None:
    """The runs of a race fill every corner of the fixed axes: the legend goes above them."""
    plots = ComparisonPlots()
    qtbot.addWidget(plots)
    plots.resize(860, 340)  # as in the Compare tab at 1280 x 800
    plots.show()
    qtbot.waitExposed(plots)
    plots.set_epochs(3)
    configs = comparison_configs(TrainConfig(epochs=3), "lr", list(ALPHA_RACE))
    runs = record(Comparison(embedded, configs), [run_name("lr", c) for c in configs])
    for key, run in enumerate(runs, start=1):
        plots.add_run(key, run.name, run_colour(key - 1))
        plots.update_run(key, run.history())
    QApplication.processEvents()  # (lays the legend out)
    assert plots.legend_names() == [run.name for run in runs]
    legend = plots._legend.sceneBoundingRect()
    assert legend.height() > 0
    for plot in (plots._loss_plot, plots._accuracy_plot):
        assert not legend.intersects(plot.getViewBox().sceneBoundingRect())
    box = plots._loss_plot.getViewBox()
    for run in runs:
        history = run.history()
        x, y = np.asarray(history.epoch), history.smoothed_loss(0.9)
        assert covered(plots._legend, box, x, y) == 0, run.name
