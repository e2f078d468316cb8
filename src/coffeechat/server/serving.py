"""Serving the workshop: standalone Voila as a child process, supervised until Ctrl-C or SIGTERM.

``serve`` runs Voila (as :mod:`coffeechat.server.voila_app` changes it: compressed, long-cached static files and
a kernel pool) on ``notebooks/workshop.ipynb`` with the kit's own template
(``server/jupyter/voila/templates/coffeechat``). Ctrl-C or SIGTERM stops Voila and every kernel it started.

For a room, ``serve`` keeps a pool of preheated kernels (:func:`plan_pool`): each has imported the kit,
loaded the content and opened the journal, and waits for a visitor, so a page is there in a moment when the
whole room presses the link at once. The pool is sized for the room (``--pool-size``) and for the memory
that is free.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path

import psutil

from coffeechat import environment
from coffeechat.content import check_directory, default_content_dir
from coffeechat.content.location import CONTENT_DIR_VAR
from coffeechat.room import model as room
from coffeechat.server import health
from coffeechat.server.guard import DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_PER_CLIENT
from coffeechat.storage import paths
from coffeechat.storage.database import MissingDriver, NewerSchema, redact
from coffeechat.storage.journal import Journal, JournalWriteError

#: ``src/coffeechat/server/jupyter``: put first on JUPYTER_PATH so Voila finds the ``coffeechat`` template.
SHARE_JUPYTER = Path(__file__).resolve().parent / "jupyter"
#: Voila serves the workshop notebook from here: the wheel's copy of the notebooks, or the checkout's (paths.py).
NOTEBOOKS_DIR = paths.NOTEBOOKS_DIR
DEFAULT_NOTEBOOK = NOTEBOOKS_DIR / "workshop.ipynb"
TEMPLATE = "coffeechat"

DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"
DEFAULT_CULL_IDLE_SECONDS = 900
#: How long ``serve`` waits for Voila to open its port before giving up.
STARTUP_TIMEOUT_SECONDS = 60.0
#: After SIGTERM, how long Voila and its kernels get before they are killed.
STOP_GRACE_SECONDS = 5.0
#: A room of this many participants gets a pool of as many preheated kernels, unless memory is short.
DEFAULT_POOL_SIZE = 30
#: What a participant's kernel holds, for the room's plan (bench_actions.py): 64 MB at the welcome page, 103 MB after
#: every module; a participant who edits a message loads the spelling dictionaries (German +85 MB, English +145 MB)
KERNEL_MEMORY_MB = 130
#: The pool and the room's own kernels may use at most this share of the memory free at start.
MEMORY_SHARE = 0.6
#: All live kernels together (the pool counted) may use at most this share of the memory free at start: the
#: server-wide limit beyond which a visitor gets the "room is full" page. The rest is for Voila itself, the
#: system and the coach's browser; there is no swap to fall back on, and a kernel the system kills loses work.
MEMORY_LIMIT_SHARE = 0.8
#: where the memory limit of a container (cgroup v2, then v1) is read
CGROUP_MEMORY = (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/memory"))
#: this process's own cgroups (v2 ``0::/path``, v1 ``N:memory:/path``): a systemd unit's or a slice's limit
PROC_CGROUP = Path("/proc/self/cgroup")
#: Nbclient drops a cell's output that arrives later than this after the cell's reply (its default: 4 s,
#: which a busy 2-core machine exceeds: the participant got a blank page). Output is never dropped early now.
IOPUB_TIMEOUT_SECONDS = 300
#: The front-end extensions the app uses: the widget managers and anywidget (not, e.g., jupyterlab_pygments).
FRONTEND_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8", "anywidget")


def runtime_root() -> Path:
    """Where Voila keeps the kernels' connection files (they hold the kernels' keys): a folder of this
    user's own (mode 0700) in the temporary directory, one subfolder per ``serve`` (named by its pid)."""
    return Path(tempfile.gettempdir()) / f"coffeechat-runtime-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


