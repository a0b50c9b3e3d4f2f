"""The `ocrflow` command: login, submit, status, watch, export.

Exit codes: 0 every document completed; 1 one failed (or was refused, cancelled or unfinished); 2 usage or
authentication errors; 130 interrupted (run the same command again to resume).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from rich.console import Console

from ocrflow_client import local
from ocrflow_client.client import Client
from ocrflow_client.errors import AuthError, OcrflowError
from ocrflow_client.output import write_results
from ocrflow_client.progress import Bars, Display, Lines, now, print_summary, summary

OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A bad argument the parser could not see (a missing path)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (AuthError, UsageError) as exc:
        print(f"ocrflow: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return USAGE
    except OcrflowError as exc:
        print(f"ocrflow: {exc.code}: {exc.message}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("ocrflow: interrupted; run the same command again to resume (nothing is uploaded twice)",
              file=sys.stderr)
        return INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocrflow", description="Send documents to an ocrflow server.")
    parser.add_argument("--url", help="server URL (default: $OCRFLOW_URL, else the saved login's)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    login = commands.add_parser("login", help="log in and save a refresh token (mode 0600)")
    login.add_argument("--email", default=os.environ.get("OCRFLOW_EMAIL"))
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    login.set_defaults(run=cmd_login)

    logout = commands.add_parser("logout", help="revoke and delete the saved login")
    logout.set_defaults(run=cmd_logout)

    submit = commands.add_parser("submit", help="upload files and directories")
    submit.add_argument("paths", nargs="+", metavar="PATH")
    submit.add_argument("--wait", action="store_true", help="wait until every document is finished")
    submit.add_argument("--out", type=Path, help="write one line per file to FILE.jsonl (or rows to FILE.csv)")
    submit.add_argument("--language")
    submit.add_argument("--priority", choices=("low", "normal", "high"))
    submit.add_argument("--template-id", type=int)
    submit.add_argument("--confidence-threshold", type=float)
    submit.add_argument("--extract-format", choices=("text", "json"))
    submit.add_argument("--force", action="store_true", help="process again even if an identical file was")
    submit.add_argument("--batch-size", type=_positive, default=50, help="files uploaded (and held) at a time")
    submit.add_argument("--concurrency", type=_positive, default=4, help="uploads in flight at once")
    submit.add_argument("--timeout", type=float, help="seconds to wait for the documents with --wait")
    _output_flags(submit)
    submit.set_defaults(run=cmd_submit)

    status = commands.add_parser("status", help="show jobs")
    status.add_argument("ids", nargs="+", type=int, metavar="ID")
    _output_flags(status)
    status.set_defaults(run=cmd_status)

    watch = commands.add_parser("watch", help="print live events")
    watch.add_argument("--after", type=int, help="replay events after this id first")
    watch.add_argument("--json", action="store_true", help="print each event as a JSON line")
    watch.set_defaults(run=cmd_watch)

    export = commands.add_parser("export", help="download results as csv, xlsx or jsonl")
    export.add_argument("--format", choices=("csv", "xlsx", "jsonl"), help="default: from --out's extension")
    export.add_argument("--batch-id")
    export.add_argument("--status")
    export.add_argument("--from", dest="from_")
    export.add_argument("--to")
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(run=cmd_export)
    return parser


def _output_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print results as JSON lines on stdout")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _client(args) -> Client:
    return Client.from_saved(args.url)


# -- login / logout ------------------------------------------------------------------------------
def cmd_login(args) -> int:
    """Exchange email and password for a refresh token and save it."""
    url = args.url or os.environ.get("OCRFLOW_URL") or local.load_login().get("url") or "http://127.0.0.1:5000"
    email = args.email or input("email: ")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = os.environ.get("OCRFLOW_PASSWORD") or getpass.getpass("password: ")
    client = Client(url, email=email, password=password, journal=False)
    try:
        tokens = client.credentials.login()
    except OcrflowError as exc:
        raise AuthError(exc.code, f"login failed: {exc.message}") from None
    path = local.save_login(client.url, email, tokens["refresh_token"])
    print(f"Logged in to {client.url} as {email}; the token is saved in {path}", file=sys.stderr)
    return OK


def cmd_logout(args) -> int:
    """Revoke the saved refresh token on the server and delete it here."""
    saved = local.load_login()
    if saved.get("refresh_token"):
        client = Client(saved["url"], refresh_token=saved["refresh_token"], journal=False)
        try:
            client.transport.session.post(client.url + "/api/auth/logout", timeout=30,
                                          headers={"Authorization": f"Bearer {saved['refresh_token']}"})
        except OSError:
            print("ocrflow: the server could not be told; the token is deleted here only", file=sys.stderr)
    print("Logged out" if local.forget_login() else "Not logged in", file=sys.stderr)
    return OK


# -- submit ----------------------------------------------------------------------------------------
def expand(paths: list[str]) -> list[Path]:
    """Files named and files under the directories named (walked, sorted, hidden ones skipped)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or directory: {raw}")
    return files


