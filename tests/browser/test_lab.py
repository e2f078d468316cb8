"""Self-paced use: the notebooks in real JupyterLab show the views and save without any code."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coffeechat.content import load_workshop

from .conftest import Visitor, free_port, wait_for_port, wait_saved

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "coffeechat-test"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("lab-data")
    port = free_port()
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(data_dir)}
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        str(ROOT / "notebooks"),
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        "--allow-root",
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.workspaces_dir={data_dir.parent / 'workspaces'}",
        f"--LabApp.user_settings_dir={data_dir.parent / 'settings'}",
    ]
    log = (data_dir.parent / "lab.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(process, port, data_dir.parent / "lab.log")
    yield f"http://127.0.0.1:{port}/", data_dir
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    log.close()


@pytest.mark.browser
def test_a_fear_notebook_runs_in_jupyterlab_and_saves_without_a_code(browser, lab):
    url, data_dir = lab
    learner = Visitor(browser, url)
    try:
        page = learner.page
        page.goto(f"{url}lab/tree/01-not-ready.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        page.locator("#jp-main-statusbar", has_text="Idle").wait_for(timeout=60_000)  # the kernel is ready
        page.click("text=Run", timeout=30_000)
        page.click("text=Run All Cells")
        page.wait_for_selector(".cc-fear-not-ready .cc-module-step-1", timeout=90_000)
        page.click(".cc-module-step-next")  # the notebook shows the fear's steps too: the reflection is step 2
        page.wait_for_selector(".cc-fear-not-ready textarea", timeout=30_000)
        fear = load_workshop().fear("not-ready")
        prompt = next(p for p in fear.reflection if p.kind == "text")
        key = f"not-ready.reflection.{prompt.id}"
        page.fill(f".cc-key-{key.replace('.', '-')} textarea", "Allein zu Hause geübt – ohne Code 🙂")
        from coffeechat.storage.journal import Journal

        journal = Journal(data_dir / "journal.sqlite3")
        code = journal.local_participant()
        journal.close()
        wait_saved(data_dir, code, key, "Allein zu Hause geübt – ohne Code 🙂")
        assert "Traceback" not in page.inner_text(".jp-Notebook")
        assert learner.foreign_hosts == set()
    finally:
        learner.context.close()


@pytest.mark.browser
def test_the_weeks_after_run_in_jupyterlab_and_keep_a_contact(browser, lab):
    """Dranbleiben alone at home in Lab: the notebook shows its steps, a contact typed in is saved."""
    url, data_dir = lab
    learner = Visitor(browser, url)
    try:
        page = learner.page
        page.goto(f"{url}lab/tree/08-follow-through.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        page.locator("#jp-main-statusbar", has_text="Idle").wait_for(timeout=60_000)
        page.click("text=Run", timeout=30_000)
        page.click("text=Run All Cells")
        page.wait_for_selector(".cc-followup .cc-module-step-1", timeout=90_000)
        page.click(".cc-module-step-next")  # step 2: my contacts
        page.fill(".cc-followup-name input", "Frau Yılmaz 🙂")
        page.fill(".cc-followup-organisation input", "Stadtwerke Leipzig")
        page.click(".cc-followup-add")
        page.wait_for_selector(".cc-followup-contact-c-1")
        from coffeechat.storage.journal import Journal

        journal = Journal(data_dir / "journal.sqlite3")
        code = journal.local_participant()
        journal.close()
        contact = {"id": "c-1", "kind": "person", "name": "Frau Yılmaz 🙂", "role": "", "relationship": "cold"}
        contact |= {"organisation": "Stadtwerke Leipzig", "channel": "email", "introduced_by": ""}
        contact["connection"] = ""  # how they know them: asked in the weeks after too, empty when not said
        contact["history"] = [{"stage": "to-write", "day": dt.date.today().isoformat(), "meeting": None}]
        wait_saved(data_dir, code, "followup.contacts", [contact])
        assert "Traceback" not in page.inner_text(".jp-Notebook")
        assert learner.foreign_hosts == set()
    finally:
        learner.context.close()