def runtime_dir(pid: int | None = None) -> Path:
    """This ``serve``'s folder for connection files, after removing those of every ``serve`` that is gone
    (killed with ``kill -9``, its Voila with it, so nobody removed them)."""
    root = runtime_root()
    root.mkdir(mode=0o700, exist_ok=True)
    if root.is_symlink() or (hasattr(os, "getuid") and root.stat().st_uid != os.getuid()):
        raise RuntimeError(f"{root} is not a folder of this user's own")
    os.chmod(root, 0o700)
    for folder in root.iterdir():
        if folder.name.isdigit() and not psutil.pid_exists(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
    mine = root / str(pid or os.getpid())
    mine.mkdir(mode=0o700, exist_ok=True)
    return mine


class _Stop(Exception):
    """Raised by the signal handler: the user asked ``serve`` to stop."""


@dataclass(frozen=True)
class PoolPlan:
    """How many kernels to preheat for a room, and why (``message`` is what ``serve`` prints)."""

    pool_wanted: int
    pool_size: int
    message: str


def plan_pool(pool_wanted: int, available_bytes: int, kernel_mb: int = KERNEL_MEMORY_MB) -> PoolPlan:
    """A pool as large as the room, as long as the room's kernels and the pool fit into the free memory.

    At the peak a room holds two kernels per participant: the one they use and the pooled one that replaced
    it. Both must fit into :data:`MEMORY_SHARE` of what is free, or the pool shrinks (to none at all).
    """
    kernel_bytes = kernel_mb * 2**20
    fits = int(available_bytes * MEMORY_SHARE / kernel_bytes) // 2
    pool = max(0, min(pool_wanted, fits))
    gigabytes = pool * kernel_bytes / 2**30
    if pool_wanted <= 0:
        message = "coffeechat: Kein Kernel vorgewärmt / no kernels preheated (--pool-size 0)."
    elif pool == pool_wanted:
        message = (
            f"coffeechat: {pool} Kernel vorgewärmt / {pool} kernel{'s' if pool != 1 else ''} preheated for a room of "
            f"{pool_wanted} "
            f"(about {gigabytes:.1f} GB; --pool-size N changes it)."
        )
    else:
        message = (
            f"coffeechat: warning: only {available_bytes / 2**30:.1f} GB of memory free: {pool} kernels preheated "
            f"instead of {pool_wanted} (about {kernel_mb} MB each, for the pool and again for each participant)."
        )
    return PoolPlan(pool_wanted, pool, message)


@dataclass(frozen=True)
class Capacity:
    """How many people the server takes at once (``message`` is what ``serve`` prints).

    ``max_kernels`` live kernels at most, the preheated ones counted (0: no limit); ``people`` of them are
    participants' kernels (the rest is the pool, which refills after each arrival)."""

    max_kernels: int
    people: int
    message: str


def plan_capacity(
    pool_size: int, available_bytes: int, max_kernels: int | None = None, kernel_mb: int = KERNEL_MEMORY_MB
) -> Capacity:
    """The server-wide limit: as many kernels as :data:`MEMORY_LIMIT_SHARE` of the free memory holds at
    ``kernel_mb`` each (unless ``max_kernels`` is given), never fewer than the pool and one participant.

    Arrivals beyond the pool are not turned away: each gets the page with its loading screen at once, and
    their kernels start one after the other, before any refill of the pool
    (:class:`coffeechat.server.kernels.PatientKernelManager`). Only a visitor who would take the server past this
    limit (the kernels that live, and those of visitors still waiting for theirs) gets the "room is full"
    page.
    """
    if max_kernels is None:
        max_kernels = max(pool_size + 1, int(available_bytes * MEMORY_LIMIT_SHARE / (kernel_mb * 2**20)))
    if max_kernels == 0:
        return Capacity(
            0,
            0,
            "coffeechat: Keine Obergrenze / no limit on kernels (--max-kernels 0): "
            "a crowd larger than the memory holds can exhaust this machine.",
        )
    people = max(0, max_kernels - pool_size)
    return Capacity(
        max_kernels,
        people,
        f"coffeechat: Platz für etwa {people} Personen gleichzeitig / room for about {people} people at once on "
        f"this machine ({available_bytes / 2**30:.1f} GB free, about {kernel_mb} MB per kernel, at most "
        f"{max_kernels} kernels with the {pool_size} preheated; --max-kernels N changes it). More arrivals than "
        "preheated kernels wait for theirs with the loading screen; only beyond that limit a visitor is asked "
        "to come back in a minute.",
    )


def cgroup_folders(proc_cgroup: Path = PROC_CGROUP, roots: tuple[Path, Path] = CGROUP_MEMORY) -> list[Path]:
    """Every cgroup folder whose memory limit applies to this process: the roots (what a container sees of
    its own cgroup), then this process's own cgroup and each of its parents, as ``/proc/self/cgroup`` names
    them (on a machine without a container of its own: a systemd unit's ``MemoryMax``, its slice's)."""
    folders = list(roots)
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        return folders
    for line in lines:
        _id, controllers, path = line.split(":", 2) if line.count(":") >= 2 else ("", "-", "")
        if controllers == "":
            root = roots[0]  # cgroup v2: one hierarchy
        elif "memory" in controllers.split(","):
            root = roots[1]  # cgroup v1: the memory controller's hierarchy
        else:
            continue
        own = root / path.strip("/")
        while own != root and own not in folders:
            folders.append(own)
            own = own.parent
    return folders


def available_memory(cgroup: Path | None = None, system_available: int | None = None) -> int:
    """The memory free for the room: the system's available memory, or less when a cgroup's limit (cgroup v2
    ``memory.max``, v1 ``memory.limit_in_bytes``) leaves less: a container's (a JupyterHub pod, a Docker
    limit), a systemd unit's or its slice's (:func:`cgroup_folders`); the pool and the room's limit both
    plan with it (:func:`plan_the_room`)."""
    free = psutil.virtual_memory().available if system_available is None else system_available
    for folder in (cgroup,) if cgroup is not None else cgroup_folders():
        for limit_name, usage_name in (
            ("memory.max", "memory.current"),
            ("memory.limit_in_bytes", "memory.usage_in_bytes"),
        ):
            try:
                limit = (folder / limit_name).read_text().strip()
                usage = int((folder / usage_name).read_text().strip())
            except (OSError, ValueError):
                continue
            if limit.isdigit() and int(limit) < 2**60:
                free = min(free, max(0, int(limit) - usage))
    return free


def voila_command(
    notebook: Path,
    *,
    port: int,
    host: str,
    cull_idle_seconds: int,
    cull_interval_seconds: int,
    base_url: str = "/",
    runtime: Path | None = None,
    pool_size: int = 0,
    max_starting: int = 2,
    max_pool_starting: int = 1,
    max_kernels: int = 0,
    max_kernels_per_client: int = DEFAULT_MAX_PER_CLIENT,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    allowed_hosts: tuple[str, ...] = (),
) -> list[str]:
    """The argv that starts standalone Voila for the workshop; ``base_url`` is the path it is served under
    (``/user/<name>/`` behind JupyterHub, where the hub's proxy passes the full path on).

    Every option name was checked against ``voila --help-all`` of Voila 0.5.13 (and, for the culling
    options, which Voila does not list, against ``jupyter_server``'s ``MappingKernelManager``).
    """
    pool = (
        [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={pool_size}",
        ]
        if pool_size > 0
        else []
    )
    return [
        sys.executable,
        "-m",
        "coffeechat.server.voila_app",
        str(notebook),
        # Voila never opens a browser itself; ``serve`` does, once the port is open.
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        f"--Voila.base_url={base_url}",
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
        "--VoilaConfiguration.multi_kernel_manager_class=coffeechat.server.kernels.PatientKernelManager",
        "--KernelManager.transport=ipc",  # kernel channels as private sockets on disk, not open TCP ports
        # jupyter-server-proxy (the hub extra) installs a JupyterLab extension that Voila would load into every
        # page, where it fails for want of JupyterLab's file browser: the page never needs it
        "--VoilaConfiguration.extension_denylist=@jupyterhub/jupyter-server-proxy",
        # kernels start one after the other (a visitor's before a refill of the pool), see kernels.py
        f"--PatientKernelManager.max_starting={max_starting}",
        f"--PatientKernelManager.max_pool_starting={max_pool_starting}",
        *pool,
        # connection files in a folder of serve's own that the next serve cleans up after a kill -9
        *([f"--Voila.connection_dir_root={runtime}"] if runtime else []),
        # the room's limits and the guard (coffeechat.server.guard): counted with the pool, per client address
        f"--PatientKernelManager.max_kernels={max_kernels}",
        f"--PatientKernelManager.max_kernels_per_client={max_kernels_per_client}",
        f"--PatientKernelManager.connect_timeout={connect_timeout}",
        *(f"--WorkshopVoila.allowed_hosts={host}" for host in allowed_hosts),
        # a cell's output is never dropped because it arrived late on a busy machine (voila-dashboards/voila#685)
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
        # only the front-end extensions the app uses are loaded into the page
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in FRONTEND_EXTENSIONS),
    ]


