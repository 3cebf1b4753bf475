"""The client's personal identity code (henkilötunnus): optional, checked, sealed.

Kela's TT3 and the orderers' invoices identify the client by it; nothing else needs it. It is
stored only sealed (Fernet with LASNA_HETU_KEYS; MultiFernet, so a new key can come first and the
old ones still open what they sealed until `flask hetu-rotate` re-seals everything), shown masked
(the birth date part) on screens, and in full only where a document needs it, each such view in
the access log. It never goes into a URL, the audit trail (audit.SECRET_FIELDS), the app's log,
or the client's own data export.
"""
import click
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from flask.cli import with_appcontext

from webapp.audit import access
from webapp.clients.models import ClientProfile
from webapp.extensions import db
from webapp.lib.fi_ids import Hetu, parse_hetu


def _sealer() -> MultiFernet | None:
    keys = current_app.config.get("HETU_KEYS") or []
    return MultiFernet([Fernet(k.encode()) for k in keys]) if keys else None


def in_use() -> bool:
    """Whether codes can be stored here at all (production without keys: no)."""
    return _sealer() is not None


def seal(client: ClientProfile, hetu: Hetu | None) -> None:
    """Store the code (or remove it with None)."""
    if hetu is None:
        client.hetu_sealed = None
        return
    sealer = _sealer()
    if sealer is None:
        raise RuntimeError("LASNA_HETU_KEYS is not set")
    client.hetu_sealed = sealer.encrypt(hetu.code.encode()).decode()


def unseal(client: ClientProfile) -> Hetu | None:
    """The client's code, or None when there is none or it cannot be opened with today's keys.
    Callers that show it in full log the view (see access log)."""
    sealer = _sealer()
    if not client.hetu_sealed or sealer is None:
        return None
    try:
        return parse_hetu(sealer.decrypt(client.hetu_sealed.encode()).decode())
    except InvalidToken:
        return None


def reveal(reader, client: ClientProfile, purpose: str | None = None) -> Hetu | None:
    """The whole code for a page or document that needs it; the view goes into the access log."""
    hetu = unseal(client)
    if hetu is not None:
        access.log_read(reader, client.person_id, "henkilotunnus", purpose=purpose)
    return hetu


def reveal_many(reader, client_ids, purpose: str | None = None) -> dict[int, str]:
    """client id -> whole code, for a report that identifies its clients by it (Kela's TT3, the
    invoice basis); one access-log row for each code shown, in one statement."""
    sealer, ids = _sealer(), list(client_ids)
    if sealer is None or not ids:
        return {}
    codes = {}
    for client_id, sealed in db.session.execute(
            db.select(ClientProfile.person_id, ClientProfile.hetu_sealed)
            .where(ClientProfile.person_id.in_(ids), ClientProfile.hetu_sealed.is_not(None))):
        try:
            hetu = parse_hetu(sealer.decrypt(sealed.encode()).decode())
        except InvalidToken:
            continue
        if hetu is not None:
            codes[client_id] = hetu.code
    if codes:
        access.log_list(reader, list(codes), "henkilotunnus", purpose=purpose)
    return codes


def masked(client: ClientProfile) -> str:
    """'131052-••••' for a screen; '' without a code."""
    hetu = unseal(client)
    return hetu.masked if hetu else ""


@click.command("hetu-rotate")
@with_appcontext
def rotate_command():
    """Re-seal every stored code with the first of LASNA_HETU_KEYS (after putting a new key first)."""
    sealer = _sealer()
    if sealer is None:
        raise click.ClickException("LASNA_HETU_KEYS is not set")
    done = unreadable = 0
    for client in db.session.scalars(db.select(ClientProfile).where(ClientProfile.hetu_sealed.is_not(None))):
        try:
            client.hetu_sealed = sealer.rotate(client.hetu_sealed.encode()).decode()
            done += 1
        except InvalidToken:
            unreadable += 1
    db.session.commit()
    click.echo(f"re-sealed {done} personal identity codes with the first key"
               + (f"; {unreadable} could not be opened with any key" if unreadable else ""))
    if unreadable:
        raise SystemExit(1)
