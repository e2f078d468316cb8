"""JupyterHub for a career centre: coffeechat's workshop app for many rooms, one link, one shared journal.

    COFFEECHAT_DATABASE_URL=postgresql://coffeechat:SECRET@db.example.org/coffeechat \
        jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

What each participant gets:

- **a temporary anonymous account** (jupyterhub-tmpauthenticator): opening the hub's address logs them in
  as a fresh random user, with no form to fill in. A centre that wants its own login replaces the
  authenticator (see the end of this file); nothing else changes;
- **their own single-user server, which is the kit's standalone Voila app and nothing else**: the spawner
  starts ``jupyter-standaloneproxy`` (jupyter-server-proxy's standalone mode, maintained by the JupyterHub
  team), which checks the hub login (OAuth, only the account's owner gets in) and proxies every request to
  ``coffeechat serve``. There is no Jupyter server, no JupyterLab, no terminal and no contents API behind
  the link; standalone Voila refuses code execution requests from the browser;
- **the shared PostgreSQL journal**: every server, on every machine, saves into the database named by
  ``COFFEECHAT_DATABASE_URL``; a participant resumes on any server with their code;
- **idle culling**: jupyterhub-idle-culler stops a server that has had no traffic for
  ``COFFEECHAT_CULL_IDLE_SECONDS`` (default 900) and deletes its temporary account. An open page is
  traffic: Voila pings its websocket every 30 s and the proxies pass the pings on, so a participant who
  only listens keeps their server; a closed tab, a sleeping laptop or a lost network is not. The hub reads
  that traffic from its proxy (``last_activity_interval``); the standalone proxy's own activity reports are
  off, because they call a running server active whether anyone uses it or not. The answers stay in the
  journal under the resume code, and the page keeps the hub's ``user-redirect`` address (with the code) in
  the address bar: a reload or bookmark after culling logs the participant in again and brings them back
  to their answers on a new server.

Settings, by environment variable (so the same file serves a test, one server, or a container):

==============================  =====================================================  ==================
variable                        meaning                                                default
==============================  =====================================================  ==================
COFFEECHAT_DATABASE_URL         the shared journal (required)                          –
COFFEECHAT_HUB_BIND_URL         where participants reach the hub                       http://:8000
COFFEECHAT_CULL_IDLE_SECONDS    stop a server after this long without traffic          900 (120 at least)
COFFEECHAT_HUB_STATE_DIR        the hub's own database and cookie secret (0700)        user data dir
                                                                                       coffeechat-hub
COFFEECHAT_HUB_MAX_SERVERS      participants' servers running at once                  what memory holds
COFFEECHAT_HUB_MAX_SPAWNING     servers starting at once                               10 per core
COFFEECHAT_HUB_POOL_SIZE        preheated kernels per participant's server             0
COFFEECHAT_HUB_ADMIN_USERS      administrators (comma-separated; a login of your own)  none
COFFEECHAT_HUB_ADMIN_TOKEN      the administrator's API token (32+ characters)         none
COFFEECHAT_HUB_ALLOW_ROOT       1: start as root anyway (a container of its own)       refuse root
==============================  =====================================================  ==================

One participant, one server, one kernel: each server runs ``coffeechat serve --pool-size 0`` (serve's default
pool of 30, meant for a room sharing one server, would hold 30 kernels and 30 database connections per
participant). The hub refuses to run as root, refuses servers beyond COFFEECHAT_HUB_MAX_SERVERS with a
bilingual page (templates/error.html), and keeps resume codes out of its log and the participant's proxy's
(coffeechat.server.redaction; singleuser/). Running it as a service: coffeechat-hub.service beside this file,
and docs/how-to/host-on-jupyterhub.md.

The spawner here, ``SimpleLocalProcessSpawner``, runs every participant's server as the hub's own system
user. That is acceptable for this kit only because participants cannot run code (the app is all they
reach), and only on a machine where nobody else has a shell: each Voila listens on a loopback port without
a login of its own; the proxy in front of it is what checks the hub login. The Littlest JupyterHub's
SystemdSpawner (one system user per account) or Kubernetes (``deploy/kubernetes/``, one pod per account)
isolate servers from each other as well.
"""

import os
import shutil
import sys
from pathlib import Path

import platformdirs

