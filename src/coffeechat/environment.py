"""Every environment variable the kit reads or sets, in one registry: the code reads the names from here, and
the documentation's table (docs/reference/environment.md) is made from :data:`VARIABLES`.

The bottom of the layers: it imports nothing of the kit, and every package may import it. A new variable is
one :class:`Variable` here and one entry in :data:`VARIABLES`; tests/unit/test_docs.py fails on a ``COFFEECHAT_``
name spelled in ``src/`` or ``deploy/`` that is not registered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    """An environment variable: its name, what it means, its default, and who sets and reads it."""

    name: str
    meaning: str
    default: str
    #: who sets it: ``you`` (a coach or an administrator), ``serve`` (``coffeechat serve`` for its kernels)
    set_by: str
    #: the module that reads it
    read_by: str


DATA_DIR = Variable(
    "COFFEECHAT_DATA_DIR",
    "the data directory: the SQLite journal of answers (created readable by its owner only, never inside the "
    "folder Voila serves); `--data-dir` wins over it; `serve` passes its choice on to the kernels",
    "the platform's user data directory",
    "you, serve",
    "coffeechat.storage.paths",
)
DATABASE_URL = Variable(
    "COFFEECHAT_DATABASE_URL",
    "a PostgreSQL URL (`postgresql://user:secret@host/db`): the answers go into this shared database instead "
    "of the data directory; `--database-url` wins over it; `serve` passes it on to the kernels",
    "none: SQLite in the data directory",
    "you, serve",
    "coffeechat.storage.paths",
)
CONTENT_DIR = Variable(
    "COFFEECHAT_CONTENT_DIR",
    "a content folder that replaces the shipped exercises/ (a copy made by `coffeechat content copy DIR`); "
    "`--content` wins over it; `serve` passes its choice on to the kernels",
    "the content the kit ships",
    "you, serve",
    "coffeechat.content.location",
)
CACHE_DIR = Variable(
    "COFFEECHAT_CACHE_DIR",
    "where the validated content is cached as a pickle (a kernel then loads it in milliseconds)",
    "the platform's user cache directory",
    "you",
    "coffeechat.content.loader",
)
JOIN_URL = Variable(
    "COFFEECHAT_JOIN_URL",
    "the address participants open (the machine's address on the local network), for the projector's QR code",
    "the address of the request's own server",
    "serve",
    "coffeechat.pages.facilitator",
)
CLIENT = Variable(
    "HTTP_X_COFFEECHAT_CLIENT",
    "the visitor's client address as the server saw it (its own `X-Coffeechat-Client` header, handed on by "
    "Voila), for the per-address throttle of wrong resume codes",
    "empty",
    "serve (per request)",
    "coffeechat.pages.visitor",
)
HUB_BIND_URL = Variable(
    "COFFEECHAT_HUB_BIND_URL",
    "JupyterHub recipe: where participants reach the hub",
    "`http://:8000`",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
CULL_IDLE_SECONDS = Variable(
    "COFFEECHAT_CULL_IDLE_SECONDS",
    "JupyterHub recipe: stop a participant's server after this many seconds without traffic",
    "900",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_STATE_DIR = Variable(
    "COFFEECHAT_HUB_STATE_DIR",
    "JupyterHub recipe: the hub's own database and cookie secret (mode 0700)",
    "the user data directory `coffeechat-hub`",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
OUTAGE_RETRY_SECONDS = Variable(
    "COFFEECHAT_OUTAGE_RETRY_SECONDS",
    "the outage page (the journal does not answer): its first and longest wait between two checks of "
    "`healthz`, in seconds (`FIRST,LONGEST`; each wait is twice the last); tests shorten it",
    "`2,15`",
    "you",
    "coffeechat.server.health",
)
RETENTION_DAYS = Variable(
    "COFFEECHAT_RETENTION_DAYS",
    "the period `coffeechat retention` deletes after: participants and rooms without activity for this many "
    "days (the deletion period to publish); `--older-than` wins over it",
    "90",
    "you",
    "coffeechat.cli",
)

# --- the coach's console on JupyterHub (issue 26) ---
FACILITATOR_TOKEN = Variable(
    "COFFEECHAT_FACILITATOR_TOKEN",
    "the room's facilitator token of a coach's server behind a login (`serve --coach-server`): its pages are "
    "the console and the projector, with this token; no participant's server holds it",
    "none: the token comes from the page address",
    "serve",
    "coffeechat.pages.app",
)
HUB_COACHES = Variable(
    "COFFEECHAT_HUB_COACHES",
    "JupyterHub recipe: the hub accounts (comma-separated) put into the group `coaches`, who open the "
    "coach's console at /services/coach/",
    "none: nobody opens the console",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_PUBLIC_URL = Variable(
    "COFFEECHAT_HUB_PUBLIC_URL",
    "JupyterHub recipe: the hub's address as participants type it or scan it from the projector's QR code",
    "`COFFEECHAT_HUB_BIND_URL`, with this machine's network address for an empty host",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_MAX_SERVERS = Variable(
    "COFFEECHAT_HUB_MAX_SERVERS",
    "JupyterHub recipe: participants' servers running at once (`active_server_limit`); beyond it a visitor gets "
    "the hub's bilingual 'try again in a few minutes' page (0: no limit)",
    "what 80 % of the memory free at start (a systemd unit's or container's limit counted) holds at 320 MB each",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_MAX_SPAWNING = Variable(
    "COFFEECHAT_HUB_MAX_SPAWNING",
    "JupyterHub recipe: servers starting at once (`concurrent_spawn_limit`); more arrivals at the same moment "
    "are asked to try again in a few seconds (0: no limit)",
    "10 per CPU core",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_POOL_SIZE = Variable(
    "COFFEECHAT_HUB_POOL_SIZE",
    "JupyterHub recipe: kernels each participant's server keeps preheated (`serve --pool-size`); each costs about "
    "130 MB and a database connection per participant",
    "0: one participant, one server, one kernel",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_ADMIN_USERS = Variable(
    "COFFEECHAT_HUB_ADMIN_USERS",
    "JupyterHub recipe: the hub's administrators, account names separated by commas (with a login of the "
    "centre's own; a temporary account cannot be an administrator)",
    "none",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_ADMIN_TOKEN = Variable(
    "COFFEECHAT_HUB_ADMIN_TOKEN",
    "JupyterHub recipe: an API token (32 characters or more, e.g. `openssl rand -hex 32`) with which the "
    "administrator lists, stops and deletes accounts and servers through the hub's REST API",
    "none: no administrator's token",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)
HUB_ALLOW_ROOT = Variable(
    "COFFEECHAT_HUB_ALLOW_ROOT",
    "JupyterHub recipe: `1` lets the hub start as root (only where root is not the machine's, e.g. a container "
    "of its own); otherwise the recipe refuses, since every participant's server would run as root",
    "unset: refuse root",
    "you",
    "deploy/jupyterhub/jupyterhub_config.py",
)

#: every variable, in the order the documentation lists them
TODAY = Variable(
    "COFFEECHAT_TODAY",
    "the day the kit takes for today, as an ISO date (`2026-12-16`): for a test or a demonstration of the weeks "
    "after the workshop (what is due when); anything that is not a date is ignored",
    "none: the machine's date",
    "you (tests)",
    "coffeechat.models.answers",
)

VARIABLES = (
    DATA_DIR,
    DATABASE_URL,
    CONTENT_DIR,
    CACHE_DIR,
    JOIN_URL,
    CLIENT,
    HUB_BIND_URL,
    CULL_IDLE_SECONDS,
    HUB_STATE_DIR,
    OUTAGE_RETRY_SECONDS,
    RETENTION_DAYS,
    FACILITATOR_TOKEN,
    HUB_COACHES,
    HUB_PUBLIC_URL,
    HUB_MAX_SERVERS,
    HUB_MAX_SPAWNING,
    HUB_POOL_SIZE,
    HUB_ADMIN_USERS,
    HUB_ADMIN_TOKEN,
    HUB_ALLOW_ROOT,
    TODAY,
)
