"""The room in the journal: does every kernel see the same room, does a restarted kernel pick it up again, does
the wall say nothing of who wrote what, and does erasing the room take everything with it? On both engines."""

from __future__ import annotations

import hashlib
import sqlite3

from coffeechat.room.model import RoomState
from coffeechat.storage import codes, database
from coffeechat.storage import journal as journal_module
from coffeechat.storage.journal import Journal

TOKEN_HASH = hashlib.sha256(b"a token").hexdigest()


def new_room(journal: Journal) -> str:
    journal.rooms.add_facilitator_token(TOKEN_HASH)
    return journal.rooms.open("Netzwerken ohne Angst", "2026-12-01", TOKEN_HASH, RoomState().to_json())


def test_does_a_second_kernel_see_the_room_and_every_change_raise_its_revision(store):
    with store.open() as console, store.open() as participant:
        assert participant.rooms.current() is None
        room_id = new_room(console)
        seen = participant.rooms.current()
        assert seen == (room_id, 1)
        console.rooms.update(room_id, lambda state: RoomState.from_json(state).follow("regret").to_json())
        assert participant.rooms.current() == (room_id, 2)
        assert RoomState.from_json(participant.rooms.get(room_id).state).followed_module() == "regret"


def test_does_a_kernel_that_restarts_pick_the_room_up_again(store):
    with store.open() as console:
        room_id = new_room(console)
        code = console.create_participant("de")
        member = console.rooms.join(room_id, code)
    with store.open() as restarted:
        assert restarted.rooms.current()[0] == room_id
        assert restarted.rooms.join(room_id, code) == member, "joining again keeps the same anonymous id"
        assert restarted.rooms.member_ids(room_id) == [member]


def test_is_the_newest_room_the_current_one(store):
    with store.open() as journal:
        new_room(journal)
        newer = journal.rooms.open("Zweiter Termin", "2026-12-08", TOKEN_HASH, RoomState().to_json())
        assert journal.rooms.current()[0] == newer


def test_does_only_a_token_serve_made_open_the_console(store):
    with store.open() as journal:
        journal.rooms.add_facilitator_token(TOKEN_HASH)
        assert journal.rooms.facilitator_token_known(TOKEN_HASH)
        assert not journal.rooms.facilitator_token_known(hashlib.sha256(b"a guess").hexdigest())


def test_are_the_rooms_answers_read_by_anonymous_member_only_under_the_asked_keys(store):
    with store.open() as journal:
        room_id = new_room(journal)
        members = {}
        for rating in (3, 7, 9):
            code = journal.create_participant("de")
            journal.save(code, "welcome.rating.regret", rating)
            journal.save(code, "regret.reflection.why", "privat")
            members[journal.rooms.join(room_id, code)] = code
        outsider = journal.create_participant("de")
        journal.save(outsider, "welcome.rating.regret", 10)
        answers = journal.rooms.answers(room_id, ("welcome.rating.", "progress."))
        assert set(answers) == set(members), "keyed by member id, and only the room's members"
        assert sorted(a["welcome.rating.regret"] for a in answers.values()) == [3, 7, 9]
        assert all(set(a) == {"welcome.rating.regret"} for a in answers.values()), "reflections never leave"
        assert not set(members.values()) & set(str(answers)), "no code among them"


def test_does_the_wall_keep_one_answer_per_person_and_question_and_hide_an_entry(store):
    with store.open() as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.rooms.save_word(room_id, code, 1, "Zeit")
        journal.rooms.save_word(room_id, code, 1, "Angst")
        journal.rooms.save_word(room_id, code, 2, "Mut")
        entries = journal.rooms.words(room_id, 1)
        assert [entry[1] for entry in entries] == ["Angst"]
        entry_id = entries[0][0]
        assert code not in entry_id
        journal.rooms.hide_word(room_id, entry_id)
        assert journal.rooms.words(room_id, 1)[0][2] is True
        assert [entry[1] for entry in journal.rooms.words(room_id, 2)] == ["Mut"]


