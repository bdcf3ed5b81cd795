import gzip
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdstudio.core.data.idx import DataError, read_idx, read_images, read_labels, write_idx

DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64]


def header(code: int, *dims: int) -> bytes:
    return bytes([0, 0, code, len(dims)]) + np.array(dims, ">u4").tobytes()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["a-idx", "a-idx.gz"])
def test_round_trip(tmp_path, dtype, name):
    rng = np.random.default_rng(0)
    array = (rng.standard_normal((3, 4, 5)) * 100).astype(dtype)
    path = tmp_path / name
    write_idx(path, array)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.dtype.isnative
    np.testing.assert_array_equal(back, array)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left


def test_gzip_is_detected_by_content_not_name(tmp_path):
    write_idx(tmp_path / "plain", np.arange(6, dtype=np.int16), compress=True)
    write_idx(tmp_path / "plain.gz", np.arange(6, dtype=np.int16), compress=False)
    for name in ["plain", "plain.gz"]:
        np.testing.assert_array_equal(read_idx(tmp_path / name), np.arange(6))


def test_write_is_deterministic_and_big_endian(tmp_path):
    write_idx(tmp_path / "a.gz", np.array([1, 2], np.int32))
    write_idx(tmp_path / "b.gz", np.array([1, 2], np.int32))
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    write_idx(tmp_path / "raw", np.array([1, 2], np.int32))
    assert (tmp_path / "raw").read_bytes() == header(0x0C, 2) + bytes([0, 0, 0, 1, 0, 0, 0, 2])


def test_write_rejects_what_idx_cannot_hold(tmp_path):
    with pytest.raises(ValueError):
        write_idx(tmp_path / "x", np.zeros(3, np.uint64))
    with pytest.raises(ValueError):
        write_idx(tmp_path / "x", np.float32(1))
    assert list(tmp_path.iterdir()) == []


def test_images_and_labels(tmp_path):
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    write_idx(tmp_path / "i.gz", images)
    write_idx(tmp_path / "l", np.array([0, 9], np.uint8))
    np.testing.assert_array_equal(read_images(tmp_path / "i.gz"), images)
    np.testing.assert_array_equal(read_labels(tmp_path / "l"), [0, 9])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "bad magic"),
        (b"\x01\x00\x08\x01" + bytes(4), "bad magic"),
        (header(0x0A, 1) + b"\0", "unknown IDX value type 0x0a"),
        (bytes([0, 0, 8, 0]), "0 dimensions"),
        (bytes([0, 0, 8, 9]) + bytes(36), "9 dimensions"),
        (header(0x08, 5)[:6], "ends inside the IDX header"),
        (
            header(0x08, 3, 2) + bytes(5),
            "header says uint8 data of shape 3x2 (6 bytes) but the file holds 5 bytes",
        ),
        (header(0x08, 3, 2) + bytes(7), "(6 bytes) but the file holds more than that"),
        (header(0x0D, 3) + bytes(11), "float32 data of shape 3 (12 bytes)"),
    ],
)
@pytest.mark.parametrize("compress", [False, True])
def test_malformed_files(tmp_path, data, message, compress):
    path = write(tmp_path / "bad-idx", gzip.compress(data) if compress else data)
    with pytest.raises(DataError, match="bad-idx") as error:
        read_idx(path)
    assert message in str(error.value)


def peak_bytes_refusing(path: Path, message: str) -> int:
    """The most memory `read_idx` allocated while refusing `path` with a DataError that says
    `message` (a regular expression)."""
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match=message):
            read_idx(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("compress", [False, True])
def test_huge_claim_on_tiny_file_fails_fast_without_allocating(tmp_path, compress):
    for dims in [(2**31, 28, 28), (2**32 - 1,) * 8, (2_000_000, 28, 28)]:
        data = header(0x08, *dims) + bytes(100)
        path = write(tmp_path / "huge-idx", gzip.compress(data) if compress else data)
        assert peak_bytes_refusing(path, "huge-idx") < 10 * 2**20


def test_gzip_bomb_is_not_decompressed(tmp_path):
    path = write(tmp_path / "bomb-idx.gz", gzip.compress(header(0x08, 10) + bytes(50 * 2**20)))
    assert peak_bytes_refusing(path, "bomb-idx.gz.*more than that") < 10 * 2**20


def test_the_error_example_from_the_docs(tmp_path):
    path = write(
        tmp_path / "train-images-idx3-ubyte.gz",
        gzip.compress(header(8, 60000, 28, 28) + bytes(1000)),
    )
    with pytest.raises(DataError) as error:
        read_images(path)
    assert str(error.value) == (
        f"{path}: header says 60000 images of 28x28 (47040000 bytes) "
        "but the file holds 1000 bytes of data"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"\x1f\x8b" + bytes(30),  # gzip magic, garbage header
        gzip.compress(header(8, 4) + bytes(4))[:-6],  # truncated stream
        gzip.compress(header(8, 4) + bytes(4))[:-8] + b"\xff" * 8,  # bad CRC and length
        gzip.compress(header(8, 4) + bytes(4)) + b"trailing garbage",
    ],
)
def test_corrupt_gzip(tmp_path, data):
    with pytest.raises(DataError, match="corrupt-idx.gz: corrupt gzip data"):
        read_idx(write(tmp_path / "corrupt-idx.gz", data))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataError, match="nothing-here.*No such file"):
        read_idx(tmp_path / "nothing-here")
    with pytest.raises(DataError, match=str(tmp_path)):
        read_labels(tmp_path)


def test_labels_out_of_range(tmp_path):
    path = tmp_path / "labels-idx"
    write_idx(path, np.array([3, 9, 10, 200], np.uint8))
    with pytest.raises(DataError, match="labels-idx: label 10 at index 2 is not a class 0-9"):
        read_labels(path)


@pytest.mark.parametrize(
    ("reader", "array", "message"),
    [
        (read_images, np.zeros((2, 28), np.uint8), "expected 3-D uint8 images, found 2-D uint8"),
        (
            read_images,
            np.zeros((2, 28, 28), np.int16),
            "expected 3-D uint8 images, found 3-D int16",
        ),
        (read_labels, np.zeros((2, 1), np.uint8), "expected 1-D uint8 labels, found 2-D uint8"),
        (read_labels, np.zeros(2, np.float32), "expected 1-D uint8 labels, found 1-D float32"),
    ],
)
def test_images_and_labels_need_the_right_type(tmp_path, reader, array, message):
    write_idx(tmp_path / "x-idx", array)
    with pytest.raises(DataError, match="x-idx") as error:
        reader(tmp_path / "x-idx")
    assert message in str(error.value)


# --- fuzzing: whatever the bytes, the only error is DataError ------------------------------------


def _valid_file(dtype: type, shape: tuple[int, ...]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f"
        write_idx(path, np.ones(shape, dtype))
        return path.read_bytes()


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    dtype = draw(st.sampled_from(DTYPES))
    shape = tuple(draw(st.lists(st.integers(0, 4), min_size=1, max_size=3)))
    data = bytearray(_valid_file(dtype, shape))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, 4 + 4 * len(shape) - 1))
        data[position] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data)


any_bytes = st.one_of(st.binary(max_size=200), mutated_files())


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=any_bytes, compress=st.booleans(), cut=st.none() | st.integers(0, 100))
def test_fuzz_only_data_errors(data, compress, cut):
    if compress:
        data = gzip.compress(data, mtime=0)
        if cut is not None:
            data = data[: min(cut, len(data))]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "fuzz", data)
        for reader in (read_idx, read_images, read_labels):
            try:
                reader(path)
            except DataError as error:
                assert "fuzz" in str(error)
