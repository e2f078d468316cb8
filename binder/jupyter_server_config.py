"""The workshop app inside a Binder session: jupyter-server-proxy starts ``coffeechat serve`` at /coffeechat/.

A Binder link with ``?urlpath=coffeechat/`` opens the kit's own standalone Voila app (its template, no code
cells, its kernel manager), started on first visit and proxied behind the session's own login. The answers
are saved in the session's SQLite journal, inside the temporary container: they vanish with the session.
postBuild copies this file to ``~/.jupyter/``; tests/browser/test_binder.py runs it with a local Jupyter
server, as Binder would.
"""

c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.ServerProxy.servers = {
    "coffeechat": {
        "command": [
            "coffeechat",
            "serve",
            "--port={port}",
            # the proxy passes the full path on (/user/<session>/coffeechat/...), Voila is served under it
            "--base-url={base_url}coffeechat/",
            "--no-browser",
            # jupyter-server-proxy supervises; Voila stops its kernels on SIGTERM
            "--replace-process",
        ],
        "absolute_url": True,
        "timeout": 120,
        "new_browser_tab": False,
        "launcher_entry": {"enabled": True, "title": "coffeechat workshop"},
    }
}
