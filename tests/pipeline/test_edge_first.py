"""The edge comes first: runners in the edge's process wait for a lull, never for long."""

from __future__ import annotations

import threading
import time

from mailbot.runners.edge_first import EdgeActivity


def test_a_runner_does_not_wait_when_no_mail_is_arriving():
    edge = EdgeActivity(quiet=0.05, longest=1.0)
    assert edge.wait_for_lull(threading.Event()) < 0.01


def test_a_runner_waits_for_the_lull_after_a_command():
    edge = EdgeActivity(quiet=0.05, longest=1.0)
    edge.note()
    waited = edge.wait_for_lull(threading.Event())
    assert 0.03 <= waited < 0.5


def test_a_runner_waits_while_a_data_command_waits_for_its_commit():
    edge = EdgeActivity(quiet=0.01, longest=5.0)
    released = threading.Event()

    def commit_later():
        with edge.storing():
            released.wait(5)

    holder = threading.Thread(target=commit_later)
    holder.start()
    time.sleep(0.05)  # the commit is in flight, and no command came for longer than `quiet`
    timer = threading.Timer(0.2, released.set)
    timer.start()
    waited = edge.wait_for_lull(threading.Event())
    holder.join()
    assert waited >= 0.15


def test_under_a_sustained_load_a_runner_still_goes_on_after_the_longest_wait():
    edge = EdgeActivity(quiet=0.05, longest=0.2)
    stop_noting = threading.Event()

    def keep_noting():
        while not stop_noting.is_set():
            edge.note()
            time.sleep(0.005)

    noter = threading.Thread(target=keep_noting)
    noter.start()
    try:
        waited = edge.wait_for_lull(threading.Event())
    finally:
        stop_noting.set()
        noter.join()
    assert 0.15 <= waited < 0.6


def test_stopping_ends_the_wait_at_once():
    edge = EdgeActivity(quiet=10.0, longest=10.0)
    edge.note()
    stop = threading.Event()
    stop.set()
    assert edge.wait_for_lull(stop) < 0.05
