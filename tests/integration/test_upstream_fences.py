"""Fences around the upstream workarounds (docs/explanation/upstream.md): each fails when upstream changes what the kit
works around, or fixes it. A failing fence names the row of the register to read: the workaround may be
dropped (upstream fixed it) or must be adapted (upstream moved the thing it reaches into).

Where a workaround's behaviour is already proven against the real thing elsewhere, the register names that
test too (in tests/integration/: test_faults.py, test_voila_app.py, test_kernels.py, test_visitor.py, test_esm.py).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import inspect
import weakref
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import pytest


def source(function) -> str:
    return inspect.getsource(function)


def in_a_thread(coroutine_function, *args):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result(timeout=120)


# --- the versions the adapter was written for ------------------------------------------------------------

WRITTEN_FOR = {
    "voila": "0.5.13",
    "jupyter_server": "2.21.",
    "jupyter_client": "8.10.",
    "ipykernel": "7.4.",
    "anywidget": "0.11.",
    "tornado": "6.6.",
    "nbclient": "0.11.",
}


@pytest.mark.parametrize("package", sorted(WRITTEN_FOR))
def test_is_the_installed_version_the_one_the_adapter_was_written_for(package):
    """A new version: run this file, read docs/explanation/upstream.md for every fence that fails, then move the pin."""
    assert version(package).startswith(WRITTEN_FOR[package]), (
        f"{package} {version(package)}: see docs/explanation/upstream.md"
    )


def test_does_the_voila_adapter_name_the_installed_version():
    from coffeechat.upstream import voila as adapter

    assert adapter.VOILA_VERSION == adapter.WRITTEN_FOR == WRITTEN_FOR["voila"]


# --- Voila --------------------------------------------------------------------------------------------------


def test_does_voila_still_stop_by_removing_the_connection_files_before_the_kernels_on_a_new_loop():
    """Row "Voila's stop order" (the behaviour itself: tests/integration/test_voila_app.py, second test)."""
    from voila.app import Voila

    text = source(Voila.stop)
    assert text.index("rmtree") < text.index("shutdown_all"), "Voila now stops the kernels first"
    assert "run_sync" in text


def test_does_voila_still_build_its_kernel_manager_from_the_module_level_factory():
    """Row "kernel manager factory": the name swapped during init_settings must still be the one it calls."""
    from voila import app as voila_app
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    assert voila_app.voila_kernel_manager_factory is voila_kernel_manager_factory
    assert "voila_kernel_manager_factory(" in source(voila_app.Voila.init_settings)
    assert list(inspect.signature(voila_kernel_manager_factory).parameters) == [
        "base_class",
        "preheat_kernel",
        "default_pool_size",
        "page_config_hook",
    ]


def test_does_voila_still_route_the_handlers_the_kit_replaces_by_class():
    """Row "handler table": every class the adapter replaces is in Voila's table (a rename would bypass the guard)."""
    from voila.app import Voila

    text = source(Voila.init_handlers)
    for name in (
        "TornadoVoilaHandler",
        "VoilaKernelWebsocketHandler",
        "KernelHandler",
        "VoilaShutdownKernelHandler",
        "RequestInfoSocketHandler",
        "MultiStaticFileHandler",
        "TemplateStaticFileHandler",
        "FileFindHandler",
    ):
        assert name in text, name


def test_does_the_guard_replace_every_handler_that_reaches_a_kernel():
    """The replacement table has one entry per role, each a subclass of Voila's class it replaces."""
    from coffeechat.server.voila_app import WorkshopVoila

    app = WorkshopVoila()
    for voila_class, ours in app._replacements().items():
        assert issubclass(ours, voila_class), (voila_class, ours)
    assert len(app._replacements()) == 8


def test_does_voilas_page_still_read_the_static_address_from_its_page_config():
    """Row "versioned static address": Voila's front end loads its JavaScript from ``fullStaticUrl``."""
    from voila import utils

    assert '"fullStaticUrl"' in source(utils.get_page_config)