def _display(args) -> tuple[Display, Console]:
    console = Console(stderr=False)
    if args.quiet or args.json:
        return Display(), console
    if sys.stdout.isatty():
        return Bars(console), console
    return Lines(), console


def cmd_submit(args) -> int:
    """Upload the files, optionally wait for them, write the results and a summary."""
    files = expand(args.paths)
    if not files:
        raise UsageError("no files to submit")
    options = {"language": args.language, "priority": args.priority, "template_id": args.template_id,
               "confidence_threshold": args.confidence_threshold, "extract_format": args.extract_format, "force": True if args.force else None}
    display, console = _display(args)
    started = now()
    with _client(args) as client:
        client.transport.on_wait = lambda why, s: display.note(f"waiting {s:.0f}s ({why})")
        if args.wait:
            client.listen(display.update)
            client.follow()  # before the uploads, so no event of theirs is missed
        display.start(len(files))
        try:
            jobs = client.submit_many(files, batch_size=args.batch_size, concurrency=args.concurrency,
                                      on_job=display.accepted, **options)
            if args.wait:
                client.wait(jobs, timeout=args.timeout)
        finally:
            display.stop()
        facts = summary(jobs, now() - started, client.requests_made)
    _report(args, jobs, facts, console)
    finished_badly = any(j.status in ("rejected", "failed", "cancelled") for j in jobs)
    unfinished = args.wait and any(j.status != "completed" for j in jobs)
    return FAILED if finished_badly or unfinished else OK


def _report(args, jobs, facts: dict, console: Console) -> None:
    if args.out is not None:
        write_results(args.out, jobs)
    if args.json:
        for job in jobs:
            print(json.dumps(job.to_line(), ensure_ascii=False))
        print(json.dumps({"summary": facts}), file=sys.stderr)
    elif not args.quiet:
        print_summary(console if sys.stdout.isatty() else Console(file=sys.stderr), facts)


# -- status, watch, export -----------------------------------------------------------------------
def cmd_status(args) -> int:
    """Print each job's state."""
    with _client(args) as client:
        jobs = [client.status(i) for i in args.ids]
    for job in jobs:
        if args.json:
            print(json.dumps(job.to_line() | {"stage": job.stage, "progress": job.progress}, ensure_ascii=False))
        elif not args.quiet:
            error = f"  {job.error.code}: {job.error.message}" if job.error else ""
            print(f"{job.ocr_result_id}  {job.status}  {job.stage or ''} {job.progress}%{error}")
    return OK if all(j.status in ("completed", "queued", "processing") for j in jobs) else FAILED


def cmd_watch(args) -> int:
    """Print events as they arrive (after `--after` first) until interrupted."""
    with _client(args) as client:
        for event in client.events(after=args.after):
            if args.json:
                print(json.dumps({"id": event.id, "type": event.type, "message": event.message,
                                  "data": event.data, "created_at": event.created_at}, ensure_ascii=False),
                      flush=True)
            else:
                job = event.data.get("ocr_result_id")
                extra = f" job {job} {event.data.get('stage') or ''} {event.data.get('progress', '')}" if job else ""
                print(f"{event.id:>6}  {event.type:<16}{extra}  {event.message}", flush=True)
    return OK


def cmd_export(args) -> int:
    """Download the results file."""
    suffix = args.out.suffix.lower().lstrip(".")
    kind = args.format or (suffix if suffix in ("csv", "xlsx") else "jsonl")
    with _client(args) as client:
        path = client.export(args.out, format=kind, batch_id=args.batch_id, status=args.status,
                             from_=args.from_, to=args.to)
    print(f"wrote {path}", file=sys.stderr)
    return OK


if __name__ == "__main__":
    sys.exit(main())
