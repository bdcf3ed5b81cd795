"""Where GD Studio keeps downloads and user data: the platform's own folders.

``$GDSTUDIO_DATA`` (data: the autosave, unsaved results) and ``$GDSTUDIO_CACHE`` (downloads)
win on every platform. Otherwise platformdirs answers with the system's convention:

- Linux and BSD: ``$XDG_DATA_HOME/gdstudio`` or ``~/.local/share/gdstudio``;
  ``$XDG_CACHE_HOME/gdstudio`` or ``~/.cache/gdstudio`` (a relative ``$XDG_*`` is ignored,
  as the XDG spec says);
- Windows: ``%LOCALAPPDATA%/gdstudio``; ``%LOCALAPPDATA%/gdstudio/Cache``;
- macOS: ``~/Library/Application Support/gdstudio``; ``~/Library/Caches/gdstudio``.

Nothing is created here.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "cache_dir", "data_dir", "mnist_cache_dir"]

APP_NAME = "gdstudio"


def cache_dir() -> Path:
    """Downloads: ``$GDSTUDIO_CACHE``, else the platform's user cache folder for GD Studio."""
    return _override("GDSTUDIO_CACHE") or Path(_platform().user_cache_dir)


def data_dir() -> Path:
    """User data: ``$GDSTUDIO_DATA``, else the platform's user data folder for GD Studio."""
    return _override("GDSTUDIO_DATA") or Path(_platform().user_data_dir)


def mnist_cache_dir() -> Path:
    """Where ``gdstudio data download mnist`` puts the four official MNIST files."""
    return cache_dir() / "mnist"


def _override(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value).expanduser() if value else None


def _platform() -> platformdirs.PlatformDirsABC:
    # appauthor=False: no vendor folder above ours on Windows (AppData\Local\gdstudio, not
    # AppData\Local\gdstudio\gdstudio). Looked up on each call, so the environment is read then.
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)