def test_does_voilas_legacy_frame_reader_still_trust_the_first_eight_bytes():
    """Row "legacy-frame loop": the loop itself is reproduced by
    tests/integration/test_faults.py::test_voila_still_misreads_legacy_frames_so_the_refusal_is_still_needed."""
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler, read_header_from_binary_message

    text = source(read_header_from_binary_message)
    assert 'int.from_bytes(ws_msg[:8], "little")' in text and "range(offset_number)" in text
    assert "read_header_from_binary_message(message)" in source(VoilaKernelWebsocketHandler.write_message)


def test_does_voilas_kernel_websocket_still_pass_error_and_stderr_messages_to_the_browser():
    """Row "tracebacks over the websocket": Voila drops only ``execute_input``; ``show_tracebacks=False``
    hides tracebacks in the page, not in the messages a page's widgets receive."""
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    text = source(VoilaKernelWebsocketHandler.write_message)
    assert '"execute_input"' in text
    assert '"error"' not in text and "stderr" not in text, "Voila filters errors itself now"


def test_does_voilas_page_handler_still_stream_the_page_through_write():
    """Row "page markup hook": the nonce reaches every script tag only if Voila writes the page with ``write``."""
    from voila.tornado.handler import TornadoVoilaHandler

    assert "self.write(html)" in source(TornadoVoilaHandler.get)


@pytest.mark.parametrize(
    "path",
    ["coffeechat/static/../../../../etc/passwd", "coffeechat/static/../x.css", "coffeechat"],
)
def test_does_voilas_template_file_handler_still_fail_on_a_path_out_of_static(path):
    """Row "template traversal → 500": Voila's path parsing raises instead of answering 404."""
    from voila.static_file_handler import TemplateStaticFileHandler

    with pytest.raises((AssertionError, ValueError)):
        TemplateStaticFileHandler.get_absolute_path("/fake-root/", path)


def test_does_the_adapter_accept_only_paths_inside_a_templates_static_folder():
    from coffeechat.upstream.voila import template_static_path

    assert template_static_path("coffeechat/static/materialcolors.css")
    for path in ("coffeechat/static/../x", "coffeechat", "../static/x", "coffeechat/static/", "a//static/x"):
        assert not template_static_path(path), path


def test_does_voilas_request_socket_still_keep_undelivered_request_info_for_ever():
    """Row "request info kept for ever": Voila stores it in a class attribute and never removes it."""
    from voila.request_info_handler import RequestInfoSocketHandler

    RequestInfoSocketHandler.send_updates({"kernel_id": "fence-kernel", "payload": "code=X"})
    try:
        assert RequestInfoSocketHandler._cache["fence-kernel"] == "code=X"
        assert "_cache" not in source(RequestInfoSocketHandler.on_close)
        opening = source(RequestInfoSocketHandler.open)
        assert "pop" not in opening and "del " not in opening
    finally:
        RequestInfoSocketHandler._cache.pop("fence-kernel", None)


def test_does_voilas_request_socket_still_answer_any_address():
    """Row "request socket open to anyone": Voila checks nothing about who asks for a kernel's request info."""
    from voila.request_info_handler import RequestInfoSocketHandler

    assert "remote_ip" not in inspect.getsource(RequestInfoSocketHandler)
    assert "get" not in RequestInfoSocketHandler.__dict__, "Voila checks the request now"


def pooling_manager_class():
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    return voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)


def test_does_voilas_pool_still_count_a_kernel_that_is_still_starting():
    """Row "pool counts starting kernels": a pending future counts as a kernel ready for a visitor."""
    manager_class = pooling_manager_class()

    async def size() -> int:
        starting = asyncio.get_running_loop().create_future()
        return manager_class.get_pool_size(SimpleNamespace(_pools={"nb": [starting]}), "nb")

    assert in_a_thread(size) == 1


