"""Is a participant's kernel lean: no debugger, no input history, and still a full kernel for the widgets?"""

from __future__ import annotations

import os

from jupyter_client.manager import KernelManager

from coffeechat import serving


def run(client, code: str) -> str:
    msg_id = client.execute(code)
    output = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            output.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(output)


def test_the_kernel_that_serve_starts_has_no_debugger_and_no_history(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(serving.SHARE_JUPYTER))  # as serve sets it for Voila
    manager = KernelManager(kernel_name="python3")
    assert "coffeechat.launcher" in manager.kernel_spec.argv, "the kit's kernel spec is found first"
    manager.start_kernel(env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        shown = run(
            client,
            "import sys, ipywidgets\n"
            "ipywidgets.Button(description='ok')\n"
            "print(sorted(m for m in ('debugpy', 'matplotlib') if m in sys.modules),"
            " get_ipython().history_manager.enabled)",
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert shown.strip() == "[] False"


def test_jupyterlab_keeps_the_stock_kernel(monkeypatch):
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    assert "coffeechat.launcher" not in KernelManager(kernel_name="python3").kernel_spec.argv
