"""What the dashboard keeps on the server so that work outlives a tab switch or a page reload.

* **Per browser session** (solara's session cookie, the same across the tabs of one browser and
  across reloads): the last comparison of the compare page, each map's seed and year, the explore
  page's world. :func:`remembered` and :func:`remember`.
* **Comparison results**, by comparison query (:data:`RESULTS`): a query gives the same numbers
  whoever runs it, so one kept result serves every session. A comparison under way is shared too:
  a page that comes back to it (after a tab switch, in another tab) follows it instead of running
  it twice, and it stops when the last page that wants it cancels it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import solara

from ..runs import Cancelled

#: Sessions remembered (the oldest forgotten first): a classroom is a few dozen.
MAX_SESSIONS = 500
#: Memory the kept comparison results may take (the newest result is kept whatever its size).
RESULTS_BUDGET_BYTES = 400 * 2**20
#: How often a page following another's comparison reads its progress (seconds).
FOLLOW_SECONDS = 0.2

_sessions: OrderedDict[str, dict[Any, Any]] = OrderedDict()
_sessions_lock = threading.Lock()


def session_id() -> str:
    """This browser session's id (one id outside a solara server, as in tests)."""
    try:
        return solara.get_session_id()
    except RuntimeError:
        return "local"


def _memory() -> dict[Any, Any]:
    with _sessions_lock:
        memory = _sessions.setdefault(session_id(), {})
        _sessions.move_to_end(session_id())
        while len(_sessions) > MAX_SESSIONS:
            _sessions.popitem(last=False)
        return memory


def remembered(key: Any, default: Any = None) -> Any:
    """What this session last kept under ``key``."""
    return _memory().get(key, default)


def remember(key: Any, value: Any) -> None:
    _memory()[key] = value


class _Running:
    """A comparison under way: its progress, who wants it, and how it ended."""

    def __init__(self):
        self.progress = 0.0
        self.wanted_by: set[str] = set()
        self.cancel = threading.Event()
        self.finished = threading.Event()
        self.world: pd.DataFrame | None = None
        self.error: BaseException | None = None


class Results:
    """Comparison results kept by query within a memory budget, and the comparisons under way."""

    def __init__(self, budget_bytes: int = RESULTS_BUDGET_BYTES):
        self.budget_bytes = budget_bytes
        self._kept: OrderedDict[str, pd.DataFrame] = OrderedDict()
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()

    def kept(self, query: str) -> pd.DataFrame | None:
        with self._lock:
            if query in self._kept:
                self._kept.move_to_end(query)
            return self._kept.get(query)

    def _keep(self, query: str, world: pd.DataFrame) -> None:
        with self._lock:
            self._kept[query] = world
            while len(self._kept) > 1 and sum(int(w.memory_usage().sum()) for w in self._kept.values()) > self.budget_bytes:
                self._kept.popitem(last=False)

    def run(self, query: str, compute: Callable[[Callable[[float], None], threading.Event], pd.DataFrame],
            who: str, on_progress: Callable[[float], None] = lambda share: None) -> pd.DataFrame:
        """The kept result of ``query``, or the one under way (followed, its progress passed to
        ``on_progress``), or ``compute(report, cancel)`` run here and kept. :class:`Cancelled` if
        the comparison was cancelled by everyone who wanted it."""
        with self._lock:
            if query in self._kept:
                return self._kept[query]
            running = self._running.get(query)
            owner = running is None
            if owner:
                running = self._running[query] = _Running()
            running.wanted_by.add(who)
        if not owner:
            while not running.finished.wait(FOLLOW_SECONDS):
                if who not in running.wanted_by:
                    raise Cancelled(f"{query}: cancelled")
                on_progress(running.progress)
            if running.error is not None:
                raise running.error
            return running.world

        def report(share: float) -> None:
            running.progress = share
            on_progress(share)

        try:
            running.world = compute(report, running.cancel)
            self._keep(query, running.world)
            return running.world
        except BaseException as error:
            running.error = error
            raise
        finally:
            with self._lock:
                del self._running[query]
            running.finished.set()

    def cancel(self, query: str, who: str) -> None:
        """``who`` no longer wants ``query``: it stops once nobody does."""
        with self._lock:
            running = self._running.get(query)
            if running is None:
                return
            running.wanted_by.discard(who)
            if not running.wanted_by:
                running.cancel.set()

    def under_way(self, query: str) -> bool:
        with self._lock:
            return query in self._running


RESULTS = Results()
