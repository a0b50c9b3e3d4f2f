"""`python -m devserver exec [--base-dir var] [--fast] -- CMD ...` runs CMD beside embedded servers."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from types import FrameType

from devserver.process import ServerError, child_setup, is_alive, read_pid
from devserver.services import EmbeddedServices

log = logging.getLogger("devserver")


class _Forwarder:
    """Relay SIGINT/SIGTERM to the child; before there is one, abort the start instead."""

    def __init__(self) -> None:
        self.child: subprocess.Popen[bytes] | None = None
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.child is None:
            raise SystemExit(128 + signum)  # unwinds through EmbeddedServices, which stops what it started
        if signum == signal.SIGINT and _terminal_sent_it():
            return  # the terminal already sent Ctrl-C to the child; twice would make Celery cold-stop
        self.child.send_signal(signum)


def _terminal_sent_it() -> bool:
    """Tell whether we run in the terminal's foreground group, which gets Ctrl-C as a whole."""
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except (OSError, ValueError):
        return False


def run_exec(base_dir: str, durable: bool, cmd: list[str]) -> int:
    """Start the servers, run `cmd` with their URLs, stop them, and return cmd's exit code."""
    forwarder = _Forwarder()
    with EmbeddedServices(base_dir, durable=durable) as svc:
        env = {**os.environ, "DATABASE_URL": str(svc.database_url), "REDIS_URL": str(svc.redis_url)}
        try:
            forwarder.child = subprocess.Popen(cmd, env=env, preexec_fn=child_setup(signal.SIGTERM))
        except OSError as exc:
            log.error("cannot run %s: %s", cmd[0], exc)
            return 127
        code = forwarder.child.wait()
    return 128 - code if code < 0 else code  # killed by signal N: exit 128+N, as a shell would


def show_status(base_dir: str) -> int:
    """Write whether each embedded server under `base_dir` is running."""
    svc = EmbeddedServices(base_dir)
    for server in (svc.postgres, svc.redis):
        pid = read_pid(server.pid_file)
        running = pid is not None and is_alive(pid) and server.owns(pid)
        sys.stdout.write(f"{server.name}: {f'running (pid {pid})' if running else 'stopped'}\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m devserver", description=__doc__)
    actions = parser.add_subparsers(dest="action", required=True)
    run = actions.add_parser("exec", help="start the servers, run CMD with DATABASE_URL and REDIS_URL, stop")
    run.add_argument("--base-dir", default="var", help="where data, logs and pid files live (default: var)")
    run.add_argument("--fast", action="store_true", help="fsync off: for tests, not for data you keep")
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD ARGS...")
    status = actions.add_parser("status", help="tell whether the servers under --base-dir are running")
    status.add_argument("--base-dir", default="var")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="devserver: %(message)s")
    if args.action == "status":
        return show_status(args.base_dir)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("exec needs a command after --")
    try:
        return run_exec(args.base_dir, not args.fast, cmd)
    except ServerError as exc:
        log.error("%s", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