from coffeechat.server.redaction import keep_secrets_out_of_logs
from coffeechat.server.serving import available_memory

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
# Resume codes never reach the hub's log: the page address carries the code, and the hub logs every address it
# redirects, the code inside its `next=` (coffeechat.server.redaction; the participant's proxy: singleuser/).
keep_secrets_out_of_logs()

database_url = os.environ.get("COFFEECHAT_DATABASE_URL", "")
if not database_url.startswith(("postgresql://", "postgres://")):
    sys.exit(
        "jupyterhub_config.py: set COFFEECHAT_DATABASE_URL to the shared PostgreSQL journal "
        "(postgresql://USER:PASSWORD@HOST/DATABASE); every participant's server saves there."
    )


def setting(name: str, default: int) -> int:
    """A whole number from the environment, or the default; a wrong one stops the hub with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        sys.exit(f"jupyterhub_config.py: {name} must be a whole number (0 or more), not {value!r}.")
    return int(value)


if hasattr(os, "geteuid") and os.geteuid() == 0 and os.environ.get("COFFEECHAT_HUB_ALLOW_ROOT") != "1":
    sys.exit(
        "jupyterhub_config.py: the hub will not run as root. Its spawner starts every participant's server as the "
        "hub's own user, so each would run as root too. Create a system user for it (useradd --system "
        "--create-home --home-dir /var/lib/coffeechat-hub coffeechat-hub) and start the hub as that user, e.g. "
        "with deploy/jupyterhub/coffeechat-hub.service (docs/how-to/host-on-jupyterhub.md). Only where root is "
        "not the machine's root (a container of its own) set COFFEECHAT_HUB_ALLOW_ROOT=1."
    )

#: how long a participant's server may take to start: its proxy waits this long for Voila, the hub as long for both
start_seconds = 120
idle_seconds = setting("COFFEECHAT_CULL_IDLE_SECONDS", 900)
if idle_seconds < start_seconds:
    # the proxy answers the hub at once, and the first page passes it only once Voila has started: until then the
    # server has no traffic, and a shorter idle time lets the culler stop it before its participant sees it
    sys.exit(
        f"jupyterhub_config.py: COFFEECHAT_CULL_IDLE_SECONDS must be at least {start_seconds}, not {idle_seconds}: "
        f"a new server has no traffic until its app has started (up to {start_seconds} s when many arrive at "
        "once), and a shorter idle time stops it before its participant sees the first page."
    )
#: kernels each participant's server keeps preheated: none (one participant, one server, one kernel)
pool_size = setting("COFFEECHAT_HUB_POOL_SIZE", 0)
#: what one participant's server holds (proxy, Voila, one kernel; RSS): 262-275 MB measured with the pool off
#: (benchmarks/bench_hub.py), planned with headroom for a PDF download and a reload's second kernel
PARTICIPANT_MB = 320 + 100 * pool_size
#: servers running at once: what 80 % of the memory free at start (a container's or a systemd unit's limit
#: counted) holds at PARTICIPANT_MB each; beyond it a visitor gets "come back in a few minutes", not a server
max_servers = setting("COFFEECHAT_HUB_MAX_SERVERS", max(1, int(available_memory() * 0.8 / (PARTICIPANT_MB * 2**20))))
#: servers starting at once: an arrival costs about 7 CPU-seconds, so 10 per core start within about a minute
#: (the spawner waits 120 s); more arrivals at the same moment are asked to try again in a few seconds
max_spawning = setting("COFFEECHAT_HUB_MAX_SPAWNING", 10 * (os.cpu_count() or 2))
state_dir = Path(
    os.environ.get("COFFEECHAT_HUB_STATE_DIR") or platformdirs.user_data_dir("coffeechat-hub", appauthor=False)
)
state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)

# --- the hub -------------------------------------------------------------------------------------

c.JupyterHub.bind_url = os.environ.get("COFFEECHAT_HUB_BIND_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{state_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state_dir / "jupyterhub_cookie_secret")
# The proxy from the npm registry, installed beside this file by `make hub` (npm ci), else from PATH.
local_proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(local_proxy) if local_proxy.exists() else "configurable-http-proxy"]
# How often the hub reads each route's last activity from the proxy: the culler's only source (see above).
c.JupyterHub.last_activity_interval = max(5, min(300, idle_seconds // 4))
# A participant lands on their workshop page, never on the hub's own pages.
c.JupyterHub.redirect_to_server = True
# Limits, so that a crowd (or one visitor opening the address again and again) cannot exhaust the machine.
c.JupyterHub.active_server_limit = max_servers
c.JupyterHub.concurrent_spawn_limit = max_spawning
# The hub's pages (a full hub, an error) in German and English, without the hub's login widget.
c.JupyterHub.template_paths = [str(HERE / "templates")]

# --- who may come in: temporary anonymous accounts -----------------------------------------------

c.JupyterHub.authenticator_class = "tmp"
c.Authenticator.allow_all = True  # every visitor gets an account of their own; there is nothing to share
# The centre's administrators: account names, for a login of the centre's own (a temporary account cannot be
# an administrator: nobody can log in as it again).
c.Authenticator.admin_users = {
    name.strip() for name in os.environ.get("COFFEECHAT_HUB_ADMIN_USERS", "").split(",") if name.strip()
}

# --- each participant's server: the standalone Voila app, behind the hub's login -------------------

c.JupyterHub.spawner_class = "simple"
proxy_command = shutil.which("jupyter-standaloneproxy", path=Path(sys.executable).parent) or "jupyter-standaloneproxy"
coffeechat_command = shutil.which("coffeechat", path=Path(sys.executable).parent) or "coffeechat"


def app_behind_the_hub_login(*serve_options: str) -> list[str]:
    """The arguments of ``jupyter-standaloneproxy`` (the hub's login) in front of ``coffeechat serve``."""
    return [
        # the proxy passes the full path (/user/<name>/...) on, and Voila is served under the same path
        "--absolute-url",
        # no "I am active" reports of its own: the hub reads real activity from its proxy (see the docstring)
        "--activity-interval=0",
        # coffeechat serve needs a few seconds to start Voila, a minute or more when many arrive at once
        f"--timeout={start_seconds}",
        "--",
        coffeechat_command,
        "serve",
        "--port={port}",
        "--base-url={base_url}/",
        "--no-browser",
        *serve_options,
        # the proxy supervises: `serve` checks the journal, prepares Voila's environment, then becomes Voila
        "--replace-process",
    ]


c.Spawner.cmd = [proxy_command]
# one participant, one server, one kernel: no preheated kernels (a pool of 30, the default for a room on a
# laptop, would start 30 kernels and hold 30 database connections for every participant)
c.Spawner.args = app_behind_the_hub_login(f"--pool-size={pool_size}")
# The database URL reaches `coffeechat serve` and its kernels as an environment variable, never on a
# command line (where `ps` would show its password).
# The participant's proxy reads its configuration from singleuser/: it keeps resume codes out of its log.
c.Spawner.environment = {
    "COFFEECHAT_DATABASE_URL": database_url,
    "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),
}
c.Spawner.http_timeout = start_seconds
c.Spawner.start_timeout = start_seconds
# Each account's working directory (the app writes nothing there: answers go to the journal).
c.SimpleLocalProcessSpawner.home_dir_template = str((state_dir / "homes" / "{username}").resolve())

# --- idle culling ----------------------------------------------------------------------------------

c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={idle_seconds}",
            f"--cull-every={max(5, min(300, idle_seconds // 4))}",
            "--cull-users=True",  # temporary accounts are deleted with their server; answers stay in the journal
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers", "admin:users"],
        "services": ["idle-culler"],
    }
]

