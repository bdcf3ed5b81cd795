"""A run's curves as numpy columns, grown step by step; plain numpy, exportable to CSV.

`RunHistory` keeps one growable column per `StepReport` field (amortised O(1) appends), the
`EpochMetrics` of finished epochs, and a cached smoothed batch loss that is extended, not
recomputed, when new steps arrive.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable
from typing import Generic, TypeVar, cast

import numpy as np
import numpy.typing as npt

from gdstudio.core.files.atomic import atomic_write
from gdstudio.core.training.reports import EpochMetrics, StepReport

__all__ = ["CSV_COLUMNS", "STEP_COLUMNS", "RunHistory", "debiased_ema", "nearest_index"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
ArrayT = TypeVar("ArrayT", Floats, Ints)

CSV_COLUMNS = (
    "run",
    "kind",
    "step",
    "epoch",
    "batch_loss",
    "batch_accuracy",
    "lr",
    "batch_size",
    "train_loss",
    "train_accuracy",
    "valid_loss",
    "valid_accuracy",
)
#: the per-step columns of a `RunHistory` (each a `StepReport` field), with the dtype of each
STEP_COLUMNS: dict[str, type[np.generic]] = {
    "step": np.int64,
    "epoch": np.float64,
    "batch_loss": np.float64,
    "batch_accuracy": np.float64,
    "scheduled_lr": np.float64,
    "batch_size": np.int64,
}
_EPOCH_FIELDS = ("train_loss", "train_accuracy", "valid_loss", "valid_accuracy")

#: blocks of the EMA scan keep weights a**-j below e**_LOG_RANGE (1e50), far from overflow
_LOG_RANGE = 50 * math.log(10)


def _linear_recurrence(b: Floats, a: float) -> Floats:
    """y[t] = a * y[t-1] + b[t] with y[-1] = 0, for 0 <= a < 1, without a Python loop.

    Within a block of length B, y[j] = a**j * cumsum(a**-j * b)[j]; B is chosen so a**-j stays
    below 1e50. Each block then adds a**(j+1) times the previous block's last y, and those last
    values follow the same recurrence with factor a**B, solved the same way.
    """
    n = len(b)
    if n == 0 or a == 0.0:
        return b.copy()
    if -math.log(a) > _LOG_RANGE:  # a < 1e-50: terms beyond one step back are below 1e-100
        y = b.copy()
        y[1:] += a * b[:-1]
        return y
    block = max(2, min(n, int(_LOG_RANGE / -math.log(a)) + 1))
    rows = -(-n // block)
    padded = np.zeros(rows * block)
    padded[:n] = b
    scan = padded.reshape(rows, block)
    powers = np.arange(block, dtype=np.float64)
    decay = np.power(a, powers)
    with np.errstate(over="ignore", invalid="ignore"):
        scan = np.cumsum(scan / decay, axis=1) * decay
        if rows > 1:
            ends = _linear_recurrence(np.ascontiguousarray(scan[:, -1]), a**block)
            scan[1:] += np.outer(ends[:-1], a * decay)
    result: Floats = scan.reshape(-1)[:n]
    return result


def _ema_continue(
    values: Floats, smoothing: float, state: float, count: int
) -> tuple[Floats, float]:
    """Continue an EMA whose raw (biased) value is `state` after `count` values.

    Returns the debiased averages of `values` and the raw state after the last one.
    """
    if len(values) == 0:
        return values.astype(np.float64), state
    if smoothing == 0.0:
        return values.astype(np.float64), float(values[-1])
    b = (1.0 - smoothing) * values.astype(np.float64)
    b[0] += smoothing * state
    raw = _linear_recurrence(b, smoothing)
    t = np.arange(count + 1, count + len(values) + 1, dtype=np.float64)
    weight = -np.expm1(t * math.log(smoothing))  # 1 - smoothing**t, accurate near smoothing = 1
    debiased: Floats = raw / weight
    return debiased, float(raw[-1])


def debiased_ema(values: npt.ArrayLike, smoothing: float) -> Floats:
    """Exponential moving average with weight `smoothing` in [0, 1) on the past, debiased.

    m[t] = smoothing * m[t-1] + (1 - smoothing) * x[t] with m[0] = 0, returned as
    m[t] / (1 - smoothing**t) (t counted from 1, as Adam and TensorBoard do) so the start is not
    dragged toward zero: the first output equals the first input. smoothing = 0 returns the
    values. Vectorised (a blocked scan), so 100k points take about a millisecond. A NaN or inf
    propagates to every later value, exactly as the plain loop would.
    """
    if not 0.0 <= smoothing < 1.0:
        raise ValueError(f"smoothing must be in [0, 1), not {smoothing}")
    x = np.asarray(values, dtype=np.float64).reshape(-1)
    return _ema_continue(x, smoothing, 0.0, 0)[0]


def nearest_index(xs: npt.ArrayLike, x: float) -> int | None:
    """Index of the value in ascending `xs` nearest to `x` (the left one on a tie), or None."""
    values = np.asarray(xs)
    n = len(values)
    if n == 0 or not math.isfinite(x):
        return None
    i = int(np.searchsorted(values, x))
    if i == 0:
        return 0
    if i == n:
        return n - 1
    return i if values[i] - x < x - values[i - 1] else i - 1


class _Columns:
    """Equal-length growable numpy columns with amortised O(1) appends."""

    def __init__(self, dtypes: dict[str, type[np.generic]], capacity: int = 256) -> None:
        self._dtypes = dtypes
        self._capacity = capacity
        self.size = 0
        self._data = self._allocate()

    def _allocate(self) -> dict[str, npt.NDArray[np.generic]]:
        return {name: np.empty(self._capacity, dtype=dt) for name, dt in self._dtypes.items()}

    def extend(self, values: dict[str, npt.NDArray[np.generic]]) -> None:
        count = len(next(iter(values.values())))
        needed = self.size + count
        capacity = len(next(iter(self._data.values())))
        if needed > capacity:
            capacity = max(needed, 2 * capacity)
            for name, old in self._data.items():
                new = np.empty(capacity, dtype=old.dtype)
                new[: self.size] = old[: self.size]
                self._data[name] = new
        for name, column in self._data.items():
            column[self.size : needed] = values[name]
        self.size = needed

    def view(self, name: str) -> npt.NDArray[np.generic]:
        """A read-only view of the filled part of a column (valid until the next extend)."""
        column = self._data[name][: self.size]
        column.flags.writeable = False
        return column

    def clear(self) -> None:
        """Start afresh in new buffers, so views handed out earlier keep their values."""
        self.size = 0
        self._data = self._allocate()


class _Column(Generic[ArrayT]):
    """A read-only attribute of `RunHistory`: the column of its name, as a view of the steps so
    far (see `RunHistory`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, history: RunHistory, owner: type | None = None) -> ArrayT:
        return cast(ArrayT, history._columns.view(self.name))

    def __set__(self, history: RunHistory, value: object) -> None:
        raise AttributeError(f"RunHistory.{self.name} is read-only: add steps with add_steps")


