"""The ``coffeechat`` command: argument parsing, and one small function per subcommand.

    coffeechat serve [--port 8866] [--host 127.0.0.1] [--data-dir DIR | --database-url URL] [--no-browser] ...
    coffeechat check | agenda | guide | printables | export | erase | retention ...
    coffeechat content copy DIR | notebooks copy DIR

The commands that read the workshop content take ``--content DIR`` (else ``$COFFEECHAT_CONTENT_DIR``, else the
content the kit ships: :mod:`coffeechat.content.location`); ``serve`` hands its choice on to the kernels.

Serving itself (Voila's arguments, the process supervisor, signals) lives in :mod:`coffeechat.server.serving`;
where answers live (data directory or database URL) in :mod:`coffeechat.storage.paths`. Adding a subcommand is one
``cmd_<name>(args) -> int`` function plus one ``add_parser`` block in :func:`build_parser` that ends with
``set_defaults(func=cmd_<name>)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from coffeechat import __version__, environment
from coffeechat.content import ContentError, check_directory, load_workshop
from coffeechat.content.location import CONTENT_DIR_VAR, SHIPPED_CONTENT_DIR, content_dir
from coffeechat.documents.agenda import DEFAULT_START, agenda_text, module_table
from coffeechat.documents.export import take_home, to_markdown
from coffeechat.documents.guide import facilitator_guide
from coffeechat.documents.printables import every_printable
from coffeechat.server import serving
from coffeechat.server.guard import DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PER_CLIENT
from coffeechat.server.serving import (
    DEFAULT_CULL_IDLE_SECONDS,
    DEFAULT_HOST,
    DEFAULT_NOTEBOOK,
    DEFAULT_POOL_SIZE,
    DEFAULT_PORT,
)
from coffeechat.storage import paths
from coffeechat.storage.codes import normalize_code
from coffeechat.storage.database import MissingDriver
from coffeechat.storage.journal import Journal, JournalWriteError
from coffeechat.storage.paths import DatabaseUrlError, DataDirError
from coffeechat.storage.retention import DEFAULT_RETENTION_DAYS, HISTORY_DAYS, HISTORY_VERSIONS, Stale


class NoContentFolder(Exception):
    """The content folder a command was pointed at does not exist; the message names it and where it came from."""


def _content(args: argparse.Namespace) -> Path:
    """The content folder a command reads: ``--content``, else ``$COFFEECHAT_CONTENT_DIR``, else the shipped one."""
    chosen = getattr(args, "content", None)
    directory = content_dir(chosen).resolve()
    if not directory.is_dir():
        source = (
            "--content" if chosen else f"${CONTENT_DIR_VAR}" if os.environ.get(CONTENT_DIR_VAR) else "the kit's own"
        )
        raise NoContentFolder(
            f"no content folder at {directory} ({source}); 'coffeechat content copy DIR' makes an editable copy"
        )
    return directory


def cmd_serve(args: argparse.Namespace) -> int:
    content = _content(args)
    print(f"coffeechat serve: Inhalte / content: {content}", flush=True)
    return serving.serve(
        serving.ServeOptions(
            port=args.port,
            host=args.host,
            data_dir=args.data_dir,
            database_url=args.database_url,
            base_url=args.base_url,
            open_browser=not args.no_browser,
            cull_idle_seconds=args.cull_idle_seconds,
            cull_interval_seconds=args.cull_interval_seconds,
            notebook=args.notebook,
            content=str(content),
            replace_process=args.replace_process,
            pool_wanted=args.pool_wanted,
            max_kernels=args.max_kernels,
            max_kernels_per_client=args.max_kernels_per_client,
            connect_timeout_seconds=args.connect_timeout_seconds,
            allowed_hosts=tuple(args.allow_host),
            coach_join_url=args.coach_join_url,
        )
    )


def cmd_check(args: argparse.Namespace) -> int:
    if args.directory and args.content and Path(args.directory).resolve() != Path(args.content).resolve():
        print(
            f"coffeechat check: two folders given ({args.directory} and --content {args.content}); name one",
            file=sys.stderr,
        )
        return 2
    directory = Path(args.directory).resolve() if args.directory else _content(args)
    problems = check_directory(directory)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    workshop = load_workshop(directory)
    print(
        f"{directory}: OK – {len(workshop.module_ids)} modules, {len(workshop.bank.questions)} questions, "
        f"languages {', '.join(workshop.languages)}"
    )
    return 0


def _start_time(text: str) -> dt.time:
    """``9:30`` or ``09:30`` as a time, for ``--start``."""
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of day: {text!r} (write it like 09:30)") from None


def _known_format(workshop, format_id: str | None, command: str) -> bool:
    if format_id is None or format_id in {f.id for f in workshop.manifest.formats}:
        return True
    formats = ", ".join(f.id for f in workshop.manifest.formats)
    print(f"coffeechat {command}: unknown format {format_id!r} (known: {formats})", file=sys.stderr)
    return False


def cmd_agenda(args: argparse.Namespace) -> int:
    workshop = load_workshop(_content(args))
    if args.markdown:
        print(module_table(workshop))
        return 0
    if not _known_format(workshop, args.format, "agenda"):
        return 2
    print(agenda_text(workshop, args.format, args.language, args.start))
    return 0


def _write(folder: Path, stem: str, markdown: str, pdf: bytes) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{stem}.md", folder / f"{stem}.pdf"]
    written[0].write_text(markdown, encoding="utf-8")
    written[1].write_bytes(pdf)
    return written


def cmd_guide(args: argparse.Namespace) -> int:
    """The facilitator guide for a format, as Markdown and PDF."""
    from coffeechat.documents.pdf import document_pdf  # ReportLab: only for the commands that make PDFs

    workshop = load_workshop(_content(args))
    if not _known_format(workshop, args.format, "guide"):
        return 2
    document = facilitator_guide(workshop, args.format, args.language, args.start)
    stem = f"{workshop.t('print.file.guide', args.language)}-{args.format}-{args.language}"
    for path in _write(Path(args.out), stem, to_markdown(document), document_pdf(document)):
        print(path)
    return 0


def cmd_printables(args: argparse.Namespace) -> int:
    """The workbook, question bank, persona cards, observer sheet and plan template, as Markdown and PDF."""
    from coffeechat.documents.pdf import cards_pdf, document_pdf  # ReportLab: only for the commands that make PDFs

    workshop = load_workshop(_content(args))
    language = args.language
    for name, document in every_printable(workshop, language).items():
        stem = f"{workshop.t(f'print.file.{name}', language)}-{language}"
        if isinstance(document, list):
            title = workshop.t("print.persona_cards_title", language)
            markdown = "\n".join(to_markdown(card) for card in document)
            written = _write(Path(args.out), stem, markdown, cards_pdf(title, document))
        else:
            written = _write(Path(args.out), stem, to_markdown(document), document_pdf(document))
        for path in written:
            print(path)
    return 0


def _open_journal(args: argparse.Namespace) -> Journal:
    return Journal(paths.journal_location(args.database_url, args.data_dir))


def _known_code(journal, code: str) -> str | None:
    canonical = normalize_code(code)
    if canonical is None or not journal.participant_exists(canonical):
        where = "this database" if journal.path is None else "this data directory"
        print(f"coffeechat: no participant with the code {code!r} in {where}", file=sys.stderr)
        return None
    return canonical


def cmd_export(args: argparse.Namespace) -> int:
    journal = _open_journal(args)
    code = _known_code(journal, args.code)
    if code is None:
        return 1
    if args.markdown:
        print(to_markdown(take_home(load_workshop(_content(args)), journal.load(code), args.language)), end="")
    else:
        print(journal.export_json(code))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    journal = _open_journal(args)
    code = _known_code(journal, args.code)
    if code is None:
        return 1
    if not args.yes:
        answer = input(f"Erase everything participant {code} wrote? This cannot be undone. [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
            print("Nothing erased.")
            return 1
    rows = journal.erase(code)
    print(f"Erased participant {code} ({rows} rows).")
    return 0


def _retention_days(text: str) -> int:
    """``--older-than``'s value (or the environment's): a whole number of days, at least 1."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if days < 1:
        raise argparse.ArgumentTypeError(
            f"{days} days would delete everything, even what was written a moment ago; the period is at least 1 day"
        )
    return days


