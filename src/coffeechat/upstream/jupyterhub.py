"""JupyterHub 6.1: signing an account in to the hub with one of its API tokens, once.

Loaded by the hub only (the recipe names :class:`coffeechat.server.hub_signin.CoachSignIn` by its import path),
never by ``serve`` or a kernel.
"""

from __future__ import annotations

from jupyterhub import orm
from jupyterhub.handlers import BaseHandler
from tornado import web


class TokenSignIn(BaseHandler):
    """``GET ...?token=TOKEN``: signs the token's account in to the hub (its login cookie) and deletes the token.

    Works around JupyterHub 6.1 having no way to sign an account in to the hub by a link: an authenticator's
    login form is the only way in, and the recipe's temporary-account authenticator makes a new random account
    for every visitor. Reaches into JupyterHub's own request handler (``jupyterhub/handlers/base.py: BaseHandler``
    with ``db``, ``user_from_username``, ``set_login_cookie``, the hooks its login handlers use) and its token
    table (``jupyterhub/orm.py: APIToken.find``, which compares the token's hash); it is served through
    ``JupyterHub.extra_handlers``, which JupyterHub 3.1 calls deprecated. A refusal is an ``HTTPError`` with a
    reason and no log message: tornado logs the raw address (with the token) of an error that carries one, while
    JupyterHub's own request log scrubs ``token=``.

    The kit's policy plugs in: :meth:`allowed` (whose account may sign in this way) and :meth:`where_to`.
    """

    def allowed(self, account: orm.User) -> bool:
        return False

    def where_to(self) -> str:
        return self.base_url

    def get(self) -> None:
        token = self.get_argument("token", "")
        found = orm.APIToken.find(self.db, token, kind="user") if token else None
        account = found.user if found is not None else None
        if account is None or not self.allowed(account):
            raise web.HTTPError(403, reason="This sign-in link is not valid (any more)")
        self.db.delete(found)  # once: a link left in a browser's history or a mail signs nobody in again
        self.db.commit()
        self.set_login_cookie(self.user_from_username(account.name))
        self.redirect(self.where_to())
