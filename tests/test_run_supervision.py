"""`make run` starts a dead Celery worker again instead of leaving it dead."""

from __future__ import annotations

import subprocess
import sys


def test_the_restart_delay_doubles_while_a_worker_keeps_dying_and_is_capped():
    import scripts.run as run

    assert run._restart_delay([100.0], 100.0) == 1.0
    assert run._restart_delay([95.0, 100.0], 100.0) == 2.0
    assert run._restart_delay([90.0, 95.0, 100.0], 100.0) == 4.0
    assert run._restart_delay([float(t) for t in range(40, 101)], 100.0) == 30.0
    assert run._restart_delay([10.0, 100.0], 100.0) == 1.0  # a death over a minute ago is forgotten


def test_a_dead_worker_is_started_again_after_its_delay_and_a_live_one_is_left_alone():
    import scripts.run as run

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    live = subprocess.Popen(sleeper)
    dead.wait(10)
    children = {"ocr-worker": dead, "worker": live}
    commands = {"ocr-worker": sleeper, "worker": sleeper}
    deaths: dict = {}
    due: dict = {}
    try:
        assert run._revive(children, commands, deaths, due, now=1000.0) == []  # waits its delay first
        assert due == {"ocr-worker": 1001.0}
        assert run._revive(children, commands, deaths, due, now=1001.0) == ["ocr-worker"]
        assert children["ocr-worker"] is not dead and children["ocr-worker"].poll() is None
        assert children["worker"] is live and due == {}
    finally:
        for proc in children.values():
            proc.kill()
            proc.wait(10)
