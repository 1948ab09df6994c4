"""How a build stops on a signal: SIGINT, SIGTERM or SIGHUP raises Stopped wherever the build is, so that its
`finally` blocks remove what it made, and the build ends with one line, never a traceback.

The scripts import this module before anything else, and it imports nothing slow, so that a signal that comes
while the rest of a script is still importing stops it in one line too (stop_in_one_line()). A Stopped that a
library swallows (Python only prints an exception raised in an os.fork() handler, for one) is kept and raised
again before the build commits (point_of_no_return()). The lock, the child processes and run_alone(), which
puts these together, are in build_guard.py.
"""

import os
import signal
import sys

STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(BaseException):
    """The build got a signal that stops it (a BaseException, like KeyboardInterrupt: no `except Exception`
    swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _Signals:
    """What this process does with a stopping signal."""

    # The first stopping signal, kept: a library may swallow the Stopped it raised (an exception in an os.fork()
    # handler is only printed, and every subprocess forks), and the build must still stop before it commits.
    stop: int | None = None
    # Past the point of no return (see point_of_no_return()).
    ignored = False


def _stop(signum, frame):
    if _Signals.ignored or _Signals.stop is not None:
        return  # past the point of no return, or stopping already: a second Ctrl-C must not cut cleaning up short
    _Signals.stop = signum
    raise Stopped(signum)


def handle_signals() -> dict:
    """Make stopping signals raise Stopped in this process; return the handlers they had."""
    sys.unraisablehook = _silent_about_stopped
    return {number: signal.signal(number, _stop) for number in STOPPING_SIGNALS}


def _silent_about_stopped(unraisable) -> None:
    """Python's report of an exception it swallowed, but none for Stopped: raise_if_stopped() raises it again."""
    if not isinstance(unraisable.exc_value, Stopped):
        sys.__unraisablehook__(unraisable)


def stop_in_one_line(stopped_message: str) -> None:
    """From now on, before run_alone() too, a stopping signal ends this process with `stopped_message` (as in
    run_alone()) and status 128 + its number; the scripts call it before their slow imports, where Python would
    print a traceback from whatever module it was importing."""
    handle_signals()

    def report(kind, error, trace):
        if not isinstance(error, Stopped):
            return sys.__excepthook__(kind, error, trace)
        sys.stdout.flush()
        print(stopped_message.format(signal=error), file=sys.stderr, flush=True)
        os._exit(128 + error.signum)  # an uncaught exception would exit with 1, not the status a shell expects

    sys.excepthook = report


def raise_if_stopped() -> None:
    """Raise Stopped again if a stopping signal came and a library swallowed the first one."""
    if _Signals.stop is not None:
        raise Stopped(_Signals.stop)


def point_of_no_return() -> None:
    """From here on the build finishes whatever comes (but SIGKILL): it is past the point where stopping helps.
    A stop asked for earlier, whose Stopped a library swallowed, stops it now instead."""
    _Signals.ignored = True
    raise_if_stopped()
