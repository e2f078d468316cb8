"""Keeps the coaches' accounts on the career centre's hub from the idle culler (a managed service of the recipe).

The recipe's culler (``jupyterhub_idle_culler --cull-users``) deletes every account that has had no activity at
the hub for its timeout: right for temporary participants, wrong for a coach. A coach's account has no server
and, once the console is open, sends the hub nothing (the page talks to its kernel over one websocket), so it
was deleted about 15 minutes after the hub started or the coach last signed in: the sign-in token went with it,
and a reload of the console was refused. This service marks every member of the group of coaches active at the
hub, every ``--every`` seconds (a third of the culler's timeout), through the hub's REST API with a role that
allows nothing else (read that group, record its members' activity).

``python -m coffeechat.server.hub_keep_coaches --every SECONDS``; JupyterHub gives a managed service
``JUPYTERHUB_API_URL`` and ``JUPYTERHUB_API_TOKEN``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import quote

from coffeechat.server.hub_coach import COACHES_GROUP

#: (method, url, body or None) -> the decoded JSON answer
Call = Callable[[str, str, dict | None], dict]


def hub_call(token: str) -> Call:
    def call(method: str, url: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - the hub's API
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the hub's own API URL
            text = response.read().decode()
        return json.loads(text) if text.strip() else {}

    return call


def keep_coaches(api_url: str, call: Call, now: dt.datetime) -> list[str]:
    """Mark every member of the group of coaches active at ``now``; their names."""
    api = api_url.rstrip("/")
    names = sorted(call("GET", f"{api}/groups/{quote(COACHES_GROUP)}", None).get("users", []))
    stamp = now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    for name in names:
        call("POST", f"{api}/users/{quote(name)}/activity", {"last_activity": stamp})
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, required=True, metavar="SECONDS")
    args = parser.parse_args(argv)
    api_url, call = os.environ["JUPYTERHUB_API_URL"], hub_call(os.environ["JUPYTERHUB_API_TOKEN"])
    failing = False
    while True:
        try:
            keep_coaches(api_url, call, dt.datetime.now(dt.UTC))
            failing = False
        except (OSError, ValueError, urllib.error.URLError) as error:
            if not failing:  # one line per outage, not one per round
                print(f"coffeechat keep-coaches: the hub did not answer: {error}", file=sys.stderr, flush=True)
            failing = True
        time.sleep(args.every)


if __name__ == "__main__":
    sys.exit(main())
