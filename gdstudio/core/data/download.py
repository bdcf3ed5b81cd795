"""Downloading data files (full MNIST) with checksums, mirrors, progress and cancellation.

Each file is streamed into ``<name>.part`` beside its destination while its MD5 is computed, and
renamed into place only when the checksum matches, so a failed, cancelled or corrupted download
never leaves a partial or bad file behind.

Nothing waits for ever: a connection that sends nothing for ``timeout`` seconds has stalled, the
whole download has a ``deadline``, and a cancel request takes effect within `_POLL` seconds
even while a read is blocked (a watchdog thread shuts the connection down under it).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from gdstudio.core.cancel import CancelCheck, Cancelled, check
from gdstudio.core.files.paths import mnist_cache_dir

__all__ = [
    "MIRROR_VARIABLE",
    "MNIST_FILES",
    "MNIST_MIRRORS",
    "DownloadError",
    "download_files",
    "download_mnist",
    "mnist_mirrors",
    "verify_files",
]

MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
#: a school's own copy of the four files (e.g. ``http://server/mnist/``), used instead of
#: MNIST_MIRRORS; several may be given, separated by spaces
MIRROR_VARIABLE = "GDSTUDIO_MNIST_MIRROR"
_CHUNK = 64 * 1024
#: how often a blocked read looks at the cancel request and the deadline, in seconds
_POLL = 0.1
#: the wait for the sizes shown by the progress bar (they are optional)
_PROBE_TIMEOUT = 5.0
#: defaults: no byte for this long means the connection stalled; the whole download (full
#: MNIST is about 11 MB) must end within the deadline, about 12 kB/s at worst
STALL_TIMEOUT = 30.0
DEADLINE = 15 * 60.0
_OFFLINE_HINT = (
    "check your network connection (GD Studio still works offline with its embedded 10,000 digits)"
)

Progress = Callable[[int, int], None]


class DownloadError(Exception):
    """A download failed; the message is one line, fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))  # servers' reasons may hold line breaks


class _Unreachable(DownloadError):
    """A mirror could not be contacted at all (as opposed to answering with an error)."""

    def __init__(self, host: str, reason: object) -> None:
        super().__init__(f"could not reach {host}: {reason}")
        self.host = host
        self.reason = reason


def verify_files(folder: Path, files: Mapping[str, str]) -> dict[str, str]:
    """Check ``files`` (name -> MD5) in ``folder``: name -> "ok", "missing" or "bad checksum".

    A file that exists but cannot be read counts as a bad checksum.
    """
    status = {}
    for name, md5 in files.items():
        path = folder / name
        if not path.is_file():
            status[name] = "missing"
            continue
        try:
            ok = _md5(path) == md5.lower()
        except OSError:
            ok = False
        status[name] = "ok" if ok else "bad checksum"
    return status


def download_files(
    dest: Path,
    files: Mapping[str, str],
    mirrors: Sequence[str],
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    timeout: float = STALL_TIMEOUT,
    deadline: float = DEADLINE,
) -> Path:
    """Download ``files`` (name -> MD5) into ``dest`` from the first mirror that has them right.

    Files already present with the right MD5 are skipped. ``progress(done, total)`` counts bytes
    over all files (``total`` is 0 when the server does not say); ``cancelled()`` is polled
    between chunks and, while a read waits, every `_POLL` seconds from another thread. A server
    silent for ``timeout`` seconds has stalled; after ``deadline`` seconds the download stops.
    Raises :class:`DownloadError` (or :class:`~gdstudio.core.cancel.Cancelled`). Returns ``dest``.
    """
    limits = _Limits(cancelled, timeout, time.monotonic() + deadline, deadline)
    try:
        dest.mkdir(parents=True, exist_ok=True)
        todo = [name for name, status in verify_files(dest, files).items() if status != "ok"]
        for name in todo:
            (dest / name).unlink(missing_ok=True)  # known bad: do not keep it if the download fails
    except OSError as e:
        raise DownloadError(f"cannot write to {dest}: {e.strerror or e}") from e
    if not todo:
        return dest
    reporter = _Reporter(progress, _total_size(todo, mirrors, limits))
    for name in todo:
        _download(dest, name, files[name].lower(), mirrors, reporter, limits)
    return dest


def download_mnist(
    dest: Path | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    timeout: float = STALL_TIMEOUT,
) -> Path:
    """Download the four official MNIST files (default: into ``mnist_cache_dir()``, from
    `mnist_mirrors()`)."""
    return download_files(
        mnist_cache_dir() if dest is None else dest,
        MNIST_FILES,
        mnist_mirrors() if mirrors is None else mirrors,
        progress=progress,
        cancelled=cancelled,
        timeout=timeout,
    )


def mnist_mirrors() -> tuple[str, ...]:
    """The URLs in ``$GDSTUDIO_MNIST_MIRROR`` if set (a local mirror), else `MNIST_MIRRORS`."""
    return tuple(os.environ.get(MIRROR_VARIABLE, "").split()) or MNIST_MIRRORS


class _Limits:
    """What ends a download early: the user's cancel request, a stall, the deadline."""

    def __init__(
        self, cancelled: CancelCheck | None, stall: float, deadline_at: float, deadline: float
    ) -> None:
        self.cancelled = cancelled
        self.stall = stall
        self.deadline_at = deadline_at
        self.deadline = deadline

    def check(self) -> None:
        """Raise if the download must stop now."""
        check(self.cancelled)
        if time.monotonic() >= self.deadline_at:
            minutes = self.deadline / 60
            raise DownloadError(f"the download took longer than {minutes:g} minutes; try again")


