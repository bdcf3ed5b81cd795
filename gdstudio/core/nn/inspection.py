"""Looking inside the network: its answers for a split, what it saturates, what it learned.

Everything the data, weights and draw views show is computed here, in plain numpy:

- `predict_split`: probabilities, predicted class and loss of every sample of a split, in
  chunks (so memory stays bounded and a caller in another thread can cancel between chunks);
- `filter_samples` and `confusion_matrix`: which samples the grid shows;
- `inspect_sample`, `saturation_mask`, `contribution`: one sample seen through the network
  (any network: the hidden layer is the tutorial's tanh(x + b0), one unit per pixel, or the
  hidden-layer network's H units; softmax regression has none);
- `weight_images`, `parameter_arrays`, `batch_gradient`, `symmetric_limits`: the parameters as
  images, in one of four `Mode`s;
- `save_npy`, `save_csv`: exports, written atomically.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from gdstudio.core.cancel import check
from gdstudio.core.data.datasets import Split
from gdstudio.core.files.atomic import new_temporary
from gdstudio.core.nn.functions import ACTIVATIONS, Array, Labels
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.optimizers import GradientDescent

__all__ = [
    "SATURATION",
    "SIDE",
    "FilterKind",
    "Mode",
    "Predictions",
    "SampleFilter",
    "SampleReport",
    "as_image",
    "batch_gradient",
    "batch_indices",
    "confusion_matrix",
    "contribution",
    "filter_samples",
    "full_precision",
    "inspect_sample",
    "parameter_arrays",
    "predict_split",
    "save_csv",
    "save_npy",
    "saturation_mask",
    "symmetric_limit",
    "symmetric_limits",
    "weight_images",
]

SIDE = 28  # images are SIDE x SIDE; the network's 784 inputs are their rows, top to bottom
#: a tanh unit |a| above this is saturated: its derivative 1 - tanh^2 is < 0.02; a sigmoid unit
#: is saturated below 1 - SATURATION or above SATURATION (its derivative a(1 - a) < 0.01)
SATURATION = 0.99

Indices = NDArray[np.intp]


# --- predictions over a split ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Predictions:
    """The network's answer for every sample of a split, at one set of parameters."""

    probabilities: Array  # (n, classes), the softmax output
    labels: Labels  # (n,), the true classes
    predicted: Indices  # (n,), argmax of the probabilities
    losses: Array  # (n,), each sample's loss

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def confidence(self) -> Array:
        """The probability the network gives its own answer, (n,)."""
        return self.probabilities[np.arange(len(self)), self.predicted]

    @property
    def correct(self) -> NDArray[np.bool_]:
        return self.predicted == self.labels

    def confusion(self, classes: int = 10) -> NDArray[np.int64]:
        return confusion_matrix(self.labels, self.predicted, classes)


def predict_split(
    model: LayeredNet,
    params: Params,
    split: Split,
    chunk: int = 1000,
    cancelled: Callable[[], bool] | None = None,
) -> Predictions:
    """The network's answers for every sample of `split`, `chunk` samples at a time.

    Raises `Cancelled` as soon as `cancelled()` is true (it is asked before every chunk).
    """
    n = len(split)
    dtype = params["w1"].dtype
    probabilities = np.empty((n, model.config.classes), dtype=dtype)
    losses = np.empty(n, dtype=dtype)
    for start in range(0, n, chunk):
        check(cancelled)
        index = slice(start, min(start + chunk, n))
        output = model.forward(params, split.inputs(index, dtype=dtype))
        probabilities[index] = output
        losses[index] = model.loss_fn.value(output, split.labels[index])
    labels = split.labels.astype(np.intp)
    return Predictions(probabilities, labels, probabilities.argmax(axis=1), losses)


def confusion_matrix(labels: Labels, predicted: Labels, classes: int = 10) -> NDArray[np.int64]:
    """Counts[true, predicted]: rows are the true classes, columns the network's answers."""
    cells = np.asarray(labels, dtype=np.intp) * classes + np.asarray(predicted, dtype=np.intp)
    return np.bincount(cells, minlength=classes * classes).reshape(classes, classes)


class FilterKind(str, Enum):
    ALL = "all"
    MISCLASSIFIED = "misclassified"  # in dataset order
    CONFIDENT_MISTAKES = "confident_mistakes"  # mistakes, the most confident first
    LEAST_CONFIDENT = "least_confident"  # every sample, the least confident first


@dataclass(frozen=True)
class SampleFilter:
    """Which samples to show; every condition given must hold."""

    kind: FilterKind = FilterKind.ALL
    digit: int | None = None  # the true label
    predicted: int | None = None  # the network's answer (a confusion-matrix column)

    @property
    def needs_predictions(self) -> bool:
        return self.kind is not FilterKind.ALL or self.predicted is not None


