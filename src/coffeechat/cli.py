"""The ``coffeechat`` command.

    coffeechat serve [--port 8866] [--host 127.0.0.1] [--data-dir DIR] [--no-browser] ...

``serve`` runs standalone Voila on ``notebooks/workshop.ipynb`` with the kit's own template
(``share/jupyter/voila/templates/coffeechat``), as a child process. Ctrl-C or SIGTERM stops Voila and
every kernel it started.

Adding a subcommand is one ``cmd_<name>(args) -> int`` function plus one ``add_parser`` block in
:func:`build_parser` that ends with ``set_defaults(func=cmd_<name>)``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from typing import Sequence

import psutil

from . import __version__

#: ``src/coffeechat/share/jupyter``: put first on JUPYTER_PATH so Voila finds the ``coffeechat`` template.
SHARE_JUPYTER = Path(__file__).resolve().parent / "share" / "jupyter"
#: The repository's ``notebooks/`` folder; Voila serves the workshop notebook from here.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
DEFAULT_NOTEBOOK = NOTEBOOKS_DIR / "workshop.ipynb"
TEMPLATE = "coffeechat"
#: Kernels read the participants' data directory from this variable (see ``coffeechat.paths``).
DATA_DIR_ENV = "COFFEECHAT_DATA_DIR"

DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"
DEFAULT_CULL_IDLE_SECONDS = 900
#: How long ``serve`` waits for Voila to open its port before giving up.
STARTUP_TIMEOUT_SECONDS = 60.0
#: After SIGTERM, how long Voila and its kernels get before they are killed.
STOP_GRACE_SECONDS = 5.0


class _Stop(Exception):
    """Raised by the signal handler: the user asked ``serve`` to stop."""


# --------------------------------------------------------------------------------------------------
# serve
# --------------------------------------------------------------------------------------------------


def voila_command(
    notebook: Path,
    *,
    port: int,
    host: str,
    cull_idle_seconds: int,
    cull_interval_seconds: int,
) -> list[str]:
    """The argv that starts standalone Voila for the workshop.

    Every option name was checked against ``voila --help-all`` of Voila 0.5.13 (and, for the culling
    options, which Voila does not list, against ``jupyter_server``'s ``MappingKernelManager``).
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        # Voila never opens a browser itself; ``serve`` does, once the port is open.
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        # fail instead of silently moving to another port than the one printed
        "--Voila.port_retries=0",
        f"--template={TEMPLATE}",
        "--theme=light",
        # a visitor cannot switch template or theme with ?template=... / ?theme=...
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        # no tracebacks, no source code in the page
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        # /voila/files/ serves nothing: the allowlist's only pattern, (?!x)x, matches no path at all (an
        # empty list needs `=[]`, which traitlets reports as deprecated), and the denylist matches all
        "--VoilaConfiguration.file_allowlist=(?!x)x",
        "--VoilaConfiguration.file_denylist=.*",
        # kernels whose page is gone (lost unload beacon) are shut down; connected ones are kept
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_seconds}",
        f"--MappingKernelManager.cull_interval={cull_interval_seconds}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        # a kernel whose page reloads or closes first handles the keystrokes still queued, then stops
        "--VoilaConfiguration.multi_kernel_manager_class=coffeechat.kernels.PatientKernelManager",
        "--KernelManager.transport=ipc",  # kernel channels as private sockets on disk, not open TCP ports
    ]


def child_environment(data_dir: Path | None) -> dict[str, str]:
    """The environment for Voila (and so for its kernels): the kit's template first on JUPYTER_PATH."""
    env = dict(os.environ)
    jupyter_path = [str(SHARE_JUPYTER)]
    if env.get("JUPYTER_PATH"):
        jupyter_path.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    if data_dir is not None:
        env[DATA_DIR_ENV] = str(data_dir)
    return env


def prepare_data_dir(path: str, served_dir: Path) -> Path:
    """Create the participants' data directory (mode 0700) and refuse one inside the served folder."""
    directory = Path(path).expanduser().resolve()
    served = served_dir.resolve()
    if directory == served or served in directory.parents:
        raise SystemExit(
            f"coffeechat serve: the data directory {directory} lies inside {served}, the folder Voila "
            "serves. Choose a directory outside it."
        )
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True)
        os.chmod(directory, 0o700)
    elif not directory.is_dir():
        raise SystemExit(f"coffeechat serve: {directory} exists and is not a directory.")
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        print(
            f"coffeechat serve: warning: {directory} can be read by other users (mode {mode:o}); "
            f"consider: chmod 700 {directory}",
            file=sys.stderr,
        )
    return directory


