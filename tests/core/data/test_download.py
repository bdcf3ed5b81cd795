"""Downloads against a local HTTP server; no test touches the real network."""

import hashlib
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from gdstudio.core.cancel import Cancelled
from gdstudio.core.data import download
from gdstudio.core.data.download import (
    DownloadError,
    download_files,
    download_mnist,
    verify_files,
)
from gdstudio.core.data.idx import read_images, read_labels, write_idx


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, bytes] = {}  # URL path -> body; anything else is a 404
        self.gets: Counter[str] = Counter()
        self.special: dict[str, Callable[[Handler], None]] = {}  # URL path -> own answer
        self.release = threading.Event()  # ends the answers that hang

    def url(self, prefix: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{prefix}/"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_HEAD(self) -> None:
        body = self.server.routes.get(self.path)
        self.send_response(404 if body is None else 200)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()

    def do_GET(self) -> None:
        self.server.gets[self.path] += 1
        if self.path in self.server.special:
            self.server.special[self.path](self)
            return
        self.do_HEAD()
        self.wfile.write(self.server.routes.get(self.path, b""))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server = Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def files(tmp_path_factory) -> dict[str, bytes]:
    """Two small gzip IDX files, a few chunks long so that progress has several steps."""
    source = tmp_path_factory.mktemp("source")
    rng = np.random.default_rng(0)
    write_idx(source / "images.gz", rng.integers(0, 256, (300, 28, 28), dtype=np.uint8))
    write_idx(source / "labels.gz", rng.integers(0, 10, 300, dtype=np.uint8))
    return {name: (source / name).read_bytes() for name in ["images.gz", "labels.gz"]}


def md5s(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.md5(data).hexdigest() for name, data in files.items()}


def serve(server: Server, prefix: str, files: dict[str, bytes]) -> str:
    server.routes.update({f"/{prefix}/{name}": data for name, data in files.items()})
    return server.url(prefix)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def test_download_with_progress(server, files, tmp_path):
    mirror = serve(server, "a", files)
    dest = tmp_path / "new" / "dest"
    calls: list[tuple[int, int]] = []
    assert download_files(dest, md5s(files), [mirror], progress=lambda *a: calls.append(a)) == dest
    total = sum(map(len, files.values()))
    assert len(calls) > 4
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == total
    assert verify_files(dest, md5s(files)) == dict.fromkeys(files, "ok")
    assert sorted(p.name for p in dest.iterdir()) == sorted(files)
    assert read_images(dest / "images.gz").shape == (300, 28, 28)
    assert read_labels(dest / "labels.gz").shape == (300,)


def test_present_files_are_not_downloaded_again(server, files, tmp_path):
    mirror = serve(server, "a", files)
    download_files(tmp_path, md5s(files), [mirror])
    (tmp_path / "labels.gz").write_bytes(b"damaged")
    assert verify_files(tmp_path, md5s(files)) == {"images.gz": "ok", "labels.gz": "bad checksum"}
    download_files(tmp_path, md5s(files), [mirror])
    assert server.gets == {"/a/images.gz": 1, "/a/labels.gz": 2}
    assert verify_files(tmp_path, md5s(files)) == dict.fromkeys(files, "ok")


def test_wrong_checksum_leaves_nothing(server, files, tmp_path):
    mirror = serve(server, "a", files)
    expected = md5s(files) | {"labels.gz": "0" * 32}
    with pytest.raises(DownloadError) as error:
        download_files(tmp_path, expected, [mirror])
    message = str(error.value)
    assert "labels.gz" in message and "0" * 32 in message
    assert md5s(files)["labels.gz"] in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["images.gz"]


@pytest.mark.parametrize("first_mirror", ["missing", "wrong file", "unreachable"])
def test_fallback_to_the_next_mirror(server, files, tmp_path, first_mirror):
    good = serve(server, "good", files)
    if first_mirror == "missing":
        bad = server.url("empty")
    elif first_mirror == "wrong file":
        bad = serve(server, "bad", dict.fromkeys(files, b"not the file"))
    else:
        bad = closed_port_url()
    download_files(tmp_path, md5s(files), [bad, good])
    assert verify_files(tmp_path, md5s(files)) == dict.fromkeys(files, "ok")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


def test_all_mirrors_failing(server, files, tmp_path):
    mirrors = [server.url("empty"), serve(server, "bad", dict.fromkeys(files, b"x"))]
    with pytest.raises(DownloadError, match=r"could not download images.gz: .*HTTP error 404.*md5"):
        download_files(tmp_path, md5s(files), mirrors)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [0, 0.5, 1.5])
def test_cancellation_leaves_no_partial_file(server, files, tmp_path, after):
    """Cancel before the start, inside the first file, and inside the second file (`after`:
    how many files' worth of bytes have arrived)."""
    mirror = serve(server, "a", files)
    first, second = len(files["images.gz"]), len(files["labels.gz"])
    threshold = after * first if after < 1 else first + (after - 1) * second
    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= threshold:
            stop.set()

    with pytest.raises(Cancelled):
        download_files(tmp_path, md5s(files), [mirror], progress=progress, cancelled=stop.is_set)
    finished = ["images.gz"] if after > 1 else []  # a complete, verified file is kept
    assert [p.name for p in tmp_path.iterdir()] == finished
    assert all(verify_files(tmp_path, md5s(files))[name] == "ok" for name in finished)