def test_does_a_wall_answer_wait_for_approval_and_wait_again_when_it_is_edited(store):
    with store.open() as journal, store.open() as console:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.rooms.save_word(room_id, code, 1, "Zeit")
        (entry_id, text, hidden, approved) = console.rooms.words(room_id, 1)[0]
        assert (text, hidden, approved) == ("Zeit", False, False), "a new answer waits"
        revision = console.rooms.current()[1]
        console.rooms.approve_word(room_id, entry_id)
        assert console.rooms.words(room_id, 1)[0][3] is True
        assert console.rooms.current()[1] > revision, "every page learns of the approval"
        journal.rooms.save_word(room_id, code, 1, "Zeit")
        assert console.rooms.words(room_id, 1)[0][3] is True, "the same text again keeps the approval"
        journal.rooms.save_word(room_id, code, 1, "Mein Chef ist ein Idiot")
        assert console.rooms.words(room_id, 1)[0] == (entry_id, "Mein Chef ist ein Idiot", False, False)
        console.rooms.hide_word(room_id, entry_id)
        journal.rooms.save_word(room_id, code, 1, "Zeitmangel")
        assert console.rooms.words(room_id, 1)[0][2] is True, "a hidden answer stays hidden when edited"


def test_does_the_journal_count_the_answers_of_every_question_of_the_room(store):
    with store.open() as journal:
        room_id = new_room(journal)
        for words in (("Zeit", "Mut"), ("Angst", None)):
            code = journal.create_participant("de")
            journal.rooms.join(room_id, code)
            for question, word in enumerate(words, start=1):
                if word:
                    journal.rooms.save_word(room_id, code, question, word)
        assert journal.rooms.word_counts(room_id) == {1: 2, 2: 1}


def test_does_a_journal_of_the_second_schema_keep_its_wall_answers_shown(store):
    """A wall stored before moderation existed showed every answer: after the migration they count as approved,
    and a new answer waits. On SQLite and on PostgreSQL."""
    db = database.open_database(store.location, busy_timeout_ms=5_000)
    db.migrate(journal_module.MIGRATIONS[:2])
    code = codes.new_code()
    with db.transaction():
        db.execute("INSERT INTO participants (code, created_at) VALUES (?, 'then')", (code,))
        db.execute(
            "INSERT INTO rooms (id, name, held_on, token_hash, state, revision, created_at) "
            "VALUES ('r1', 'Alt', '2026-11-01', ?, '{}', 1, 'then')",
            (TOKEN_HASH,),
        )
        db.execute(
            "INSERT INTO room_words (room_id, code, question, entry_id, text, hidden) "
            "VALUES ('r1', ?, 1, 'e1', 'Mut', 0)",
            (code,),
        )
    assert db.schema_version() == 2
    db.close()
    with store.open() as journal:
        assert journal.database.schema_version() == journal_module.SCHEMA_VERSION == 9
        assert journal.rooms.words("r1", 1) == [("e1", "Mut", False, True)]
        newcomer = journal.create_participant("de")
        journal.rooms.join("r1", newcomer)
        journal.rooms.save_word("r1", newcomer, 1, "Zeit")
        assert sorted(entry[1:] for entry in journal.rooms.words("r1", 1)) == [
            ("Mut", False, True),
            ("Zeit", False, False),
        ]


def test_does_erasing_a_participant_take_their_membership_and_wall_answers(store):
    with store.open() as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.rooms.save_word(room_id, code, 1, "Zeit")
        journal.erase(code)
        assert journal.rooms.member_ids(room_id) == []
        assert journal.rooms.words(room_id, 1) == []


def test_does_erasing_the_room_take_every_members_data_and_leave_other_participants(store):
    with store.open() as journal:
        room_id = new_room(journal)
        joined = [journal.create_participant("de") for _ in range(3)]
        for code in joined:
            journal.rooms.join(room_id, code)
            journal.save(code, "regret.reflection.why", "Ich fürchte, zu stören")
            journal.rooms.save_word(room_id, code, 1, "Scham")
        stranger = journal.create_participant("en")
        assert journal.rooms.erase(room_id) > 0
        assert journal.rooms.current() is None
        assert not any(journal.participant_exists(code) for code in joined)
        assert journal.participant_exists(stranger)


