"""Process plumbing for the embedded servers: death signals, pid files, /proc checks, ports, logs."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl


class ServerError(RuntimeError):
    """An embedded server could not be started or stopped."""


class PortTaken(ServerError):
    """Someone else bound the port between our choosing it and the server binding it."""


def child_setup(death_signal: int, creds: tuple[int, int] | None = None) -> Callable[[], None]:
    """Build a preexec_fn that drops to `creds` (uid, gid) if given, then arms the parent-death signal."""
    parent = os.getpid()

    def setup() -> None:
        if creds is not None:
            uid, gid = creds
            os.setgid(gid)
            os.setgroups([])
            os.setuid(uid)
        # The kernel clears PDEATHSIG whenever credentials change, so it must come after setuid.
        # It fires when the forking *thread* exits: start servers from a long-lived thread.
        _prctl(_PR_SET_PDEATHSIG, death_signal, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl, so no signal will ever come
            os._exit(1)

    return setup


def free_port() -> int:
    """Return a loopback TCP port that is free now (someone may still take it before we bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_pid(path: Path) -> int | None:
    """Return the pid on the first line of `path`, or None if there is no usable one."""
    try:
        first = path.read_text().split("\n", 1)[0].strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return int(first) if first.isdigit() else None


def write_pid(path: Path, pid: int) -> None:
    """Write `pid` to `path` atomically."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(f"{pid}\n")
    tmp.replace(path)


def cmdline(pid: int) -> list[str]:
    """Return the argv of a live process, or [] if it is gone or a zombie."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return raw.decode(errors="replace").split("\0")[:-1]


def argv_option(argv: list[str], flag: str) -> str | None:
    """Return the value that follows `flag` in `argv`, if any."""
    if flag in argv[:-1]:
        return argv[argv.index(flag) + 1]
    return None


def is_alive(pid: int) -> bool:
    """Tell whether `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def child_pids(pid: int) -> list[int]:
    """Return the pids whose parent is `pid`."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def wait_gone(pids: list[int], timeout: float) -> bool:
    """Wait until none of `pids` is alive; tell whether that happened within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def terminate(pid: int, sig: int, timeout: float) -> None:
    """Send `sig` to a process that is not our child, then SIGKILL it if it outlives `timeout`."""
    try:
        os.kill(pid, sig)
        if not wait_gone([pid], timeout):
            os.kill(pid, signal.SIGKILL)
            wait_gone([pid], timeout)
    except ProcessLookupError:
        return


def log_size(path: Path) -> int:
    """Return the size of a log file, 0 if it does not exist yet."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def log_tail(path: Path, offset: int = 0, lines: int = 30) -> str:
    """Return the last `lines` lines written to `path` after byte `offset`."""
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode(errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"