def test_unreachable_mirror(tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    url = closed_port_url()
    with pytest.raises(DownloadError) as error:
        download_files(tmp_path / "dest", {"f.gz": "0" * 32}, [url], timeout=5)
    message = str(error.value)
    assert message.startswith(f"could not reach {url.split('/')[2]}: ")
    assert "check your network connection" in message and "offline" in message
    assert list((tmp_path / "dest").iterdir()) == []


def test_download_mnist_defaults(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setenv("GDSTUDIO_CACHE", str(tmp_path))
    monkeypatch.setattr(download, "download_files", lambda *a, **k: calls.append((a, k)))
    download_mnist(timeout=3)
    [((dest, files, mirrors), kwargs)] = calls
    assert dest == tmp_path / "mnist"
    assert set(files) == {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    }
    assert all(len(md5) == 32 for md5 in files.values())
    assert len(mirrors) == 2 and all(m.startswith("https://") for m in mirrors)
    assert kwargs["timeout"] == 3


def hang_after(sent: bytes, length: int) -> Callable[[Handler], None]:
    """An answer announcing `length` bytes that sends `sent`, then nothing until released."""

    def answer(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(length))
        handler.end_headers()
        handler.wfile.write(sent)
        handler.wfile.flush()
        handler.server.release.wait()

    return answer


def test_cancel_acts_on_a_stalled_download(server, files, tmp_path):
    mirror = serve(server, "a", files)
    server.special["/a/images.gz"] = hang_after(files["images.gz"][:1000], len(files["images.gz"]))
    stop = threading.Event()
    arrived: list[int] = []

    def progress(done: int, total: int) -> None:
        arrived.append(done)
        if done >= 1000:  # the Cancel button, pressed while the server says nothing more
            threading.Timer(0.2, stop.set).start()

    with pytest.raises(Cancelled):
        download_files(
            tmp_path, md5s(files), [mirror], progress=progress, cancelled=stop.is_set, timeout=60
        )
    # no timing assertion here (bench/hostile_files.py measures it): with a 60 s stall timeout
    # the call would still be waiting had the cancel not interrupted the blocked read
    assert arrived[-1] == 1000 and list(tmp_path.iterdir()) == []


def test_a_stalled_download_times_out(server, files, tmp_path):
    mirror = serve(server, "a", files)
    server.special["/a/images.gz"] = hang_after(files["images.gz"][:1000], len(files["images.gz"]))
    with pytest.raises(
        DownloadError, match=r"images.gz: the download stalled \(nothing for 0.3 s\)"
    ):
        download_files(tmp_path, md5s(files), [mirror], timeout=0.3)
    assert list(tmp_path.iterdir()) == []


def test_a_trickling_download_meets_the_deadline(server, files, tmp_path):
    mirror = serve(server, "a", files)

    def trickle(handler: Handler) -> None:
        data = files["images.gz"]
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        for i in range(0, len(data), 10):  # 10 bytes at a time, never silent for long
            if handler.server.release.wait(0.05):
                return
            handler.wfile.write(data[i : i + 10])
            handler.wfile.flush()

    server.special["/a/images.gz"] = trickle
    with pytest.raises(DownloadError, match="took longer than 0.02 minutes"):
        download_files(tmp_path, md5s(files), [mirror], timeout=5, deadline=1.2)
    assert list(tmp_path.iterdir()) == []


def test_a_truncated_download_is_reported_as_interrupted(server, files, tmp_path):
    mirror = serve(server, "a", files)
    data = files["images.gz"]

    def truncated(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(data[:5000])
        handler.close_connection = True

    server.special["/a/images.gz"] = truncated
    with pytest.raises(DownloadError) as error:
        download_files(tmp_path, md5s(files), [mirror])
    message = str(error.value)
    assert f"interrupted after 5,000 of {len(data):,} bytes" in message
    assert "checksum" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_loop_is_one_line(server, files, tmp_path):
    mirror = serve(server, "a", files)

    def loop(handler: Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", handler.path)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.special["/a/images.gz"] = loop
    with pytest.raises(DownloadError) as error:
        download_files(tmp_path, md5s(files), [mirror])
    message = str(error.value)
    assert "\n" not in message and "redirect" in message
    assert list(tmp_path.iterdir()) == []


def test_a_local_mirror_from_the_environment(server, files, tmp_path, monkeypatch):
    mirror = serve(server, "school", files)
    monkeypatch.setenv(download.MIRROR_VARIABLE, mirror)
    assert download.mnist_mirrors() == (mirror,)
    monkeypatch.setattr(download, "MNIST_FILES", md5s(files))
    download_mnist(tmp_path)
    assert verify_files(tmp_path, md5s(files)) == dict.fromkeys(files, "ok")
    monkeypatch.delenv(download.MIRROR_VARIABLE)
    assert download.mnist_mirrors() == download.MNIST_MIRRORS
