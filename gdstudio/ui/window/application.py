"""The QApplication and what is set once for it: pyqtgraph's image orientation, the icon.

Apart from `app.py` (which opens the main window) so that the window and its parts can ask for
the running application without importing the module that builds them.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gdstudio.core.files.resources import resources_dir


def configure_pyqtgraph() -> None:
    """Row-major images display (row, col) arrays upright; set once, before any view."""
    pg.setConfigOptions(imageAxisOrder="row-major")


def application_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "gdstudio.png"))


def running_app() -> QCoreApplication:
    """The application, which exists whenever a window does."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication is running")
    return app


def gui_app(argv: list[str]) -> QApplication:
    """The running QApplication, or a new one started with `argv`."""
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(argv)
