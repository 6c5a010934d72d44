"""What the dashboard keeps on the server: results by comparison query, comparisons under way shared
by the pages that want them, cancels that stop a run only when nobody wants it, and a memory budget."""

import threading
import time

import pandas as pd
import pytest

from detente import runs
from detente.viz import session


def table(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"x": range(rows)})


def test_a_kept_result_is_served_without_running_again():
    results = session.Results()
    calls = []
    first = results.run("q", lambda report, cancel: calls.append(1) or table(3), "a")
    again = results.run("q", lambda report, cancel: calls.append(1) or table(4), "b")
    assert again is first and calls == [1]


def test_a_page_that_comes_back_follows_the_run_under_way_instead_of_running_it_twice():
    results = session.Results()
    release, calls, seen = threading.Event(), [], []

    def slow(report, cancel):
        calls.append(1)
        report(0.5)
        release.wait(5)
        return table(2)

    owner_result = {}
    owner = threading.Thread(target=lambda: owner_result.setdefault("world", results.run("q", slow, "a")))
    owner.start()
    while not results.under_way("q"):
        time.sleep(0.01)
    follower = threading.Thread(target=lambda: owner_result.setdefault(
        "followed", results.run("q", slow, "a", on_progress=seen.append)))
    follower.start()
    time.sleep(3 * session.FOLLOW_SECONDS)
    release.set()
    owner.join(5), follower.join(5)
    assert calls == [1] and owner_result["followed"] is owner_result["world"]
    assert 0.5 in seen  # the follower's bar moved with the run


def test_a_cancel_stops_a_run_only_when_nobody_else_wants_it():
    results = session.Results()
    cancels = []

    def waits_for_cancel(report, cancel):
        cancels.append(cancel)
        if not cancel.wait(5):
            return table(1)
        raise runs.Cancelled("q: cancelled")

    outcome = {}

    def call(who):
        try:
            outcome[who] = results.run("q", waits_for_cancel, who)
        except runs.Cancelled:
            outcome[who] = "cancelled"

    a = threading.Thread(target=call, args=("a",))
    a.start()
    while not cancels:
        time.sleep(0.01)
    b = threading.Thread(target=call, args=("b",))
    b.start()
    time.sleep(0.1)
    results.cancel("q", "b")  # b gives up; a still wants it
    b.join(2)
    assert outcome["b"] == "cancelled" and not cancels[0].is_set()
    results.cancel("q", "a")
    a.join(2)
    assert outcome["a"] == "cancelled" and cancels[0].is_set()
    assert not results.under_way("q") and results.kept("q") is None


def test_kept_results_stay_within_the_budget_oldest_out_first():
    one = table(1000)
    results = session.Results(budget_bytes=int(2.5 * one.memory_usage().sum()))
    for query in "abcd":
        results.run(query, lambda report, cancel: table(1000), "a")
    assert [q for q in "abcd" if results.kept(q) is not None] == ["c", "d"]
    results.run("huge", lambda report, cancel: table(100_000), "a")  # the newest stays, alone
    assert results.kept("huge") is not None and results.kept("d") is None


def test_an_error_reaches_every_page_that_wanted_the_run():
    results = session.Results()
    with pytest.raises(ZeroDivisionError):
        results.run("q", lambda report, cancel: 1 / 0, "a")
    assert not results.under_way("q") and results.kept("q") is None


def test_a_session_remembers_what_it_kept():
    session.remember(("map", "q", "w"), (2, 17))
    assert session.remembered(("map", "q", "w")) == (2, 17)
    assert session.remembered(("map", "q", "other"), (0, None)) == (0, None)