def default_cull_interval(cull_idle_seconds: int) -> int:
    """Check for idle kernels about four times per timeout, at most once a minute, at least every second."""
    return max(1, min(60, cull_idle_seconds // 4))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def browser_url(host: str, port: int) -> str:
    """The address to open. A wildcard bind (0.0.0.0, ::) is opened via the loopback address."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def port_is_open(host: str, port: int, timeout: float = 0.5) -> bool:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
_POSIX = os.name == "posix"


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Undo the signal block ``serve`` holds around the fork; on Linux, also: if ``coffeechat serve`` itself
    is killed hard, Voila gets SIGTERM instead of living on."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:
        pass


def stop_process_tree(pid: int, grace: float = STOP_GRACE_SECONDS) -> list[int]:
    """Stop ``pid`` and all its descendants (Voila and its kernels). Returns the pids that were stopped.

    Voila is frozen (SIGSTOP) first, so it can start no new kernel (and restart none) while we collect its
    descendants. Kernels run in sessions of their own, so the process tree, not the process group, is
    what finds them. Everything gets SIGTERM; whatever still runs after ``grace`` seconds gets SIGKILL.
    """
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return []
    try:
        root.suspend()
    except psutil.Error:
        pass
    try:
        descendants = root.children(recursive=True)
    except psutil.Error:
        descendants = []
    procs = [root, *descendants]
    for proc in procs:
        try:
            proc.terminate()
        except psutil.Error:
            pass
    try:
        root.resume()  # a stopped process only acts on SIGTERM once it runs again
    except psutil.Error:
        pass
    _, alive = psutil.wait_procs(procs, timeout=grace)
    for proc in alive:
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=grace)
    return [proc.pid for proc in procs]


def cmd_serve(args: argparse.Namespace) -> int:
    notebook = Path(args.notebook).expanduser().resolve() if args.notebook else DEFAULT_NOTEBOOK
    if not notebook.is_file():
        print(f"coffeechat serve: notebook not found: {notebook}", file=sys.stderr)
        return 2
    if not (0 < args.port < 65536):
        print(f"coffeechat serve: invalid port {args.port}", file=sys.stderr)
        return 2
    if args.cull_idle_seconds < 0:
        print("coffeechat serve: --cull-idle-seconds must be 0 (off) or more", file=sys.stderr)
        return 2
    cull_interval = args.cull_interval_seconds or default_cull_interval(args.cull_idle_seconds)

    data_dir = prepare_data_dir(args.data_dir, notebook.parent) if args.data_dir else None

    if port_is_open(args.host, args.port):
        print(
            f"coffeechat serve: port {args.port} is already in use; choose another with --port.",
            file=sys.stderr,
        )
        return 1

    command = voila_command(
        notebook,
        port=args.port,
        host=args.host,
        cull_idle_seconds=args.cull_idle_seconds,
        cull_interval_seconds=cull_interval,
    )

    def on_signal(signum, frame):
        raise _Stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in _STOP_SIGNALS}
    child: subprocess.Popen | None = None
    try:
        # no stop signal between fork and `child = ...`: it would leave a Voila nobody stops
        if _POSIX:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            child = subprocess.Popen(
                command,
                cwd=notebook.parent,  # Voila reads voila.json/.py from its cwd: the repo's folder, not yours
                env=child_environment(data_dir),
                stdin=subprocess.DEVNULL,
                # its own session: a Ctrl-C in the terminal reaches only us, and we stop Voila in order
                start_new_session=True,
                preexec_fn=_child_setup if _POSIX else None,
            )
        finally:
            if _POSIX:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not port_is_open(args.host, args.port):
            if child.poll() is not None:
                print(f"coffeechat serve: Voila exited during startup (code {child.returncode}).", file=sys.stderr)
                return child.returncode or 1
            if time.monotonic() > deadline:
                print("coffeechat serve: Voila did not open its port in time.", file=sys.stderr)
                return 1
            time.sleep(0.1)

        url = browser_url(args.host, args.port)
        print(f"coffeechat: Workshop bereit / workshop ready: {url}   (Ctrl-C beendet / stops)", flush=True)
        if data_dir is not None:
            print(f"coffeechat: Antworten / answers: {data_dir}", flush=True)
        if not is_loopback(args.host):
            print(
                f"coffeechat: warning: listening on {args.host}: anyone who can reach this computer "
                "can open the workshop (there is no login).",
                file=sys.stderr,
                flush=True,
            )
        if not args.no_browser:
            try:
                webbrowser.open(url)
            except Exception:  # noqa: BLE001 - a missing browser must not stop the server
                pass

        returncode = child.wait()
        print(f"coffeechat serve: Voila stopped (code {returncode}).", file=sys.stderr)
        return returncode or 1
    except (_Stop, KeyboardInterrupt):
        return 0
    finally:
        # from here on, further Ctrl-C / SIGTERM must not interrupt the cleanup
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        if child is not None:
            stop_process_tree(child.pid)
            try:
                child.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --------------------------------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------------
# check, agenda, export, erase
# --------------------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from .content import check_directory, default_content_dir, load_workshop

    directory = Path(args.directory) if args.directory else default_content_dir()
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


def cmd_agenda(args: argparse.Namespace) -> int:
    from .agenda import agenda_text, module_table
    from .content import load_workshop

    workshop = load_workshop()
    if args.markdown:
        print(module_table(workshop))
        return 0
    try:
        print(agenda_text(workshop, args.format, args.language))
    except KeyError:
        formats = ", ".join(f.id for f in workshop.manifest.formats)
        print(f"coffeechat agenda: unknown format {args.format!r} (known: {formats})", file=sys.stderr)
        return 2
    return 0


def _open_journal(args: argparse.Namespace):
    from .journal import Journal

    if args.data_dir:
        os.environ[DATA_DIR_ENV] = str(Path(args.data_dir).expanduser().resolve())
    return Journal()


def _known_code(journal, code: str) -> str | None:
    from .codes import normalize_code

    canonical = normalize_code(code)
    if canonical is None or not journal.participant_exists(canonical):
        print(f"coffeechat: no participant with the code {code!r} in this data directory", file=sys.stderr)
        return None
    return canonical


def cmd_export(args: argparse.Namespace) -> int:
    from .content import load_workshop

    journal = _open_journal(args)
    code = _known_code(journal, args.code)
    if code is None:
        return 1
    if args.markdown:
        print(journal.export_markdown(code, load_workshop(), args.language))
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coffeechat",
        description="coffeechat: a workshop kit about the four fears that stop people from asking "
        "for informational interviews.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

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
        help=f"where participants' answers are saved (created with mode 0700; sets {DATA_DIR_ENV} for the "
        "kernels). Default: the kit's user data directory.",
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
        "--notebook",
        metavar="PATH",
        help=f"notebook to serve (default: {DEFAULT_NOTEBOOK})",
    )
    serve.set_defaults(func=cmd_serve)

    check = commands.add_parser(
        "check",
        help="validate the workshop content (every problem, with file, field and language)",
    )
    check.add_argument("directory", nargs="?", metavar="DIR", help="content folder (default: exercises/)")
    check.set_defaults(func=cmd_check)

    agenda = commands.add_parser("agenda", help="print the facilitator's agenda with minutes")
    agenda.add_argument("--format", metavar="ID", help="workshop format from workshop.yaml, e.g. ninety-minutes")
    agenda.add_argument("--language", default="de", help="language code (default: %(default)s)")
    agenda.add_argument("--markdown", action="store_true", help="the module table as Markdown (as in the README)")
    agenda.set_defaults(func=cmd_agenda)

    data_help = f"the data directory (default: ${DATA_DIR_ENV} or the kit's user data directory)"
    export = commands.add_parser("export", help="print everything a participant wrote (JSON or Markdown)")
    export.add_argument("code", help="the participant's resume code")
    export.add_argument("--markdown", action="store_true", help="readable Markdown instead of JSON")
    export.add_argument("--language", default="de", help="language of the Markdown (default: %(default)s)")
    export.add_argument("--data-dir", metavar="DIR", help=data_help)
    export.set_defaults(func=cmd_export)

    erase = commands.add_parser("erase", help="delete everything a participant wrote")
    erase.add_argument("code", help="the participant's resume code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--data-dir", metavar="DIR", help=data_help)
    erase.set_defaults(func=cmd_erase)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .content import ContentError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as error:
        print(f"coffeechat: the workshop content has problems (run 'coffeechat check'):\n{error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
