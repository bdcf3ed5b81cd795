"""Starting the GUI: `gdstudio` with no arguments."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gdstudio.ui.window.application import application_icon, configure_pyqtgraph, gui_app
from gdstudio.ui.window.error_report import ErrorReporter
from gdstudio.ui.window.main_window import MainWindow


def run_app(argv: list[str] | None = None, quit_after: float | None = None) -> int:
    """Open the main window; with `quit_after`, close it again after that many seconds."""
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