#: the participants' address for the projector's QR code (read by coffeechat.pages.facilitator)
JOIN_URL_VAR = environment.JOIN_URL.name
#: the room's token for the pages of a coach's server behind a login (``--coach-server``)
FACILITATOR_TOKEN_VAR = environment.FACILITATOR_TOKEN.name
#: Environment variables that JupyterHub hands a single-user server and that no kernel needs.
HUB_SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")


def child_environment(
    data_dir: Path | None,
    database_url: str | None = None,
    join_url: str | None = None,
    content_dir: Path | None = None,
    facilitator_token: str = "",
) -> dict[str, str]:
    """The environment for Voila (and so for its kernels): the kit's template first on JUPYTER_PATH, and
    where the answers live (the kernels follow exactly what ``serve`` decided: a database URL or none) and
    the content ``serve`` checked (the kernels load it themselves)."""
    env = dict(os.environ)
    # Behind JupyterHub: the hub's API token is for the proxy in front of us, never for Voila or a kernel.
    for name in HUB_SECRETS:
        env.pop(name, None)
    if database_url:
        env[paths.DATABASE_URL_VAR] = database_url
    else:
        env.pop(paths.DATABASE_URL_VAR, None)
    jupyter_path = [str(SHARE_JUPYTER)]
    if env.get("JUPYTER_PATH"):
        jupyter_path.append(env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    if data_dir is not None:
        env[paths.ENV_VAR] = str(data_dir)
    if content_dir is not None:
        env[CONTENT_DIR_VAR] = str(content_dir)
    # the projector shows the address participants open (the LAN address serve printed)
    if join_url:
        env[JOIN_URL_VAR] = join_url
    else:
        env.pop(JOIN_URL_VAR, None)
    # only a coach's server behind a login hands its kernels the room's token (``--coach-server``)
    if facilitator_token:
        env[FACILITATOR_TOKEN_VAR] = facilitator_token
    else:
        env.pop(FACILITATOR_TOKEN_VAR, None)
    return env


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


#: a UDP "connect" to this address sends nothing but makes the system pick the interface of its default route
#: (TEST-NET-3, RFC 5737: never a real host)
_ROUTE_PROBE = ("203.0.113.1", 9)


def lan_address() -> str | None:
    """The IPv4 address others on the network reach this machine at, or None (no network).

    The address of the interface the default route uses (a UDP socket's connect picks it and sends nothing);
    without a default route (an offline room network), the first address of an interface that is up and is
    neither loopback nor link-local.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE)
            address = probe.getsockname()[0]
        if _reachable(address):
            return address
    except OSError:
        pass
    try:
        stats = psutil.net_if_stats()
        for name, addresses in psutil.net_if_addrs().items():
            if name in stats and not stats[name].isup:
                continue
            for entry in addresses:
                if entry.family == socket.AF_INET and _reachable(entry.address):
                    return entry.address
    except (OSError, psutil.Error):
        pass
    return None


def _reachable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)


def participant_url(host: str, port: int, base_url: str = "/") -> str:
    """The address the room opens: for a wildcard bind the machine's LAN address, else the host itself."""
    if host in ("", "0.0.0.0", "::"):
        host = lan_address() or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{base_url}"


@dataclass(frozen=True)
class RoomLinks:
    """What ``serve`` prints for a room: the participants' link and the coach's two (with the secret token)."""

    participants: str
    console: str
    projector: str
    #: the token this server's own kernels hold (``--coach-server``: behind a login, the pages need none in
    #: their address); "" for a room whose coach carries the token in the links
    server_token: str = ""


def room_links(participants: str, local: str, token: str) -> RoomLinks:
    """The participants' address, and the console and projector on the coach's own machine (``local``)."""
    return RoomLinks(
        participants=participants,
        console=f"{local}?room=console&token={token}",
        projector=f"{local}?room=projector&token={token}",
    )


def new_facilitator_token(location: Path | str) -> str:
    """A token for this run's room: only its hash goes into the journal the kernels open, as the only one.

    Links of earlier runs stop working (their pages show "not for you" at their next look) and the room they
    opened passes to this token, with everyone in it (``journal.rooms.make_only_facilitator_token``)."""
    token = room.new_token()
    with Journal(location) as journal:
        journal.rooms.make_only_facilitator_token(room.token_hash(token))
    return token


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


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
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
    except Exception:  # noqa: BLE001 - no such libc: Voila then outlives a killed supervisor
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


def stop_kernels_using(folder: Path, grace: float = STOP_GRACE_SECONDS) -> list[int]:
    """Stop the processes started with a connection file in ``folder``: the kernels of a Voila that is gone
    (killed with ``kill -9``, its kernels live on and one still starting writes its files there again).
    SIGTERM, then SIGKILL after ``grace`` seconds; the pids that were stopped."""
    mark = os.path.join(str(folder), "")  # with its separator: the folder of serve 12 is not that of serve 123
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if proc.pid != os.getpid() and any(mark in arg for arg in proc.info["cmdline"] or ()):
                proc.terminate()
                found.append(proc)
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(found, timeout=grace)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=grace)
    return [proc.pid for proc in found]


