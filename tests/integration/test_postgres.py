"""The tests' own PostgreSQL: without the server installed, does the suite say how to get it (never skip)?"""

from __future__ import annotations

import psutil
import pytest

from tests import postgres


def test_without_postgresql_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(postgres.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)
    with pytest.raises(postgres.PostgresUnavailable, match="apt-get install -y postgresql"):
        postgres.PostgresServer()


def test_the_server_runs_as_an_unprivileged_user_even_when_the_tests_run_as_root(postgres_server):
    with postgres_server.connect() as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "", "no TCP port, only the socket"
        backend = psutil.Process(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
        assert backend.uids().real != 0, "initdb and the server never run as root"
