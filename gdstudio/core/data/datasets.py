"""The digit (or fashion) images the network trains on, split into train / validation / test.

Images stay uint8 in memory (full MNIST is ~55 MB that way, four times more as float32) and are
converted to floats in [0, 1] one batch at a time by :meth:`Split.inputs`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gdstudio.core.data.idx import DataError, read_images, read_labels
from gdstudio.core.files.paths import mnist_cache_dir
from gdstudio.core.files.resources import resources_dir

__all__ = [
    "DIGIT_CLASSES",
    "FASHION_CLASSES",
    "FASHION_DIR",
    "Dataset",
    "SourceInfo",
    "Split",
    "available_sources",
    "load_dataset",
    "load_folder",
]

DIGIT_CLASSES = tuple(str(d) for d in range(10))
FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
#: Where Debian's ``dataset-fashion-mnist`` package installs the four files (standard names, .gz).
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")

_MNIST_CREDIT = "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0"
_FASHION_CREDIT = "Fashion-MNIST (Zalando Research), MIT licence"
_STANDARD = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
_PAIR = ("images-idx3-ubyte", "labels-idx1-ubyte")
_SPLITS = ("train", "valid", "test")
_SIDE = 28  # the network has 28 x 28 = 784 inputs
#: the fewest images that give every split at least one: 5 + 1 (+ a test file), 8 + 1 + 1
_MIN_STANDARD_TRAIN = 6
_MIN_PAIR = 10


@dataclass(frozen=True, eq=False)
class Split:
    """Images and their labels; equality is identity (the fields are arrays)."""

    images: npt.NDArray[np.uint8]  # (n, 28, 28)
    labels: npt.NDArray[np.uint8]  # (n,)

    def __len__(self) -> int:
        return len(self.labels)

    def inputs(
        self,
        index: npt.NDArray[np.integer[Any]] | npt.NDArray[np.bool_] | slice | None = None,
        dtype: npt.DTypeLike = np.float32,
    ) -> npt.NDArray[np.floating[Any]]:
        """The selected images as network inputs: shape (k, 784), values pixel / 255 in [0, 1]."""
        pixels = self.images if index is None else self.images[index]
        # astype, then multiplying by 1/255 in place, was the fastest option measured for a
        # batch of 100: division takes 60% longer, a 256-entry lookup table 10 times longer.
        # 0 and 255 map exactly to 0 and 1; other values may differ from pixel / 255 by one ulp.
        flat = pixels.reshape(len(pixels), math.prod(self.images.shape[1:]))
        batch: npt.NDArray[np.floating[Any]] = flat.astype(dtype)
        batch *= batch.dtype.type(1 / 255)
        return batch

    def subset(self, index: npt.NDArray[np.integer[Any]] | npt.NDArray[np.bool_] | slice) -> Split:
        return Split(self.images[index], self.labels[index])


@dataclass(frozen=True, eq=False)
class Dataset:
    name: str  # "embedded", "mnist", "fashion", or the folder path
    train: Split
    valid: Split
    test: Split
    class_names: tuple[str, ...]
    source: str  # human description including the credit

    def split(self, name: str) -> Split:
        """The split called ``name``: "train", "valid" or "test"."""
        if name not in _SPLITS:
            raise ValueError(f"unknown split {name!r}: use one of {', '.join(_SPLITS)}")
        split: Split = getattr(self, name)
        return split


@dataclass(frozen=True)
class SourceInfo:
    name: str  # what to pass to load_dataset()
    label: str  # for menus
    available: bool
    location: str  # folder the files are (or would be) in
    note: str  # credit, or how to make the source available


def load_dataset(source: str = "embedded", *, cache: Path | None = None) -> Dataset:
    """Load a named source ("embedded", "mnist", "fashion") or a folder of IDX files.

    ``cache`` is the folder holding the downloaded MNIST files (default: ``mnist_cache_dir()``).
    Nothing is downloaded here.
    """
    if source == "embedded":
        folder = _embedded_dir()
        return _load(folder, "embedded", DIGIT_CLASSES, _embedded_source())
    if source == "mnist":
        folder = mnist_cache_dir() if cache is None else cache
        if not _complete(folder):
            raise DataError(
                f"{folder}: MNIST has not been downloaded; run `gdstudio data download mnist`"
            )
        return _load(folder, "mnist", DIGIT_CLASSES, f"{_MNIST_CREDIT}, 70,000 digits")
    if source == "fashion":
        if not _complete(FASHION_DIR):
            raise DataError(
                f"{FASHION_DIR}: Fashion-MNIST is not installed; "
                "on Debian or Ubuntu: sudo apt install dataset-fashion-mnist"
            )
        return _load(FASHION_DIR, "fashion", FASHION_CLASSES, f"{_FASHION_CREDIT}, 70,000 images")
    if os.path.isdir(source):
        return load_folder(source)
    raise DataError(
        f"unknown data source {source!r}: use embedded, mnist, fashion, "
        "or the path of a folder holding MNIST-format IDX files"
    )


def load_folder(path: str | os.PathLike[str]) -> Dataset:
    """Load a folder holding the four standard MNIST files, or one images/labels pair.

    The standard files give train (the first n - n//6 of the training file), validation (its
    last n//6) and test (t10k); a pair is split 80/10/10 by position.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    return _load(folder, str(folder), DIGIT_CLASSES, f"IDX files in {folder}")


def available_sources() -> list[SourceInfo]:
    """The named sources and whether their files are present (they are not read)."""
    mnist = mnist_cache_dir()
    mnist_ok = _complete(mnist)
    fashion_ok = _complete(FASHION_DIR)
    return [
        SourceInfo(
            "embedded",
            "MNIST, 10,000 digits (built in)",
            len(_find(_embedded_dir(), _PAIR)) == len(_PAIR),
            str(_embedded_dir()),
            _embedded_source(),
        ),
        SourceInfo(
            "mnist",
            "MNIST, 70,000 digits",
            mnist_ok,
            str(mnist),
            _MNIST_CREDIT if mnist_ok else "not downloaded: run `gdstudio data download mnist`",
        ),
        SourceInfo(
            "fashion",
            "Fashion-MNIST, 70,000 images",
            fashion_ok,
            str(FASHION_DIR),
            _FASHION_CREDIT
            if fashion_ok
            else "not installed: install the Debian/Ubuntu package dataset-fashion-mnist",
        ),
    ]


def _embedded_dir() -> Path:
    return resources_dir() / "data" / "mnist-10k"


def _embedded_source() -> str:
    return f"{_MNIST_CREDIT}, 10,000-digit subset embedded in GD Studio"


def _find(folder: Path, stems: tuple[str, ...]) -> dict[str, Path]:
    """The files present among ``folder/stem`` or ``folder/stem.gz`` (uncompressed first)."""
    found = {}
    for stem in stems:
        for candidate in (folder / stem, folder / f"{stem}.gz"):
            if candidate.is_file():
                found[stem] = candidate
                break
    return found


def _complete(folder: Path) -> bool:
    return len(_find(folder, _STANDARD)) == len(_STANDARD)


def _load(folder: Path, name: str, class_names: tuple[str, ...], source: str) -> Dataset:
    standard = _find(folder, _STANDARD)
    pair = _find(folder, _PAIR)
    if len(standard) == len(_STANDARD):
        train_images, train_labels, test_images, test_labels = standard.values()
        whole = _read_pair(train_images, train_labels)
        test = _read_pair(test_images, test_labels)
        _require(train_images, len(whole), _MIN_STANDARD_TRAIN, "a sixth of them to validate")
        _require(test_images, len(test), 1, "to test")
        n_train = len(whole) - len(whole) // 6
        train, valid = whole.subset(slice(n_train)), whole.subset(slice(n_train, None))
    elif len(pair) == len(_PAIR):
        whole = _read_pair(*pair.values())
        _require(
            pair[_PAIR[0]], len(whole), _MIN_PAIR, "80% to train, 10% to validate, 10% to test"
        )
        n_train, n_valid = len(whole) * 8 // 10, len(whole) // 10
        train = whole.subset(slice(n_train))
        valid = whole.subset(slice(n_train, n_train + n_valid))
        test = whole.subset(slice(n_train + n_valid, None))
    else:
        stems = _STANDARD if standard or not pair else _PAIR
        missing = ", ".join(f"{stem}[.gz]" for stem in stems if stem not in standard | pair)
        raise DataError(
            f"{folder}: no MNIST-format data; missing {missing}"
            + ("" if standard or pair else f" (or the pair {_PAIR[0]}, {_PAIR[1]})")
        )
    return Dataset(name, train, valid, test, class_names, source)


def _require(path: Path, count: int, least: int, use: str) -> None:
    """DataError unless `path` holds at least `least` images: a split with no image cannot be
    trained on (or evaluated)."""
    if count < least:
        held = f"{count} image" + ("" if count == 1 else "s")
        raise DataError(f"{path}: holds {held}; GD Studio needs at least {least} ({use})")


def _read_pair(images_path: Path, labels_path: Path) -> Split:
    images = read_images(images_path)
    if images.shape[1:] != (_SIDE, _SIDE):
        rows, cols = images.shape[1:]
        raise DataError(
            f"{images_path}: images are {rows}x{cols} pixels; GD Studio needs {_SIDE}x{_SIDE} "
            f"(its network has {_SIDE * _SIDE} inputs)"
        )
    labels = read_labels(labels_path)
    if len(images) != len(labels):
        raise DataError(
            f"{images_path} holds {len(images)} images but {labels_path} holds {len(labels)} labels"
        )
    return Split(images, labels)
