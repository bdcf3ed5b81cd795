"""Comparison runs share their start and their data order; the sweep reproduces the α lesson."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import BatchGradients, TutorialNet
from gdstudio.core.training.experiments import (
    ALPHA_RACE,
    Comparison,
    comparison_configs,
    parse_values,
    sweep,
)
from gdstudio.core.training.reports import EventKind
from gdstudio.core.training.trainer import TrainConfig


class SampleRecorder(TutorialNet):
    """The tutorial's network, remembering the training samples of every batch, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.samples: list[np.ndarray] = []

    def gradients(self, params, x, labels, overwrite_x=False) -> BatchGradients:
        # a checksum per sample identifies it (the inputs are distinct images)
        self.samples.append(x.sum(axis=1, dtype=np.float64))
        return super().gradients(params, x, labels, overwrite_x)


def recorded(comparison: Comparison) -> list[SampleRecorder]:
    recorders = []
    for trainer in comparison.trainers:
        trainer.model = SampleRecorder()
        recorders.append(trainer.model)
    return recorders


def small(dataset: Dataset, n: int = 1200) -> Dataset:
    """The same data with fewer training images, so a few epochs take little time."""
    return Dataset(
        dataset.name,
        dataset.train.subset(slice(0, n)),
        dataset.valid.subset(slice(0, 300)),
        dataset.test,
        dataset.class_names,
        dataset.source,
    )


def test_runs_share_initial_parameters_and_batches(embedded: Dataset) -> None:
    data = small(embedded)
    configs = comparison_configs(TrainConfig(epochs=2), "lr", [0.1, 1.0, 10.0])
    comparison = Comparison(data, configs)
    recorders = recorded(comparison)
    first = comparison.trainers[0].initial_params
    for trainer in comparison.trainers[1:]:
        for name, p in trainer.initial_params.items():
            np.testing.assert_array_equal(p, first[name])
    first_round = comparison.step()
    assert [i for i, _ in first_round] == [0, 1, 2]
    # the same parameters on the same batch: step 1 has the same loss whatever alpha is
    losses = {report.batch_loss for _, report in first_round}
    assert len(losses) == 1
    for _ in comparison.run():
        pass
    sequences = [np.concatenate(r.samples) for r in recorders]
    assert len(sequences[0]) == 2 * len(data.train)
    for sequence in sequences[1:]:
        np.testing.assert_array_equal(sequence, sequences[0])
    # and the runs did differ: alpha changed where they went
    assert not np.array_equal(
        comparison.trainers[0].params["w1"], comparison.trainers[1].params["w1"]
    )


def test_batch_sizes_cut_the_same_sample_order_differently(embedded: Dataset) -> None:
    data = small(embedded)
    configs = comparison_configs(TrainConfig(epochs=2), "batch_size", [50, 100, 400])
    comparison = Comparison(data, configs)
    recorders = recorded(comparison)
    for _ in comparison.run():
        pass
    sizes = [{len(batch) for batch in r.samples} for r in recorders]
    assert sizes == [{50}, {100}, {400}]
    orders = [np.concatenate(r.samples) for r in recorders]
    for order in orders[1:]:
        np.testing.assert_array_equal(order, orders[0])
    for trainer in comparison.trainers[1:]:
        np.testing.assert_array_equal(
            trainer.initial_params["w1"], comparison.trainers[0].initial_params["w1"]
        )


def test_the_seed_is_the_difference_when_it_varies(embedded: Dataset) -> None:
    comparison = Comparison(embedded, comparison_configs(TrainConfig(), "seed", [0, 1]))
    a, b = (t.initial_params["w1"] for t in comparison.trainers)
    assert not np.array_equal(a, b)
    assert [t.config.seed for t in comparison.trainers] == [0, 1]


def test_runs_are_stepped_in_turn_until_each_is_done(embedded: Dataset) -> None:
    data = small(embedded, 1000)
    comparison = Comparison(
        data, comparison_configs(TrainConfig(epochs=1), "batch_size", [500, 250])
    )
    rounds = list(comparison.run())
    assert [[(i, r.step) for i, r in one] for one in rounds] == [
        [(0, 1), (1, 1)],
        [(0, 2), (1, 2)],
        [(1, 3)],
        [(1, 4)],
    ]
    assert comparison.done and comparison.step() == []


def test_alpha_race_sweep_slow_good_unstable_saturated(embedded: Dataset) -> None:
    results = sweep(embedded, ALPHA_RACE)  # the CLI's defaults: batch 100, seed 0, 3 epochs
    by_lr = {r.lr: r for r in results}
    assert list(by_lr) == list(ALPHA_RACE)
    assert by_lr[1.0].valid_accuracy >= 0.88 and not by_lr[1.0].diverged
    assert by_lr[30.0].diverged and by_lr[30.0].valid_accuracy < 0.2
    assert by_lr[0.1].valid_accuracy < by_lr[1.0].valid_accuracy  # slow
    assert not by_lr[0.1].diverged
    line = json.dumps([r.to_dict() for r in results])
    objects = json.loads(line)
    assert [set(o) for o in objects] == [
        {"lr", "valid_accuracy", "test_accuracy", "final_loss", "diverged", "warnings"}
    ] * 4
    assert all(isinstance(o["diverged"], bool) for o in objects)
    assert [len(o["warnings"]) for o in objects] == [0, 0, 0, 1]
    assert "softmax saturated" in objects[3]["warnings"][0]
    assert objects[1]["final_loss"] == pytest.approx(by_lr[1.0].final_loss)


def test_divergence_events_are_kept_per_run_and_the_run_goes_on(embedded: Dataset) -> None:
    configs = comparison_configs(TrainConfig(epochs=1), "lr", [1.0, 30.0])
    comparison = Comparison(small(embedded, 4000), configs)
    for _ in comparison.run():
        pass
    assert not comparison.diverged(0) and comparison.diverged(1)
    assert comparison.events[1][0].kind is EventKind.SATURATED
    assert comparison.trainers[1].epochs_done == 1  # trained on after the warning


def test_sweep_reports_progress_and_handles_zero_epochs(embedded: Dataset) -> None:
    seen: list[tuple[int, int]] = []
    results = sweep(
        small(embedded), [1.0], epochs=0, progress=lambda i, r: seen.append((i, r.step))
    )
    assert seen == [] and len(results) == 1
    assert 0 <= results[0].valid_accuracy <= 1 and results[0].final_loss > 0
    with pytest.raises(ValueError, match="at least one"):
        sweep(embedded, [])


@pytest.mark.parametrize(
    ("setting", "values", "message"),
    [
        ("lr", [1.0], "2 to 6 runs"),
        ("lr", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], "2 to 6 runs"),
        ("lr", [1.0, 1.0], "differ"),
        ("lr", [1.0, -1.0], "learning rate"),
        ("batch_size", [100, 0], "batch size"),
        ("seed", [0, -3], "seed"),
        ("momentum", [1, 2], "cannot vary"),
    ],
)
def test_bad_comparisons_are_refused(setting, values, message) -> None:
    with pytest.raises(ValueError, match=message):
        comparison_configs(TrainConfig(), setting, values)


def test_parse_values() -> None:
    assert parse_values("lr", "0.1, 1,10 ;30") == [0.1, 1.0, 10.0, 30.0]
    assert parse_values("batch_size", "50 100") == [50, 100]
    with pytest.raises(ValueError, match="numbers"):
        parse_values("lr", "0.1, fast")
    with pytest.raises(ValueError, match="whole numbers"):
        parse_values("seed", "1, 2.5")
