"""The coach's sign-in link on the hub (:mod:`coffeechat.server.hub_coach`): loaded by the hub only."""

from __future__ import annotations

from coffeechat.server.hub_coach import console_path, may_sign_in
from coffeechat.upstream.jupyterhub import TokenSignIn


class CoachSignIn(TokenSignIn):
    """``/hub/coach-signin?token=TOKEN``: for an account in the group of coaches only; it opens the console."""

    def allowed(self, account) -> bool:
        return may_sign_in(group.name for group in account.groups)

    def where_to(self) -> str:
        return console_path(self.base_url)
