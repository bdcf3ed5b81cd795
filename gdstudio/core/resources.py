"""Where the files shipped with GD Studio live.

In a wheel, ``resources/`` is installed as ``gdstudio/resources``; in a source checkout
(and an editable install) it stays at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The folder holding the embedded dataset, icons and translations."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "data").is_dir():
            return candidate
    raise FileNotFoundError(
        f"GD Studio's resources folder is missing (looked beside {_PACKAGE_DIR})"
    )
