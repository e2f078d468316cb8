"""Is a participant's kernel lean: no debugger, no input history, and still a full kernel for the widgets?"""

from __future__ import annotations

import os
import queue
import subprocess
import sys

from jupyter_client.manager import KernelManager

from coffeechat.server import serving


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
    assert "coffeechat.server.launcher" in manager.kernel_spec.argv, "the kit's kernel spec is found first"
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


def start_participant_kernel(tmp_path, monkeypatch, **environ):
    monkeypatch.setenv("JUPYTER_PATH", str(serving.SHARE_JUPYTER))
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path), **environ})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def test_a_kernel_with_a_local_journal_runs_without_openssl_and_still_signs_its_messages(tmp_path, monkeypatch):
    """OpenSSL's libcrypto is 4.5 MB of every kernel that loads it; a kernel with a local journal has no use for
    it. The hashes the kit takes (content cache, codes, reminders) come from Python's own code instead, and
    the kernel's messages are still signed: a reply arrives at all only when its signature checks out."""
    monkeypatch.delenv("COFFEECHAT_DATABASE_URL", raising=False)
    manager, client = start_participant_kernel(tmp_path, monkeypatch)
    try:
        assert manager.session.key, "the connection has a signing key"
        shown = run(
            client,
            "import sys, hashlib, hmac\n"
            "from coffeechat.pages.app import app\n"
            "app()\n"
            "maps = open('/proc/self/maps').read()\n"
            "print(sorted(m for m in ('_hashlib', '_ssl', 'ssl') if m in sys.modules), 'libcrypto' in maps,"
            " hashlib.sha256(b'coffee').hexdigest()[:8], hashlib.blake2b(b'chat', digest_size=4).hexdigest())",
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert shown.strip() == f"[] False 37290d74 {__import__('hashlib').blake2b(b'chat', digest_size=4).hexdigest()}"


def test_a_kernel_with_a_postgresql_journal_keeps_openssl_for_its_driver(tmp_path, monkeypatch):
    """psycopg (and so a career centre's shared journal) cannot load without Python's ssl module."""
    url = "postgresql://coffeechat@127.0.0.1:1/coffeechat"
    manager, client = start_participant_kernel(tmp_path, monkeypatch, COFFEECHAT_DATABASE_URL=url)
    try:
        shown = run(client, "import psycopg, sys\nprint(psycopg.pq.__impl__ != '', 'ssl' in sys.modules)")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert shown.strip() == "True True"


def test_jupyterlab_keeps_the_stock_kernel(monkeypatch):
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    assert "coffeechat.server.launcher" not in KernelManager(kernel_name="python3").kernel_spec.argv


def test_an_error_in_a_participants_kernel_reaches_the_servers_log(tmp_path, monkeypatch):
    """The participant sees the friendly message; the facilitator finds the traceback in the server's log."""
    monkeypatch.setenv("JUPYTER_PATH", str(serving.SHARE_JUPYTER))
    manager = KernelManager(kernel_name="python3")
    log = (tmp_path / "server.log").open("w")
    manager.start_kernel(env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}, stderr=log)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        shown = run(
            client,
            "import logging\n"
            "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
            "    logging.getLogger('coffeechat').exception('error in a click handler')\n"
            "print('page')",
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        log.close()
    assert shown.strip() == "page", "nothing of the error is sent to the page"
    written = (tmp_path / "server.log").read_text()
    assert "error in a click handler" in written and "ZeroDivisionError" in written


def test_a_burst_of_messages_reaches_a_slow_server_whole(tmp_path, monkeypatch):
    """One builder edit sends hundreds of widget messages; a busy server that reads late must still get all.

    ZeroMQ drops what exceeds a socket's high-water mark (1,000 messages by default) on the kernel's output
    socket: both ends lift it (launcher.py for the kernel, kernels.PatientKernelManager for the server).
    """
    import zmq

    from coffeechat.server.kernels import PatientKernelManager

    monkeypatch.setenv("JUPYTER_PATH", str(serving.SHARE_JUPYTER))
    server = PatientKernelManager()  # kept: its context lives as long as it does
    server_context = server.context
    manager = KernelManager(kernel_name="python3", context=server_context)
    manager.start_kernel(env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)})
    client = manager.client()
    client.start_channels()
    count, text = 20_000, "x" * 1000
    try:
        client.wait_for_ready(timeout=60)
        # the server is busy elsewhere: nothing is read while the kernel sends. The cell ends only once its output
        # thread has handed every message to ZeroMQ (a function queued behind them sets an event), and its reply
        # comes on another channel: all of the burst waits in ZeroMQ's queues before the first is read.
        request = client.execute(
            "import sys, threading\nk = get_ipython().kernel\n"
            f"for n in range({count}):\n"
            f"    k.session.send(k.iopub_socket, 'stream', {{'name': 'stdout', 'text': {text!r}}},"
            " parent=k.get_parent())\n"
            "sent = threading.Event()\n"
            "k.iopub_thread.schedule(sent.set)\n"
            "assert sent.wait(120)\n"
        )
        while (reply := client.get_shell_msg(timeout=120))["parent_header"].get("msg_id") != request:
            pass
        assert reply["content"]["status"] == "ok", reply["content"]
        received = 0
        while received < count:
            try:
                msg = client.get_iopub_msg(timeout=30)  # a deadline: with nothing dropped the burst is all there
            except queue.Empty:
                break
            received += msg["msg_type"] == "stream" and msg["content"]["text"] == text
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert received == count, f"{count - received} of {count} messages were dropped"
    assert server_context.socket(zmq.SUB).getsockopt(zmq.RCVHWM) == 0


