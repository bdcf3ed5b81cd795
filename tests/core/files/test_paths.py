"""Where downloads, the autosave and unsaved results go: each system's own folders, with
GD Studio's variables (and, on Linux, the XDG ones) moving them."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import platformdirs.macos
import platformdirs.windows
import pytest

from gdstudio.core.files.autosave import autosave_path
from gdstudio.core.files.paths import cache_dir, data_dir, mnist_cache_dir

_VARIABLES = ("GDSTUDIO_DATA", "GDSTUDIO_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of its own and none of the variables that move the folders."""
    for variable in _VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the real Linux conventions")


@linux_only
def test_linux_defaults_are_the_xdg_base_directories(home: Path) -> None:
    assert data_dir() == home / ".local" / "share" / "gdstudio"
    assert autosave_path() == home / ".local" / "share" / "gdstudio" / "autosave.gdsession"
    assert cache_dir() == home / ".cache" / "gdstudio"
    assert mnist_cache_dir() == home / ".cache" / "gdstudio" / "mnist"


@linux_only
def test_linux_follows_the_xdg_variables(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    assert data_dir() == home / "xdg-data" / "gdstudio"
    assert cache_dir() == home / "xdg-cache" / "gdstudio"


@linux_only
def test_a_relative_xdg_variable_is_ignored(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert data_dir() == home / ".local" / "share" / "gdstudio"
    assert cache_dir() == home / ".cache" / "gdstudio"


@linux_only
def test_gdstudio_variables_win_over_xdg(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("GDSTUDIO_DATA", "~/class/data")
    monkeypatch.setenv("GDSTUDIO_CACHE", str(home / "shared-cache"))
    assert data_dir() == home / "class" / "data"  # ~ is the user's home
    assert autosave_path() == home / "class" / "data" / "autosave.gdsession"
    assert cache_dir() == home / "shared-cache"
    assert mnist_cache_dir() == home / "shared-cache" / "mnist"


_LOCAL_APPDATA = r"C:\Users\ana\AppData\Local"


@pytest.fixture(params=["windows", "macos"])
def other_system(
    request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """Pretend to be Windows or macOS; the (data, cache) folders that system expects.

    platformdirs picks its class for the running system on import, so the class is swapped;
    Windows' own folder lookup is answered by platformdirs' documented override variable.
    """
    if request.param == "windows":
        monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
        monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", _LOCAL_APPDATA)
        local = Path(_LOCAL_APPDATA)
        return local / "gdstudio", local / "gdstudio" / "Cache"
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    library = home / "Library"
    return library / "Application Support" / "gdstudio", library / "Caches" / "gdstudio"


def test_other_systems_get_their_own_folders(other_system: tuple[Path, Path]) -> None:
    data, cache = other_system
    assert data_dir() == data
    assert autosave_path() == data / "autosave.gdsession"
    assert cache_dir() == cache
    assert mnist_cache_dir() == cache / "mnist"


def test_gdstudio_variables_win_on_other_systems(
    other_system: tuple[Path, Path], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GDSTUDIO_DATA", str(home / "class" / "data"))
    monkeypatch.setenv("GDSTUDIO_CACHE", str(home / "class" / "cache"))
    assert data_dir() == home / "class" / "data"
    assert cache_dir() == home / "class" / "cache"


def test_windows_ignores_the_xdg_variables(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", _LOCAL_APPDATA)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    assert data_dir() == Path(_LOCAL_APPDATA) / "gdstudio"
