import time
from pathlib import Path

import numpy as np
import pytest

from gdstudio.core.data import datasets
from gdstudio.core.data.datasets import (
    FASHION_CLASSES,
    Split,
    available_sources,
    load_dataset,
    load_folder,
)
from gdstudio.core.data.idx import DataError, write_idx

STANDARD = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"]


def make_pair(
    folder: Path, images: str, labels: str, n: int, side: int = 28, seed: int = 0
) -> None:
    """Write n random images whose first pixel is their index (to check the order of splits)."""
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (n, side, side), dtype=np.uint8)
    pixels[:, 0, 0] = np.arange(n)
    write_idx(folder / images, pixels)
    write_idx(folder / labels, np.arange(n, dtype=np.uint8) % 10)


def make_standard(folder: Path, n_train: int = 60, n_test: int = 12, gz: str = ".gz") -> Path:
    make_pair(folder, f"train-images-idx3-ubyte{gz}", f"train-labels-idx1-ubyte{gz}", n_train)
    make_pair(folder, f"t10k-images-idx3-ubyte{gz}", f"t10k-labels-idx1-ubyte{gz}", n_test, seed=1)
    return folder


def first_pixels(split: Split) -> list[int]:
    return split.images[:, 0, 0].tolist()


def test_embedded():
    start = time.perf_counter()
    data = load_dataset()
    assert time.perf_counter() - start < 0.3
    assert data.name == "embedded"
    assert data.class_names == tuple("0123456789")
    assert "LeCun" in data.source and "CC BY-SA 3.0" in data.source
    for name, size in [("train", 8000), ("valid", 1000), ("test", 1000)]:
        split = data.split(name)
        assert len(split) == size
        assert split.images.shape == (size, 28, 28) and split.images.dtype == np.uint8
        assert split.labels.shape == (size,) and split.labels.dtype == np.uint8
        assert set(split.labels.tolist()) == set(range(10))
    with pytest.raises(ValueError, match="train, valid, test"):
        data.split("training")


def test_inputs():
    split = load_dataset().train
    for index in [np.arange(100), np.array([5, 2]), slice(10, 20), None]:
        x = split.inputs(index)
        k = len(split.images[index]) if index is not None else len(split)
        assert x.shape == (k, 784) and x.dtype == np.float32
        assert x.min() >= 0 and x.max() <= 1
    x = split.inputs(np.arange(100), dtype=np.float64)
    assert x.dtype == np.float64
    exact = split.images[:100].reshape(100, 784) / 255
    np.testing.assert_allclose(x, exact, rtol=np.finfo(np.float64).eps, atol=0)
    assert split.inputs(slice(0, 0)).shape == (0, 784)


def test_inputs_are_within_one_rounding_of_pixel_over_255_and_endpoints_exact():
    images = np.zeros(784, np.uint8)
    images[:256] = np.arange(256)
    split = Split(images.reshape(1, 28, 28), np.zeros(1, np.uint8))
    for dtype in [np.float32, np.float64]:
        x = split.inputs(dtype=dtype)
        assert x[0, 0] == 0.0 and x[0, 255] == 1.0
        exact = (images / 255).astype(dtype)
        np.testing.assert_allclose(x[0], exact, rtol=np.finfo(dtype).eps, atol=0)


def test_subset():
    split = load_dataset().test
    index = np.array([3, 1, 4])
    part = split.subset(index)
    np.testing.assert_array_equal(part.images, split.images[index])
    np.testing.assert_array_equal(part.labels, split.labels[index])


@pytest.mark.parametrize("gz", ["", ".gz"])
def test_folder_with_standard_files(tmp_path, gz):
    data = load_folder(make_standard(tmp_path, gz=gz))
    assert data.name == str(tmp_path)
    assert (len(data.train), len(data.valid), len(data.test)) == (50, 10, 12)
    assert first_pixels(data.train) == list(range(50))
    assert first_pixels(data.valid) == list(range(50, 60))
    assert first_pixels(data.test) == list(range(12))
    assert str(tmp_path) in data.source
    # a folder path also works as a source name
    assert len(load_dataset(str(tmp_path)).train) == 50


