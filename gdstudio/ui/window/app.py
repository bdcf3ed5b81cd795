"""Starting the GUI: `gdstudio` with no arguments."""

from __future__ import annotations

import sys

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


def run_app(argv: list[str] | None = None, quit_after: float | None = None) -> int:
    """Open the main window; with `quit_after`, close it again after that many seconds."""
    from PySide6.QtCore import Qt, QTimer

    from gdstudio.ui.window.error_report import ErrorReporter
    from gdstudio.ui.window.main_window import MainWindow

    if QApplication.instance() is None:
        # the 3D surface's shaders, compiled once by pyqtgraph, must serve every window's context
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = gui_app(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("GD Studio")
    app.setOrganizationName("gdstudio")
    app.setDesktopFileName("gdstudio")  # the desktop entry installed with the package
    app.setWindowIcon(application_icon())
    configure_pyqtgraph()
    window = MainWindow()
    errors = ErrorReporter(window)
    errors.install()
    window.show()
    if quit_after is not None:
        QTimer.singleShot(round(quit_after * 1000), window.close)
    code = app.exec()
    errors.uninstall()
    # Close and drop every window before the application goes: with PySide6 6.12 a widget
    # that outlives the QApplication segfaults at exit.
    window.close()
    window.deleteLater()
    del window
    app.processEvents()
    return int(code)
