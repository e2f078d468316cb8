"""The career centre's JupyterHub recipe (deploy/jupyterhub/) running for real, for tests and benchmarks.

``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` as shipped, with changes made by a small extra
config file and the environment: free loopback ports (nothing can collide with another hub on this
machine), an API token for the caller's own questions to the hub (and for stopping servers), the caller's
journal URL, idle timeout and limit of servers. The test machines run as root in a container of their own,
so the hub is told that root is allowed there (``COFFEECHAT_HUB_ALLOW_ROOT``). The proxy is the recipe's:
configurable-http-proxy from the npm registry, installed beside the recipe by ``make test`` (``npm ci
--prefix deploy/jupyterhub``); nothing is downloaded here.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from coffeechat.server.serving import stop_process_tree
from tests.harness.ports import ServerDidNotStart, free_port, wait_until

RECIPE = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub"
PROXY = RECIPE / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
START_SECONDS = 90


class HubUnavailable(RuntimeError):
    """The hub could not be started; the message says why (and how to install what is missing)."""


def http(url: str, token: str | None = None, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:  # not listening (yet)
        return 0, ""


class HubServer:
    """``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` on free loopback ports, with a fresh journal."""

    def __init__(
        self,
        folder: Path,
        database_url: str,
        idle_seconds: int,
        check_every: int | None = None,
        max_servers: int | None = None,
        coaches: tuple[str, ...] = (),
    ):
        """``check_every``: how often the culler looks and the hub reads activity from its proxy, if not as the
        recipe derives it from ``idle_seconds`` (a test waiting for the culler sets a few seconds);
        ``max_servers``: the recipe's ``COFFEECHAT_HUB_MAX_SERVERS`` (servers running at once), if not its
        default (what the machine's memory holds); ``coaches``: the recipe's ``COFFEECHAT_HUB_COACHES`` (the
        accounts that open the coach's console)."""
        if not PROXY.exists():
            raise HubUnavailable(
                f"configurable-http-proxy is not installed in {RECIPE}: run `make test` (or "
                f"`npm ci --prefix deploy/jupyterhub`), which installs it from the npm registry"
            )
        self.folder = folder
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.token = secrets.token_hex(16)
        state = folder / "state"
        state.mkdir(parents=True)
        config = folder / "test_config.py"
        # the recipe as shipped, with ports that cannot collide with anything else on this machine and an
        # API token for the test's own questions to the hub (and for stopping servers between tests)
        config.write_text(
            f"c = get_config()\n"
            f"load_subconfig({str(RECIPE / 'jupyterhub_config.py')!r})\n"
            f"c.JupyterHub.hub_port = {free_port()}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
            f"c.JupyterHub.services.append({{'name': 'observer', 'api_token': {self.token!r}}})\n"
            f"c.JupyterHub.load_roles.append({{'name': 'observer', 'services': ['observer'], "
            f"'scopes': ['list:users', 'read:users', 'read:servers', 'servers']}})\n"
            + (
                f"c.JupyterHub.last_activity_interval = {check_every}\n"
                f"for service in c.JupyterHub.services:\n"
                f"    if service['name'] == 'idle-culler':\n"
                f"        service['command'] = [('--cull-every={check_every}' if part.startswith('--cull-every=') "
                f"else part) for part in service['command']]\n"
                if check_every
                else ""
            ),
            encoding="utf-8",
        )
        env = dict(os.environ)
        env.update(
            COFFEECHAT_DATABASE_URL=database_url,
            COFFEECHAT_HUB_BIND_URL=f"http://127.0.0.1:{self.port}",
            COFFEECHAT_CULL_IDLE_SECONDS=str(idle_seconds),
            COFFEECHAT_HUB_STATE_DIR=str(state),
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            # the test machines run the suite as the root of a container of their own: say so, as the recipe asks
            COFFEECHAT_HUB_ALLOW_ROOT="1",
        )
        if max_servers is not None:
            env["COFFEECHAT_HUB_MAX_SERVERS"] = str(max_servers)
        if coaches:
            env["COFFEECHAT_HUB_COACHES"] = ",".join(coaches)
        #: the hub's environment and configuration, for an administrator's command beside it (``jupyterhub token``)
        self.environment, self.config_path = env, config
        self.log_path = folder / "hub.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=state,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            answers = lambda: http(self.url + "hub/api/")[0] == 200
            wait_until(answers, self.process, self.log_path, START_SECONDS, "JupyterHub", poll=0.5)
        except ServerDidNotStart as error:
            self.stop()  # never leave a hub (and its proxy, which the hub would restart) behind
            raise HubUnavailable(str(error)) from None
        except BaseException:
            self.stop()  # never leave a hub (and its proxy, which the hub would restart) behind
            raise

    def user(self, name: str) -> dict | None:
        status, body = http(f"{self.url}hub/api/users/{name}", self.token)
        return json.loads(body) if status == 200 else None

    def running(self) -> list[str]:
        """The accounts whose server runs or is starting."""
        status, body = http(f"{self.url}hub/api/users?state=active", self.token)
        assert status == 200, f"the hub's API answered {status}: {body[:200]}"
        return [user["name"] for user in json.loads(body)]

    def stop_all_servers(self, seconds: float = 60) -> None:
        """Stop every participant's server (and wait until the hub counts none): a fresh hub for the next test."""
        names = self.running()
        if names:  # at once: the hub answers each request only when that server has stopped
            with concurrent.futures.ThreadPoolExecutor(len(names)) as stopping:
                list(
                    stopping.map(
                        lambda name: http(f"{self.url}hub/api/users/{name}/server", self.token, "DELETE"), names
                    )
                )
        deadline = time.monotonic() + seconds
        while still := self.running():
            assert time.monotonic() < deadline, f"the hub did not stop the servers of {still} within {seconds} s"
            time.sleep(0.5)  # a poll interval

    def stop(self) -> None:
        procs = []
        with contextlib.suppress(psutil.Error):
            procs = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops every server and its proxy
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=60)
        stop_process_tree(self.process.pid)
        psutil.wait_procs([p for p in procs if p.is_running()], timeout=10)
        for proc in procs:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                proc.kill()
        self.log.close()

    def processes_of(self, user: str) -> list[psutil.Process]:
        """Every running process the hub started for this account (their environment names it)."""
        found = []
        for proc in psutil.process_iter():
            try:
                if proc.environ().get("JUPYTERHUB_USER") == user and proc.status() != psutil.STATUS_ZOMBIE:
                    found.append(proc)
            except psutil.Error:
                pass
        return found
