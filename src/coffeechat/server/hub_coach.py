"""The coach on the career centre's JupyterHub (deploy/jupyterhub/, the section "the coach's console").

The recipe runs the console and the projector as the hub's service :data:`SERVICE` (``coffeechat serve
--coach-server`` behind the hub's login) and lets only the group :data:`COACHES_GROUP` in. On a hub of temporary
accounts a coach has no login form: an administrator makes a token for the coach's account (``jupyterhub token
ACCOUNT``), and ``/hub/coach-signin?token=TOKEN`` (:mod:`coffeechat.server.hub_signin`) signs that account in,
once, and opens the console. This module names them without loading JupyterHub.
"""

from __future__ import annotations

from collections.abc import Iterable

#: the hub's group whose accounts may open the coach's service
COACHES_GROUP = "coaches"
#: the hub's service that serves the console and the projector
SERVICE = "coach"
#: where the sign-in link is served, under the hub's own prefix (/hub/)
SIGN_IN_PATH = "/coach-signin"
#: the sign-in handler, by its import path (only the hub loads it, and JupyterHub's code with it)
SIGN_IN_HANDLER = "coffeechat.server.hub_signin.CoachSignIn"


def may_sign_in(groups: Iterable[str]) -> bool:
    """Whether an account in these hub groups may sign in by the coach's link."""
    return COACHES_GROUP in set(groups)


def console_path(hub_base_url: str) -> str:
    """The coach's console under the hub's base URL (``/`` by default)."""
    return f"{hub_base_url.rstrip('/')}/services/{SERVICE}/"