class RunHistory:
    """Everything a run's curves need, accumulated step by step; Qt-free, exportable.

    The array properties are read-only views into growing buffers, so reading them copies
    nothing; they show the steps added so far and must not be mutated (they are flagged
    read-only). `revision` increases on every change, so a view can skip redrawing.
    """

    def __init__(self) -> None:
        self._columns = _Columns(STEP_COLUMNS)
        self.epochs: list[EpochMetrics] = []
        self.revision = 0
        self._nonfinite_losses = 0
        self._smoothing: float | None = None
        self._smoothed = _Columns({"value": np.float64})
        self._smoothed_upto = 0  # steps already smoothed
        self._smoothed_state = 0.0  # raw EMA after them
        self._smoothed_count = 0  # finite losses among them

    def __len__(self) -> int:
        return self._columns.size

    def add_steps(self, steps: Iterable[StepReport]) -> None:
        reports = list(steps)
        if not reports:
            return
        count = len(reports)
        self._columns.extend(
            {
                name: np.fromiter((getattr(r, name) for r in reports), dtype, count)
                for name, dtype in STEP_COLUMNS.items()
            }
        )
        self.epochs.extend(r.epoch_end for r in reports if r.epoch_end is not None)
        self._nonfinite_losses += int(count - np.isfinite(self.batch_loss[-count:]).sum())
        self.revision += 1

    def clear(self) -> None:
        self._columns.clear()
        self.epochs = []
        self._nonfinite_losses = 0
        self._smoothing = None
        self.revision += 1

    @property
    def losses_finite(self) -> bool:
        """True while every batch loss is finite (plots may then skip their finite checks)."""
        return self._nonfinite_losses == 0

    step = _Column[Ints]()
    epoch = _Column[Floats]()  # fractional epochs done after each step: the curves' x axis
    batch_loss = _Column[Floats]()
    batch_accuracy = _Column[Floats]()
    scheduled_lr = _Column[Floats]()  # the rate each step used (the schedule's, not the base α)
    batch_size = _Column[Ints]()

    def epoch_arrays(self) -> dict[str, Floats]:
        """Per finished epoch: epoch (completed count), train/valid loss and accuracy."""
        arrays = {"epoch": np.array([m.epoch for m in self.epochs], dtype=np.float64)}
        for name in _EPOCH_FIELDS:
            arrays[name] = np.array([getattr(m, name) for m in self.epochs], dtype=np.float64)
        return arrays

    def smoothed_loss(self, smoothing: float) -> Floats:
        """`debiased_ema` of the batch loss, extended incrementally as steps arrive.

        Non-finite losses (a diverged step) are skipped: they read NaN and the average carries
        on from the finite ones, so one overflow does not blank the rest of the curve.
        Returns a read-only view, valid until the next call.
        """
        if not 0.0 <= smoothing < 1.0:
            raise ValueError(f"smoothing must be in [0, 1), not {smoothing}")
        if smoothing != self._smoothing or self._smoothed_upto > len(self):
            self._smoothing = smoothing
            self._smoothed.clear()
            self._smoothed_upto = 0
            self._smoothed_state = 0.0
            self._smoothed_count = 0
        new = self.batch_loss[self._smoothed_upto :]
        if len(new):
            finite = np.isfinite(new)
            out = np.full(len(new), np.nan)
            out[finite], self._smoothed_state = _ema_continue(
                new[finite], smoothing, self._smoothed_state, self._smoothed_count
            )
            self._smoothed_count += int(finite.sum())
            self._smoothed.extend({"value": out})
            self._smoothed_upto = len(self)
        return self._smoothed.view("value")  # type: ignore[return-value]

    def write_csv(self, path: str | os.PathLike[str], run: str = "run") -> None:
        """Write one row per step and one per finished epoch (after its last step), atomically.

        Columns are `CSV_COLUMNS`; `kind` is "step" or "epoch" and cells that do not apply to a
        row's kind are empty. Floats are written in full (repr) precision. The file is written
        to a temporary neighbour and moved into place, so a failure leaves any old file intact.
        """
        with atomic_write(path, binary=False) as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(self._csv_rows(run))

    def _csv_rows(self, run: str) -> Iterable[list[object]]:
        pending = sorted(self.epochs, key=lambda m: m.step)
        columns = zip(
            self.step.tolist(),
            self.epoch.tolist(),
            self.batch_loss.tolist(),
            self.batch_accuracy.tolist(),
            self.scheduled_lr.tolist(),
            self.batch_size.tolist(),
            strict=True,
        )
        index = 0
        for step, epoch, loss, accuracy, lr, size in columns:
            yield [run, "step", step, epoch, loss, accuracy, lr, size, "", "", "", ""]
            while index < len(pending) and pending[index].step <= step:
                yield _epoch_row(run, pending[index])
                index += 1
        for metrics in pending[index:]:
            yield _epoch_row(run, metrics)


def _epoch_row(run: str, m: EpochMetrics) -> list[object]:
    return [run, "epoch", m.step, m.epoch, "", "", "", "", *(getattr(m, f) for f in _EPOCH_FIELDS)]