@dataclass(frozen=True)
class ServeOptions:
    """What ``coffeechat serve`` was asked for."""

    port: int = DEFAULT_PORT
    host: str = DEFAULT_HOST
    data_dir: str | None = None
    database_url: str | None = None
    base_url: str = "/"
    open_browser: bool = True
    cull_idle_seconds: int = DEFAULT_CULL_IDLE_SECONDS
    cull_interval_seconds: int = 0
    notebook: str | None = None
    #: the content folder (``--content``; None: ``$COFFEECHAT_CONTENT_DIR`` or the shipped content), for the kernels too
    content: str | None = None
    #: Become Voila (exec) instead of supervising it: for when something else supervises, as JupyterHub's
    #: proxy does. Voila stops its kernels itself on SIGTERM; one Python process less per participant.
    replace_process: bool = False
    pool_wanted: int = DEFAULT_POOL_SIZE
    #: live kernels on the server, the pool counted (None: what memory holds, :func:`plan_capacity`; 0: no limit)
    max_kernels: int | None = None
    max_kernels_per_client: int = DEFAULT_MAX_PER_CLIENT
    #: a kernel whose page opened no websocket this long after it was sent is shut down
    connect_timeout_seconds: float = DEFAULT_CONNECT_TIMEOUT
    #: more Host names to answer to ("*": any; behind JupyterHub's proxy, which routes by path, that is the default)
    allowed_hosts: tuple[str, ...] = ()
    #: ``--coach-server``: the participants' address, for a server that is the coach's console behind a login
    #: (the JupyterHub recipe's "coach" service); None for a participant's or a laptop's server
    coach_join_url: str | None = None


