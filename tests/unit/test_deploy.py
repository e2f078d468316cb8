"""Do the hosting recipes that cannot run here start the participant's app the way the tested one does?

deploy/jupyterhub/ runs for real in tests/browser/test_jupyterhub.py. The Kubernetes image and Helm values
(deploy/kubernetes/) and the Binder files (binder/) cannot be built or deployed on this machine (no Docker
engine, no cluster, no network), so these tests keep them in step with what is tested: the same command
for the participant's server, the same journal, the same culling, and no code behind the link.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
HUB_CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
DOCKERFILE = ROOT / "deploy" / "kubernetes" / "Dockerfile"
VALUES = ROOT / "deploy" / "kubernetes" / "values.yaml"
BINDER = ROOT / "binder"


def load_hub_config(monkeypatch, tmp_path, **env) -> Config:
    """The recipe's configuration as JupyterHub would load it (as a user other than root, unless ``env`` says)."""
    monkeypatch.setenv("COFFEECHAT_HUB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("COFFEECHAT_HUB_ALLOW_ROOT", "1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    exec(
        compile(HUB_CONFIG.read_text(), str(HUB_CONFIG), "exec"),
        {"get_config": lambda: config, "__file__": str(HUB_CONFIG)},
    )
    return config


def server_command(config: Config) -> list[str]:
    """The participant's server command with executables by name (the recipe resolves them to paths)."""
    argv = [*config.Spawner.cmd, *config.Spawner.args]
    return [Path(arg).name if arg.startswith("/") else arg for arg in argv]


@pytest.fixture
def hub_config(monkeypatch, tmp_path) -> Config:
    return load_hub_config(monkeypatch, tmp_path, COFFEECHAT_DATABASE_URL="postgresql://u:geheim@db/coffeechat")


def test_the_recipe_refuses_to_start_without_the_shared_journal(monkeypatch, tmp_path):
    monkeypatch.delenv("COFFEECHAT_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit, match="COFFEECHAT_DATABASE_URL"):
        load_hub_config(monkeypatch, tmp_path)


def test_the_recipe_gives_temporary_accounts_the_app_only_and_culls_them(hub_config):
    assert hub_config.JupyterHub.authenticator_class == "tmp"
    command = server_command(hub_config)
    assert command[0] == "jupyter-standaloneproxy" and "coffeechat" in command and "serve" in command
    assert "jupyterhub-singleuser" not in command and "lab" not in command
    assert hub_config.Spawner.environment["COFFEECHAT_DATABASE_URL"] == "postgresql://u:geheim@db/coffeechat"
    assert set(hub_config.Spawner.environment) == {"COFFEECHAT_DATABASE_URL", "JUPYTER_CONFIG_PATH"}
    assert not any("geheim" in arg for arg in command), "the password never goes on a command line"
    culler = hub_config.JupyterHub.services[0]["command"]
    assert "--timeout=900" in culler and "--cull-users=True" in culler


def test_the_kubernetes_image_and_values_start_the_same_server_as_the_tested_recipe(hub_config):
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE.read_text(), re.MULTILINE)
    assert cmd, "the Dockerfile has a JSON-form CMD"
    values = yaml.safe_load(VALUES.read_text())
    assert json.loads(cmd.group(1)) == server_command(hub_config)
    assert values["singleuser"]["cmd"] == server_command(hub_config)


def test_the_helm_values_share_the_journal_from_a_secret_and_cull_like_the_recipe(hub_config):
    values = yaml.safe_load(VALUES.read_text())
    single = values["singleuser"]
    assert single["extraEnv"]["COFFEECHAT_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"]
    assert single["storage"]["type"] == "none", "no volume per participant: answers live in the journal"
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "tmp"
    assert values["cull"] == {**values["cull"], "enabled": True, "users": True, "timeout": 900}
    egress = single["networkPolicy"]["egress"]
    assert any(port["port"] == 5432 for rule in egress for port in rule["ports"]), "pods may reach PostgreSQL"


def test_binder_installs_the_kit_and_opens_the_app_through_jupyter_server_proxy():
    post_build = BINDER / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR, "repo2docker runs postBuild only if it is executable"
    script = post_build.read_text()
    assert "pip install --no-cache-dir -e ." in script
    assert "cp binder/jupyter_server_config.py" in script
    assert "jupyter-server-proxy" in (BINDER / "requirements.txt").read_text()
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    config = Config()
    exec(compile((BINDER / "jupyter_server_config.py").read_text(), "binder", "exec"), {"get_config": lambda: config})
    server = config.ServerProxy.servers["coffeechat"]
    assert server["command"][:2] == ["coffeechat", "serve"] and server["absolute_url"] is True


def test_does_every_recipe_give_a_participant_one_server_with_one_kernel_and_no_pool(hub_config):
    assert "--pool-size=0" in server_command(hub_config), "the recipe, the image and the values share the command"
    single = yaml.safe_load(VALUES.read_text())["singleuser"]
    assert "--pool-size=0" in single["cmd"]


def test_do_the_helm_values_fit_the_measured_participant_and_limit_the_hub():
    values = yaml.safe_load(VALUES.read_text())
    memory = values["singleuser"]["memory"]
    megabytes = {key: int(memory[key].rstrip("M")) for key in ("guarantee", "limit")}
    assert 262 <= megabytes["guarantee"] <= megabytes["limit"] <= 512, "262-275 MB measured with the pool off"
    assert values["hub"]["activeServerLimit"] > 0 and values["hub"]["concurrentSpawnLimit"] > 0


def test_is_the_image_built_from_the_wheel_with_the_pinned_lock():
    dockerfile = DOCKERFILE.read_text()
    assert "pip wheel --no-deps" in dockerfile and "--constraint" in dockerfile and "constraints.txt" in dockerfile
    assert "pip install -e" not in dockerfile, "no editable install: the image runs the wheel"
    assert "jupyter_standalone_proxy_config.py /usr/local/etc/jupyter/" in dockerfile, "codes kept out of its log"


def test_does_the_recipe_refuse_to_run_as_root_and_say_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr("os.geteuid", lambda: 0)
    monkeypatch.setenv("COFFEECHAT_HUB_ALLOW_ROOT", "")
    config = Config()
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", "postgresql://u:p@db/c")
    monkeypatch.setenv("COFFEECHAT_HUB_STATE_DIR", str(tmp_path / "state"))
    with pytest.raises(SystemExit, match="will not run as root") as refused:
        exec(
            compile(HUB_CONFIG.read_text(), str(HUB_CONFIG), "exec"),
            {"get_config": lambda: config, "__file__": str(HUB_CONFIG)},
        )
    assert "coffeechat-hub.service" in str(refused.value) and "COFFEECHAT_HUB_ALLOW_ROOT=1" in str(refused.value)


def test_are_the_hubs_limits_set_from_the_environment_or_from_memory_and_cores(monkeypatch, tmp_path):
    config = load_hub_config(monkeypatch, tmp_path, COFFEECHAT_DATABASE_URL="postgresql://u:p@db/c")
    assert config.JupyterHub.active_server_limit >= 1, "never unlimited: what memory holds"
    assert config.JupyterHub.concurrent_spawn_limit >= 10
    config = load_hub_config(
        monkeypatch,
        tmp_path,
        COFFEECHAT_HUB_MAX_SERVERS="40",
        COFFEECHAT_HUB_MAX_SPAWNING="8",
        COFFEECHAT_HUB_ADMIN_USERS="it-admin, coach ",
        COFFEECHAT_HUB_ADMIN_TOKEN="a" * 64,
    )
    assert (config.JupyterHub.active_server_limit, config.JupyterHub.concurrent_spawn_limit) == (40, 8)
    assert config.Authenticator.admin_users == {"it-admin", "coach"}
    administrator = next(s for s in config.JupyterHub.services if s["name"] == "administrator")
    assert administrator["api_token"] == "a" * 64
    monkeypatch.setenv("COFFEECHAT_HUB_MAX_SERVERS", "viele")
    with pytest.raises(SystemExit, match="COFFEECHAT_HUB_MAX_SERVERS must be a whole number"):
        load_hub_config(monkeypatch, tmp_path)


def test_an_idle_time_shorter_than_a_servers_start_is_refused_with_the_reason(monkeypatch, tmp_path):
    """A server is silent until Voila has started behind its proxy, which waits up to its start time: a shorter
    idle time lets the culler stop a server before its participant saw the first page (CI saw it, 40 s)."""
    database = "postgresql://u:geheim@db/coffeechat"
    config = load_hub_config(
        monkeypatch, tmp_path, COFFEECHAT_DATABASE_URL=database, COFFEECHAT_CULL_IDLE_SECONDS="120"
    )
    assert "--timeout=120" in config.Spawner.args, "the participant's proxy waits as long for Voila"
    assert config.Spawner.start_timeout == config.Spawner.http_timeout == 120
    monkeypatch.setenv("COFFEECHAT_CULL_IDLE_SECONDS", "40")
    with pytest.raises(SystemExit, match="COFFEECHAT_CULL_IDLE_SECONDS must be at least 120") as refused:
        load_hub_config(monkeypatch, tmp_path)
    assert "before its participant" in str(refused.value)
