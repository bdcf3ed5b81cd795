"""The data and draw views read one sample through any network: the hidden units it saturates
(or, for ReLU, leaves dead), and "Why?" where a per-pixel answer exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from inspection_helpers import frame_from
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.data.drawing import synthetic_digit
from gdstudio.core.nn.model import ModelConfig, build_model
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import Trainer
from gdstudio.ui.inspect.data_view import DataView
from gdstudio.ui.inspect.draw_view import DrawView

NETWORKS = {
    **{name: p.model for name, p in PRESETS.items()},
    "mlp-relu": ModelConfig(architecture="mlp", activation="relu", loss="squared", hidden=64),
    "tutorial-sigmoid": ModelConfig(activation="sigmoid"),
}


def trainer_for(dataset: Dataset, name: str) -> Trainer:
    config = NETWORKS[name]
    preset = PRESETS.get(name, PRESETS["mlp" if config.architecture == "mlp" else "tutorial"])
    trainer = Trainer(dataset, preset.train_config(), build_model(config))
    for _ in range(10):
        trainer.step()
    return trainer


@pytest.mark.parametrize("name", list(NETWORKS))
def test_data_view_details_a_sample_of_each_network(
    qtbot: QtBot, show_view: Callable[..., Any], embedded: Dataset, name: str
) -> None:
    view = show_view(DataView, (1100, 700))
    trainer = trainer_for(embedded, name)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(lambda: view.predictions("valid") is not None)
    view.select(0)
    report = view.detail.report
    assert report is not None and report.predicted == view.predictions("valid").predicted[0]
    text = view.detail._loss.text()
    config = trainer.model.config
    formula = "Σ(y − output)²" if config.loss == "squared" else "−log output[label]"
    assert f"Loss {formula} = {report.loss:.4g}" in text
    overlay = view.detail._saturation.isVisibleTo(view)
    if config.architecture == "tutorial":
        assert overlay and "of 784 hidden units saturated" in text
        assert config.activation in view.detail._saturation.text()
    elif config.architecture == "linear":
        assert not overlay and "no hidden layer" in text
    elif config.activation == "relu":
        assert not overlay and f"{int(report.dead.sum())} of 64 hidden units dead (0)" in text
    else:
        assert (
            not overlay and f"{int(report.saturated.sum())} of 100 hidden units saturated" in text
        )
    view.close()


@pytest.mark.parametrize("name", list(NETWORKS))
def test_draw_view_reads_a_digit_with_each_network(
    show_view: Callable[..., Any], embedded: Dataset, name: str
) -> None:
    view = show_view(DrawView, (1000, 600))
    trainer = trainer_for(embedded, name)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    view.set_drawing(synthetic_digit("3"))
    view.set_why(True)
    report = view.report
    assert report is not None
    expected = trainer.model.forward(
        {k: v.astype(np.float64) for k, v in trainer.params.items()}, view.pixels.reshape(1, -1)
    )[0]
    np.testing.assert_allclose(report.probabilities, expected, rtol=1e-9)
    assert f"The network says {report.predicted}" in view._verdict.text()
    explanation = view._explanation.text()
    if trainer.model.config.architecture == "mlp":
        assert view.contribution_image is None
        assert f"through its {report.hidden.size} hidden units" in explanation
        assert not np.any(view.why_cell.image) and not view.why_cell.box.isVisible()
        assert view._explanation.isVisible()
    else:
        image = view.contribution_image
        assert image is not None and image.shape == (28, 28) and view.why_cell.box.isVisible()
        j = report.predicted
        score = float(image.sum() + trainer.params["b1"][j])
        assert f"{score:.3f}" in explanation
        if trainer.model.config.architecture == "linear":
            assert "x · w1" in explanation and view._why_title.text == f"Why {j}? x ⊙ w1[:, {j}]"
    view.close()