# The administrator's API token (e.g. `openssl rand -hex 32`): list, stop and delete accounts and servers with
# the hub's REST API (docs/how-to/host-on-jupyterhub.md), without a login of their own.
admin_token = os.environ.get("COFFEECHAT_HUB_ADMIN_TOKEN", "").strip()
if admin_token:
    if len(admin_token) < 32:
        sys.exit(
            "jupyterhub_config.py: COFFEECHAT_HUB_ADMIN_TOKEN must be at least 32 characters (openssl rand -hex 32)."
        )
    c.JupyterHub.services.append({"name": "administrator", "api_token": admin_token})
    c.JupyterHub.load_roles.append(
        {
            "name": "administrator",
            "scopes": ["admin:users", "admin:servers", "list:users", "read:hub", "proxy"],
            "services": ["administrator"],
        }
    )

# --- the centre's own login instead of temporary accounts -------------------------------------------
#
# Replace the authenticator section above, for example with the centre's single sign-on:
#
#   c.JupyterHub.authenticator_class = "generic-oauth"      # pip install oauthenticator
#   c.GenericOAuthenticator.client_id = "..."
#   ...
#   c.Authenticator.allow_all = True   # or allowed_users / allowed_groups
#
# and drop "--cull-users" from the culler, so accounts stay while their servers are culled.