def check_database(url: str) -> str | None:
    """Open the PostgreSQL journal once (creating its tables if new), so a database that is wrong stops
    ``serve`` with a message instead of failing in every participant's kernel: one whose server answered and
    refused (a wrong password, user or database name, no right to create the tables) or that a newer
    coffeechat wrote. Raises :class:`DatabaseUnusable` with the driver's own words (for the operator; no
    password).

    A server that does not answer now (down, restarting, unreachable: :func:`coffeechat.server.health.unreachable_now`)
    is an outage, not a mistake: the warning to print is returned and ``serve`` starts anyway; participants get
    the outage page until it answers (``healthz`` says 503 meanwhile). None when the journal opened."""
    try:
        Journal(url).close()
    except NewerSchema as error:
        raise DatabaseUnusable(f"cannot use the database {redact(url)}: {error}") from error
    except JournalWriteError as error:
        cause = str(error.__cause__ or error).strip().splitlines()[0]
        if health.unreachable_now(error):
            return (
                f"the database {redact(url)} does not answer now ({cause}); serving anyway: participants get a "
                "page that waits for it and opens the workshop once it answers (healthz: 503 until then)"
            )
        raise DatabaseUnusable(f"cannot use the database {redact(url)}: {cause}") from error
    return None


class DatabaseUnusable(Exception):
    """``serve`` cannot open the PostgreSQL journal; the message names the database and the driver's reason."""


