"""RunHistory's columns, the debiased EMA and the CSV export."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np
import pytest
from history_helpers import synthetic_reports

from gdstudio.core.training.history import CSV_COLUMNS, RunHistory, debiased_ema, nearest_index
from gdstudio.core.training.reports import StepReport

STEPS_PER_EPOCH = 50


def reports(start: int, count: int, loss: float | None = None) -> list[StepReport]:
    """Synthetic steps `start`, `start + 1`, ...; every STEPS_PER_EPOCH-th ends an epoch."""
    return synthetic_reports(
        start,
        count,
        STEPS_PER_EPOCH,
        lambda step: (
            2.0 / math.sqrt(step) if loss is None else loss,
            (step % 7) / 7,
            0.5 + step / 1000,
            100 - step % 3,
        ),
        lambda n: (1 / (n + 1), 1 - 1 / (n + 2), 1.1 / (n + 1), 1 - 1.1 / (n + 2)),
        samples_per_second=1000.0,
    )


def loop_ema(values: np.ndarray, smoothing: float) -> np.ndarray:
    average = 0.0
    out = []
    for t, value in enumerate(values, start=1):
        average = smoothing * average + (1 - smoothing) * value
        out.append(average / (1 - smoothing**t))
    return np.array(out)


def test_add_steps_grows_columns_over_many_calls() -> None:
    history = RunHistory()
    expected = []
    for call in range(10):
        batch = reports(1 + 37 * call, 37)
        history.add_steps(iter(batch))  # any iterable, consumed once
        expected += batch
        assert len(history) == len(expected)
    assert history.step.tolist() == [r.step for r in expected]
    assert history.epoch.tolist() == [r.epoch for r in expected]
    assert history.batch_loss.tolist() == [r.batch_loss for r in expected]
    assert history.batch_accuracy.tolist() == [r.batch_accuracy for r in expected]
    assert history.scheduled_lr.tolist() == [r.scheduled_lr for r in expected]
    assert history.batch_size.tolist() == [r.batch_size for r in expected]
    assert history.step.dtype == np.int64 and history.epoch.dtype == np.float64
    assert [m.epoch for m in history.epochs] == list(range(1, 370 // STEPS_PER_EPOCH + 1))
    assert history.epochs == [r.epoch_end for r in expected if r.epoch_end is not None]


def test_arrays_are_read_only_views() -> None:
    history = RunHistory()
    history.add_steps(reports(1, 5))
    with pytest.raises(ValueError):
        history.batch_loss[0] = 1.0
    old = history.batch_loss
    history.add_steps(reports(6, 1000))  # reallocates: the old view keeps its values
    assert old.tolist() == history.batch_loss[:5].tolist()


def test_epoch_arrays() -> None:
    history = RunHistory()
    history.add_steps(reports(1, 3 * STEPS_PER_EPOCH))
    arrays = history.epoch_arrays()
    assert set(arrays) == {
        "epoch",
        "train_loss",
        "train_accuracy",
        "valid_loss",
        "valid_accuracy",
    }
    assert arrays["epoch"].tolist() == [1.0, 2.0, 3.0]
    assert arrays["valid_accuracy"].tolist() == [m.valid_accuracy for m in history.epochs]
    assert all(a.dtype == np.float64 for a in arrays.values())


def test_clear_and_revision() -> None:
    history = RunHistory()
    revisions = [history.revision]
    history.add_steps(reports(1, 60))
    revisions.append(history.revision)
    history.add_steps([])
    assert history.revision == revisions[-1]  # nothing added, nothing changed
    history.clear()
    revisions.append(history.revision)
    assert len(history) == 0 and history.epochs == [] and len(history.epoch) == 0
    assert revisions == sorted(set(revisions))
    history.add_steps(reports(1, 3))
    assert history.step.tolist() == [1, 2, 3]


@pytest.mark.parametrize("smoothing", [0.0, 0.3, 0.9, 0.99, 0.999, 0.9999])
@pytest.mark.parametrize("n", [1, 2, 7, 1000, 30_000])
def test_debiased_ema_matches_loop(smoothing: float, n: int) -> None:
    rng = np.random.default_rng(n)
    values = 2 * np.exp(-np.arange(n) / 5000) + rng.random(n)
    np.testing.assert_allclose(debiased_ema(values, smoothing), loop_ema(values, smoothing), 1e-9)


def test_debiased_ema_small_smoothing_and_signs() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(size=5000) * 1e3
    for smoothing in (1e-300, 1e-60, 1e-9, 0.01, 0.5):
        expected = loop_ema(values, smoothing)
        np.testing.assert_allclose(debiased_ema(values, smoothing), expected, 1e-9, 1e-9)


def test_debiased_ema_identity_and_start() -> None:
    values = np.array([3.0, 1.0, 4.0, 1.0, 5.0])
    assert debiased_ema(values, 0.0).tolist() == values.tolist()
    for smoothing in (0.5, 0.9, 0.999):
        assert debiased_ema(values, smoothing)[0] == pytest.approx(3.0, rel=1e-15)
    assert debiased_ema(np.array([]), 0.9).shape == (0,)
    with pytest.raises(ValueError):
        debiased_ema(values, 1.0)


def test_debiased_ema_is_fast() -> None:
    import time

    values = np.random.default_rng(0).random(100_000)
    started = time.perf_counter()
    debiased_ema(values, 0.9)
    assert time.perf_counter() - started < 0.2  # about 2 ms; a Python loop takes ~30 ms


def test_smoothed_loss_incremental_equals_full() -> None:
    history = RunHistory()
    for call in range(20):
        history.add_steps(reports(1 + 37 * call, 37))
        smoothed = history.smoothed_loss(0.95)
        np.testing.assert_allclose(smoothed, debiased_ema(history.batch_loss, 0.95), 1e-12)
    np.testing.assert_allclose(
        history.smoothed_loss(0.5), debiased_ema(history.batch_loss, 0.5), 1e-12
    )
    history.clear()
    history.add_steps(reports(1, 3))
    np.testing.assert_allclose(history.smoothed_loss(0.5), debiased_ema(history.batch_loss, 0.5))


def test_smoothed_loss_skips_nonfinite() -> None:
    history = RunHistory()
    history.add_steps(reports(1, 10))
    assert history.losses_finite
    history.add_steps(reports(11, 1, loss=math.inf))
    history.add_steps(reports(12, 5))
    assert not history.losses_finite
    smoothed = history.smoothed_loss(0.9)
    assert math.isnan(smoothed[10])
    finite = np.delete(history.batch_loss, 10)
    np.testing.assert_allclose(np.delete(smoothed, 10), debiased_ema(finite, 0.9), 1e-12)


def test_nearest_index() -> None:
    xs = np.array([0.5, 1.0, 2.0, 4.0])
    assert nearest_index(xs, -10) == 0
    assert nearest_index(xs, 0.74) == 0
    assert nearest_index(xs, 0.76) == 1
    assert nearest_index(xs, 1.5) == 1  # a tie goes left
    assert nearest_index(xs, 2.0) == 2
    assert nearest_index(xs, 3.1) == 3
    assert nearest_index(xs, 99) == 3
    assert nearest_index(xs, math.nan) is None
    assert nearest_index([], 1.0) is None


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        return list(reader)


def test_write_csv_round_trips(tmp_path: Path) -> None:
    history = RunHistory()
    history.add_steps(reports(1, 2 * STEPS_PER_EPOCH + 7))
    path = tmp_path / "curves.csv"
    history.write_csv(path, run="alpha=1")
    rows = read_rows(path)
    steps = [r for r in rows if r["kind"] == "step"]
    epochs = [r for r in rows if r["kind"] == "epoch"]
    assert len(steps) == len(history) and len(epochs) == 2
    assert {r["run"] for r in rows} == {"alpha=1"}
    assert [int(r["step"]) for r in steps] == history.step.tolist()
    assert [float(r["epoch"]) for r in steps] == history.epoch.tolist()
    assert [float(r["batch_loss"]) for r in steps] == history.batch_loss.tolist()  # exact
    assert [float(r["batch_accuracy"]) for r in steps] == history.batch_accuracy.tolist()
    assert [float(r["lr"]) for r in steps] == history.scheduled_lr.tolist()
    assert [int(r["batch_size"]) for r in steps] == history.batch_size.tolist()
    assert all(r["train_loss"] == r["valid_accuracy"] == "" for r in steps)
    for row, metrics in zip(epochs, history.epochs, strict=True):
        assert int(row["epoch"]) == metrics.epoch and int(row["step"]) == metrics.step
        assert float(row["train_loss"]) == metrics.train_loss
        assert float(row["train_accuracy"]) == metrics.train_accuracy
        assert float(row["valid_loss"]) == metrics.valid_loss
        assert float(row["valid_accuracy"]) == metrics.valid_accuracy
        assert row["batch_loss"] == row["lr"] == row["batch_size"] == ""
    # each epoch row follows the step that ended it
    index = rows.index(epochs[0])
    assert rows[index - 1]["kind"] == "step" and rows[index - 1]["step"] == epochs[0]["step"]
    assert sorted(os.listdir(tmp_path)) == ["curves.csv"]  # no temporary file left


def test_write_csv_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    RunHistory().write_csv(str(path))
    assert read_rows(path) == []


def test_write_csv_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "curves.csv"
    path.write_text("old content\n", encoding="utf-8")
    history = RunHistory()
    history.add_steps(reports(1, 10))

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        history.write_csv(path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert sorted(os.listdir(tmp_path)) == ["curves.csv"]