def _ages(stale: Stale, now: dt.datetime) -> str:
    """How long ago the oldest and newest of them were last active, in days (never a code or a text)."""
    if stale.oldest is None or stale.newest is None:
        return ""
    oldest, newest = (now - stale.oldest).days, (now - stale.newest).days
    return f", last active {newest} days ago" if oldest == newest else f", last active {newest} to {oldest} days ago"


def cmd_retention(args: argparse.Namespace) -> int:
    """Delete participants and rooms without activity for longer than the period (or say what would go)."""
    days = args.older_than
    if days is None:
        from_environment = os.environ.get(environment.RETENTION_DAYS.name, "").strip()
        try:
            days = _retention_days(from_environment) if from_environment else DEFAULT_RETENTION_DAYS
        except argparse.ArgumentTypeError as error:
            print(f"coffeechat retention: ${environment.RETENTION_DAYS.name}: {error}", file=sys.stderr)
            return 2
    journal = _open_journal(args)
    try:
        report = journal.retention.run(days, dry_run=args.dry_run)
        where = journal.describe()
    finally:
        journal.close()
    now = report.cutoff + dt.timedelta(days=days)
    print(
        f"{where}: retention {days} days (last activity before {report.cutoff:%Y-%m-%d %H:%M} UTC)\n"
        f"  participants: {report.participants.count}{_ages(report.participants, now)}\n"
        f"  rooms: {report.rooms.count}{_ages(report.rooms, now)}\n"
        f"  earlier versions of answers beyond the history's limit ({HISTORY_VERSIONS} newest per answer, "
        f"{HISTORY_DAYS} days): {report.history_versions}"
    )
    if report.dry_run:
        print("Dry run: nothing was deleted.")
    else:
        print(f"Deleted {report.deleted_rows} rows.")
    return 0