class Refused(Exception):
    """``serve`` cannot start: ``str(error)`` is what it prints, ``code`` its exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Prepared:
    """What ``serve`` checked and decided before Voila starts."""

    notebook: Path
    data_dir: Path | None
    database_url: str | None
    cull_interval: int
    #: the room's links (None on a loopback address: one person, no room)
    links: RoomLinks | None
    #: the content checked, which the kernels load
    content_dir: Path


def check_options(options: ServeOptions) -> Path:
    """The notebook to serve, once the numbers asked for make sense (:class:`Refused` if not)."""
    notebook = Path(options.notebook).expanduser().resolve() if options.notebook else DEFAULT_NOTEBOOK
    if not notebook.is_file():
        raise Refused(f"notebook not found: {notebook}")
    if not (0 < options.port < 65536):
        raise Refused(f"invalid port {options.port}")
    if options.pool_wanted < 0:
        raise Refused("--pool-size must be 0 (no pool) or more")
    if options.cull_idle_seconds < 0:
        raise Refused("--cull-idle-seconds must be 0 (off) or more")
    return notebook


def check_content(content_dir: Path) -> None:
    """The content is sound: otherwise every participant would get only the error card, so the facilitator
    hears it now instead, every problem at once."""
    problems = check_directory(content_dir)
    if problems:
        raise Refused(
            "\n".join(
                [
                    f"Inhalte fehlerhaft / the content in {content_dir} has {len(problems)} problem(s); "
                    "fix them (coffeechat check shows them too), then start again:",
                    *(f"  - {problem}" for problem in problems),
                ]
            )
        )


def prepare_storage(options: ServeOptions, notebook: Path) -> tuple[Path | None, str | None]:
    """Where the answers live: the data folder (outside what Voila serves) and the database URL, both checked."""
    data_dir = None
    if options.data_dir:
        try:
            data_dir = paths.data_dir(options.data_dir, served=notebook.parent)
        except paths.DataDirError as error:
            raise Refused(str(error)) from error
        warning = paths.readable_by_others(data_dir)
        if warning:
            print(f"coffeechat serve: warning: {warning}", file=sys.stderr)
    if not (options.base_url.startswith("/") and options.base_url.endswith("/")):
        raise Refused(f"--base-url must start and end with '/' (got {options.base_url!r})")
    try:
        database_url = paths.database_url(options.database_url)
        warning = check_database(database_url) if database_url else None
        if warning:
            print(f"coffeechat serve: warning: {warning}", file=sys.stderr, flush=True)
    except (paths.DatabaseUrlError, DatabaseUnusable, MissingDriver) as error:
        raise Refused(str(error)) from error
    return data_dir, database_url


def open_the_room(options: ServeOptions, data_dir: Path | None, database_url: str | None) -> RoomLinks | None:
    """On a network address, the room: the coach's console and projector behind a token made for this run.

    A coach's server behind a login (``--coach-server``, JupyterHub's "coach" service) makes the token too, on
    its loopback address, and keeps it for its own pages (:attr:`RoomLinks.server_token`): whoever the login
    lets through is the coach. A coach rehearsing on their laptop (``make serve``: loopback, a data folder of
    this machine) gets the links too, for this computer only (:func:`rehearsal`). Any other loopback server (a
    participant's server on the hub, behind its proxy, on the hub's shared database) makes none, so it never
    retires the coach's."""
    coach = options.coach_join_url
    if coach and not is_loopback(options.host):
        raise Refused(
            "--coach-server gives every visitor the console: serve it on a loopback address (the default) "
            "behind the login of a proxy such as JupyterHub's, never on the network."
        )
    if coach and not coach.startswith(("http://", "https://")):
        raise Refused(f"--coach-server wants the participants' address, http(s)://... (got {coach!r})")
    if is_loopback(options.host) and not coach and not rehearsal(options, database_url):
        return None
    try:
        token = new_facilitator_token(paths.journal_location(database_url, data_dir))
    except (JournalWriteError, OSError) as error:
        raise Refused(f"cannot open the journal for the room: {error}") from error
    local = browser_url(options.host, options.port).rstrip("/") + options.base_url
    if coach:  # the token stays out of the links (and so out of any log): the login guards this server
        return RoomLinks(coach, f"{local}?room=console", f"{local}?room=projector", server_token=token)
    return room_links(participant_url(options.host, options.port, options.base_url), local, token)


