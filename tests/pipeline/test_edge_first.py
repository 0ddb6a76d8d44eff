"""The edge comes first: during a burst, runners in the edge's process wait for a lull, never for
long; mail that trickles in is answered without waiting."""

from __future__ import annotations

import threading
import time

from mailbot.runners.edge_first import BURST_COMMANDS, EdgeActivity


def burst(edge: EdgeActivity) -> None:
    for _ in range(BURST_COMMANDS):
        edge.note()


def test_a_runner_does_not_wait_when_no_mail_is_arriving():
    edge = EdgeActivity(quiet=0.05, longest=1.0)
    assert edge.wait_for_lull(threading.Event()) < 0.01


def test_a_runner_does_not_wait_for_mail_that_trickles_in():
    edge = EdgeActivity(quiet=0.05, longest=1.0)
    edge.note()  # one message's MAIL and DATA, at rest
    edge.note()
    assert not edge.bursting()
    assert edge.wait_for_lull(threading.Event()) < 0.01


def test_during_a_burst_a_runner_waits_for_the_lull_after_the_last_command():
    edge = EdgeActivity(quiet=0.05, longest=1.0)
    burst(edge)
    assert edge.bursting()
    waited = edge.wait_for_lull(threading.Event())
    assert 0.03 <= waited < 0.5


def test_during_a_burst_a_runner_waits_while_a_data_command_waits_for_its_commit():
    edge = EdgeActivity(quiet=0.01, longest=5.0)
    released = threading.Event()

    def commit_later():
        with edge.storing():
            released.wait(5)

    burst(edge)
    holder = threading.Thread(target=commit_later)
    holder.start()
    time.sleep(0.03)  # the commit is in flight, and no command came for longer than `quiet`
    timer = threading.Timer(0.05, released.set)
    timer.start()
    waited = edge.wait_for_lull(threading.Event())
    holder.join()
    assert waited >= 0.04


def test_under_a_sustained_load_a_runner_still_goes_on_after_the_longest_wait():
    edge = EdgeActivity(quiet=0.05, longest=0.2)
    stop_noting = threading.Event()

    def keep_noting():
        while not stop_noting.is_set():
            edge.note()
            time.sleep(0.005)

    noter = threading.Thread(target=keep_noting)
    noter.start()
    time.sleep(0.05)
    try:
        waited = edge.wait_for_lull(threading.Event())
    finally:
        stop_noting.set()
        noter.join()
    assert 0.15 <= waited < 0.6


def test_stopping_ends_the_wait_at_once():
    edge = EdgeActivity(quiet=10.0, longest=10.0)
    burst(edge)
    stop = threading.Event()
    stop.set()
    assert edge.wait_for_lull(stop) < 0.05


def test_a_runner_waits_for_a_data_commit_in_flight_even_when_mail_trickles_in():
    # The commit needs the write lock (on SQLite, one writer at a time): a runner that took it
    # first would hold the 250 back, through SQLite's busy handler's growing sleeps.
    edge = EdgeActivity(quiet=0.01, longest=5.0)
    released = threading.Event()
    edge.note()
    holder = threading.Thread(target=lambda: _store_until(edge, released))
    holder.start()
    time.sleep(0.02)
    assert not edge.bursting()
    threading.Timer(0.1, released.set).start()
    waited = edge.wait_for_lull(threading.Event())
    holder.join()
    assert 0.08 <= waited < 1.0


def _store_until(edge: EdgeActivity, released: threading.Event) -> None:
    with edge.storing():
        released.wait(5)


def _bursting_in_a_child(edge: EdgeActivity, line) -> None:
    line.send("ready")
    line.recv()  # the edge has seen a burst since this process started
    line.send(edge.bursting())


def test_a_worker_in_another_process_sees_the_edges_burst_through_shared_memory():
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # as `serve` starts its worker children
    edge = EdgeActivity.shared(quiet=0.05, longest=1.0)
    here, there = context.Pipe()
    child = context.Process(target=_bursting_in_a_child, args=(edge, there))
    child.start()
    try:
        assert here.poll(30) and here.recv() == "ready"
        burst(edge)  # after the child started: a copy of the record would not show it
        here.send("now")
        assert here.poll(10) and here.recv() is True
    finally:
        child.join(10)