def _copy_into(target: Path, files: list[Path], source: Path) -> Path | None:
    """Copy ``files`` (below ``source``) into ``target``, a new or empty folder; None (and why) if it is not one.

    Plain copies, without the installed files' permissions: they are there to be edited."""
    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        print(f"coffeechat: {target} is a file, not a folder; nothing was copied", file=sys.stderr)
        return None
    if target.is_dir() and any(target.iterdir()):
        print(f"coffeechat: {target} is not empty; nothing was copied (choose a new or empty folder)", file=sys.stderr)
        return None
    for file in files:
        copy = target / file.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, copy)
    return target


def cmd_content_copy(args: argparse.Namespace) -> int:
    """An editable copy of the content the kit ships, for a coach's own wording."""
    files = sorted(p for p in SHIPPED_CONTENT_DIR.rglob("*") if p.is_file())
    target = _copy_into(Path(args.directory), files, SHIPPED_CONTENT_DIR)
    if target is None:
        return 1
    print(
        f"Copied the workshop content to {target}.\n"
        f"Edit its YAML files, then check them:  coffeechat check --content {target}\n"
        f"Use them:  coffeechat serve --content {target}  (or set {CONTENT_DIR_VAR}={target})"
    )
    return 0


def cmd_notebooks_copy(args: argparse.Namespace) -> int:
    """The self-paced notebooks (not the Voila app's ``workshop.ipynb``) in a folder of the learner's own."""
    files = sorted(paths.NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))
    target = _copy_into(Path(args.directory), files, paths.NOTEBOOKS_DIR)
    if target is None:
        return 1
    print(f"Copied {len(files)} notebooks to {target}.\nOpen them with:  jupyter lab {target}")
    return 0