def rehearsal(options: ServeOptions, database_url: str | None) -> bool:
    """Whether a loopback ``serve`` is a coach's rehearsal on their own computer: supervised in a terminal (not
    a server a proxy starts and that becomes Voila, as JupyterHub's participants' servers are) and with the
    answers in a data folder of this machine (not a shared database, where a new token would retire the
    coach's). Only this computer reaches a loopback address, so the console's links are the coach's alone."""
    return is_loopback(options.host) and not options.replace_process and not database_url


def prepare(options: ServeOptions) -> Prepared:
    """Everything ``serve`` checks before Voila starts, in the order a coach meets it (:class:`Refused` if not)."""
    notebook = check_options(options)
    cull_interval = options.cull_interval_seconds or default_cull_interval(options.cull_idle_seconds)
    content_dir = Path(options.content or default_content_dir()).expanduser().resolve()
    check_content(content_dir)
    data_dir, database_url = prepare_storage(options, notebook)
    if port_is_open(options.host, options.port):
        raise Refused(f"port {options.port} is already in use; choose another with --port.", code=1)
    links = open_the_room(options, data_dir, database_url)
    return Prepared(notebook, data_dir, database_url, cull_interval, links, content_dir)


def plan_the_room(pool_wanted: int, max_kernels: int | None) -> tuple[PoolPlan, Capacity]:
    """The pool and the server-wide limit, for the memory free now."""
    free = available_memory()
    pool = plan_pool(pool_wanted, free)
    return pool, plan_capacity(pool.pool_size, free, max_kernels)