def test_does_erasing_the_room_leave_no_text_in_the_sqlite_file(tmp_path):
    path = tmp_path / "journal.sqlite3"
    with Journal(path) as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.save(code, "regret.reflection.why", "Unverwechselbar-Zwiebelkuchen")
        journal.rooms.save_word(room_id, code, 1, "Unverwechselbar-Wortwand")
        journal.rooms.erase(room_id)
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("journal.sqlite3"))
    assert b"Unverwechselbar" not in data


def test_does_a_journal_of_the_first_schema_migrate_to_the_room_tables(tmp_path):
    path = tmp_path / "journal.sqlite3"
    raw = sqlite3.connect(path)
    for statement in journal_module.MIGRATIONS[0]:
        raw.execute(statement.format(serial_key="INTEGER PRIMARY KEY"))
    code = codes.new_code()
    raw.execute("INSERT INTO participants (code, created_at) VALUES (?, 'then')", (code,))
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    with Journal(path) as journal:
        assert journal.database.schema_version() == journal_module.SCHEMA_VERSION == 9
        assert journal.participant_exists(code)
        assert new_room(journal)


def test_does_a_new_serve_token_retire_the_earlier_one_and_take_over_the_open_room(store):
    newer = hashlib.sha256(b"the next run's token").hexdigest()
    with store.open() as first_run, store.open() as participant:
        room_id = new_room(first_run)
        code = participant.create_participant("de")
        member = participant.rooms.join(room_id, code)
        revision = participant.rooms.current()[1]
        with store.open() as second_run:
            assert second_run.rooms.make_only_facilitator_token(newer) == 1
        assert not participant.rooms.facilitator_token_known(TOKEN_HASH), "the earlier run's token is retired"
        assert participant.rooms.facilitator_token_known(newer)
        assert participant.rooms.get(room_id).token_hash == newer, "the open room belongs to the new console"
        assert participant.rooms.current() == (room_id, revision + 1), "every page looks again"
        assert participant.rooms.member_ids(room_id) == [member], "whoever was in the room stays in it"
        assert participant.rooms.join(room_id, code) == member


def test_does_a_retired_token_open_no_room_even_after_its_check(store):
    with store.open() as journal:
        journal.rooms.make_only_facilitator_token(TOKEN_HASH)
        journal.rooms.make_only_facilitator_token(hashlib.sha256(b"the next run's token").hexdigest())
        assert journal.rooms.open("Gekapert", "2026-12-01", TOKEN_HASH, RoomState().to_json()) is None
        assert journal.rooms.current() is None


def test_is_feedback_one_per_member_without_its_code_and_waits_again_when_changed(store):
    with store.open() as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        stranger = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.rooms.save_feedback(room_id, code, 4, "Gut")
        journal.rooms.save_feedback(room_id, stranger, 1, "nie im Raum")  # never joined: nothing stored
        [(entry_id, rating, comment, approved, hidden)] = journal.rooms.feedback(room_id)
        assert (rating, comment, approved, hidden) == (4, "Gut", False, False)
        assert code not in repr(journal.rooms.feedback(room_id))
        journal.rooms.moderate_feedback(room_id, entry_id, approved=True)
        journal.rooms.save_feedback(room_id, code, 5, "Gut")  # the same comment keeps its approval
        assert journal.rooms.feedback(room_id)[0][1:4] == (5, "Gut", True)
        journal.rooms.save_feedback(room_id, code, 5, "Sehr gut")  # a changed one waits again
        assert journal.rooms.feedback(room_id)[0][2:4] == ("Sehr gut", False)
        journal.rooms.moderate_feedback(room_id, entry_id, hidden=True)
        assert journal.rooms.feedback(room_id)[0][4] is True
        assert journal.rooms.own_feedback(room_id, code) == (5, "Sehr gut")
        journal.erase(code)
        assert journal.rooms.feedback(room_id) == [], "a participant's erase takes their feedback"


