"""Reading and writing IDX files, the format of the MNIST and Fashion-MNIST files.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
one big-endian uint32 per dimension, then the values in C order, big-endian. The files are often
gzip-compressed; gzip is recognised by its magic bytes, not by the file name.

Files come from downloads and user folders, so everything is checked, and a header that claims
more data than the file holds is reported without allocating what it claims.
"""

from __future__ import annotations

import gzip
import io
import math
import os
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gdstudio.core.files.atomic import atomic_write

__all__ = ["DataError", "read_idx", "write_idx", "read_images", "read_labels"]

_TYPES: dict[int, np.dtype[Any]] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODES = {dtype.newbyteorder("="): code for code, dtype in _TYPES.items()}
_MAX_DIMS = 8
_MAX_BYTES = 2 * 1024**3
_CHUNK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class DataError(ValueError):
    """A data file (or folder) is missing, unreadable or malformed; the message names it."""


def read_idx(path: str | os.PathLike[str]) -> npt.NDArray[Any]:
    """Read an IDX file (raw or gzip) into a native-endian array."""
    return _read(Path(path))


def read_images(path: str | os.PathLike[str]) -> npt.NDArray[np.uint8]:
    """Read an IDX image file: uint8 values, shape (count, rows, columns)."""
    return _read(Path(path), expect=(0x08, 3, "images"))


def read_labels(path: str | os.PathLike[str]) -> npt.NDArray[np.uint8]:
    """Read an IDX label file: uint8 values 0-9, shape (count,)."""
    labels = _read(Path(path), expect=(0x08, 1, "labels"))
    bad = np.flatnonzero(labels > 9)
    if bad.size:
        i = int(bad[0])
        raise DataError(f"{path}: label {labels[i]} at index {i} is not a class 0-9")
    return labels


def write_idx(
    path: str | os.PathLike[str], array: npt.ArrayLike, *, compress: bool | None = None
) -> None:
    """Write ``array`` as an IDX file, atomically.

    ``compress`` defaults to whether the name ends in ``.gz``; the gzip output is
    deterministic (no time stamp, no embedded file name).
    """
    path = Path(path)
    data = np.asarray(array)
    code = _CODES.get(data.dtype.newbyteorder("="))
    if code is None:
        raise ValueError(f"IDX cannot store {data.dtype} values")
    if not 1 <= data.ndim <= _MAX_DIMS or max(data.shape) >= 2**32:
        raise ValueError(f"IDX cannot store an array of shape {data.shape}")
    header = bytes([0, 0, code, data.ndim]) + np.array(data.shape, ">u4").tobytes()
    payload = header + np.ascontiguousarray(data, _TYPES[code]).tobytes()
    if compress is None:
        compress = path.name.endswith(".gz")
    if compress:
        payload = gzip.compress(payload, mtime=0)
    with atomic_write(path) as f:
        f.write(payload)


def _read(path: Path, expect: tuple[int, int, str] | None = None) -> npt.NDArray[Any]:
    """Read and check an IDX file; ``expect`` is (type code, ndim, noun) when required."""
    compressed = False
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) if compressed else raw as stream:
                return _parse(path, stream, expect)
    except (OSError, EOFError, zlib.error) as e:
        # gzip raises all three on a corrupt or truncated stream.
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e) or repr(e)
        what = "corrupt gzip data" if compressed else "cannot read the file"
        raise DataError(f"{path}: {what}: {reason}") from e


def _parse(
    path: Path, stream: io.BufferedIOBase, expect: tuple[int, int, str] | None
) -> npt.NDArray[Any]:
    magic = stream.read(4)
    if len(magic) < 4 or magic[:2] != b"\0\0":
        raise DataError(f"{path}: not an IDX file (bad magic number {magic.hex() or 'none'})")
    code, ndim = magic[2], magic[3]
    if code not in _TYPES:
        raise DataError(f"{path}: unknown IDX value type 0x{code:02x}")
    if not 1 <= ndim <= _MAX_DIMS:
        raise DataError(f"{path}: IDX header gives {ndim} dimensions (expected 1-{_MAX_DIMS})")
    dims_bytes = stream.read(4 * ndim)
    if len(dims_bytes) < 4 * ndim:
        raise DataError(f"{path}: file ends inside the IDX header")
    shape = tuple(int(d) for d in np.frombuffer(dims_bytes, ">u4"))
    dtype = _TYPES[code]
    native = dtype.newbyteorder("=")
    if expect is None:
        claim = f"header says {native} data of shape {'x'.join(map(str, shape))}"
    elif (code, ndim) == expect[:2]:
        claim = f"header says {shape[0]} {expect[2]}"
        if ndim == 3:
            claim += f" of {shape[1]}x{shape[2]}"
    else:
        want = f"{expect[1]}-D uint8 {expect[2]}"
        raise DataError(f"{path}: expected {want}, found {ndim}-D {native} values")
    size = math.prod(shape) * dtype.itemsize
    if size > _MAX_BYTES:
        raise DataError(f"{path}: {claim} ({size} bytes), more than GD Studio can load")
    # Read in chunks up to one byte past the claim: memory is bounded by what the header
    # claims and by what the file really holds, whichever is smaller.
    data = bytearray()
    while len(data) <= size:
        chunk = stream.read(min(_CHUNK, size + 1 - len(data)))
        if not chunk:
            break
        data += chunk
    if len(data) != size:
        held = "more than that" if len(data) > size else f"{len(data)} bytes of data"
        raise DataError(f"{path}: {claim} ({size} bytes) but the file holds {held}")
    return np.frombuffer(data, dtype).reshape(shape).astype(native, copy=False)