def command_for(options: ServeOptions, ready: Prepared, pool: PoolPlan, capacity: Capacity, runtime: Path) -> list[str]:
    """Voila's command line for what was asked, checked and planned."""
    cores = os.cpu_count() or 2
    return voila_command(
        ready.notebook,
        port=options.port,
        host=options.host,
        cull_idle_seconds=options.cull_idle_seconds,
        cull_interval_seconds=ready.cull_interval,
        base_url=options.base_url,
        runtime=runtime,
        pool_size=pool.pool_size,
        max_starting=max(1, cores),
        max_pool_starting=max(1, cores // 2),
        max_kernels=capacity.max_kernels,
        max_kernels_per_client=options.max_kernels_per_client,
        connect_timeout=options.connect_timeout_seconds,
        allowed_hosts=options.allowed_hosts or (("*",) if options.replace_process else ()),
    )


def start_voila(command: list[str], ready: Prepared) -> subprocess.Popen:
    """Voila as a child in a session of its own (a Ctrl-C in the terminal reaches only ``serve``, which then
    stops Voila in order); no stop signal is handled between the fork and the return, or nobody would stop it."""
    if _POSIX:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        return subprocess.Popen(
            command,
            cwd=ready.notebook.parent,  # Voila reads voila.json/.py from its cwd: the repo's folder, not yours
            env=child_environment(
                ready.data_dir,
                ready.database_url,
                ready.links.participants if ready.links else None,
                ready.content_dir,
                ready.links.server_token if ready.links else "",
            ),
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_child_setup if _POSIX else None,
        )
    finally:
        if _POSIX:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def wait_for_port(child: subprocess.Popen, options: ServeOptions) -> None:
    """Until Voila opens its port (:class:`Refused` if it exits or takes longer than the startup timeout)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not port_is_open(options.host, options.port):
        if child.poll() is not None:
            raise Refused(f"Voila exited during startup (code {child.returncode}).", code=child.returncode or 1)
        if time.monotonic() > deadline:
            raise Refused("Voila did not open its port in time.", code=1)
        time.sleep(0.1)


def announce(options: ServeOptions, ready: Prepared, pool: PoolPlan, capacity: Capacity) -> None:
    """What the coach reads once the workshop is up: the link(s), the pool, the room's size, where answers go;
    then the browser opens (the console for a room)."""
    url = ready.links.participants if ready.links is not None else browser_url(options.host, options.port)
    print(f"coffeechat: Workshop bereit / workshop ready: {url}   (Ctrl-C beendet / stops)", flush=True)
    if ready.links is not None:
        print(
            f"coffeechat: Leitung / facilitator console (keep it to yourself): {ready.links.console}\n"
            f"coffeechat: Beamer / projector: {ready.links.projector}",
            flush=True,
        )
        if is_loopback(options.host) and not options.coach_join_url:
            print(
                "coffeechat: Nur dieser Computer erreicht diese Adressen (zum Proben) / only this computer can open "
                "these addresses (for a rehearsal); for a room: make serve HOST=0.0.0.0 (coffeechat serve --host "
                "0.0.0.0)",
                flush=True,
            )
    print(pool.message, file=sys.stderr if pool.pool_size < pool.pool_wanted else sys.stdout, flush=True)
    print(capacity.message, file=sys.stderr if capacity.max_kernels == 0 else sys.stdout, flush=True)
    if ready.database_url:
        print(f"coffeechat: Antworten / answers: PostgreSQL {redact(ready.database_url)}", flush=True)
    elif ready.data_dir is not None:
        print(f"coffeechat: Antworten / answers: {ready.data_dir}", flush=True)
    if not is_loopback(options.host):
        print(
            f"coffeechat: warning: listening on {options.host}: anyone who can reach this computer "
            "can open the workshop (there is no login).",
            file=sys.stderr,
            flush=True,
        )
    if options.open_browser:
        try:
            # a room: the console; a rehearsal on this computer: the participant's page, as before (the
            # console's link is printed above)
            room_open = ready.links is not None and (options.coach_join_url or not is_loopback(options.host))
            webbrowser.open(ready.links.console if room_open else url)
        except Exception:  # noqa: BLE001 - a missing browser must not stop the server
            pass


def stop_voila(child: subprocess.Popen | None, runtime: Path) -> None:
    """Voila and every kernel it started, and whatever a killed Voila left in ``runtime``."""
    if child is not None:
        stop_process_tree(child.pid)
        try:
            child.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            pass
    stop_kernels_using(runtime)  # those of a Voila that was killed: they would write their files again
    shutil.rmtree(runtime, ignore_errors=True)  # whatever Voila left (it is gone, or was killed)


def supervise(
    command: list[str], options: ServeOptions, ready: Prepared, pool: PoolPlan, capacity: Capacity, runtime: Path
) -> int:
    """Run Voila until it exits, Ctrl-C or SIGTERM; then stop it and every kernel. The exit code."""

    def on_signal(signum, frame):
        raise _Stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in _STOP_SIGNALS}
    child: subprocess.Popen | None = None
    try:
        child = start_voila(command, ready)
        wait_for_port(child, options)
        announce(options, ready, pool, capacity)
        returncode = child.wait()
        print(f"coffeechat serve: Voila stopped (code {returncode}).", file=sys.stderr)
        return returncode or 1
    except Refused as refused:
        print(f"coffeechat serve: {refused}", file=sys.stderr)
        return refused.code
    except (_Stop, KeyboardInterrupt):
        return 0
    finally:
        # from here on, further Ctrl-C / SIGTERM must not interrupt the cleanup
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        stop_voila(child, runtime)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(options: ServeOptions) -> int:
    """Run Voila for the workshop until Ctrl-C or SIGTERM, then stop it and every kernel; the exit code.

    The steps: :func:`prepare` (check what was asked, the content, the storage, the port; open the room),
    :func:`plan_the_room` (pool and limit), :func:`command_for` (Voila's command line), then either become
    Voila (``replace_process``) or :func:`supervise` it (start, wait for the port, :func:`announce`, wait,
    :func:`stop_voila`)."""
    try:
        ready = prepare(options)
    except Refused as refused:
        print(f"coffeechat serve: {refused}", file=sys.stderr)
        return refused.code
    pool, capacity = plan_the_room(options.pool_wanted, options.max_kernels)
    runtime = runtime_dir()
    command = command_for(options, ready, pool, capacity, runtime)
    if options.replace_process:
        os.chdir(ready.notebook.parent)  # Voila reads voila.json/.py from its cwd: the repo's folder, not yours
        participants = ready.links.participants if ready.links else None
        token = ready.links.server_token if ready.links else ""
        environment = child_environment(ready.data_dir, ready.database_url, participants, ready.content_dir, token)
        os.execve(command[0], command, environment)
    return supervise(command, options, ready, pool, capacity, runtime)
