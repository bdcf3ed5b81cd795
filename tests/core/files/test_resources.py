"""The files shipped with GD Studio: a checkout reads its own, the wheel carries what the app
reads (and not the translators' source), and an installed wheel finds them by itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gdstudio.core.files.resources import resources_dir

ROOT = Path(__file__).resolve().parents[3]
#: what `pip wheel` needs from the checkout
_SOURCE = ("pyproject.toml", "README.md", "LICENSE", "gdstudio", "resources")
#: the folders the app reads at run time, each file of which must be in the wheel
_READ_AT_RUN_TIME = ("data", "icons", "lessons")


def test_a_checkout_reads_its_own_resources() -> None:
    # not those of another installed copy: a translator's new .qm is the one the app loads
    assert resources_dir() == ROOT / "resources"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one wheel these tests build, from a clean copy of the source: a build/ folder left
    in the checkout by an earlier build would slip its stale files into the wheel."""
    source = tmp_path_factory.mktemp("source")
    for name in _SOURCE:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    # no build isolation: the test environment has the build backend (the test extra), so
    # building needs no network
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    built = subprocess.run([*pip, "-w", str(dist), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("gdstudio-*.whl")
    return found


def members(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_file_the_app_reads(wheel: Path) -> None:
    inside = members(wheel)
    resources = ROOT / "resources"
    for folder in _READ_AT_RUN_TIME:
        files = [p for p in (resources / folder).rglob("*") if p.is_file()]
        assert files, f"resources/{folder} is empty"
        for path in files:
            assert f"gdstudio/resources/{path.relative_to(resources).as_posix()}" in inside
    assert "gdstudio/resources/translations/gdstudio_zh_CN.qm" in inside


def test_the_wheel_leaves_out_the_translation_source(wheel: Path) -> None:
    assert (ROOT / "resources" / "translations" / "gdstudio_zh_CN.ts").is_file()
    assert [name for name in members(wheel) if name.endswith(".ts")] == []


_REPORT = """
import json, gdstudio
from gdstudio.core.data.datasets import load_dataset
from gdstudio.core.training.lessons import load_lessons
from gdstudio.core.files.resources import resources_dir
print(json.dumps({
    "package": gdstudio.__file__,
    "resources": str(resources_dir()),
    "qm": (resources_dir() / "translations" / "gdstudio_zh_CN.qm").is_file(),
    "icon": (resources_dir() / "icons" / "gdstudio.png").is_file(),
    "lessons": len(load_lessons("zh_CN")[1]),
    "train": len(load_dataset("embedded").train.labels),
}))
"""


def test_an_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip does with a pure-Python wheel's package files
    env = {**os.environ, "PYTHONPATH": str(site)}
    ran = subprocess.run(
        [sys.executable, "-c", _REPORT], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert Path(report["package"]).parent == site / "gdstudio"
    assert Path(report["resources"]) == site / "gdstudio" / "resources"
    assert report["qm"] and report["icon"]
    assert report["lessons"] >= 5
    assert report["train"] == 8000