def test_a_participants_kernel_imports_the_file_makers_only_when_a_file_is_made(tmp_path):
    """Each of thirty kernels pays for every library it imports (icalendar 2.5 MB, reportlab and PIL about
    20 MB): a tour of every module imports none of them, nor the coach's console and projector; the take-home
    PDF brings in its own."""
    tour = (
        "import sys\n"
        "from coffeechat.pages.app import WorkshopApp, prepare\n"
        "from coffeechat.views.common import widget_tree\n"
        "workshop, journal = prepare()\n"
        "app = WorkshopApp(workshop, journal)\n"
        "next(x for x in widget_tree(app.root) if 'cc-start-new' in x._dom_classes).click()\n"
        "for module_id in workshop.module_ids: app.go(module_id)\n"
        "makers = ('icalendar', 'segno', 'reportlab', 'PIL', 'matplotlib', 'coffeechat.pages.facilitator')\n"
        "print(sorted(m for m in makers if m in sys.modules))\n"
        "import coffeechat.documents.pdf\n"
        "print(sorted(m for m in makers if m in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", tour],
        env={**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split("\n")
    assert shown[0] == "[]", "a tour of the modules imports no file maker"
    assert "reportlab" in shown[1], "the PDF maker still has its library"


def test_a_participants_kernel_reads_the_content_without_building_its_validators(tmp_path):
    """The content a kernel reads was validated once, by whoever filled the cache; a kernel that only
    unpickles it builds no validator for the manifest, the fears, the bank or the interface strings
    (``defer_build``: about 1.5 MB of each kernel). The views build the few they construct themselves."""
    fill = "from coffeechat.content import load_workshop\nload_workshop()\n"
    tour = (
        "from coffeechat.pages.app import WorkshopApp, prepare\n"
        "from coffeechat.views.common import widget_tree\n"
        "from coffeechat import content\n"
        "workshop, journal = prepare()\n"
        "app = WorkshopApp(workshop, journal)\n"
        "next(x for x in widget_tree(app.root) if 'cc-start-new' in x._dom_classes).click()\n"
        "for module_id in workshop.module_ids: app.go(module_id)\n"
        "read_only = ('Manifest', 'Ui', 'Fear', 'Welcome', 'QuestionBank', 'RoleCards', 'WrapUp', 'Guide')\n"
        "print(sorted(n for n in read_only if getattr(content, n).__pydantic_complete__))\n"
    )
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path / "data"), "COFFEECHAT_CACHE_DIR": str(tmp_path)}
    run = {"env": env, "capture_output": True, "text": True, "timeout": 120, "check": True}
    subprocess.run([sys.executable, "-c", fill], **run)
    assert list(tmp_path.glob("content-*.pickle")), "the first load leaves the validated content in the cache"
    built = subprocess.run([sys.executable, "-c", tour], **run).stdout.strip()
    assert built == "[]", f"validators built in a participant's kernel: {built}"
