"""A sampling profiler for a benchmark's server process: `python bench/_sampler.py OUT script.py [args]`.

A real OS thread, started before the script monkey-patches anything, reads the main thread's current
frame every `SAMPLE_MS` (under gevent or eventlet that is whichever green thread runs) and appends
`time <tab> outer;...;inner` lines to OUT for every sample that is not the idle hub. Cut a time
window out of OUT and count functions (`python bench/_sampler.py --report OUT START END`).
"""

from __future__ import annotations

import collections
import os
import runpy
import sys
import threading
import time

SAMPLE_MS = float(os.environ.get("SAMPLE_MS", "1"))
_sleep, _time = time.sleep, time.time  # the originals: the script may monkey-patch `time` later
IDLE = ("gevent/hub.py:run", "eventlet/hubs/hub.py:wait", "eventlet/hubs/poll.py:wait", "eventlet/hubs/epolls.py:wait")


def _stack(frame) -> list[str]:
    names = []
    while frame is not None:
        code = frame.f_code
        names.append(f"{'/'.join(code.co_filename.rsplit('/', 2)[-2:])}:{code.co_name}")
        frame = frame.f_back
    names.reverse()
    return names


def _sample(out: str, main_id: int) -> None:
    with open(out, "a", buffering=1 << 16) as sink:
        last_flush = time.monotonic()
        while True:
            _sleep(SAMPLE_MS / 1000)
            frame = sys._current_frames().get(main_id)
            if frame is None:
                continue
            names = _stack(frame)
            if names and names[-1] in IDLE:
                continue
            sink.write(f"{_time():.4f}\t{';'.join(names)}\n")
            if time.monotonic() - last_flush > 1:
                sink.flush()
                last_flush = time.monotonic()


def report(path: str, start: float, end: float, top: int = 40) -> None:
    """Print the functions seen most in [start, end]: inclusive and self counts."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    with open(path) as source:
        for line in source:
            stamp, _, stack = line.rstrip("\n").partition("\t")
            if not start <= float(stamp) <= end:
                continue
            total += 1
            names = stack.split(";")
            own[names[-1]] += 1
            for name in set(names):
                inclusive[name] += 1
    print(f"{total} busy samples in {end - start:.2f} s")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"--- {title}")
        for name, count in counter.most_common(top):
            print(f"{count:7d} {100 * count / max(1, total):5.1f}%  {name}")


if __name__ == "__main__":
    if sys.argv[1] == "--report":
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
        sys.exit(0)
    target = sys.argv[2]
    # The main thread then offers the GIL every 0.2 ms, so samples land between bytecodes, not only
    # where it blocks (a sampler waiting for the GIL would otherwise see mostly system calls).
    sys.setswitchinterval(0.0002)
    threading.Thread(target=_sample, args=(sys.argv[1], threading.get_ident()), daemon=True).start()
    sys.argv = sys.argv[2:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(target)))
    runpy.run_path(target, run_name="__main__")