def filter_samples(
    labels: Labels, predictions: Predictions | None, sample_filter: SampleFilter
) -> Indices:
    """The indices of the samples `sample_filter` keeps, in the order to show them.

    Without predictions, a filter that needs them keeps nothing.
    """
    f = sample_filter
    if predictions is None and f.needs_predictions:
        return np.empty(0, dtype=np.intp)
    keep = np.ones(len(labels), dtype=bool)
    if f.digit is not None:
        keep &= labels == f.digit
    if predictions is not None:
        if f.predicted is not None:
            keep &= predictions.predicted == f.predicted
        if f.kind in (FilterKind.MISCLASSIFIED, FilterKind.CONFIDENT_MISTAKES):
            keep &= ~predictions.correct
    index = np.flatnonzero(keep)
    if predictions is None or f.kind in (FilterKind.ALL, FilterKind.MISCLASSIFIED):
        return index
    confidence = predictions.confidence[index]
    if f.kind is FilterKind.CONFIDENT_MISTAKES:
        confidence = -confidence
    return index[np.argsort(confidence, kind="stable")]


# --- one sample -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleReport:
    """One sample through the network."""

    x: Array  # (784,), the input
    #: the last hidden layer's output: the tutorial's L0 = f(x + b0) (784,), the hidden-layer
    #: network's h = f(x . w1 + b1) (H,); empty for softmax regression, which has none
    hidden: Array
    probabilities: Array  # (classes,)
    predicted: int
    loss: float  # against the true label; NaN when there is none (a drawn digit)
    activation: str = "tanh"  # the hidden layer's activation ("" without a hidden layer)
    per_pixel: bool = True  # the hidden layer has one unit per pixel (the tutorial's)

    @property
    def saturated(self) -> NDArray[np.bool_]:
        """The hidden units whose derivative has (almost) vanished (see `saturation_mask`)."""
        return saturation_mask(self.hidden, self.activation)

    @property
    def dead(self) -> NDArray[np.bool_]:
        """ReLU units that output 0 for this input: no gradient flows through them."""
        if self.activation != "relu":
            return np.zeros(self.hidden.shape, dtype=bool)
        return np.asarray(self.hidden <= 0)


def _per_pixel(model: LayeredNet) -> bool:
    """Whether the output layer's input has one value per pixel: no weight matrix before it
    (the tutorial's tanh(x + b0), or the pixels themselves in softmax regression)."""
    return all(layer.weight is None for layer in model.layers[:-1])


