"""Where the files shipped with GD Studio live.

Installed (a wheel), the repository's ``resources/`` folder is the package ``gdstudio.resources``,
found through `importlib.resources` wherever the package was installed. A source checkout
keeps it at the top of the repository, beside ``pyproject.toml``; that copy is used first, so a
checkout on ``PYTHONPATH`` never reads the resources of another installed copy (an editable
install of a different checkout maps ``gdstudio.resources`` to that checkout's folder).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["RESOURCE_PACKAGE", "resources_dir"]

RESOURCE_PACKAGE = "gdstudio.resources"
_CHECKOUT = Path(__file__).resolve().parents[3]


def resources_dir() -> Path:
    """The folder holding the embedded dataset, icons, lessons and translations."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "resources").is_dir():
        return _CHECKOUT / "resources"
    try:
        installed = files(RESOURCE_PACKAGE)
    except ModuleNotFoundError:
        raise FileNotFoundError(f"GD Studio's resources ({RESOURCE_PACKAGE}) are missing") from None
    if not isinstance(installed, Path):  # e.g. inside a zip: Qt and gzip need real files
        raise FileNotFoundError(f"GD Studio's resources are not plain files: {installed}")
    return installed
