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
COFFEECHAT_CULL_IDLE_SECONDS    stop a server after this long without traffic          900
COFFEECHAT_HUB_STATE_DIR        the hub's own database and cookie secret (0700)        user data dir
                                                                                       coffeechat-hub
==============================  =====================================================  ==================

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

HERE = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

database_url = os.environ.get("COFFEECHAT_DATABASE_URL", "")
if not database_url.startswith(("postgresql://", "postgres://")):
    sys.exit(
        "jupyterhub_config.py: set COFFEECHAT_DATABASE_URL to the shared PostgreSQL journal "
        "(postgresql://USER:PASSWORD@HOST/DATABASE); every participant's server saves there."
    )
idle_seconds = int(os.environ.get("COFFEECHAT_CULL_IDLE_SECONDS", "900"))
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

# --- who may come in: temporary anonymous accounts -----------------------------------------------

c.JupyterHub.authenticator_class = "tmp"
c.Authenticator.allow_all = True  # every visitor gets an account of their own; there is nothing to share

# --- each participant's server: the standalone Voila app, behind the hub's login -------------------

c.JupyterHub.spawner_class = "simple"
proxy_command = shutil.which("jupyter-standaloneproxy", path=Path(sys.executable).parent) or "jupyter-standaloneproxy"
coffeechat_command = shutil.which("coffeechat", path=Path(sys.executable).parent) or "coffeechat"
c.Spawner.cmd = [proxy_command]
c.Spawner.args = [
    # the proxy passes the full path (/user/<name>/...) on, and Voila is served under the same path
    "--absolute-url",
    # no "I am active" reports of its own: the hub reads real activity from its proxy (see the docstring)
    "--activity-interval=0",
    # coffeechat serve needs a few seconds to start Voila
    "--timeout=120",
    "--",
    coffeechat_command,
    "serve",
    "--port={port}",
    "--base-url={base_url}/",
    "--no-browser",
    # the proxy supervises: `serve` checks the journal, prepares Voila's environment, then becomes Voila
    "--replace-process",
]
# The database URL reaches `coffeechat serve` and its kernels as an environment variable, never on a
# command line (where `ps` would show its password).
c.Spawner.environment = {"COFFEECHAT_DATABASE_URL": database_url}
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
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
            "--absolute-url",
            "--activity-interval=0",
            "--timeout=120",
            "--",
            coffeechat_command,
            "serve",
            "--port={port}",
            "--base-url={base_url}/",
            "--no-browser",
            "--replace-process",
            "--pool-size=0",  # two pages: the console and the projector
            f"--coach-server={hub_public_url()}",
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
