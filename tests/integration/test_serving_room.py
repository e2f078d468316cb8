"""`coffeechat serve` for a room: does it print an address the room can reach, and a facilitator link whose
token the kernels can check but the journal never holds?"""

from __future__ import annotations

import ipaddress
import re
import time

import pytest

from coffeechat.room import model as room
from coffeechat.server import serving
from coffeechat.storage.journal import Journal
from tests.integration.test_serving import Server


def test_is_the_lan_address_one_the_room_can_reach_not_loopback():
    address = serving.lan_address()
    assert address is not None, "this machine has a network interface"
    ip = ipaddress.ip_address(address)
    assert not ip.is_loopback and not ip.is_unspecified and not ip.is_link_local


def test_does_a_wildcard_bind_give_the_room_the_lan_address(monkeypatch):
    monkeypatch.setattr(serving, "lan_address", lambda: "192.168.1.20")
    assert serving.participant_url("0.0.0.0", 8866) == "http://192.168.1.20:8866/"
    assert serving.participant_url("10.0.0.5", 9000, "/room/") == "http://10.0.0.5:9000/room/"
    monkeypatch.setattr(serving, "lan_address", lambda: None)
    assert serving.participant_url("0.0.0.0", 8866) == "http://127.0.0.1:8866/", "no network: this machine only"


def test_does_the_facilitator_link_carry_the_token_and_the_projector_its_own_page():
    links = serving.room_links("http://192.168.1.20:8866/", "http://127.0.0.1:8866/", "SECRET")
    assert links.console == "http://127.0.0.1:8866/?room=console&token=SECRET"
    assert links.projector == "http://127.0.0.1:8866/?room=projector&token=SECRET"
    assert "SECRET" not in links.participants


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    """One serve for a room (all interfaces), for the questions that only read what it printed and stored; it
    needs no pooled kernels for that."""
    srv = Server(tmp_path_factory.mktemp("room"), "--host", "0.0.0.0", "--pool-size", "0")
    yield srv
    srv.stop()


def test_does_serve_on_all_interfaces_print_the_lan_link_and_a_facilitator_link_whose_hash_alone_is_stored(
    room_server,
):
    srv = room_server
    out = srv.stdout.read_text()
    lan = serving.lan_address()
    ready = next(line for line in out.splitlines() if "workshop ready" in line)
    assert f"http://{lan}:{srv.port}/" in ready and "127.0.0.1" not in ready
    match = re.search(r"facilitator console.*: (http://\S+\?room=console&token=(\S+))", out)
    assert match, out
    token = match.group(2)
    assert f"?room=projector&token={token}" in out
    journal_file = srv.data_dir / "journal.sqlite3"
    with Journal(journal_file) as journal:
        assert journal.rooms.facilitator_token_known(room.token_hash(token))
    stored = b"".join(p.read_bytes() for p in srv.data_dir.iterdir() if p.name.startswith("journal"))
    assert token.encode() not in stored


def test_does_serve_on_loopback_print_the_console_links_for_a_rehearsal_on_this_computer(tmp_path):
    """`make serve` without a host: a coach rehearsing at home gets the console and the projector too."""
    srv = Server(tmp_path, "--pool-size", "0")
    try:
        out = srv.stdout.read_text()
        match = re.search(r"facilitator console.*: (http://127\.0\.0\.1:\d+/\?room=console&token=(\S+))", out)
        assert match, out
        assert f"?room=projector&token={match.group(2)}" in out and "HOST=0.0.0.0" in out
    finally:
        srv.stop()


def test_does_a_token_match_only_itself():
    token = room.new_token()
    assert room.token_matches(token, room.token_hash(token))
    assert not room.token_matches(token + "x", room.token_hash(token))
    assert not room.token_matches(None, room.token_hash(token))
    assert not room.token_matches("", room.token_hash(""))


def test_does_serve_for_a_room_say_how_many_people_the_machine_takes_at_once(room_server):
    srv = room_server
    deadline = time.monotonic() + 60
    while "people at once on this machine" not in srv.stdout.read_text():
        assert time.monotonic() < deadline, srv.log()
        time.sleep(0.1)
    said = re.search(r"room for about (\d+) people at once on this machine", srv.stdout.read_text())
    assert said and int(said.group(1)) >= 1
