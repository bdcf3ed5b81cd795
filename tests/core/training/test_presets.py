"""Every preset trains well, and without a false divergence warning, on every dataset offered."""

from __future__ import annotations

import json

import pytest

from gdstudio.core.data.datasets import Dataset, load_dataset
from gdstudio.core.data.idx import DataError
from gdstudio.core.nn.model import build_model
from gdstudio.core.training.presets import PRESETS, preset
from gdstudio.core.training.trainer import Trainer

#: test accuracy each preset reaches with its own settings, seed 0, per dataset
FLOORS = {
    "embedded": {"tutorial": 0.89, "softmax-regression": 0.88, "mlp": 0.93},
    "fashion": {"tutorial": 0.82, "softmax-regression": 0.82, "mlp": 0.84},
}


def _dataset(name: str, embedded: Dataset) -> Dataset:
    if name == "embedded":
        return embedded
    try:
        return load_dataset(name)
    except DataError as e:  # not installed here (Debian: dataset-fashion-mnist)
        pytest.skip(f"{name}: {e}")


@pytest.mark.parametrize("dataset_name", list(FLOORS))
@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_trains_well_without_warnings(
    name: str, dataset_name: str, embedded: Dataset
) -> None:
    dataset = _dataset(dataset_name, embedded)
    p = preset(name)
    trainer = Trainer(dataset, p.train_config(), build_model(p.model))
    events = [e for r in trainer.run() for e in r.events]
    assert events == []
    assert trainer.evaluate("test")[1] >= FLOORS[dataset_name][name]


def test_noisy_but_sound_training_is_not_called_diverged(
    embedded: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old softmax-regression alpha on Fashion-MNIST: the loss jumps, the run is sound."""
    _dataset("fashion", embedded)
    from gdstudio.cli import main

    args = ["train", "--dataset", "fashion", "--preset", "softmax-regression", "--lr", "0.5"]
    assert main([*args, "--json"]) == 0
    out = capsys.readouterr().out
    result = json.loads(out.splitlines()[-1])
    assert "warning" not in out and result["diverged"] is False
    assert result["test_accuracy"] > 0.8
