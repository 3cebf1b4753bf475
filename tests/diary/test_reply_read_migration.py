"""Migration 75628be7d1e2: replies written before it count as read, so an upgrade does not bring
every old answer back to the clients' home pages; it goes down and up again on both databases."""
from datetime import date

from flask_migrate import downgrade, upgrade

from tests import factories
from webapp.diary import entries
from webapp.clients.models import ClientProfile
from webapp.diary.models import DiaryReply
from webapp.extensions import db


def test_replies_from_before_the_migration_count_as_read(app, people):
    entry = factories.make_entry(people.client, date(2026, 11, 17), shared=True)
    answer = entries.reply(entry, people.coach, "Kiitos.")
    written, answer_id, client_id = answer.created_at, answer.id, people.client.id
    db.session.remove()
    downgrade(revision="32220c43f798")
    upgrade()
    assert db.session.get(DiaryReply, answer_id).read_at == written
    assert entries.unread_replies(db.session.get(ClientProfile, client_id)) == []
