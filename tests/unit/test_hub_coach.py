"""Does the JupyterHub recipe's "coach's console" section give the coach, and only the coach, the room's console?

The section runs for real in tests/browser/test_jupyterhub.py; these questions read the configuration as
JupyterHub loads it, for the settings one hub cannot vary: the public address, the names of the coaches.
"""

from __future__ import annotations

import datetime as dt

from coffeechat.server import serving
from coffeechat.server.hub_keep_coaches import keep_coaches
from tests.unit.test_deploy import load_hub_config

DATABASE = "postgresql://u:geheim@db/coffeechat"


def coach_service(config) -> dict:
    return next(service for service in config.JupyterHub.services if service["name"] == "coach")


def test_does_the_coach_service_serve_the_console_on_loopback_with_the_hubs_address(monkeypatch, tmp_path):
    config = load_hub_config(
        monkeypatch,
        tmp_path,
        COFFEECHAT_DATABASE_URL=DATABASE,
        COFFEECHAT_HUB_PUBLIC_URL="https://karriere.example.org/workshop",
        COFFEECHAT_HUB_COACHES="anna, ben",
    )
    service = coach_service(config)
    command = service["command"]
    assert command[0].endswith("jupyter-standaloneproxy"), "behind the hub's login"
    assert "--coach-server=https://karriere.example.org/workshop/" in command, "the QR code shows the hub"
    assert not any(arg.startswith("--host") for arg in command), "loopback only: the login guards it"
    assert service["url"].startswith("http://127.0.0.1:")
    assert service["environment"] == {"COFFEECHAT_DATABASE_URL": DATABASE}
    assert not any("geheim" in arg for arg in command), "the password never goes on a command line"
    assert config.JupyterHub.load_groups == {"coaches": {"users": ["anna", "ben"]}}
    role = next(role for role in config.JupyterHub.load_roles if role["name"] == "coach")
    assert role == {"name": "coach", "scopes": ["access:services!service=coach"], "groups": ["coaches"]}
    participants = [*config.Spawner.cmd, *config.Spawner.args]
    assert not any(arg.startswith("--coach-server") for arg in participants), "no participant's server is one"


def test_does_a_hub_on_every_interface_show_the_machines_network_address(monkeypatch, tmp_path):
    monkeypatch.setattr(serving, "lan_address", lambda: "10.1.2.3")
    config = load_hub_config(monkeypatch, tmp_path, COFFEECHAT_DATABASE_URL=DATABASE)  # bind URL http://:8000
    assert "--coach-server=http://10.1.2.3:8000/" in coach_service(config)["command"]
    assert config.JupyterHub.load_groups == {"coaches": {"users": []}}, "no coach named: the group is empty"


def test_does_the_keeper_mark_every_coach_active_and_nobody_else(monkeypatch, tmp_path):
    calls = []

    def hub(method, url, body):
        calls.append((method, url, body))
        return {"name": "coaches", "users": ["ben", "anna"]} if method == "GET" else {}

    now = dt.datetime(2026, 12, 6, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert keep_coaches("http://127.0.0.1:8081/hub/api/", hub, now) == ["anna", "ben"]
    assert calls == [
        ("GET", "http://127.0.0.1:8081/hub/api/groups/coaches", None),
        ("POST", "http://127.0.0.1:8081/hub/api/users/anna/activity", {"last_activity": "2026-12-06T14:00:00Z"}),
        ("POST", "http://127.0.0.1:8081/hub/api/users/ben/activity", {"last_activity": "2026-12-06T14:00:00Z"}),
    ]
    config = load_hub_config(
        monkeypatch, tmp_path, COFFEECHAT_DATABASE_URL=DATABASE, COFFEECHAT_CULL_IDLE_SECONDS="900"
    )
    keeper = next(service for service in config.JupyterHub.services if service["name"] == "keep-coaches")
    assert keeper["command"][-1] == "--every=300", "a third of the culler's timeout"
    role = next(role for role in config.JupyterHub.load_roles if role["name"] == "keep-coaches")
    assert role["scopes"] == ["read:groups!group=coaches", "users:activity!group=coaches"], "and nothing else"