def test_does_the_session_report_outlive_the_rooms_erase(store):
    from coffeechat.storage.room_records import StoredReport

    with store.open() as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.rooms.save_feedback(room_id, code, 3, "Kommentar")
        content = bytes(range(256)) * 40  # every byte value: stored as bytes, not text
        journal.rooms.save_report(
            StoredReport(room_id, "Raum", "2026-12-01", "de", "r.zip", "2026-12-01T10:00", content)
        )
        journal.rooms.erase(room_id)
        assert journal.rooms.get(room_id) is None and journal.rooms.feedback(room_id) == []
        assert not journal.participant_exists(code)
    with store.open() as later:
        kept = later.rooms.last_report()
        assert kept is not None and kept.content == content and kept.name == "Raum" and kept.room_id == room_id


def test_does_a_template_outlive_the_rooms_erase_and_hold_no_participant_data(store):
    """A room's setup kept as a template (issue 29): it holds nothing of the room's people, so erasing the room
    leaves it; saving under the same name updates it and keeps its id; it can be deleted. On both engines."""
    from coffeechat.room.templates import RoomTemplate, template_of
    from coffeechat.storage.schema import PARTICIPANT_TABLES

    assert "room_templates" not in {table for table, _ in PARTICIPANT_TABLES}
    with store.open() as journal:
        room_id = new_room(journal)
        code = journal.create_participant("de")
        member = journal.rooms.join(room_id, code)
        journal.rooms.save_word(room_id, code, 1, "Mut")
        state = RoomState(format="half-day").ask("Was hält Sie zurück?").with_groups([member], 1, 0.0)
        setup = template_of(state, "Dienstag").setup_json()
        template_id = journal.rooms.save_template("Dienstag", setup)
        assert journal.rooms.save_template("Dienstag", setup.replace("half-day", "full-day")) == template_id
        other = journal.rooms.save_template("Abend", setup)
        journal.rooms.erase(room_id)
        assert not journal.participant_exists(code)
    with store.open() as later:
        kept = later.rooms.templates()
        assert [(t.id, t.name) for t in kept] == [(other, "Abend"), (template_id, "Dienstag")]
        dienstag = later.rooms.template(template_id)
        assert dienstag is not None and RoomTemplate.from_stored(*vars(dienstag).values()).format == "full-day"
        assert code not in dienstag.setup and member not in dienstag.setup and "Mut" not in dienstag.setup
        assert later.rooms.delete_template(other) and not later.rooms.delete_template(other)
        assert [t.name for t in later.rooms.templates()] == ["Dienstag"]


def test_does_a_templates_trend_come_from_the_kept_reports_and_outlive_the_rooms_erase(store):
    from coffeechat.storage.room_records import StoredReport

    with store.open() as journal:
        journal.rooms.add_facilitator_token(TOKEN_HASH)
        for held_on, trend in (("2026-12-08", '{"participants": 4}'), ("2026-12-01", '{"participants": 6}')):
            room_id = journal.rooms.open("Dienstag", held_on, TOKEN_HASH, RoomState(template="t1").to_json())
            journal.rooms.save_report(
                StoredReport(room_id, "Dienstag", held_on, "de", "r.zip", held_on + "T10:00", b"zip", "t1", trend)
            )
            journal.rooms.erase(room_id)
        journal.rooms.save_report(StoredReport("r9", "Andere", "2026-12-02", "de", "r.zip", "2026", b"zip"))
    with store.open() as later:
        assert later.rooms.template_trend("t1") == [
            ("2026-12-01", '{"participants": 6}'),
            ("2026-12-08", '{"participants": 4}'),
        ]
        assert later.rooms.last_report("r9").template_id is None and later.rooms.last_report("r9").trend == ""
