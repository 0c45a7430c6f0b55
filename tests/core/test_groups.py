"""groups.Groups: work handed to a few workers in groups of what waited."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsreader.groups import Groups


class Recorder:
    """A ``run`` that records its groups; the first group can be held until released."""

    def __init__(self, hold_first: bool = False) -> None:
        self.groups: list[list] = []
        self.release = threading.Event()
        self.started = threading.Event()
        if not hold_first:
            self.release.set()
        self.lock = threading.Lock()

    def __call__(self, items: list) -> list:
        with self.lock:
            self.groups.append(list(items))
        self.started.set()
        self.release.wait(5)
        return [item * 10 if isinstance(item, int) else ValueError(f"bad {item}") for item in items]


def wait_for(condition, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)  # polling another thread's progress, bounded by ``seconds``


def test_a_lone_item_goes_at_once_alone():
    run = Recorder()
    groups = Groups(run, workers=2, most=8, most_size=1000)
    assert groups.submit(3) == 30
    assert run.groups == [[3]]


def test_items_that_wait_while_the_workers_are_busy_go_together():
    run = Recorder(hold_first=True)
    groups = Groups(run, workers=1, most=4, most_size=1000)
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(groups.submit, 0)
        run.started.wait(5)
        later = [pool.submit(groups.submit, n) for n in range(1, 7)]
        wait_for(lambda: len(groups._waiting) == 6)
        run.release.set()
        assert first.result(5) == 0
        assert [f.result(5) for f in later] == [n * 10 for n in range(1, 7)]
    assert run.groups[0] == [0]
    assert run.groups[1] == [1, 2, 3, 4]  # at most ``most`` at once, in the order they came
    assert run.groups[2] == [5, 6]


def test_size_limits_a_group_but_never_leaves_an_item_out():
    run = Recorder(hold_first=True)
    groups = Groups(run, workers=1, most=8, most_size=100)
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(groups.submit, 0, 1)
        run.started.wait(5)
        sizes = {1: 60, 2: 60, 3: 500, 4: 10}
        later = {n: pool.submit(groups.submit, n, size) for n, size in sizes.items()}
        wait_for(lambda: len(groups._waiting) == 4)
        run.release.set()
        assert first.result(5) == 0 and all(f.result(5) == n * 10 for n, f in later.items())
    assert run.groups[1:] == [[1], [2], [3], [4]]  # 60+60 > 100; 500 alone (it is first of its group)


def test_an_items_own_error_is_raised_to_its_submitter_only():
    run = Recorder(hold_first=True)
    groups = Groups(run, workers=1, most=8, most_size=1000)
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(groups.submit, 0)
        run.started.wait(5)
        good = pool.submit(groups.submit, 1)
        bad = pool.submit(groups.submit, "x")
        wait_for(lambda: len(groups._waiting) == 2)
        run.release.set()
        assert good.result(5) == 10 and first.result(5) == 0
        with pytest.raises(ValueError, match="bad x"):
            bad.result(5)
    assert run.groups[1] == [1, "x"]


def test_a_run_that_raises_fails_every_item_of_its_group_and_the_next_group_still_runs():
    calls = []

    def run(items):
        calls.append(list(items))
        if len(calls) == 1:
            raise OSError("disk full")
        return list(items)

    groups = Groups(run, workers=1, most=8, most_size=1000)
    with pytest.raises(OSError, match="disk full"):
        groups.submit(1)
    assert groups.submit(2) == 2


def test_a_run_with_the_wrong_number_of_results_is_an_error_not_a_hang():
    groups = Groups(lambda items: [], workers=2, most=8, most_size=1000)
    with pytest.raises(RuntimeError, match="gave 0 results"):
        groups.submit(1)


def test_no_more_than_workers_groups_run_at_once():
    running = 0
    most_running = 0
    lock = threading.Lock()

    def run(items):
        nonlocal running, most_running
        with lock:
            running += 1
            most_running = max(most_running, running)
        time.sleep(0.01)  # holds the worker a while, so calls that overlapped would be counted
        with lock:
            running -= 1
        return list(items)

    groups = Groups(run, workers=2, most=3, most_size=1000)
    with ThreadPoolExecutor(12) as pool:
        assert sorted(pool.map(groups.submit, range(60))) == list(range(60))
    assert most_running == 2


def test_wait_for_room_holds_a_caller_while_too_much_waits():
    run = Recorder(hold_first=True)
    groups = Groups(run, workers=1, most=8, most_size=1000)
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(groups.submit, 0, 10)
        run.started.wait(5)
        later = pool.submit(groups.submit, 1, 150)  # waits: the only worker is busy
        wait_for(lambda: len(groups._waiting) == 1)
        room = pool.submit(groups.wait_for_room, 100)
        time.sleep(0.1)  # a window for a wrong grant to show; a right one cannot fail here
        assert not room.done()  # 150 waiting, at most 100 wanted
        run.release.set()  # the first group ends, the waiting one is taken: room again
        room.result(5)
        assert first.result(5) == 0 and later.result(5) == 10
    groups.wait_for_room(1)  # nothing waits: at once
