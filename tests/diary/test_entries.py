"""The diary's rules, below the screens: one entry a day, the edit window, save keys, sharing
and who may read."""
import threading
from datetime import date, timedelta

import pytest

from tests import factories
from webapp.diary import entries
from webapp.diary.entries import Answers
from webapp.diary.models import DiaryEntry, DiaryRead, DiarySubmission
from webapp.extensions import db

WEDNESDAY = date(2026, 11, 18)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_it_saves_one_tap_as_an_entry(app, people, clock):
    entry, replay = entries.save_entry(people.client.client, WEDNESDAY, "k1", Answers(mood=4))
    assert not replay
    assert (entry.day, entry.mood, entry.energy, entry.shared) == (WEDNESDAY, 4, None, False)


def test_it_keeps_one_entry_per_day_and_replaces_the_answers(app, people, clock):
    client = people.client.client
    entries.save_entry(client, WEDNESDAY, "k1", Answers(mood=2, activities=["Puutyöt"], went_well="Kahvi"))
    entry, _ = entries.save_entry(client, WEDNESDAY, "k2", Answers(energy=5, activities=["Kokkaus", "kokkaus "]))
    db.session.expire_all()
    assert count(DiaryEntry) == 1
    assert (entry.mood, entry.energy, entry.went_well, entry.labels) == (None, 5, "", ["Kokkaus"])


def test_it_applies_a_key_once(app, people, clock):
    client = people.client.client
    first, _ = entries.save_entry(client, WEDNESDAY, "same", Answers(mood=3))
    entries.save_entry(client, WEDNESDAY, "later", Answers(mood=5))
    again, replay = entries.save_entry(client, WEDNESDAY, "same", Answers(mood=3))
    assert replay and again.id == first.id
    assert again.mood == 5  # the re-sent old save did not undo the newer one
    assert count(DiarySubmission) == 2


def test_it_refuses_another_clients_key(app, people, clock):
    entries.save_entry(people.client.client, WEDNESDAY, "anna-key", Answers(mood=3))
    with pytest.raises(entries.KeyConflict):
        entries.save_entry(people.other_client.client, WEDNESDAY, "anna-key", Answers(mood=1))


def test_it_allows_edits_on_the_day_and_the_next(app, people, clock):
    client = people.client.client
    entries.save_entry(client, WEDNESDAY - timedelta(days=1), "yesterday", Answers(mood=2))
    with pytest.raises(entries.TooLate):
        entries.save_entry(client, WEDNESDAY - timedelta(days=2), "too-old", Answers(mood=2))
    with pytest.raises(entries.NotYet):
        entries.save_entry(client, WEDNESDAY + timedelta(days=1), "tomorrow", Answers(mood=2))
    assert count(DiaryEntry) == 1


def test_it_closes_the_window_at_helsinki_midnight(app, people, clock):
    client = people.client.client
    entries.save_entry(client, WEDNESDAY, "wed", Answers(mood=2))
    clock.move_to("2026-11-19T23:59:00+02:00")
    entries.save_entry(client, WEDNESDAY, "thu-late", Answers(mood=3))
    clock.move_to("2026-11-20T00:00:30+02:00")
    with pytest.raises(entries.TooLate):
        entries.save_entry(client, WEDNESDAY, "fri", Answers(mood=4))


def test_it_rejects_values_off_the_scale(app, people):
    with pytest.raises(ValueError):
        Answers(mood=6)
    with pytest.raises(ValueError):
        Answers(energy=0)
    with pytest.raises(ValueError):
        Answers(activities=["x" * 41])
    with pytest.raises(ValueError):
        Answers(activities=[f"a{i}" for i in range(13)])


def test_it_adds_a_later_note_once(app, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY - timedelta(days=10), mood=2)
    note, replay = entries.add_note(entry, "n1", "  Jälkikäteen ajateltuna ihan hyvä päivä. ")
    again, replay_again = entries.add_note(entry, "n1", "Jälkikäteen ajateltuna ihan hyvä päivä.")
    assert (replay, replay_again, again.id) == (False, True, note.id)
    assert note.text == "Jälkikäteen ajateltuna ihan hyvä päivä."


def test_only_the_own_coach_may_read(app, people):
    client = people.client.client
    assert entries.may_read(people.coach, client)
    assert not entries.may_read(people.other_coach, client)
    assert not entries.may_read(people.manager, client)
    assert not entries.may_read(people.kitchen, client)
    assert not entries.may_read(people.client, client)
    people.coach.active = False
    db.session.commit()
    assert not entries.may_read(people.coach, client)


def test_it_lists_only_shared_entries_for_staff(app, people):
    shared = factories.make_entry(people.client, WEDNESDAY, mood=4, shared=True)
    factories.make_entry(people.client, WEDNESDAY - timedelta(days=1), mood=1, shared=False)
    factories.make_entry(people.other_client, WEDNESDAY, mood=4, shared=True)
    assert entries.shared_entries(people.client.client) == [shared]


def test_it_logs_each_read_for_the_client(app, people, clock):
    entry = factories.make_entry(people.client, WEDNESDAY, mood=4, shared=True)
    entries.log_reads(people.coach, [entry], "entry")
    log = entries.reads_of(people.client.client)
    assert [(r.reader_id, r.entry_id, r.place) for r in log] == [(people.coach.id, entry.id, "entry")]
    assert entries.reads_of(people.other_client.client) == []
    assert count(DiaryRead) == 1


def test_it_answers_only_shared_entries(app, people):
    private = factories.make_entry(people.client, WEDNESDAY, mood=4)
    with pytest.raises(ValueError):
        entries.reply(private, people.coach, "Hienoa!")
    private.shared = True
    answer = entries.reply(private, people.coach, "  Hienoa! ")
    assert answer.text == "Hienoa!" and private.replies == [answer]


def test_it_offers_the_units_chips_then_my_own(app, people, clock):
    factories.make_unit_activity(people.unit, "Puutyöt", position=1)
    factories.make_unit_activity(people.unit, "Kierrätys", position=0)
    factories.make_unit_activity(people.unit, "Vanha", active=False)
    factories.make_unit_activity(people.other_unit, "Muualla")
    factories.make_entry(people.client, WEDNESDAY - timedelta(days=3), activities=["Lenkki", "puutyöt"])
    assert entries.chips_for(people.client.client) == ["Kierrätys", "Puutyöt", "Lenkki"]


def test_two_first_saves_at_once_make_one_entry(app, people, clock):
    client_id = people.client.id
    errors = []

    def save(key, mood):
        with app.app_context():
            try:
                client = db.session.get(type(people.client.client), client_id)
                entries.save_entry(client, WEDNESDAY, key, Answers(mood=mood))
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(f"k{i}", i + 1)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(DiaryEntry) == 1 and count(DiarySubmission) == 4
