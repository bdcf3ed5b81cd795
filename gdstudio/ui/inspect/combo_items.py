"""Naming a combo box's items after the data they hold, in the interface language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox

__all__ = ["name_items"]

_Key = TypeVar("_Key")


def name_items(combo: QComboBox, names: Mapping[_Key, str], key: Callable[[Any], _Key]) -> None:
    """Each item of `combo` reads `names[key(its data)]` (`key` turns the data Qt hands back,
    e.g. an enum's value, into a key of `names`)."""
    for i in range(combo.count()):
        combo.setItemText(i, names[key(combo.itemData(i))])