def test_folder_with_one_pair(tmp_path):
    make_pair(tmp_path, "images-idx3-ubyte.gz", "labels-idx1-ubyte", 50)
    data = load_folder(tmp_path)
    assert (len(data.train), len(data.valid), len(data.test)) == (40, 5, 5)
    assert first_pixels(data.train) + first_pixels(data.valid) + first_pixels(data.test) == list(
        range(50)
    )


def test_count_mismatch_names_both_files(tmp_path):
    make_pair(tmp_path, "images-idx3-ubyte", "labels-idx1-ubyte", 20)
    write_idx(tmp_path / "labels-idx1-ubyte", np.zeros(19, np.uint8))
    with pytest.raises(DataError) as error:
        load_folder(tmp_path)
    message = str(error.value)
    assert "images-idx3-ubyte holds 20 images" in message
    assert "labels-idx1-ubyte holds 19 labels" in message


def test_images_must_be_28x28(tmp_path):
    make_pair(tmp_path, "images-idx3-ubyte", "labels-idx1-ubyte", 10, side=16)
    with pytest.raises(DataError, match=r"images-idx3-ubyte: images are 16x16 pixels.*28x28"):
        load_folder(tmp_path)


def test_folder_without_data(tmp_path):
    with pytest.raises(DataError, match="train-images-idx3-ubyte.*images-idx3-ubyte"):
        load_folder(tmp_path)
    make_pair(tmp_path, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 10)
    with pytest.raises(DataError, match="missing t10k-images-idx3-ubyte.*t10k-labels"):
        load_folder(tmp_path)
    with pytest.raises(DataError, match="not a folder"):
        load_folder(tmp_path / "train-images-idx3-ubyte")


def test_unknown_source():
    with pytest.raises(DataError, match="'nope'.*embedded, mnist, fashion"):
        load_dataset("nope")


def test_mnist_not_downloaded(tmp_path):
    with pytest.raises(DataError, match="gdstudio data download mnist"):
        load_dataset("mnist", cache=tmp_path)


def test_mnist_from_cache(tmp_path, monkeypatch):
    make_standard(tmp_path)
    data = load_dataset("mnist", cache=tmp_path)
    assert data.name == "mnist" and "LeCun" in data.source
    assert (len(data.train), len(data.valid), len(data.test)) == (50, 10, 12)
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path.parent))
    (tmp_path.parent / "mnist").mkdir()
    make_standard(tmp_path.parent / "mnist")
    assert len(load_dataset("mnist").test) == 12


def test_fashion(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "FASHION_DIR", tmp_path)
    with pytest.raises(DataError, match="dataset-fashion-mnist"):
        load_dataset("fashion")
    make_standard(tmp_path, n_train=120, n_test=20)
    data = load_dataset("fashion")
    assert data.name == "fashion"
    assert data.class_names == FASHION_CLASSES and data.class_names[9] == "Ankle boot"
    assert "Fashion-MNIST" in data.source
    assert (len(data.train), len(data.valid), len(data.test)) == (100, 20, 20)


def test_available_sources(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "FASHION_DIR", tmp_path / "fashion")
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path / "cache"))
    sources = {s.name: s for s in available_sources()}
    assert list(sources) == ["embedded", "mnist", "fashion"]
    assert sources["embedded"].available
    assert not sources["mnist"].available and "gdstudio data download" in sources["mnist"].note
    assert sources["mnist"].location == str(tmp_path / "cache" / "mnist")
    assert not sources["fashion"].available
    (tmp_path / "cache" / "mnist").mkdir(parents=True)
    make_standard(tmp_path / "cache" / "mnist")
    (tmp_path / "fashion").mkdir()
    make_standard(tmp_path / "fashion", gz="")
    assert all(s.available for s in available_sources())