def test_does_voilas_pool_still_take_the_first_item_and_hand_back_task_cells_and_kernel():
    """Row "pool counts starting kernels": StartedPool puts the item it chose first and reads ``rendered[2]``."""
    manager_class = pooling_manager_class()
    text = source(manager_class.get_rendered_notebook)
    assert "self._pools[notebook_name].pop(0)" in text
    assert "return render_task, renderer.rendered_cache, kernel_id" in text
    assert list(inspect.signature(manager_class.get_rendered_notebook).parameters) == [
        "self",
        "notebook_name",
        "extra_kernel_env_variables",
        "kwargs",
    ]


def test_does_voilas_pooled_shutdown_still_await_every_render_of_the_pool():
    """Row "stop waits for the pool's renders": StartedPool.cancel_renders cancels them before shutdown_all."""
    text = source(pooling_manager_class().shutdown_all)
    assert "result = await task" in text and "for pool in pools.values()" in text


def test_does_voila_still_hand_the_pools_refill_the_address_of_the_visitor_who_took_a_kernel():
    """Row "earlier visitor's address": the visitor's URL goes into the environment of the refill."""
    from voila import handler

    manager_class = pooling_manager_class()
    assert "extra_kernel_env_variables=extra_kernel_env_variables" in source(manager_class.get_rendered_notebook)
    assert "ENV_VARIABLE.VOILA_REQUEST_URL: self.request.full_url()" in source(handler.VoilaHandler.get_generator)


def test_does_voila_still_read_the_visitor_from_the_address_the_kit_waits_on():
    """Row "wait_for_request re-implemented" (the address itself: tests/integration/test_visitor.py, first test)."""
    from voila import utils

    assert callable(utils._get_request_info)
    assert utils.ENV_VARIABLE.VOILA_PREHEAT == "VOILA_PREHEAT"
    assert utils.ENV_VARIABLE.VOILA_REQUEST_URL == "VOILA_REQUEST_URL"


def test_does_voila_still_rely_on_nbclients_four_second_output_timeout():
    """Row "late output dropped" (voila-dashboards/voila#685): the kit raises ``iopub_timeout``."""
    from nbclient import NotebookClient
    from voila.execute import VoilaExecutor

    assert NotebookClient.iopub_timeout.default_value == 4
    assert issubclass(VoilaExecutor, NotebookClient)


def test_are_the_blocks_and_the_macro_the_kits_page_template_overrides_still_in_voilas_lab_template():
    """Row "page template": index.html.j2 replaces these blocks of Voila's lab template chain and imports
    Voila's macro; a renamed block would silently bring back the CDN links, Voila's spinner or tracebacks."""
    import re
    import sys

    share = Path(sys.prefix) / "share" / "jupyter"
    defined = {
        "voila/templates/lab/index.html.j2": ("body_header", "body_loop", "body_footer", "footer"),
        "nbconvert/templates/lab/index.html.j2": ("header",),
        "nbconvert/templates/base/null.j2": ("error", "stream_stderr"),
    }
    for template, blocks in defined.items():
        text = (share / template).read_text(encoding="utf-8")
        for block in blocks:
            assert re.search(rf"{{%-?\s*block {block}\b", text), f"{template}: block {block}"
    macro = (share / "voila/templates/base/voila_setup.macro.html.j2").read_text(encoding="utf-8")
    assert "macro voila_setup_labextensions(base_url, labextensions)" in macro
    assert "{%- extends 'nbconvert/templates/lab/index.html.j2' -%}" in (
        share / "voila/templates/lab/index.html.j2"
    ).read_text(encoding="utf-8")


def test_does_ipywidgets_datepicker_still_send_no_date_for_a_date_the_browser_cannot_read():
    """Row "unreadable date": leaving a date field the browser cannot read („31.02.“, a part missing) sends
    "no date" (DatePickerView._picker_focusout), which erased the saved date; page.js stops that focusout."""
    import sys

    static = Path(sys.prefix) / "share/jupyter/voila/labextensions/@voila-dashboards/widgets-manager8/static"
    bundles = "".join(path.read_text(encoding="utf-8") for path in static.glob("*.js"))
    assert '\'focusout [type="date"]\':"_picker_focusout"' in bundles
    assert '_picker_focusout(){this._datepicker.validity.badInput&&(this.model.set("value",null)' in bundles


