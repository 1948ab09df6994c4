"""One build at a time in a checkout, its child processes stopped with it, and run_alone(), which runs a build.

`make build` and `make pdf` write into site/ and into scratch folders of fixed names (.site-build*,
.site-previous, .zensical-build): two at once would build into each other's folders. So each holds an
exclusive lock on .cache/build.lock while it runs, and a second one is refused at once, naming the first,
rather than queued: it would build the same files again, and a build that silently waits looks hung. The
kernel lets go of the lock when its holder exits, however it exits (kill -9 included), so a stale lock never
blocks. `make serve` takes no lock, or no build could run beside a preview: it builds into a folder of its
own, and the one thing it shares with builds, .cache/, is written so that writers cannot collide
(macros/cache.py).

Signals stop a build cleanly (scripts/stopping.py), and wait while the build starts a child. The build's child
processes ignore Ctrl-C (the terminal sends it to all of them) and are stopped by the build, and on Linux they
die with it when it is killed outright.
"""

import ctypes
import fcntl
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import stopping
from macros.cache import CACHE_DIR

LOCK_FILE = Path(CACHE_DIR) / "build.lock"
_PR_SET_PDEATHSIG = 1
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: children outlive a killed build, and the next build cleans up
    _prctl = None


class BuildRefused(Exception):
    """This build may not start: another process holds the checkout's build lock, or the lock cannot be made."""


@contextmanager
def exclusive_build(root: Path):
    """Hold the checkout's build lock while the block runs; BuildRefused at once if another build holds it.

    Yields the lock's file descriptor, for child processes that must hold it as long as they live.
    """
    path = Path(root) / LOCK_FILE
    try:
        path.parent.mkdir(exist_ok=True)
        lock = open(path, "a+", encoding="utf-8")
    except OSError as error:
        raise BuildRefused(f"{LOCK_FILE.as_posix()}: cannot be written ({error.strerror}), so no build can make sure "
                           f"it runs alone (expected write permission in {CACHE_DIR}/); nothing was built.") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            pid, _, started = lock.read().strip().partition(" ")
            holder = f" (pid {pid}, started {started})" if started else ""
            raise BuildRefused(f"Another build is running in this checkout{holder}; wait for it or stop it.") \
                from None
        lock.truncate(0)
        lock.write(f"{os.getpid()} {time.strftime('%H:%M:%S')}\n")
        lock.flush()
        yield lock.fileno()


@contextmanager
def stopped_by_signals():
    """Within the block, the first stopping signal raises Stopped and any further one is ignored."""
    previous = stopping.handle_signals()
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_alone(root: Path, work, stopped_message: str) -> int:
    """Run work(lock) holding the checkout's build lock, a signal stopping it cleanly; return an exit status.

    A refused build gets one line, naming the build that runs (status 1); a signal, `stopped_message` with the
    signal's name in place of {signal} (status 128 + its number, as a shell reports it).
    """
    try:
        with exclusive_build(root) as lock, stopped_by_signals():
            status = work(lock)
            stopping.raise_if_stopped()  # a library swallowed the Stopped, and the work went on
            return status
    except BuildRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    except stopping.Stopped as stopped:
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
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping.STOPPING_SIGNALS)  # held while the build forked it
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@contextmanager
def signals_held():
    """Hold stopping signals until the block ends, then handle them: around code that starts child processes.

    A signal that came while a process forks would raise Stopped in an os.fork() handler, where Python only prints
    it, or before the child was known to the build, which could not stop it; and a child would run the build's
    handler until prepare_child(). (Threads started within the block hold them too, and leave them to the one
    that handles them, the main thread.)
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stopping.STOPPING_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def start_child(command: list[str], lock: int, **options) -> subprocess.Popen:
    """Start a child process of the build: prepared by prepare_child(), and holding the build lock for as long as
    it lives, so that no other build starts while a killed build's child is still writing."""
    with signals_held():
        return subprocess.Popen(command, preexec_fn=prepare_child, pass_fds=(lock,), **options)


def run_child(command: list[str], lock: int, **options) -> subprocess.CompletedProcess:
    """subprocess.run() for a child process of the build (see start_child()), its output captured as text."""
    process = start_child(command, lock, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    try:
        stdout, stderr = process.communicate()
    finally:  # stopped meanwhile
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
