"""The compare view follows the chosen network (`set_model`) and compares "squared vs
cross-entropy" and "SGD vs Adam" in one click each: two runs that differ only in that."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from gdstudio.core.files.checkpoint import load_checkpoint
from gdstudio.core.nn.model import build_model
from gdstudio.core.training.experiments import ADAM_LR
from gdstudio.core.training.presets import PRESETS
from gdstudio.ui.compare.compare_view import CompareView
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import FINISHED, RUNNING

TIMEOUT = 60_000


@pytest.fixture
def view(show_view: Callable[..., Any]) -> Iterator[CompareView]:
    view = show_view(CompareView, (1100, 760))
    view.apply_view_settings({"epochs": 1, "lr": 0.3, "batch_size": 100})
    yield view
    assert view.shutdown()
    assert running_threads() == []


def first_steps(view: CompareView) -> list[tuple[float, float]]:
    """Each run's first step: (batch loss, batch accuracy)."""
    return [(r.history.batch_loss[0], r.history.batch_accuracy[0]) for r in view._runs]


@pytest.mark.parametrize("name", list(PRESETS))
def test_squared_vs_cross_entropy_in_one_click(
    qtbot: QtBot, view: CompareView, name: str, tmp_path: Path
) -> None:
    model = build_model(PRESETS[name].model)
    view.set_model(model)
    view.controls._losses.click()
    assert view.runs == ["squared error", "cross-entropy"]
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    first, second = view._runs
    assert asdict(first.config) == asdict(second.config)  # the same training settings
    networks = [view.run_network(run.key) for run in view._runs]
    assert [n.loss for n in networks] == ["squared", "cross_entropy"]
    assert replace(networks[0], loss="cross_entropy") == networks[1]  # and the same network
    assert networks[0].architecture == model.config.architecture
    (loss_a, accuracy_a), (loss_b, accuracy_b) = first_steps(view)
    assert accuracy_a == accuracy_b and loss_a != loss_b  # same start and batch, other loss
    assert all(len(run.history.epochs) == 1 for run in view._runs)
    view.export_params(second.key, tmp_path / "ce.npz")
    assert load_checkpoint(tmp_path / "ce.npz").config == networks[1]
    saved = view.session_runs()  # a session keeps each run's network...
    assert [run.model for run in saved] == networks
    view.restore_runs(saved, "embedded")  # ...and gives it back
    assert [view.run_network(run.key) for run in view._runs] == networks


def test_sgd_vs_adam_in_one_click(qtbot: QtBot, view: CompareView) -> None:
    mlp = build_model(PRESETS["mlp"].model)
    view.set_model(mlp)
    view.controls._optimizers.click()
    assert view.runs == ["SGD, α = 0.1", f"Adam, α = {ADAM_LR:g}"]
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    sgd, adam = view._runs
    assert (sgd.config.optimizer, adam.config.optimizer) == ("sgd", "adam")
    assert replace(adam.config, optimizer="sgd", lr=sgd.config.lr) == sgd.config
    assert view.run_network(sgd.key) == view.run_network(adam.key) == mlp.config
    (loss_a, accuracy_a), (loss_b, accuracy_b) = first_steps(view)
    assert (loss_a, accuracy_a) == (loss_b, accuracy_b)  # the same start, batch and loss
    assert sgd.history.batch_loss[-1] != adam.history.batch_loss[-1]
    # a second click adds two more runs, named apart
    view.controls._optimizers.click()
    assert view.runs[2:] == ["SGD, α = 0.1 (2)", f"Adam, α = {ADAM_LR:g} (2)"]
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)


def test_buttons_wait_for_a_running_comparison(qtbot: QtBot, view: CompareView) -> None:
    view.apply_view_settings({"epochs": 50})
    view.alpha_race()
    qtbot.waitUntil(lambda: view.state == RUNNING, timeout=TIMEOUT)
    assert not view.controls._losses.isEnabled() and not view.controls._optimizers.isEnabled()
    view.compare_losses()  # ignored while the race runs
    assert len(view.runs) == 4
    view.stop()
    qtbot.waitUntil(lambda: view.state == FINISHED, timeout=TIMEOUT)
    assert view.controls._losses.isEnabled() and view.controls._optimizers.isEnabled()
