"""Binder's try-out link: does ``?urlpath=coffeechat/`` open the workshop app inside a Jupyter session?

Binder itself (repo2docker building an image, mybinder.org running it) cannot run here: there is no Docker
engine and no network. What runs is the part that decides what the link opens: a Jupyter server under a
session prefix, as Binder starts one, with binder/jupyter_server_config.py (which binder/postBuild puts
in place) and jupyter-server-proxy, reached through its token.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from coffeechat.server.serving import stop_process_tree
from tests.harness.ports import ServerDidNotStart, free_port, wait_for_port

from .conftest import Visitor, wait_saved
from .journey import css, go_to_field, start, text_prompt

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "binder" / "jupyter_server_config.py"
PREFIX = "/user/tryout-ab12cd/"


@pytest.fixture
def binder_session(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, COFFEECHAT_DATA_DIR=str(tmp_path / "data"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    argv = [str(Path(sys.executable).parent / "jupyter-server"), f"--config={CONFIG}", "--no-browser"]
    argv += [f"--port={port}", "--ip=127.0.0.1", f"--ServerApp.base_url={PREFIX}", f"--IdentityProvider.token={token}"]
    argv += ["--ServerApp.port_retries=0", f"--ServerApp.root_dir={ROOT}"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = (tmp_path / "jupyter.log").open("w")
    process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}{PREFIX}"
    try:
        wait_for_port(process, port, tmp_path / "jupyter.log", what="the Jupyter server")
    except ServerDidNotStart as error:
        stop_process_tree(process.pid)
        pytest.fail(str(error))
    yield url, token, tmp_path / "data"
    stop_process_tree(process.pid)
    log.close()


@pytest.mark.browser
def test_the_binder_link_opens_the_workshop_app_and_saves_in_the_session(browser, binder_session):
    url, token, data_dir = binder_session
    visitor = Visitor(browser, f"{url}coffeechat/")  # what ?urlpath=coffeechat/ opens after Binder's login
    visitor.context.set_default_navigation_timeout(120_000)  # the first visit starts the app
    code = start(visitor, f"?token={token}")
    assert visitor.page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "no code on the page"
    key = text_prompt("not-ready")
    visitor.page.click(".cc-step-not-ready")
    visitor.page.wait_for_selector(".cc-fear-not-ready")
    go_to_field(visitor, key)  # the reflection is the fear's step 2
    visitor.page.fill(f"{css(key)} textarea", "Ausprobiert auf Binder")
    wait_saved(data_dir, code, key, "Ausprobiert auf Binder")
    # a reload without the token: the session's login cookie is still there (Voila leaves it alone)
    visitor.page.goto(f"{url}coffeechat/")
    visitor.wait_ready()
    assert visitor.page.inner_text(".cc-code").strip() == code
    assert visitor.foreign_hosts == set()
    visitor.context.close()
