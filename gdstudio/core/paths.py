"""Where GD Studio keeps downloads and user data (XDG base directories; nothing is created here)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Downloads: ``$GDSTUDIO_CACHE``, ``$XDG_CACHE_HOME/gdstudio`` or ``~/.cache/gdstudio``."""
    return _base("GDSTUDIO_CACHE", "XDG_CACHE_HOME", Path(".cache"))


def data_dir() -> Path:
    """User data: ``$GDSTUDIO_DATA``, ``$XDG_DATA_HOME/gdstudio`` or ``~/.local/share/gdstudio``."""
    return _base("GDSTUDIO_DATA", "XDG_DATA_HOME", Path(".local", "share"))


def mnist_cache_dir() -> Path:
    """Where ``gdstudio data download mnist`` puts the four official MNIST files."""
    return cache_dir() / "mnist"


def _base(own_var: str, xdg_var: str, home_default: Path) -> Path:
    own = os.environ.get(own_var)
    if own:
        return Path(own).expanduser()
    xdg = os.environ.get(xdg_var, "")
    # The XDG spec says to ignore relative paths in these variables.
    if os.path.isabs(xdg):
        return Path(xdg) / "gdstudio"
    return Path.home() / home_default / "gdstudio"
