"""Checks for values read from untrusted files (JSON metadata and numpy arrays).

Each check returns the value it checked, typed, or raises `ValueError` with a message that
says where in the file the problem is (`where`, e.g. "run 2 config: lr") and what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "array",
    "boolean",
    "exact_keys",
    "integer",
    "json_list",
    "json_object",
    "number",
    "text",
]


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


def integer(value: Any, where: str, least: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}: expected a whole number, got {_kind(value)}")
    if least is not None and value < least:
        raise ValueError(f"{where}: expected at least {least}, got {value}")
    return value


def number(value: Any, where: str, finite: bool = False, positive: bool = False) -> float:
    """An int or float (JSON's NaN and Infinity included unless `finite` or `positive`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}: expected a number, got {_kind(value)}")
    result = float(value)
    if (finite or positive) and not math.isfinite(result):
        raise ValueError(f"{where}: expected a finite number, got {result}")
    if positive and result <= 0:
        raise ValueError(f"{where}: expected a positive number, got {result}")
    return result


def array(
    arrays: Mapping[str, npt.NDArray[Any]],
    name: str,
    dtype: type[np.generic],
    shape: tuple[int | None, ...],
) -> npt.NDArray[Any]:
    """The array `name` with exactly `dtype` and `shape` (None: any length on that axis)."""
    a = arrays[name]
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
