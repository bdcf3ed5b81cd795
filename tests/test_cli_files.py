"""The command line with files that cannot be written and with a local MNIST mirror."""

import errno
import functools
import hashlib
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gdstudio.cli import main
from gdstudio.commands import data as data_command
from gdstudio.commands import train
from gdstudio.core.data import download
from gdstudio.core.files.checkpoint import load_checkpoint


@pytest.mark.parametrize("where", ["folder", "missing folder", "under a file", "read-only"])
def test_an_unwritable_save_is_refused_before_training(tmp_path, capsys, where) -> None:
    if where == "read-only" and not sys.platform.startswith("linux"):
        pytest.skip("/proc is read-only even for root on Linux only")
    target = {
        "folder": tmp_path,
        "missing folder": tmp_path / "nowhere" / "run.npz",
        "under a file": tmp_path / "file.txt" / "run.npz",
        "read-only": Path("/proc/run.npz"),
    }[where]
    (tmp_path / "file.txt").write_text("x")
    assert main(["train", "--epochs", "1", "--save", str(target)]) == 2
    captured = capsys.readouterr()
    assert "training on" not in captured.out  # refused before any training
    [line] = captured.err.splitlines()
    assert line.startswith(f"gdstudio train: error: --save {target}: ")


def test_a_failed_final_write_keeps_the_result(tmp_path, capsys, monkeypatch) -> None:
    target = tmp_path / "run.npz"
    monkeypatch.setenv("GDSTUDIO_DATA", str(tmp_path / "data"))
    save = train.save_checkpoint

    def disk_full(path, checkpoint) -> None:
        if Path(path) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        save(path, checkpoint)

    monkeypatch.setattr(train, "save_checkpoint", disk_full)
    assert main(["train", "--epochs", "1", "--save", str(target)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(
        f"gdstudio train: error: could not write {target} (No space left on device)"
    )
    kept = Path(line.split("kept in ")[1])
    assert kept.parent == tmp_path / "data" / "unsaved"
    assert load_checkpoint(kept).step == 80
    assert not target.exists()


@pytest.fixture
def mirror(tmp_path, monkeypatch) -> Iterator[str]:
    """A local server holding four small files under the MNIST names (and their MD5s)."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    served = tmp_path / "served" / "mnist"
    served.mkdir(parents=True)
    md5s = {}
    for i, name in enumerate(download.MNIST_FILES):
        data = bytes([i]) * (1000 + i)
        (served / name).write_bytes(data)
        md5s[name] = hashlib.md5(data).hexdigest()
    monkeypatch.setattr(download, "MNIST_FILES", md5s)
    monkeypatch.setattr(data_command, "MNIST_FILES", md5s)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(served.parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mnist/"
    server.shutdown()
    thread.join()
    server.server_close()


def test_download_from_a_local_mirror(tmp_path, capsys, monkeypatch, mirror) -> None:
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(download.MIRROR_VARIABLE, raising=False)
    assert main(["data", "download", "mnist", "--mirror", mirror]) == 0
    out = capsys.readouterr().out
    assert out.count(" ok") == 4


def test_download_from_the_mirror_variable(tmp_path, capsys, monkeypatch, mirror) -> None:
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(download.MIRROR_VARIABLE, mirror)
    assert main(["data", "download"]) == 0
    assert capsys.readouterr().out.count(" ok") == 4


def test_an_unreachable_mirror_is_one_line(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    assert main(["data", "download", "--mirror", "http://127.0.0.1:9/mnist/"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("gdstudio data: error: could not reach 127.0.0.1:9")
