"""Predictions, filters, confusion, saturation, contributions, weight images, modes, exports."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from gdstudio.core.cancel import Cancelled
from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.inspection import (
    FilterKind,
    Mode,
    SampleFilter,
    batch_gradient,
    batch_indices,
    confusion_matrix,
    contribution,
    filter_samples,
    full_precision,
    inspect_sample,
    parameter_arrays,
    predict_split,
    saturation_mask,
    save_csv,
    save_npy,
    symmetric_limit,
    symmetric_limits,
    weight_images,
)
from gdstudio.core.nn.model import Params, TutorialNet
from gdstudio.core.training.trainer import TrainConfig, Trainer


@pytest.fixture(scope="module")
def trained(embedded: Dataset) -> Params:
    """Parameters after one epoch: right on most samples, wrong on some."""
    trainer = Trainer(embedded, TrainConfig(epochs=1, seed=3))
    for _ in trainer.run():
        pass
    return trainer.params


def test_predictions_match_the_model_whatever_the_chunk(embedded: Dataset, trained: Params) -> None:
    model = TutorialNet()
    valid = embedded.valid
    whole = model.forward(trained, valid.inputs())
    small = predict_split(model, trained, valid, chunk=37)
    large = predict_split(model, trained, valid, chunk=5000)
    np.testing.assert_allclose(small.probabilities, whole, atol=1e-5)  # float32 sums
    np.testing.assert_array_equal(small.predicted, large.predicted)
    np.testing.assert_array_equal(small.predicted, whole.argmax(axis=1))
    np.testing.assert_allclose(
        small.losses, model.losses(trained, valid.inputs(), valid.labels), atol=1e-5
    )
    np.testing.assert_array_equal(small.labels, valid.labels)
    assert len(small) == len(valid)
    np.testing.assert_allclose(small.confidence, whole.max(axis=1), atol=1e-5)


def test_predicting_stops_when_cancelled(embedded: Dataset, trained: Params) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        predict_split(TutorialNet(), trained, embedded.valid, chunk=100, cancelled=cancelled)
    assert len(asked) == 3  # asked before each chunk, stopped at the third


def test_confusion_sums_to_the_split_and_its_diagonal_counts_the_right(
    embedded: Dataset, trained: Params
) -> None:
    model = TutorialNet()
    predictions = predict_split(model, trained, embedded.valid)
    counts = predictions.confusion()
    assert counts.shape == (10, 10)
    assert counts.sum() == len(embedded.valid)
    _, accuracy = model.evaluate(trained, embedded.valid.inputs(), embedded.valid.labels)
    assert np.trace(counts) == round(accuracy * len(embedded.valid))
    assert 0 < np.trace(counts) < len(embedded.valid)  # some right, some wrong
    labels, predicted = embedded.valid.labels, predictions.predicted
    for t, p in [(0, 0), (4, 9), (7, 2)]:
        assert counts[t, p] == np.sum((labels == t) & (predicted == p))


def test_confusion_matrix_of_known_labels() -> None:
    counts = confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


def test_filters(embedded: Dataset, trained: Params) -> None:
    predictions = predict_split(TutorialNet(), trained, embedded.valid)
    labels = embedded.valid.labels
    wrong = np.flatnonzero(predictions.predicted != labels)
    assert 0 < len(wrong) < len(labels)

    def keep(kind: FilterKind, digit: int | None = None, predicted: int | None = None):  # type: ignore[no-untyped-def]
        return filter_samples(labels, predictions, SampleFilter(kind, digit, predicted))

    np.testing.assert_array_equal(keep(FilterKind.ALL), np.arange(len(labels)))
    np.testing.assert_array_equal(keep(FilterKind.MISCLASSIFIED), wrong)
    confident = keep(FilterKind.CONFIDENT_MISTAKES)
    assert sorted(confident) == list(wrong)
    assert np.all(np.diff(predictions.confidence[confident]) <= 0)
    least = keep(FilterKind.LEAST_CONFIDENT)
    assert sorted(least) == list(range(len(labels)))
    assert np.all(np.diff(predictions.confidence[least]) >= 0)
    np.testing.assert_array_equal(keep(FilterKind.ALL, digit=3), np.flatnonzero(labels == 3))
    np.testing.assert_array_equal(
        keep(FilterKind.MISCLASSIFIED, digit=3), wrong[labels[wrong] == 3]
    )
    cell = keep(FilterKind.ALL, digit=4, predicted=9)
    np.testing.assert_array_equal(
        cell, np.flatnonzero((labels == 4) & (predictions.predicted == 9))
    )


def test_filters_without_predictions_keep_only_what_they_can_know(embedded: Dataset) -> None:
    labels = embedded.valid.labels
    np.testing.assert_array_equal(
        filter_samples(labels, None, SampleFilter(digit=5)), np.flatnonzero(labels == 5)
    )
    for f in (SampleFilter(FilterKind.MISCLASSIFIED), SampleFilter(predicted=1)):
        assert f.needs_predictions
        assert len(filter_samples(labels, None, f)) == 0


def test_sample_report_saturation_and_contribution(embedded: Dataset, trained: Params) -> None:
    model = TutorialNet()
    x = embedded.valid.inputs(np.array([0]), dtype=np.float64)[0]
    label = int(embedded.valid.labels[0])
    report = inspect_sample(model, trained, x, label)
    d = model.derive({k: v.astype(np.float64) for k, v in trained.items()}, x, label)
    np.testing.assert_allclose(report.hidden, d.L0)
    np.testing.assert_allclose(report.probabilities, d.output)
    assert report.loss == pytest.approx(d.loss)
    assert report.predicted == int(d.output.argmax())
    assert np.isnan(inspect_sample(model, trained, x).loss)  # no label, no loss
    for j in range(10):  # the contributions add up to the score, with the bias
        total = contribution(model, trained, report, j).sum() + trained["b1"][j]
        assert total == pytest.approx(d.L1[j], rel=1e-6)


def test_saturation_is_strictly_beyond_the_threshold() -> None:
    hidden = np.array([0.0, 0.99, 0.9901, -0.995, -0.5, 1.0])
    np.testing.assert_array_equal(saturation_mask(hidden), [0, 0, 1, 1, 0, 1])


def test_weight_image_j_is_column_j_row_major() -> None:
    w1 = np.random.default_rng(0).normal(size=(784, 10))
    w1[0, 3] = 100.0  # top left of digit 3
    w1[27, 3] = -50.0  # top right
    w1[28, 3] = 25.0  # second row, first column
    images = weight_images(w1)
    assert images.shape == (10, 28, 28)
    for j in range(10):
        np.testing.assert_array_equal(images[j], w1[:, j].reshape(28, 28))
    assert images[3, 0, 0] == 100.0
    assert images[3, 0, 27] == -50.0
    assert images[3, 1, 0] == 25.0


def test_batch_indices_are_distinct_reproducible_and_change_with_the_step() -> None:
    a = batch_indices(1000, 5, 100)
    assert len(a) == 100 and len(set(a.tolist())) == 100
    assert a.min() >= 0 and a.max() < 1000
    np.testing.assert_array_equal(a, batch_indices(1000, 5, 100))
    assert not np.array_equal(a, batch_indices(1000, 6, 100))
    assert len(batch_indices(50, 0, 100)) == 50


def test_modes(embedded: Dataset, trained: Params) -> None:
    model = TutorialNet()
    initial = model.init_params(np.random.default_rng(0))
    assert parameter_arrays(Mode.VALUE, trained) is trained
    change = parameter_arrays(Mode.CHANGE, trained, initial)
    for name in trained:
        np.testing.assert_array_equal(change[name], trained[name] - initial[name])
    grads = batch_gradient(model, trained, embedded.train, step=12, batch_size=64)
    index = batch_indices(len(embedded.train), 12, 64)
    expected = model.gradients(
        trained, embedded.train.inputs(index), embedded.train.labels[index]
    ).grads
    for name in trained:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-6)
    assert parameter_arrays(Mode.GRADIENT, trained, grads=grads) is grads
    update = parameter_arrays(Mode.UPDATE, trained, grads=grads, lr=0.5)
    for name in trained:
        np.testing.assert_allclose(update[name], -0.5 * grads[name], rtol=1e-6)
    with pytest.raises(ValueError, match="initial"):
        parameter_arrays(Mode.CHANGE, trained)
    with pytest.raises(ValueError, match="gradient"):
        parameter_arrays(Mode.GRADIENT, trained)
    with pytest.raises(ValueError, match="learning rate"):
        parameter_arrays(Mode.UPDATE, trained, grads=grads)


def test_symmetric_limits() -> None:
    images = np.zeros((3, 28, 28))
    images[0, 0, 0] = -4.0
    images[1, 5, 5] = 2.0
    assert symmetric_limits(images, shared=True) == [4.0, 4.0, 4.0]
    assert symmetric_limits(images, shared=False) == [4.0, 2.0, 1.0]  # all zero: 1
    assert symmetric_limit(np.array([np.nan, -3.0, np.inf])) == 3.0


def test_full_precision_reads_back_exactly() -> None:
    x32 = np.float32(0.1) / np.float32(3)
    assert np.float32(full_precision(x32)) == x32
    x64 = np.float64(1) / 3
    assert float(full_precision(x64)) == x64
    assert float(full_precision(1e-30)) == 1e-30
    assert full_precision(np.float32(0.1)) == "0.1"  # float32's own shortest form


def test_save_npy_round_trip_without_pickle(tmp_path: Path) -> None:
    array = np.arange(7840, dtype=np.float32).reshape(784, 10) / 7
    path = tmp_path / "w1.npy"
    save_npy(path, array)
    np.testing.assert_array_equal(np.load(path, allow_pickle=False), array)
    assert [p.name for p in tmp_path.iterdir()] == ["w1.npy"]  # no temporary file left
    with pytest.raises(OSError, match=r"nowhere/w1.npy: cannot write here"):
        save_npy(tmp_path / "nowhere" / "w1.npy", array)
    with pytest.raises(ValueError, match="numeric"):
        save_npy(tmp_path / "bad.npy", np.array([object()], dtype=object))
    assert not (tmp_path / "bad.npy").exists()


def test_save_csv_shapes_and_exact_values(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    w1 = rng.normal(size=(784, 10)).astype(np.float32)
    save_csv(tmp_path / "w1.csv", "w1", w1)
    with open(tmp_path / "w1.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["pixel", "row", "column", "w1[:, 0]"] and len(rows[0]) == 13
    assert len(rows) == 785
    assert rows[408][:3] == ["407", "14", "15"]
    np.testing.assert_array_equal(np.array(rows[408][3:], dtype=np.float32), w1[407])

    b1 = rng.normal(size=10)
    save_csv(tmp_path / "b1.csv", "b1", b1)
    with open(tmp_path / "b1.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["class", "b1"] and len(rows) == 11
    assert [float(r[1]) for r in rows[1:]] == b1.tolist()

    save_csv(tmp_path / "b0.csv", "b0", np.zeros(784))
    with open(tmp_path / "b0.csv", newline="") as f:
        assert next(csv.reader(f)) == ["pixel", "row", "column", "b0"]
    with pytest.raises(ValueError, match="odd.csv.*shape"):
        save_csv(tmp_path / "odd.csv", "x", np.zeros((3, 3, 3)))
