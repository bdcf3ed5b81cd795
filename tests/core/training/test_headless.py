"""The core must run with no Qt at all: import every module with Qt blocked."""

import pkgutil
import subprocess
import sys

import gdstudio.core


def test_core_imports_without_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(gdstudio.core.__path__, "gdstudio.core.")]
    assert "gdstudio.core.training.trainer" in modules
    code = (
        "import sys\n"
        "for name in ('PySide6', 'pyqtgraph', 'shiboken6'):\n"
        "    sys.modules[name] = None\n"
        f"for module in {modules!r}:\n"
        "    __import__(module)\n"
        "import gdstudio.cli\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