def _add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        help=f"the workshop content to use, e.g. a copy made by 'coffeechat content copy' "
        f"(default: ${CONTENT_DIR_VAR} or the content the kit ships)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coffeechat",
        description="coffeechat: a workshop kit about the four fears that stop people from asking "
        "for informational interviews.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    database_help = (
        f"keep the answers in this PostgreSQL database (postgresql://USER:PASSWORD@HOST/DB) instead of the SQLite "
        f"file in the data directory; default: ${paths.DATABASE_URL_VAR}, passed on to the kernels"
    )
    serve = commands.add_parser(
        "serve",
        help="run the workshop for participants (standalone Voila)",
        description="Run the workshop with standalone Voila and the kit's template: one page, one "
        "kernel per participant. Ctrl-C stops Voila and all its kernels.",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default: %(default)s, this computer only; 0.0.0.0 for the room's network)",
    )
    serve.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where participants' answers are saved (created with mode 0700; passed to the kernels as "
        f"{paths.ENV_VAR}). Default: ${paths.ENV_VAR} or the kit's user data directory.",
    )
    serve.add_argument("--database-url", metavar="URL", help=database_help)
    serve.add_argument(
        "--base-url",
        default="/",
        metavar="PATH",
        help="the path the app is served under, e.g. /user/NAME/ behind JupyterHub (default: %(default)s)",
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument(
        "--cull-idle-seconds",
        type=int,
        default=DEFAULT_CULL_IDLE_SECONDS,
        metavar="S",
        help="shut down a kernel whose page has been gone for S seconds (default: %(default)s; 0: never)",
    )
    serve.add_argument(
        "--cull-interval-seconds",
        type=int,
        default=0,
        metavar="S",
        help="how often to look for such kernels (default: a quarter of --cull-idle-seconds, at most 60)",
    )
    serve.add_argument(
        "--pool-size",
        "--room-size",  # its name until 0.1: it sizes the pool of preheated kernels, not the facilitated room
        dest="pool_wanted",
        type=int,
        default=DEFAULT_POOL_SIZE,
        metavar="N",
        help="kernels kept preheated for people who open the link at the same moment, about 60 MB each, "
        "fewer if memory is short (default: %(default)s; 0: no pool; formerly --room-size)",
    )
    serve.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        metavar="N",
        help="live kernels on the server, the preheated ones counted; beyond them visitors get a 'room is full' "
        "page; more arrivals than the pool wait for theirs (default: what 80%% of the free memory holds at "
        "about 130 MB per kernel, printed at start; 0: no limit)",
    )
    serve.add_argument(
        "--max-kernels-per-client",
        type=int,
        default=DEFAULT_MAX_PER_CLIENT,
        metavar="N",
        help="live kernels one client address may hold (default: %(default)s; 0: no limit)",
    )
    serve.add_argument(
        "--connect-timeout-seconds",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT,
        metavar="S",
        help="shut down a kernel whose page did not connect within S seconds of being sent (default: %(default)s)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the server answers to besides its own addresses and localhost, e.g. the name of a "
        "TLS proxy in front of it; repeat for more, '*' for any (default behind --replace-process)",
    )
    serve.add_argument(
        "--notebook",
        metavar="PATH",
        help=f"notebook to serve (default: {DEFAULT_NOTEBOOK})",
    )
    _add_content_option(serve)
    serve.add_argument(
        "--replace-process",
        action="store_true",
        help="become Voila instead of supervising it (for a supervisor of your own, e.g. JupyterHub's proxy; "
        "Voila stops its kernels on SIGTERM)",
    )
    serve.add_argument(
        "--coach-server",
        dest="coach_join_url",
        metavar="JOIN_URL",
        help="this server is the coach's console and projector behind a login (the JupyterHub recipe's coach "
        "service): it makes the room's facilitator token and keeps it for its own pages, and the projector shows "
        "JOIN_URL, the address participants open (loopback addresses only)",
    )
    serve.set_defaults(func=cmd_serve)

    check = commands.add_parser(
        "check",
        help="validate the workshop content (every problem, with file, field and language)",
    )
    check.add_argument(
        "directory", nargs="?", metavar="DIR", help="content folder (default: the one the kit uses, see --content)"
    )
    _add_content_option(check)
    check.set_defaults(func=cmd_check)

    agenda = commands.add_parser(
        "agenda", help="print a format's run sheet: clock times, modules, breaks, role-play rounds, buffer"
    )
    agenda.add_argument("--format", metavar="ID", help="workshop format from workshop.yaml, e.g. ninety-minutes")
    agenda.add_argument("--language", default="de", help="language code (default: %(default)s)")
    agenda.add_argument(
        "--start", type=_start_time, default=DEFAULT_START, metavar="HH:MM", help="start time (default: 09:00)"
    )
    agenda.add_argument("--markdown", action="store_true", help="the module table as Markdown (as in the README)")
    _add_content_option(agenda)
    agenda.set_defaults(func=cmd_agenda)

    guide = commands.add_parser(
        "guide",
        help="write the facilitator guide for a format (run sheet, goals, notes, checklist) as PDF and Markdown",
    )
    guide.add_argument("--format", required=True, metavar="ID", help="workshop format from workshop.yaml")
    guide.add_argument("--language", default="de", help="language code (default: %(default)s)")
    guide.add_argument("--start", type=_start_time, default=DEFAULT_START, metavar="HH:MM", help="start time")
    guide.add_argument("--out", default=".", metavar="DIR", help="folder to write into (default: here)")
    _add_content_option(guide)
    guide.set_defaults(func=cmd_guide)

    printables = commands.add_parser(
        "printables",
        help="write the materials to print (workbook, question bank, persona cards, observer sheet, plan template)",
    )
    printables.add_argument("--language", default="de", help="language code (default: %(default)s)")
    printables.add_argument("--out", default=".", metavar="DIR", help="folder to write into (default: here)")
    _add_content_option(printables)
    printables.set_defaults(func=cmd_printables)

    data_help = f"the data directory (default: ${paths.ENV_VAR} or the kit's user data directory)"
    export = commands.add_parser("export", help="print everything a participant wrote (JSON or Markdown)")
    export.add_argument("code", help="the participant's resume code")
    export.add_argument("--markdown", action="store_true", help="readable Markdown instead of JSON")
    export.add_argument("--language", default="de", help="language of the Markdown (default: %(default)s)")
    export.add_argument("--data-dir", metavar="DIR", help=data_help)
    export.add_argument("--database-url", metavar="URL", help=database_help)
    _add_content_option(export)
    export.set_defaults(func=cmd_export)

    erase = commands.add_parser("erase", help="delete everything a participant wrote")
    erase.add_argument("code", help="the participant's resume code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--data-dir", metavar="DIR", help=data_help)
    erase.add_argument("--database-url", metavar="URL", help=database_help)
    erase.set_defaults(func=cmd_erase)

    retention = commands.add_parser(
        "retention",
        help="delete participants and rooms without activity for longer than the period (run it daily)",
        description="Delete every participant (with all their answers, history and room entries) and every room "
        "(with its members and word wall) whose last activity is older than the period, and prune the history "
        "of answers to what it keeps; nothing else. --dry-run only counts.",
    )
    retention.add_argument(
        "--older-than",
        type=_retention_days,
        metavar="DAYS",
        help=f"the period in days, at least 1 (default: ${environment.RETENTION_DAYS.name} or "
        f"{DEFAULT_RETENTION_DAYS})",
    )
    retention.add_argument(
        "--dry-run", action="store_true", help="say what would be deleted (counts and ages), delete nothing"
    )
    retention.add_argument("--data-dir", metavar="DIR", help=data_help)
    retention.add_argument("--database-url", metavar="URL", help=database_help)
    retention.set_defaults(func=cmd_retention)

    content = commands.add_parser("content", help="an editable copy of the workshop content")
    content_commands = content.add_subparsers(dest="action", metavar="ACTION", required=True)
    content_copy = content_commands.add_parser(
        "copy",
        help="copy the content the kit ships into DIR (a new or empty folder), to edit it there",
        description="Copy the workshop content the kit ships into a folder of your own. Edit the YAML files "
        f"there, check them with 'coffeechat check --content DIR' and use them with '--content DIR' "
        f"or ${CONTENT_DIR_VAR}=DIR.",
    )
    content_copy.add_argument("directory", metavar="DIR", help="a new or empty folder")
    content_copy.set_defaults(func=cmd_content_copy)

    notebooks = commands.add_parser("notebooks", help="the self-paced notebooks in a folder of your own")
    notebooks_commands = notebooks.add_subparsers(dest="action", metavar="ACTION", required=True)
    notebooks_copy = notebooks_commands.add_parser(
        "copy",
        help="copy the self-paced notebooks into DIR (a new or empty folder); then: jupyter lab DIR",
    )
    notebooks_copy.add_argument("directory", metavar="DIR", help="a new or empty folder")
    notebooks_copy.set_defaults(func=cmd_notebooks_copy)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as error:
        folder = content_dir(getattr(args, "content", None)).resolve()
        print(
            f"coffeechat: the workshop content in {folder} has problems (coffeechat check --content {folder}):"
            f"\n{error}",
            file=sys.stderr,
        )
        return 1
    except (DataDirError, DatabaseUrlError, MissingDriver, NoContentFolder) as error:
        print(f"coffeechat: {error}", file=sys.stderr)
        return 1
    except JournalWriteError as error:
        cause = str(error.__cause__ or error).strip().splitlines()[0]
        print(f"coffeechat: the journal cannot be used: {cause}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