class _Watchdog:
    """Shuts a response's connection down when `limits` says stop, waking a blocked read."""

    def __init__(self, response: http.client.HTTPResponse, limits: _Limits) -> None:
        self._limits = limits
        self._done = threading.Event()
        # a duplicate of the connection's socket: shutting it down ends the shared connection
        self._socket = socket.fromfd(response.fileno(), socket.AF_INET, socket.SOCK_STREAM)
        self._thread = threading.Thread(target=self._run, name="gdstudio-download-watchdog")
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(_POLL):
            try:
                self._limits.check()
            except (DownloadError, Cancelled):
                with suppress(OSError):
                    self._socket.shutdown(socket.SHUT_RDWR)
                return

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self._socket.close()


class _Reporter:
    """Turns per-chunk byte counts into ``progress(done, total)`` calls over all files."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0  # bytes of the files finished so far

    def report(self, current: int) -> None:
        """``current`` bytes of the file being downloaded have arrived."""
        if self.progress is not None:
            done = self.done + current
            self.progress(done, max(self.total, done) if self.total else 0)


def _download(
    dest: Path,
    name: str,
    md5: str,
    mirrors: Sequence[str],
    reporter: _Reporter,
    limits: _Limits,
) -> None:
    part = dest / f"{name}.part"
    failures: list[DownloadError] = []
    try:
        for mirror in mirrors:
            limits.check()
            url = _url(mirror, name)
            try:
                actual, size = _fetch(url, part, reporter, limits)
            except DownloadError as e:
                failures.append(e)
                continue
            if actual == md5:
                os.replace(part, dest / name)
                reporter.done += size
                return
            failures.append(DownloadError(f"{url}: wrong checksum (md5 {actual}, expected {md5})"))
    except OSError as e:
        raise DownloadError(f"cannot write {part}: {e.strerror or e}") from e
    finally:
        part.unlink(missing_ok=True)
    raise _combine(name, failures)


def _fetch(url: str, part: Path, reporter: _Reporter, limits: _Limits) -> tuple[str, int]:
    """Stream ``url`` into ``part``; returns its MD5 and size. Network problems -> DownloadError."""
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    with _open(url, limits.stall) as response, open(part, "wb") as out:
        length = _length(response)
        watchdog = _Watchdog(response, limits)
        try:
            reporter.report(0)
            while True:
                limits.check()
                try:
                    chunk = response.read1(_CHUNK)  # what has arrived, for progress
                except TimeoutError as e:
                    limits.check()
                    raise DownloadError(
                        f"{url}: the download stalled (nothing for {limits.stall:g} s)"
                    ) from e
                except (OSError, http.client.HTTPException) as e:
                    limits.check()
                    raise DownloadError(f"{url}: download interrupted: {e}") from e
                if not chunk:
                    limits.check()  # a connection shut down by the watchdog also ends so
                    break
                out.write(chunk)
                md5.update(chunk)
                size += len(chunk)
                reporter.report(size)
        finally:
            watchdog.close()
    if length is not None and size != length:
        raise DownloadError(f"{url}: download interrupted after {size:,} of {length:,} bytes")
    return md5.hexdigest(), size


def _length(response: http.client.HTTPResponse) -> int | None:
    """The Content-Length the server announced, if any."""
    try:
        return int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None


def _total_size(names: Sequence[str], mirrors: Sequence[str], limits: _Limits) -> int:
    """Total bytes to download, from HEAD requests to the first mirror that answers; 0 if unknown.

    This only feeds the progress bar, so failures are not reported here; the download that
    follows reports them. An unreachable mirror ends the probing at once, to keep an offline
    user's wait short.
    """
    timeout = min(limits.stall, _PROBE_TIMEOUT)
    for mirror in mirrors:
        total = 0
        try:
            for name in names:
                limits.check()
                with _open(_url(mirror, name), timeout, method="HEAD") as response:
                    total += int(response.headers.get("Content-Length", ""))
        except _Unreachable:
            return 0
        except (DownloadError, ValueError):
            continue
        return total
    return 0


def _open(url: str, timeout: float, method: str = "GET") -> http.client.HTTPResponse:
    try:
        response: http.client.HTTPResponse = urlopen(Request(url, method=method), timeout=timeout)
    except HTTPError as e:
        e.close()
        raise DownloadError(f"{url}: HTTP error {e.code} {e.reason}") from e
    except (URLError, OSError, http.client.HTTPException) as e:
        reason = e.reason if isinstance(e, URLError) else e
        raise _Unreachable(urlsplit(url).netloc, reason) from e
    return response


def _combine(name: str, failures: list[DownloadError]) -> DownloadError:
    """One message for all the mirrors that failed to provide ``name``."""
    unreachable = [f for f in failures if isinstance(f, _Unreachable)]
    if unreachable and len(unreachable) == len(failures):
        hosts = " or ".join(dict.fromkeys(f.host for f in unreachable))
        return DownloadError(f"could not reach {hosts}: {unreachable[0].reason}; {_OFFLINE_HINT}")
    details = "; ".join(map(str, failures)) or "no mirror given"
    return DownloadError(f"could not download {name}: {details}")


def _url(mirror: str, name: str) -> str:
    return f"{mirror.rstrip('/')}/{name}"


def _md5(path: Path) -> str:
    md5 = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            md5.update(chunk)
    return md5.hexdigest()
