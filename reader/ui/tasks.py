"""Run long work (scanning, indexing, searching, export) off the GUI thread.

One helper, as in Picard's ``run_task``: a function runs on a pool thread; its result, error and
progress are delivered back on the GUI thread through Qt's queued signals. Writers get their own
one-thread pool so that at most one index writer ever runs (Whoosh has a single writer); readers
(searches) use a small shared pool. Every task carries a cancel event the function may poll.

Tests pass ``synchronous=True`` to run tasks inline, so they are deterministic without event-loop
waits (Picard's test suite does the same).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]


class _Relay(QObject):
    """Lives in the GUI thread; worker threads emit, Qt queues the call back to the GUI thread."""

    finished = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int, str)
    reported = Signal(object)


@dataclass
class Task:
    """A handle the caller keeps: cancel it, or ask whether it is still running.

    The function it runs may :meth:`report` things found on the way (a scan's first articles, an
    index searchable before it is complete) to the ``on_report`` callback, on the GUI thread.
    """

    name: str
    cancel_event: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    _report: Callable[[Any], None] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def report(self, value: Any) -> None:
        """Hand ``value`` to the GUI thread's ``on_report`` (dropped once the task is cancelled)."""
        if self._report is not None:
            self._report(value)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Task, ProgressCallback], Any], task: Task, relay: _Relay) -> None:
        super().__init__()
        self._fn, self._task, self._relay = fn, task, relay
        self.setAutoDelete(True)
        task._report = lambda value: self._emit("reported", value)

    def run(self) -> None:  # pool thread
        try:
            result = self._fn(self._task, lambda *args: self._emit("progressed", *args))
        except BaseException as exc:  # every failure must reach the GUI, never kill a pool thread
            self._emit("failed", exc, traceback.format_exc())
        else:
            self._emit("finished", result)

    def _emit(self, signal: str, *args: Any) -> None:
        """Send to the GUI thread, unless nobody is there to hear it any more.

        Python's exit deletes every Qt object it owns, the relay too, while a task may still be
        running (a window closed during a long index commit that never looks at its cancel flag):
        its next emit raised "Signal source has been deleted", twice, on the terminal. Such a task
        is cancelled instead, so that it stops at its next look.
        """
        try:
            getattr(self._relay, signal).emit(*args)
        except RuntimeError:
            self._task.cancel()


class TaskRunner(QObject):
    """Starts tasks on the reader pool or the single writer pool and wires their callbacks."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._live: dict[int, _Relay] = {}

    def run(
        self,
        name: str,
        fn: Callable[[Task, ProgressCallback], Any],
        *,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        on_progress: ProgressCallback | None = None,
        on_report: Callable[[Any], None] | None = None,
        writer: bool = False,
    ) -> Task:
        """Run ``fn(task, progress)``; callbacks run on the GUI thread unless cancelled first.

        A cancelled task's result is dropped (its error too, when it is the cancellation itself),
        so stale searches never overwrite newer results. ``on_report`` gets what ``fn`` passes to
        :meth:`Task.report`.
        """
        task = Task(name)
        relay = _Relay()
        key = id(relay)
        self._live[key] = relay

        def finish(result: Any) -> None:
            task.done = True
            self._live.pop(key, None)
            if not task.cancelled and on_result:
                on_result(result)

        def fail(exc: BaseException, trace: str) -> None:
            task.done = True
            self._live.pop(key, None)
            if task.cancelled:
                return
            log.error("task %s failed: %s", name, trace)
            if on_error:
                on_error(exc, trace)

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        if on_progress:

            def report(done: int, total: int, phase: str) -> None:
                if not task.cancelled:
                    on_progress(done, total, phase)

            relay.progressed.connect(report)
        if on_report:
            relay.reported.connect(lambda value: None if task.cancelled else on_report(value))
        runnable = _Runnable(fn, task, relay)
        if self.synchronous:
            runnable.run()
        else:
            (self._writer if writer else self._readers).start(runnable)
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task finished (on quit, and in tests)."""
        ok_readers = self._readers.waitForDone(msecs)
        return self._writer.waitForDone(msecs) and ok_readers


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], None], timeout_ms: int) -> None:
        super().__init__(widget)
        self._fn: Callable[[], None] | None = fn
        widget.installEventFilter(self)
        QTimer.singleShot(timeout_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            QTimer.singleShot(0, self, self._fire)  # once this paint is done
        return False

    def _fire(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            self.deleteLater()
            fn()


def after_paint(widget: QWidget, fn: Callable[[], None], timeout_ms: int = 150) -> None:
    """Call ``fn`` once ``widget`` has painted (or after ``timeout_ms``, if it is hidden).

    For background work that would slow the paint the user is waiting for: a pool thread holds the
    interpreter between its own steps, and painting a list runs Python for every row. The first
    rows of a search, the articles listed at start, are painted first; then the rest is fetched.
    """
    _AfterPaint(widget, fn, timeout_ms)


def throttled(progress: ProgressCallback, seconds: float) -> ProgressCallback:
    """``progress``, passed on at most once every ``seconds`` (and always at a phase's start and
    end): a scan reports each of 10k files, and each report is a queued call on the GUI thread."""
    last: list[Any] = [0.0, None]

    def report(done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if phase != last[1] or done >= total or now - last[0] >= seconds:
            last[0], last[1] = now, phase
            progress(done, total, phase)

    return report