# --- the coach's console ---------------------------------------------------------------------------
#
# A coach leads a room on the hub as on a laptop: the console and the projector are one more standalone Voila
# app, a managed service at /services/coach/ behind the hub's login (jupyter-standaloneproxy lets in only
# accounts that may access the service: the group "coaches"). Its `coffeechat serve --coach-server` makes the
# room's facilitator token when it starts and keeps it for its own pages; the participants' servers make none
# (they listen on loopback), so nothing retires it. Participants follow the room because every kernel reads
# the same room from the shared journal; the projector's QR code shows the hub's address.
#
# Coaches: the accounts named in COFFEECHAT_HUB_COACHES (comma-separated) are put into the group "coaches"
# when the hub starts. With the centre's own login they sign in as usual and open /services/coach/. With the
# temporary accounts above, an administrator makes a coach a sign-in link on the hub's machine, with the
# hub's environment; it works once (hand it over in person: it is a password):
#
#   jupyterhub token -f deploy/jupyterhub/jupyterhub_config.py COACH-ACCOUNT       # prints TOKEN
#   https://HUB/hub/coach-signin?token=TOKEN

import socket  # noqa: E402 - the coach's section stands on its own
from urllib.parse import urlsplit  # noqa: E402

from coffeechat.server.hub_coach import COACHES_GROUP, SERVICE, SIGN_IN_HANDLER, SIGN_IN_PATH  # noqa: E402
from coffeechat.server.serving import lan_address  # noqa: E402


def hub_public_url() -> str:
    """The hub's address as participants open it: COFFEECHAT_HUB_PUBLIC_URL, else the bind URL, whose empty or
    wildcard host becomes this machine's network address."""
    public = os.environ.get("COFFEECHAT_HUB_PUBLIC_URL", "").strip()
    if public:
        return public.rstrip("/") + "/"
    bound = urlsplit(c.JupyterHub.bind_url)
    host = bound.hostname or ""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - a wildcard bind, read, not made
        host = lan_address() or "127.0.0.1"
    port = f":{bound.port}" if bound.port else ""
    return f"{bound.scheme}://{host}{port}{bound.path.rstrip('/')}/"


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


coaches = [name.strip() for name in os.environ.get("COFFEECHAT_HUB_COACHES", "").split(",") if name.strip()]
c.JupyterHub.load_groups = {COACHES_GROUP: {"users": coaches}}  # accounts added on the admin page stay
c.JupyterHub.load_roles.append(
    {"name": "coach", "scopes": [f"access:services!service={SERVICE}"], "groups": [COACHES_GROUP]},
)
# the sign-in link (coffeechat.upstream.jupyterhub: JupyterHub 3.1 calls extra_handlers deprecated; JupyterHub 6
# serves it, tests/browser/test_hub_room.py); named by its import path, so only the hub loads JupyterHub's code
c.JupyterHub.extra_handlers = [(SIGN_IN_PATH, SIGN_IN_HANDLER)]
c.JupyterHub.services.append(
    {
        "name": SERVICE,
        "url": f"http://127.0.0.1:{free_loopback_port()}",  # a free port, chosen when the hub starts
        "oauth_no_confirm": True,  # part of the hub: no "authorize this service?" page
        "display": False,  # participants never see the hub's pages; coaches get the link
        "command": [
            proxy_command,
            # two pages, the console and the projector: no pool
            *app_behind_the_hub_login("--pool-size=0", f"--coach-server={hub_public_url()}"),
        ],
        "environment": {"COFFEECHAT_DATABASE_URL": database_url},
    }
)
# The culler deletes every account without activity at the hub (--cull-users, for the temporary accounts): a
# coach's account, which has no server and whose open console sends the hub nothing, would go 15 minutes after
# the hub started, and its sign-in token with it. This service marks the coaches active, and can do nothing else.
c.JupyterHub.services.append(
    {
        "name": "keep-coaches",
        "command": [sys.executable, "-m", "coffeechat.server.hub_keep_coaches", f"--every={max(5, idle_seconds // 3)}"],
    }
)
c.JupyterHub.load_roles.append(
    {
        "name": "keep-coaches",
        "scopes": [f"read:groups!group={COACHES_GROUP}", f"users:activity!group={COACHES_GROUP}"],
        "services": ["keep-coaches"],
    }
)
