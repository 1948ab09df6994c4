"""One build at a time in a checkout, and a build stopped by a signal stops cleanly.

`make build` and `make pdf` write into site/ and into scratch folders of fixed names (.site-build*,
.site-previous, .zensical-build): two at once would build into each other's folders. So each holds an
exclusive lock on .cache/build.lock while it runs, and a second one is refused at once, naming the first,
rather than queued: it would build the same files again, and a build that silently waits looks hung. The
kernel lets go of the lock when its holder exits, however it exits (kill -9 included), so a stale lock never
blocks. `make serve` takes no lock, or no build could run beside a preview: it builds into a folder of its
own, and the one thing it shares with builds, .cache/, is written so that writers cannot collide
(macros/cache.py).

SIGINT, SIGTERM and SIGHUP raise Stopped wherever the build is, so its `finally` blocks remove what it made;
the build's child processes ignore Ctrl-C (the terminal sends it to all of them) and are stopped by the build,
and on Linux they die with it when it is killed outright.
"""

import ctypes
import fcntl
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from macros.cache import CACHE_DIR

LOCK_FILE = Path(CACHE_DIR) / "build.lock"
STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: children outlive a killed build, and the next build cleans up
    _prctl = None


class BuildRunning(Exception):
    """Another process holds this checkout's build lock."""


class Stopped(BaseException):
    """The build got a signal that stops it (a BaseException, like KeyboardInterrupt: no `except Exception`
    swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def exclusive_build(root: Path):
    """Hold the checkout's build lock while the block runs; BuildRunning at once if another build holds it.

    Yields the lock's file descriptor, for child processes that must hold it as long as they live.
    """
    path = Path(root) / LOCK_FILE
    path.parent.mkdir(exist_ok=True)
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            pid, _, started = lock.read().strip().partition(" ")
            holder = f" (pid {pid}, started {started})" if started else ""
            raise BuildRunning(f"Another build is running in this checkout{holder}; wait for it or stop it.") \
                from None
        lock.truncate(0)
        lock.write(f"{os.getpid()} {time.strftime('%H:%M:%S')}\n")
        lock.flush()
        yield lock.fileno()


@contextmanager
def stopped_by_signals():
    """Within the block, a stopping signal raises Stopped; any further one is ignored, so that cleaning up is
    not cut short."""

    def stop(signum, frame):
        ignore_signals()
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ignore_signals() -> None:
    """From here on the build finishes whatever comes (but SIGKILL): it is past the point where stopping helps."""
    for number in STOPPING_SIGNALS:
        signal.signal(number, signal.SIG_IGN)


def run_alone(root: Path, work, stopped_message: str) -> int:
    """Run work(lock) holding the checkout's build lock, a signal stopping it cleanly; return an exit status.

    A second build gets one line naming the first (status 1); a signal, `stopped_message` with the signal's
    name in place of {signal} (status 128 + its number, as a shell reports it).
    """
    try:
        with exclusive_build(root) as lock, stopped_by_signals():
            return work(lock)
    except BuildRunning as running:
        print(running, file=sys.stderr)
        return 1
    except Stopped as stopped:
        print(stopped_message.format(signal=stopped), file=sys.stderr)
        return 128 + stopped.signum


def read_only_part(root: Path, site: Path) -> str | None:
    """The first of the project folder, `site` and the folders in it that this process may not write (a build
    could then not replace the site, or not remove the old one), named from `root`; None if all are writable."""
    folders = [root] + ([site] + sorted(path for path in site.rglob("*") if path.is_dir()) if site.is_dir() else [])
    for folder in folders:
        if not os.access(folder, os.W_OK):
            return "./" if folder == root else f"{folder.relative_to(root).as_posix()}/"
    return None


def prepare_child() -> None:
    """Run in each child process of a build as it starts (preexec_fn, or a process pool's initializer)."""
    # Ctrl-C reaches every process of the terminal's group: the build stops its children itself, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, signal.SIGHUP):  # a forked child has the build's handlers
        signal.signal(number, signal.SIG_DFL)
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def child_options(lock: int) -> dict:
    """Popen's options for a child process of a build: prepared by prepare_child(), and holding the build lock
    for as long as it lives, so that no other build starts while a killed build's child is still writing."""
    return {"preexec_fn": prepare_child, "pass_fds": (lock,)}
