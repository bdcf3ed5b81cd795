"""Checks for values read from untrusted files (JSON metadata and numpy arrays).

Each check returns the value it checked, typed, or raises `ValueError` with a message that
says where in the file the problem is (`where`, e.g. "run 2 config: lr") and what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from gdstudio.core.files.npz_members import NpzMembers

__all__ = [
    "array",
    "boolean",
    "exact_keys",
    "integer",
    "json_list",
    "json_object",
    "json_text",
    "number",
    "text",
]


#: deeper JSON than GD Studio writes (its metadata nests 4 levels) is refused: Python's
#: parser would otherwise raise RecursionError, and code walking the values could too
MAX_JSON_DEPTH = 32


def json_text(value: npt.NDArray[Any], where: str) -> Any:
    """The JSON value held by a 0-d text array (a metadata entry), nested at most
    `MAX_JSON_DEPTH` levels deep."""
    if value.dtype.kind != "U" or value.shape != ():
        raise ValueError(f"{where}: the entry is not text")
    try:
        parsed = json.loads(str(value))
    except RecursionError:
        raise ValueError(f"{where}: nested too deeply") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{where}: not valid JSON ({e})") from None
    _check_depth(parsed, where)
    return parsed


def _check_depth(value: Any, where: str) -> None:
    """Walk the containers without recursion; ValueError past `MAX_JSON_DEPTH` levels."""
    level = [value]
    for _ in range(MAX_JSON_DEPTH + 1):
        level = [
            item
            for container in level
            if isinstance(container, (dict, list))
            for item in (container.values() if isinstance(container, dict) else container)
        ]
        if not level:
            return
    raise ValueError(f"{where}: nested more than {MAX_JSON_DEPTH} levels deep")


def json_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {_kind(value)}")
    return value


def json_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list, got {_kind(value)}")
    return value


def exact_keys(value: Any, keys: Collection[str], where: str) -> dict[str, Any]:
    """An object with exactly `keys`."""
    obj = json_object(value, where)
    missing = sorted(set(keys) - set(obj))
    extra = sorted(set(obj) - set(keys))
    if missing or extra:
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(extra)}"] if extra else []
        )
        raise ValueError(f"{where}: {'; '.join(parts)}")
    return obj


def text(value: Any, where: str, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"{where}: expected {'a' if empty else 'a non-empty'} string")
    return value


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where}: expected true or false, got {_kind(value)}")
    return value


#: the largest whole number accepted where no tighter range applies: numpy's int64
INT64_MAX = 2**63 - 1


def integer(value: Any, where: str, least: int | None = None, most: int = INT64_MAX) -> int:
    """A whole number in [`least`, `most`] (JSON's 1.0 is not one)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}: expected a whole number, got {_kind(value)}")
    if least is not None and value < least:
        raise ValueError(f"{where}: expected at least {least}, got {value}")
    if value > most:
        raise ValueError(f"{where}: expected at most {most}, got {_short(value)}")
    return value


def number(
    value: Any,
    where: str,
    finite: bool = False,
    positive: bool = False,
    least: float | None = None,
    most: float | None = None,
) -> float:
    """An int or float (JSON's NaN and Infinity included unless `finite`, `positive` or a
    bound is asked for), within [`least`, `most`] when given."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}: expected a number, got {_kind(value)}")
    try:
        result = float(value)
    except OverflowError:  # a whole number too large for a float
        raise ValueError(f"{where}: {_short(int(value))} is too large") from None
    bounded = finite or positive or least is not None or most is not None
    if bounded and not math.isfinite(result):
        raise ValueError(f"{where}: expected a finite number, got {result}")
    if positive and result <= 0:
        raise ValueError(f"{where}: expected a positive number, got {result}")
    if least is not None and result < least:
        raise ValueError(f"{where}: expected at least {least:g}, got {result:g}")
    if most is not None and result > most:
        raise ValueError(f"{where}: expected at most {most:g}, got {result:g}")
    return result


def _short(value: int) -> str:
    """A huge whole number, shortened for a message (str() of 10**5000 raises ValueError)."""
    return f"{value}" if value.bit_length() < 64 else f"a {value.bit_length()}-bit number"


def array(
    arrays: Mapping[str, npt.NDArray[Any]],
    name: str,
    dtype: type[np.generic],
    shape: tuple[int | None, ...],
) -> npt.NDArray[Any]:
    """The array `name` with exactly `dtype` and `shape` (None: any length on that axis).

    From an archive (`NpzMembers`) the header is checked before the data is read.
    """
    a = arrays.read(name, dtype, shape) if isinstance(arrays, NpzMembers) else arrays[name]
    if a.dtype != np.dtype(dtype):
        raise ValueError(f"{name}: dtype {a.dtype}, expected {np.dtype(dtype)}")
    if len(a.shape) != len(shape) or any(
        want is not None and got != want for got, want in zip(a.shape, shape, strict=True)
    ):
        wanted = tuple("n" if s is None else s for s in shape)
        raise ValueError(f"{name}: shape {a.shape}, expected {wanted}")
    return a


def _kind(value: Any) -> str:
    """How the value is described in a message: "a string", "null", ..."""
    if value is None:
        return "null"
    for kind, name in (
        (bool, "true/false"),
        ((int, float), "a number"),
        (str, "a string"),
        (dict, "an object"),
        (list, "a list"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__
