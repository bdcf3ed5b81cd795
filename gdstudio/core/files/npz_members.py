"""Reading the arrays of an untrusted `.npz` archive, each checked before it is decompressed.

`numpy.load` trusts what a file declares: a 300-byte member can claim a shape of 10**12
values, a zip bomb decompresses into gigabytes, a flipped byte raises `zlib.error`. Here the
archive's member list is checked first (names, count, declared sizes), and each member's
`.npy` header (dtype and shape) is checked against what the caller expects before its data is
read, so memory is bounded by the sizes the caller allows. Every problem raises `ValueError`
with a message fit to show; nothing is ever unpickled.
"""

from __future__ import annotations

import math
import struct
import tokenize
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
from numpy.lib import format as npy

__all__ = ["READ_ERRORS", "NpzMembers", "check_archive"]

#: what a damaged archive or member raises from `zipfile`, `zlib` and numpy's header parser
READ_ERRORS = (
    OSError,
    EOFError,
    ValueError,  # UnicodeDecodeError is one
    KeyError,
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    tokenize.TokenError,
    SyntaxError,  # from `ast.literal_eval` on the header
    NotImplementedError,  # an unsupported compression method
    OverflowError,
    RecursionError,
    MemoryError,  # a deeply nested header in `ast.literal_eval`
)


def check_archive(path: Path, fail: Callable[[str], Exception], not_zip: str) -> None:
    """Raise `fail("no such file")` unless `path` is a file, `fail(not_zip)` unless it is a zip
    archive (as every `.npz` is): the first checks of a file GD Studio is asked to open."""
    if not path.is_file():
        raise fail("no such file")
    if not zipfile.is_zipfile(path):
        raise fail(not_zip)


_SUFFIX = ".npy"
_MAX_HEADER = 10_000  # numpy's own limit for headers it parses without trusting them


class NpzMembers(Mapping[str, npt.NDArray[Any]]):
    """The arrays of one archive by name (without ".npy"), read on demand and checked.

    `max_members` bounds the member count and `max_bytes` the sum of the sizes the archive
    declares for its decompressed members; both are checked on opening. Use `read` to give
    the dtype and shape expected (`None` on an axis: any length); indexing reads any array
    whose declared size fits. Close it (or use `with`) when done.
    """

    def __init__(self, path: str | Path, max_members: int, max_bytes: int) -> None:
        self._zip = zipfile.ZipFile(path)
        try:
            infos = self._zip.infolist()
            if len(infos) > max_members:
                raise ValueError(f"{len(infos)} entries in the archive, at most {max_members} fit")
            self._infos: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                if not info.filename.endswith(_SUFFIX) or info.is_dir():
                    raise ValueError(f"unexpected entry {info.filename[:80]!r} in the archive")
                name = info.filename[: -len(_SUFFIX)]
                if name in self._infos:
                    raise ValueError(f"the archive holds {name[:80]!r} twice")
                self._infos[name] = info
            declared = sum(info.file_size for info in infos)
            if declared > max_bytes:
                raise ValueError(
                    f"the archive declares {declared:,} bytes of arrays, more than the "
                    f"{max_bytes:,} that fit"
                )
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> NpzMembers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def __len__(self) -> int:
        return len(self._infos)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.read(name)

    def declared_size(self, name: str) -> int:
        """The decompressed size the archive declares for `name` (header included)."""
        return self._infos[name].file_size

    def read(
        self,
        name: str,
        dtype: npt.DTypeLike | tuple[npt.DTypeLike, ...] | None = None,
        shape: tuple[int | None, ...] | None = None,
    ) -> npt.NDArray[Any]:
        """The array `name`, refused unless its header gives `dtype` (or one of a tuple of
        dtypes) and `shape`, when given, and its data is exactly as long as they say."""
        info = self._infos[name]
        with self._zip.open(info) as member:
            found_shape, fortran, found_dtype, header_size = _header(member)
            if found_dtype.hasobject or found_dtype.fields is not None:
                raise ValueError(f"{name}: {found_dtype} values, not plain data")
            allowed = [np.dtype(d) for d in (dtype if isinstance(dtype, tuple) else (dtype,))]
            if dtype is not None and found_dtype not in allowed:
                kinds = " or ".join(map(str, allowed))
                raise ValueError(f"{name}: dtype {found_dtype}, expected {kinds}")
            if shape is not None and not _fits(found_shape, shape):
                wanted = tuple("n" if s is None else s for s in shape)
                raise ValueError(f"{name}: shape {found_shape}, expected {wanted}")
            size = math.prod(found_shape) * found_dtype.itemsize
            if header_size + size != info.file_size:
                raise ValueError(
                    f"{name}: the header says {size:,} bytes of data but the archive declares "
                    f"{info.file_size - header_size:,}"
                )
            data = member.read(size)
            if len(data) != size:
                raise ValueError(f"{name}: the data ends early")
        array = np.frombuffer(data, found_dtype).reshape(found_shape, order="F" if fortran else "C")
        return np.array(array, order="C")  # writeable and C-ordered, as `numpy.load` gives


def _header(member: IO[bytes]) -> tuple[tuple[int, ...], bool, np.dtype[Any], int]:
    """The member's shape, Fortran order, dtype and header length in bytes."""
    version = npy.read_magic(member)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy warns about headers written by Python 2
        if version == (1, 0):
            header = npy.read_array_header_1_0(member, max_header_size=_MAX_HEADER)
        elif version == (2, 0):
            header = npy.read_array_header_2_0(member, max_header_size=_MAX_HEADER)
        else:
            raise ValueError(f"unsupported .npy format version {version}")
    shape, fortran, dtype = header
    if any(not isinstance(n, int) or n < 0 for n in shape):
        raise ValueError(f"invalid shape {shape}")
    return tuple(shape), bool(fortran), dtype, member.tell()


def _fits(shape: tuple[int, ...], pattern: tuple[int | None, ...]) -> bool:
    return len(shape) == len(pattern) and all(
        want is None or got == want for got, want in zip(shape, pattern, strict=True)
    )
