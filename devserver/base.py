"""A server binary run as our child on a loopback port: start with port retries, wait, stop, kill."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path

from devserver.process import (
    PortTaken,
    ServerError,
    child_setup,
    cmdline,
    free_port,
    is_alive,
    log_size,
    log_tail,
    read_pid,
    terminate,
    write_pid,
)

log = logging.getLogger(__name__)

PORT_ATTEMPTS = 5


class ChildServer:
    """One server process owned by this Python process; it keeps its port across restarts."""

    name = "server"
    death_signal = signal.SIGTERM
    stop_signal = signal.SIGTERM
    start_timeout = 30.0
    stop_timeout = 15.0

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid_file(self) -> Path:
        """Return the path of the pid file."""
        return self.home / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        """Return the path of the server log."""
        return self.home / f"{self.name}.log"

    @property
    def running(self) -> bool:
        """Tell whether the server process we started is still alive."""
        return self.proc is not None and self.proc.poll() is None

    def command(self, port: int) -> list[str]:
        """Return the argv that starts the server on `port`."""
        raise NotImplementedError

    def matches(self, argv: list[str]) -> bool:
        """Tell whether `argv` is this server's binary for this data directory."""
        raise NotImplementedError

    def answers(self, port: int, pid: int) -> bool:
        """Tell whether the server with `pid` answers on `port`."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Create whatever the server needs on disk before it starts."""
        self.home.mkdir(parents=True, exist_ok=True)

    def credentials(self) -> tuple[int, int] | None:
        """Return (uid, gid) to run the server as, or None to keep ours."""
        return None

    def environment(self) -> dict[str, str]:
        """Return the server's environment."""
        return {**os.environ, "LC_ALL": "C"}

    def start(self) -> None:
        """Start the server: on its earlier port after a restart, else on a free port."""
        if self.running:
            return
        began = time.monotonic()
        self.stop_stale()
        self.prepare()
        if self.port is not None:
            self._launch(self.port)
        else:
            self._launch_on_free_port()
        log.info("%s ready on 127.0.0.1:%d in %.2fs", self.name, self.port, time.monotonic() - began)

    def stop(self) -> None:
        """Stop the server gracefully; kill it if it outlives the stop timeout."""
        if self.proc is None:
            return
        self.proc.send_signal(self.stop_signal)
        try:
            self.proc.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop within %.0fs; killing it", self.name, self.stop_timeout)
            self.proc.kill()
            self.proc.wait()
        self._forget()

    def kill(self) -> None:
        """Kill the server with SIGKILL, as a crash would."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait()
        self._forget()

    def owns(self, pid: int) -> bool:
        """Tell whether live process `pid` is this server, judging by /proc/<pid>/cmdline."""
        return self.matches(cmdline(pid))

    def stop_stale(self) -> None:
        """Stop a server an earlier run left behind, only if /proc shows it is ours."""
        pid = read_pid(self.pid_file)
        if pid is not None and is_alive(pid) and self.owns(pid):
            log.warning("stopping stale %s (pid %d) left by an earlier run", self.name, pid)
            terminate(pid, self.stop_signal, self.stop_timeout)
        elif pid is not None:
            log.info("ignoring stale pid file %s: pid %d is not our %s", self.pid_file, pid, self.name)
        self.pid_file.unlink(missing_ok=True)

    def _launch_on_free_port(self) -> None:
        for attempt in range(1, PORT_ATTEMPTS + 1):
            try:
                self._launch(free_port())
                return
            except PortTaken as exc:
                log.warning("%s (attempt %d of %d)", exc, attempt, PORT_ATTEMPTS)
        raise ServerError(f"{self.name}: no free port after {PORT_ATTEMPTS} attempts")

    def _launch(self, port: int) -> None:
        offset = log_size(self.log_file)
        with self.log_file.open("ab") as log_fh:
            proc = subprocess.Popen(
                self.command(port),
                stdin=subprocess.DEVNULL,
                stdout=log_fh,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                env=self.environment(),
                # Own session: a Ctrl-C in the terminal must reach the app, not the servers under it.
                start_new_session=True,
                preexec_fn=child_setup(self.death_signal, self.credentials()),
            )
        write_pid(self.pid_file, proc.pid)
        try:
            self._wait_ready(proc, port, offset)
        except BaseException:
            proc.kill()
            proc.wait()
            self.pid_file.unlink(missing_ok=True)
            raise
        self.proc, self.port = proc, port

    def _wait_ready(self, proc: subprocess.Popen[bytes], port: int, offset: int) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self._raise_exited(proc, port, offset)
            # Checking the pid too makes sure a stranger on the same port is not taken for ours.
            if self.answers(port, proc.pid):
                return
            time.sleep(0.05)
        raise ServerError(
            f"{self.name} did not answer on 127.0.0.1:{port} within {self.start_timeout:.0f}s; "
            f"{self.log_file}:\n{log_tail(self.log_file, offset)}"
        )

    def _raise_exited(self, proc: subprocess.Popen[bytes], port: int, offset: int) -> None:
        tail = log_tail(self.log_file, offset)
        if "Address already in use" in tail:
            raise PortTaken(f"{self.name}: port {port} is already in use")
        raise ServerError(
            f"{self.name} exited with code {proc.returncode} while starting; {self.log_file}:\n{tail}"
        )

    def _forget(self) -> None:
        self.proc = None
        self.pid_file.unlink(missing_ok=True)