def inspect_sample(
    model: LayeredNet, params: Params, x: Array, label: int | None = None
) -> SampleReport:
    """The hidden layer, probabilities and loss of one input `x` (784,) with true `label`."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    p = {name: np.asarray(v, dtype=np.float64) for name, v in params.items()}
    a, activation = x, ""
    for layer in model.layers[:-1]:
        z = (a @ p[layer.weight] if layer.weight else a) + p[layer.bias]
        a, activation = ACTIVATIONS[layer.activation]()(z), layer.activation
    hidden = a if activation else np.empty(0)
    probabilities = model.forward(p, x[None])[0]
    loss = np.nan
    if label is not None:
        loss = model.loss_fn.value(probabilities[None], np.array([label]))[0]
    predicted = int(probabilities.argmax())
    per_pixel = _per_pixel(model) and hidden.size > 0
    return SampleReport(x, hidden, probabilities, predicted, float(loss), activation, per_pixel)


def saturation_mask(
    hidden: Array, activation: str = "tanh", threshold: float = SATURATION
) -> NDArray[np.bool_]:
    """Where hidden units are saturated: |a| > threshold for tanh, a < 1 - threshold or
    a > threshold for the sigmoid; a ReLU never saturates (see `SampleReport.dead`)."""
    a = np.asarray(hidden)
    if activation == "tanh":
        return np.abs(a) > threshold
    if activation == "sigmoid":
        return (a < 1 - threshold) | (a > threshold)
    return np.zeros(a.shape, dtype=bool)


def contribution(
    model: LayeredNet, params: Params, report: SampleReport, digit: int
) -> Array | None:
    """Each pixel's push toward `digit`, (784,): L0 * w1[:, digit] in the tutorial's network,
    x * w1[:, digit] in softmax regression. Their sum plus b1[digit] is the score of `digit`:
    positive pixels raise it, negative lower it.

    None for a network with a hidden layer of its own units: every pixel reaches every score
    through all of them, so no single push per pixel adds up to the score.
    """
    if not _per_pixel(model):
        return None
    last = model.layers[-1]
    assert last.weight is not None
    inputs = report.hidden if report.hidden.size else report.x
    weights = np.asarray(params[last.weight][:, digit], dtype=np.float64)
    return np.asarray(inputs, dtype=np.float64) * weights


def as_image(values: Array) -> Array:
    """784 values per pixel as the 28 x 28 image they belong to (row 0 at the top)."""
    return np.asarray(values).reshape(SIDE, SIDE)


# --- parameters as images -------------------------------------------------------------------


class Mode(str, Enum):
    """What the weights view draws for each parameter."""

    VALUE = "value"  # the parameter itself
    CHANGE = "change"  # the parameter minus its value at initialisation
    GRADIENT = "gradient"  # dL/dparam of the batch-mean loss on `batch_indices(...)`
    UPDATE = "update"  # -lr * that gradient: the step gradient descent takes from here


def weight_images(w1: Array) -> Array:
    """w1 (784, classes) as `classes` images: image j is w1[:, j].reshape(28, 28)."""
    classes = w1.shape[1]
    return np.ascontiguousarray(np.asarray(w1).T).reshape(classes, SIDE, SIDE)


def batch_indices(n: int, step: int, batch_size: int) -> Indices:
    """The training samples the gradient modes use for the parameters after `step` steps.

    The frames the views receive do not say which samples the trainer's batches held, so the
    views take their own: `batch_size` distinct samples drawn with the step number as seed. It
    changes with every step, like the trainer's batch, and is reproducible.
    """
    size = min(max(batch_size, 1), n)
    return np.sort(np.random.default_rng(step).choice(n, size=size, replace=False))


def batch_gradient(
    model: LayeredNet, params: Params, split: Split, step: int, batch_size: int
) -> Params:
    """dL/dparam of the batch-mean loss on `batch_indices(len(split), step, batch_size)`."""
    index = batch_indices(len(split), step, batch_size)
    x = split.inputs(index, dtype=params["w1"].dtype)
    return model.gradients(params, x, split.labels[index], overwrite_x=True).grads


def parameter_arrays(
    mode: Mode,
    params: Params,
    initial: Params | None = None,
    grads: Params | None = None,
    lr: float | None = None,
) -> Params:
    """The arrays to draw in `mode`: the values, their change since `initial`, `grads`,
    or the update -lr * grads (gradient descent's step, the trainer's rule)."""
    if mode is Mode.VALUE:
        return params
    if mode is Mode.CHANGE:
        if initial is None:
            raise ValueError("the change since initialisation needs the initial parameters")
        return {name: p - initial[name] for name, p in params.items()}
    if grads is None:
        raise ValueError(f"mode {mode.value!r} needs the batch gradient")
    if mode is Mode.GRADIENT:
        return grads
    if lr is None:
        raise ValueError("the update needs the learning rate")
    return GradientDescent().steps(grads, lr)


def symmetric_limit(values: Array) -> float:
    """The largest finite |value|: a colour range [-m, m] centred on 0 (1 when all are 0)."""
    a = np.abs(np.asarray(values, dtype=np.float64))
    finite = a[np.isfinite(a)]
    m = float(finite.max()) if finite.size else 0.0
    return m if m > 0 else 1.0


def symmetric_limits(images: Sequence[Array] | Array, shared: bool) -> list[float]:
    """One symmetric limit per image: the same for all when `shared`, else each its own."""
    if shared:
        m = symmetric_limit(np.concatenate([np.ravel(i) for i in images]))
        return [m] * len(images)
    return [symmetric_limit(i) for i in images]


def full_precision(value: float | np.floating[Any]) -> str:
    """The shortest text that reads back as exactly `value` in its own precision."""
    return str(value if isinstance(value, np.floating) else np.float64(value))


# --- export ---------------------------------------------------------------------------------


def save_npy(path: str | os.PathLike[str], array: Array) -> None:
    """Write one array as .npy (never pickled), atomically."""
    data = np.asarray(array)
    if data.dtype == object:
        raise ValueError(f"{path}: only numeric arrays can be saved")
    _write_atomically(path, "wb", lambda f: np.save(f, data, allow_pickle=False))


def save_csv(path: str | os.PathLike[str], name: str, array: Array) -> None:
    """Write a parameter-shaped array as CSV, atomically, every value in full precision.

    Per-pixel arrays (784,) and (784, k) get one row per pixel with its image row and column;
    per-class arrays (k,) one row per class.
    """
    data = np.asarray(array)
    pixels = SIDE * SIDE
    if data.ndim == 2 and data.shape[0] == pixels:
        header = ["pixel", "row", "column", *(f"{name}[:, {j}]" for j in range(data.shape[1]))]
        rows: Iterable[list[object]] = (
            [k, k // SIDE, k % SIDE, *map(full_precision, data[k])] for k in range(pixels)
        )
    elif data.shape == (pixels,):
        header = ["pixel", "row", "column", name]
        rows = ([k, k // SIDE, k % SIDE, full_precision(data[k])] for k in range(pixels))
    elif data.ndim == 1:
        header = ["class", name]
        rows = ([j, full_precision(v)] for j, v in enumerate(data))
    else:
        raise ValueError(f"{path}: cannot write an array of shape {data.shape} as CSV")

    def write(f: IO[Any]) -> None:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)

    _write_atomically(path, "w", write)


def _write_atomically(
    path: str | os.PathLike[str], mode: str, write: Callable[[IO[Any]], None]
) -> None:
    """Write to a temporary file in the same folder, then move it into place."""
    target = Path(path)
    try:
        fd, temp = new_temporary(target)  # mode 0666 minus the umask, as atomic_write
    except OSError as e:
        raise OSError(f"{target}: cannot write here ({e.strerror or e})") from e
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"newline": "", "encoding": "utf-8"}
        with os.fdopen(fd, mode, **kwargs) as f:
            write(f)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
