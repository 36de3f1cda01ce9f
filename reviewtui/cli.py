"""Command line: parse arguments, open the store, run a command or the app. No UI logic here."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reviewtui import __version__
from reviewtui.domain.enums import MeetingState
from reviewtui.domain.text import count
from reviewtui.store.errors import StoreError
from reviewtui.store.repository import NoStore
from reviewtui.store.location import store_directory

if TYPE_CHECKING:
    from reviewtui.domain.models import Meeting
    from reviewtui.store import Store

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_STORE = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in what the user asked for: one line, exit 2."""


def _fail(message: str) -> None:
    print(f"reviewtui: {message}", file=sys.stderr)


def _open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    """Open the chosen store; only commands that write may create one (a typo must not make an empty store)."""
    from reviewtui.store import Store

    store = Store.open(store_directory(args.store), create=create)
    for problem in store.pending:  # a repair after a crash that could not be written (a read-only disk, say)
        _fail(f"not brought up to date after an interruption: {problem}; what is shown may be behind the record")
    return store


READ_ATTEMPTS = 3  # a read that a writer's save cut across is made again, up to this many times


class ReadAgain(Exception):
    """A writer replaced a store file while a reading command read it: read it all again."""


@contextmanager
def _reading(args: argparse.Namespace) -> Iterator[Store]:
    """Open the store for reading: no lock, no writes, so it works while a meeting is open elsewhere.

    What was read across files is consistent: if a writer replaced one meanwhile, the command runs again.
    While another process holds the store, standard error says the output is as of its last save."""
    from reviewtui.store import Store

    store = Store.open_reader(store_directory(args.store))
    try:
        yield store
    finally:
        store.close()
    if store.moved_on() and getattr(args, "read_attempt", 1) < READ_ATTEMPTS:
        raise ReadAgain
    holder = store.holder()
    if holder is not None:
        saved = store.last_saved()
        drafts = [m.id for m in store.drafts()]
        who = (f"meeting {drafts[0]} is open" if drafts else "the store is in use") + \
              f" (process {holder.pid} on {holder.host})"
        _fail(f"{who}: this is as of the last save at {saved:%H:%M:%S}" if saved else f"{who}: this is as of the "
              "last save")


def _store_option(args: argparse.Namespace) -> str:
    """' --store DIR' when the user gave one, so printed hints work when copied."""
    return f" --store {args.store}" if args.store else ""


def cmd_import(args: argparse.Namespace) -> int:
    # Imported here, not at the top: pydantic and the models cost about 110 ms that the app's start must not pay.
    from reviewtui.domain.importing import (
        InvalidQuarter, NotARegularFile, parse_quarter_csv, parse_quarter_json, read_import_file,
    )

    path = Path(args.file)
    kind = args.format or ("csv" if path.suffix.lower() == ".csv" else "json")
    try:
        raw = read_import_file(path)
        if kind == "csv":
            quarter = parse_quarter_csv(raw, quarter=args.quarter, start=args.start, end=args.end)
        else:
            if args.quarter or args.start or args.end:
                raise UsageError("--quarter, --start and --end are for CSV files (add --format csv if this is one); "
                                 "a JSON file carries its own")
            quarter = parse_quarter_json(raw)
    except NotARegularFile:
        raise UsageError(f"{path} is not a regular file; import reads a .json or .csv file") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    except InvalidQuarter as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        found = f"{count(len(error.problems), 'problem')} in {path}"
        if error.more:
            found = f"more than {found} (the first {len(error.problems)} are listed)"
        _fail(f"{found}; nothing was imported")
        return EXIT_BAD_INPUT
    with _open_store(args, create=True) as store:
        from reviewtui.store.repository import QuarterExists

        # Ids that differ only by case would share a folder on Windows and macOS, and read as one quarter anyway.
        twin = next((q.id for q in store.quarters() if q.id != quarter.id and q.id.casefold() == quarter.id.casefold()),
                    None)
        if twin:
            raise UsageError(f"the store already has quarter '{twin}', which differs from '{quarter.id}' only by case; "
                             f"import it as '{twin}' (with --replace) or choose another id")
        try:
            store.save_quarter(quarter, replace=args.replace)
        except QuarterExists as error:
            raise UsageError(str(error)) from None
        directory = store.directory
    print(f"imported {quarter.id}: {count(len(quarter.objectives), 'objective')}, "
          f"{count(len(quarter.key_results), 'key result')} into {directory}")
    print(f"next: reviewtui check {quarter.id}{_store_option(args)}")
    return EXIT_OK