# --- jupyter_server and jupyter_client -----------------------------------------------------------------------


def test_does_jupyter_servers_error_page_still_need_a_template_voila_does_not_have():
    """Row "refused websocket logs a traceback": write_error renders ``<status>.html``, then ``error.html``."""
    from jupyter_server.base.handlers import JupyterHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    text = source(JupyterHandler.write_error)
    assert 'render_template("%s.html" % status_code' in text and 'render_template("error.html"' in text
    inherited = next(c for c in VoilaKernelWebsocketHandler.__mro__ if "write_error" in c.__dict__)
    assert inherited is JupyterHandler, "Voila's kernel websocket writes its own errors now"


def test_does_jupyter_servers_activity_watch_still_use_the_stream_the_light_watch_sets():
    """Row "activity watch": jupyter_server closes ``kernel._activity_stream``, found in ``self._kernels``
    (the behaviour itself: tests/integration/test_kernels.py, the light activity watch's test)."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    assert "kernel._activity_stream" in source(MappingKernelManager.stop_watching_activity)
    assert "self._kernels[kernel_id]" in source(MappingKernelManager.stop_watching_activity)
    assert "session.deserialize(fed_msg_list)" in source(MappingKernelManager.start_watching_activity), (
        "jupyter_server's watch no longer deserialises every message: the light watch may go"
    )
    assert list(inspect.signature(MappingKernelManager.start_watching_activity).parameters) == ["self", "kernel_id"]


def test_do_the_servers_sockets_to_the_kernels_still_come_from_the_managers_context():
    """Row "dropped messages (server side)": the private trait default still makes the context."""
    import zmq

    from coffeechat.upstream.jupyter_server import LightKernelManager

    manager = LightKernelManager()
    try:
        assert manager.context.sockopts.get(zmq.RCVHWM) == 0
    finally:
        manager.context.term()


async def shutdown_while_one_launches(manager_class, folder: Path) -> tuple[BaseException | None, list[str]]:
    manager = manager_class(connection_dir=str(folder))
    await manager.start_kernel(kernel_name="python3")
    launching = asyncio.ensure_future(manager.start_kernel(kernel_name="python3"))
    while not manager._pending_kernels:  # noqa: ASYNC110 - the private set is what the fence watches
        await asyncio.sleep(0)
    failure = None
    try:
        await manager.shutdown_all()
    except Exception as error:  # noqa: BLE001 - the finding
        failure = error
    await asyncio.wait([launching], timeout=60)
    left = manager.list_kernel_ids()
    for kernel_id in left:
        await manager.shutdown_kernel(kernel_id, now=True)
    return failure, left


def test_does_jupyter_servers_shutdown_all_still_fail_on_a_kernel_being_launched(tmp_path):
    """Row "404 during launch" (the kit's manager: tests/integration/test_kernels.py, third test)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    failure, left = in_a_thread(shutdown_while_one_launches, AsyncMappingKernelManager, tmp_path)
    fixed = "jupyter_server now stops launches under way: LightKernelManager.shutdown_all may go"
    assert failure is not None or left, fixed


# --- ipykernel --------------------------------------------------------------------------------------------


def test_does_ipykernel_still_make_its_output_socket_in_init_iopub_from_the_context_it_is_given():
    """Row "dropped messages (kernel side)": the high-water mark set on the context reaches the socket."""
    from ipykernel.kernelapp import IPKernelApp

    assert list(inspect.signature(IPKernelApp.init_iopub).parameters) == ["self", "context"]
    assert "context.socket(zmq.XPUB)" in source(IPKernelApp.init_iopub)


# --- tornado ------------------------------------------------------------------------------------------------


def test_does_tornados_static_handler_still_read_the_body_through_the_instance():
    """Row "compressed static files": ``get_content`` is looked up on the instance, with (path, start, end)."""
    from tornado.web import StaticFileHandler

    assert "self.get_content(self.absolute_path, start, end)" in source(StaticFileHandler.get)


def test_does_tornado_still_keep_a_reason_phrase_in_the_private_attribute():
    """Row "one line per refusal": the access log reads the reason from ``_reason``."""
    from tornado.web import RequestHandler

    assert "self._reason" in source(RequestHandler.set_status)


# --- anywidget -------------------------------------------------------------------------------------------


def test_does_anywidget_still_keep_a_widget_made_from_a_file_alive(tmp_path):
    """Row "closed widgets kept" (manzt/anywidget#929; the kit's widgets: tests/integration/test_esm.py)."""
    import anywidget

    module = tmp_path / "probe.js"
    module.write_text("export default { render() {} };", encoding="utf-8")

    class FromFile(anywidget.AnyWidget):
        _esm = module

    widget = FromFile()
    freed = weakref.ref(widget)
    widget.close()
    del widget
    gc.collect()
    assert freed() is not None, "anywidget frees a widget made from a file now: esm_text may go"


# --- ipywidgets -------------------------------------------------------------------------------------------


def test_do_ipywidgets_still_keep_a_widgets_classes_in_the_synced_trait_the_constructor_takes():
    """Row "classes in one message": ``add_class`` still goes through ``_dom_classes``, a synced trait."""
    import ipywidgets

    assert "_dom_classes" in ipywidgets.DOMWidget.class_trait_names(sync=True)
    assert ipywidgets.Box(_dom_classes=("a", "b"))._dom_classes == ("a", "b")
    assert "self._dom_classes = " in source(ipywidgets.DOMWidget.add_class)


def test_does_replacing_a_modes_classes_keep_the_others_and_send_nothing_when_unchanged():
    import ipywidgets

    from coffeechat.upstream.ipywidgets import replace_classes

    box = ipywidgets.Box(_dom_classes=("cc-card", "cc-projector-mode-join"))
    sent = []
    box.observe(lambda change: sent.append(change["new"]), "_dom_classes")
    replace_classes(box, "cc-projector-", {"cc-projector-mode-timer", "cc-projector-dark"})
    replace_classes(box, "cc-projector-", {"cc-projector-mode-timer", "cc-projector-dark"})
    assert sent == [("cc-card", "cc-projector-dark", "cc-projector-mode-timer")]


# --- glibc ------------------------------------------------------------------------------------------------


def test_does_the_c_library_still_offer_malloc_trim():
    """Row "heap kept by the allocator": where it is missing, the kit only collects."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        pytest.skip("not glibc: the kit only collects here")
    assert trim(0) in (0, 1)


# --- JupyterHub (the coach's sign-in link, deploy/jupyterhub/) ----------------------------------------------


def test_does_jupyterhub_still_serve_extra_handlers_and_sign_in_through_its_base_handler():
    """Row "a coach signs in by a link": the trait, the token lookup by hash and the login cookie it reaches into."""
    from jupyterhub import orm
    from jupyterhub.app import JupyterHub
    from jupyterhub.handlers import BaseHandler

    assert version("jupyterhub").startswith("6.1."), "see docs/explanation/upstream.md"
    assert "extra_handlers" in JupyterHub.class_trait_names(config=True)
    assert "self.extra_handlers" in source(JupyterHub.init_handlers)
    assert "orm_token.match(token)" in source(orm.APIToken.find), "a token is found by its hash, not stored"
    for name in ("set_login_cookie", "user_from_username"):
        assert callable(getattr(BaseHandler, name)), name
    from tornado.web import HTTPError

    assert HTTPError(403, reason="r").log_message is None, "a reason alone is not logged with the address"