def _pick_quarter(store: Store, quarter_id: str | None, today: date) -> str:
    quarters = store.quarters()
    if not quarters:
        raise UsageError(f"no quarters in {store.directory}; import one with: reviewtui import FILE")
    if quarter_id is None:
        current = [q for q in quarters if q.start <= today <= q.end]
        return (current or quarters)[-1].id
    if not any(q.id == quarter_id for q in quarters):
        known = ", ".join(q.id for q in quarters)
        raise UsageError(f"no quarter '{quarter_id}' in the store (it has: {known})")
    return quarter_id


def cmd_check(args: argparse.Namespace) -> int:
    from reviewtui.domain.planning import check_quarter, has_errors
    from reviewtui.export.findings import findings_json, findings_lines, findings_table, summary_line

    today = date.today()
    with _reading(args) as store:
        quarter = store.load_quarter(_pick_quarter(store, args.quarter, today))
    findings = check_quarter(quarter, today)
    if args.json:
        print(findings_json(quarter.id, findings))
    elif sys.stdout.isatty():
        from rich.console import Console

        console = Console(highlight=False)
        if findings:
            console.print(findings_table(quarter.id, findings))
        console.print(summary_line(quarter.id, findings), markup=False)
    else:
        for line in findings_lines(findings):
            print(line)
        print(summary_line(quarter.id, findings))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_quarters(args: argparse.Namespace) -> int:
    with _reading(args) as store:
        quarters = store.quarters()
        meetings = store.meetings()
    if args.json:
        print(json.dumps([{"id": q.id, "name": q.name, "start": q.start.isoformat(), "end": q.end.isoformat(),
                           "objectives": q.objectives, "key_results": q.key_results,
                           "meetings": sum(m.quarter_id == q.id for m in meetings)} for q in quarters], indent=2))
        return EXIT_OK
    if not quarters:
        print("no quarters yet; import one with: reviewtui import FILE")
    for q in quarters:
        print(f"{q.id}\t{q.start} to {q.end}\t{count(q.objectives, 'objective')}\t{count(q.key_results, 'key result')}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from reviewtui.domain.models import Quarter

    schema = Quarter.model_json_schema(by_alias=True, mode="validation")
    schema["title"] = "reviewtui quarter import file"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def _run_app(store: Store, today: date, review_quarter: str | None = None) -> int:
    """Run the app; its exit code is non-zero when it ended on an error (a meeting it could not save, say)."""
    from reviewtui.app import ReviewApp

    app = ReviewApp(store=store, today=today, review_quarter=review_quarter)
    # Everything imported so far lives as long as the process: frozen, the collector stops walking it on
    # every full collection (about 17 ms less garbage collection before the first screen is up). Here, not in
    # the app, so tests that build apps do not freeze the whole test process.
    gc.freeze()
    app.run()
    return app.return_code or EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    with _open_store(args, create=True) as store:
        return _run_app(store, date.today())


def cmd_review(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        quarter_id = _pick_quarter(store, args.quarter, date.today())
        return _run_app(store, date.today(), review_quarter=quarter_id)


def cmd_meetings(args: argparse.Namespace) -> int:
    with _reading(args) as store:
        if args.quarter is not None:
            _pick_quarter(store, args.quarter, date.today())
        meetings = [m for m in store.meetings(args.quarter) if args.all or m.state is not MeetingState.DISCARDED]
    if args.json:
        print(json.dumps([{"id": m.id, "quarter": m.quarter_id, "kind": m.kind.value, "facilitator": m.facilitator,
                           "started_at": m.started_at.isoformat(), "state": m.state.value, "key_results": m.reviews}
                          for m in meetings], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not meetings:
        print("no meetings yet; start one with: reviewtui review")
    for m in meetings:
        print(f"{m.id}\t{m.quarter_id}\t{m.started_at:%Y-%m-%d %H:%M}\t{m.kind.value}\t{m.state.value}\t"
              f"{count(m.reviews, 'key result')}\t{m.facilitator}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from reviewtui.export.meeting import meeting_csv, meeting_json, meeting_markdown
    from reviewtui.session import MeetingSession

    with _reading(args) as store:
        if args.output is not None and store.contains(Path(args.output)):
            raise UsageError(f"{args.output} is inside the store {store.directory}; an export never goes there "
                             "(the meeting's Markdown is kept in its exports folder): choose a path outside it")
        found = [m for m in store.meetings(args.quarter) if m.id == args.meeting]
        if not found:
            raise UsageError(f"no meeting '{args.meeting}' in the store; list them with: reviewtui meetings")
        if len(found) > 1:
            raise UsageError(f"meeting '{args.meeting}' exists in several quarters; add --quarter")
        session = MeetingSession.resume(store, found[0].quarter_id, found[0].id)
        if args.format == "md":
            text = meeting_markdown(session.meeting, session.quarter, session.report())
        elif args.format == "json":
            text = meeting_json(session.meeting) + "\n"
        elif args.format == "talking-points":
            if session.meeting.owner is None:
                raise UsageError(f"meeting '{args.meeting}' is not a 1:1 prep; talking points come from a 1:1 prep")
            text = session.talking_points()
        else:
            text = meeting_csv(session.meeting, session.quarter)
        unconfirmed = _not_a_record(session.meeting)
    if unconfirmed and args.format in ("md", "talking-points"):
        text = f"> **{unconfirmed}**\n\n{text}"  # said in the file, which travels without this terminal
    if unconfirmed:
        _fail(f"{args.meeting}: {unconfirmed}")  # JSON carries its state; a CSV row has no place for it
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
    print(f"wrote {args.output}")
    return EXIT_OK


def _not_a_record(meeting: Meeting) -> str:
    """Why an exported meeting is not its record, as a sentence (empty for a confirmed meeting)."""
    if meeting.state is MeetingState.DRAFT:
        return "Draft, not a record: the meeting is still open or was never confirmed."
    if meeting.state is MeetingState.DISCARDED:
        return "Discarded, not a record: it was thrown away and counts nowhere."
    return ""


def cmd_report(args: argparse.Namespace) -> int:
    from reviewtui.export.report import report_json, report_lines, report_markdown, report_renderable
    from reviewtui.reporting import build_quarter_report

    today = date.today()
    with _reading(args) as store:
        report = build_quarter_report(store, _pick_quarter(store, args.quarter, today), today)
    if args.json:
        print(report_json(report))
    elif args.md:
        sys.stdout.write(report_markdown(report))
    elif sys.stdout.isatty():
        from rich.console import Console

        Console(highlight=False).print(report_renderable(report))
    else:
        for line in report_lines(report):
            print(line)
    return EXIT_OK


def _watched_store(args: argparse.Namespace) -> Path:
    """The store that follow or serve watches; NoStore when the folder holds none (a mistyped path must not
    wait for a meeting that can never start there)."""
    directory = store_directory(args.store)
    if not (directory / "index.json").is_file():
        raise NoStore(f"no reviewtui store at {directory}; give --store the folder the facilitator's reviewtui "
                      "uses (the path its home screen shows)")
    return directory


def cmd_follow(args: argparse.Namespace) -> int:
    directory = _watched_store(args)
    from reviewtui.follow_app import FollowApp

    FollowApp(directory, presenter=args.presenter, attendee=args.name, signals=not args.no_signals).run()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port number (1 to 65535)")
    directory = _watched_store(args)
    from reviewtui.serve import FollowServer

    server = FollowServer(directory, args.host, args.port)
    try:
        server.serve()
    except OSError as error:
        raise UsageError(f"cannot serve on {args.host} port {args.port}: {error.strerror or error}; "
                         "choose another with --port") from None
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from reviewtui.demo import seed_demo
    from reviewtui.store import Store

    directory = Path(tempfile.mkdtemp(prefix="reviewtui-demo-"))
    today = date.today()
    with Store.open(directory) as store:
        seed_demo(store, today)
        code = _run_app(store, today)
    print(f"The demo store is kept at {directory}; open it again with: reviewtui --store {directory}")
    return code


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS,
                        help="store directory (default: $REVIEWTUI_STORE, else your user data dir)")
    parser = argparse.ArgumentParser(
        prog="reviewtui", parents=[common],
        description="Run live OKR review meetings that end in decisions. With no command, opens the app.",
        epilog="exit codes: 0 ok, 1 check found errors, 2 bad input or usage, 3 store busy or damaged",
    )
    parser.add_argument("--version", action="version", version=f"reviewtui {__version__}")
    parser.set_defaults(handler=cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser("demo", help="open the app on a fresh temporary copy of the demo quarter")
    demo.set_defaults(handler=cmd_demo)

    imp = commands.add_parser("import", parents=[common], help="import a quarter from a JSON or CSV file")
    imp.add_argument("file", help="the quarter file (.json, or .csv with one row per key result)")
    imp.add_argument("--replace", action="store_true", help="replace a quarter with the same id")
    imp.add_argument("--format", choices=["json", "csv"], help="file format (default: from the extension)")
    imp.add_argument("--quarter", help="CSV only: quarter id, e.g. 2026-Q4 (or a 'quarter' column)")
    imp.add_argument("--start", help="CSV only: first day, YYYY-MM-DD (or a 'start' column)")
    imp.add_argument("--end", help="CSV only: last day, YYYY-MM-DD (or an 'end' column)")
    imp.set_defaults(handler=cmd_import)

    check = commands.add_parser("check", parents=[common], help="run the planning check on a quarter")
    check.add_argument("quarter", nargs="?", help="quarter id (default: the current or latest quarter)")
    check.add_argument("--json", action="store_true", help="print findings as JSON")
    check.set_defaults(handler=cmd_check)

    review = commands.add_parser("review", parents=[common], help="start (or resume) a live review meeting")
    review.add_argument("quarter", nargs="?", help="quarter id (default: the current or latest quarter)")
    review.set_defaults(handler=cmd_review)

    follow = commands.add_parser("follow", parents=[common],
                                 help="follow the meeting in progress, read-only, from another terminal")
    follow.add_argument("--presenter", action="store_true",
                        help="start in the presenter view: the KR, its status and a large countdown")
    follow.add_argument("--name", metavar="NAME",
                        help="who you are, for a raised hand (h) or '+1 escalate' (e) (default: your login name)")
    follow.add_argument("--no-signals", action="store_true",
                        help="offer no raised hand or '+1 escalate' (how reviewtui serve runs it in a browser)")
    follow.set_defaults(handler=cmd_follow)

    serve = commands.add_parser("serve", parents=[common],
                                help="serve the read-only follower to web browsers, behind a secret link")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only; reach it by an SSH tunnel "
                            "or VPN)")
    serve.set_defaults(handler=cmd_serve)

    meetings = commands.add_parser("meetings", parents=[common], help="list meeting records")
    meetings.add_argument("quarter", nargs="?", help="only this quarter's meetings")
    meetings.add_argument("--json", action="store_true", help="print as JSON")
    meetings.add_argument("--all", action="store_true", help="also the meetings that were discarded")
    meetings.set_defaults(handler=cmd_meetings)

    export = commands.add_parser("export", parents=[common], help="write one meeting record as md, json or csv")
    export.add_argument("meeting", help="meeting id, as listed by 'reviewtui meetings'")
    export.add_argument("--format", choices=["md", "json", "csv", "talking-points"], default="md",
                        help="output format (default md); talking-points: a 1:1 prep's talking points, as Markdown")
    export.add_argument("--quarter", help="the meeting's quarter, when the id is in several")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(handler=cmd_export)

    report = commands.add_parser("report", parents=[common],
                                 help="the quarter's accountability report: escalation, follow-through, outcomes")
    report.add_argument("quarter", nargs="?", help="quarter id (default: the current or latest quarter)")
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--json", action="store_true", help="every figure as JSON")
    report_format.add_argument("--md", action="store_true", help="a Markdown document with charts")
    report.set_defaults(handler=cmd_report)

    quarters = commands.add_parser("quarters", parents=[common], help="list the quarters in the store")
    quarters.add_argument("--json", action="store_true", help="print as JSON")
    quarters.set_defaults(handler=cmd_quarters)

    schema = commands.add_parser("schema", parents=[common], help="print the JSON Schema of the import format")
    schema.set_defaults(handler=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the reviewtui command; returns the exit code."""
    args = build_parser().parse_args(argv)
    if not hasattr(args, "store"):
        args.store = None
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        args.read_attempt = 1
        while True:
            try:
                return handler(args)
            except ReadAgain:  # never on the last attempt
                args.read_attempt += 1
    except (UsageError, NoStore) as error:
        _fail(str(error))
        return EXIT_BAD_INPUT
    except StoreError as error:
        _fail(str(error))
        return EXIT_STORE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `reviewtui schema | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
