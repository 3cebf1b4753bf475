"""How codes stored in the database are shown to people: one place for every label."""
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PAYERS = {
    "kela": _l("Kela (kulukorvaus)"),
    "municipality": _l("Kunta (toimintaraha)"),
    "none": _l("Ei maksajaa"),
}
MODES = {
    "on_site": _l("Paikan päällä"),
    "remote": _l("Etänä"),
    "hybrid": _l("Osin etänä"),
}
PLANS = {
    "activation": _l("Aktivointisuunnitelma"),
    "multi_professional": _l("Monialainen työllistymissuunnitelma"),
}
SHORT_REASONS = {
    "trial": _l("Kokeilu- tai tutustumisjakso"),
    "orderer_decision": _l("Tilaajan päätös koskee lyhyempää aikaa"),
    "next_step": _l("Työ, koulutus tai muu palvelu alkaa pian"),
    "continuation": _l("Jatkoa aiemmalle jaksolle"),
    "other": _l("Muu syy"),
}
ROLES = {
    "admin": _l("Esihenkilö"),
    "coach": _l("Ohjaaja"),
    "kitchen": _l("Keittiö"),
    "client": _l("Asiakas"),
}
LANGUAGES = {"fi": "suomi", "sv": "svenska", "en": "English"}
WEEKDAYS = [_l("maanantai"), _l("tiistai"), _l("keskiviikko"), _l("torstai"), _l("perjantai"),
            _l("lauantai"), _l("sunnuntai")]
WEEKDAYS_SHORT = [_l("ma"), _l("ti"), _l("ke"), _l("to"), _l("pe"), _l("la"), _l("su")]
ACTIONS = {
    "create": _l("Luotu"),
    "update": _l("Muutettu"),
    "end": _l("Päätetty"),
    "import": _l("Tuotu tiedostosta"),
    "enrolment_code": _l("Puhelimen yhdistämiskoodi tehty"),
    "phone_enrolled": _l("Puhelin yhdistetty"),
    "phone_signed_out": _l("Puhelin kirjattu ulos"),
    "badge_regenerated": _l("Uusi kortti tehty"),
    "pin_set": _l("PIN-koodi vaihdettu"),
    "pin_unlocked": _l("PIN-koodin lukitus avattu"),
    "moved_by_scan": _l("Muuttui leimauksesta"),
    "lunch_changed": _l("Lounasvastaus muuttui"),
    "day_confirmed": _l("Vahvistettu"),
    "day_confirmed_anyway": _l("Vahvistettu syyn kanssa"),
    "day_not_counted": _l("Merkitty, ettei lasketa"),
    "day_undone": _l("Käsittely peruttu"),
    "day_removed": _l("Merkintä poistettu"),
    "times_fixed": _l("Aikoja korjattu"),
    "absence_recorded": _l("Poissaolo kirjattu"),
    "remote_day_recorded": _l("Etäpäivä kirjattu"),
    "presence_recorded": _l("Läsnäolo kirjattu käsin"),
    "closure_review": _l("Sulkupäivä lisätty käsittelyn jälkeen: tarkistettavana"),
    "review_kept": _l("Tarkistettu: pidetään ennallaan"),
    "review_cleared": _l("Sulkupäivä poistettu: ei enää tarkistettavana"),
    "closed_day_corrected": _l("Suljetun kuukauden päivää korjattu"),
    "password_change": _l("Salasana vaihdettu"),
    "remove": _l("Poistettu"),
    "kela_report_produced": _l("Kelan poissaoloilmoitus tulostettu"),
    "kela_report_produced_again": _l("Kelan poissaoloilmoitus tulostettu uudelleen"),
    "kela_report_sent": _l("Kelan poissaoloilmoitus lähetetty"),
}
FIELDS = {
    "first_name": _l("Etunimi"),
    "last_name": _l("Sukunimi"),
    "preferred_name": _l("Kutsumanimi"),
    "email": _l("Sähköposti"),
    "password_hash": _l("Salasana"),
    "language": _l("Kieli"),
    "plain_language": _l("Selkokieli"),
    "role": _l("Rooli"),
    "home_unit_id": _l("Toimipiste"),
    "own_coach_id": _l("Omaohjaaja"),
    "home_municipality_id": _l("Kotikunta"),
    "travel_compensation": _l("Matkakorvaus"),
    "diets": _l("Erityisruokavaliot"),
    "diet_note": _l("Ruokavalion lisätiedot"),
    "payer": _l("Maksaja"),
    "valid_from": _l("Voimassa alkaen"),
    "unit_id": _l("Toimipiste"),
    "starts_on": _l("Alkaa"),
    "ends_on": _l("Päättyy"),
    "planned_weekdays": _l("Suunnitellut päivät"),
    "hours_per_day": _l("Tunteja päivässä"),
    "service_type_id": _l("Palvelun tyyppi"),
    "mode": _l("Toteutustapa"),
    "referral_plan_type": _l("Suunnitelma"),
    "referral_plan_date": _l("Suunnitelman päivä"),
    "orderer_id": _l("Tilaaja"),
    "short_period_code": _l("Lyhyen jakson peruste"),
    "short_period_reason": _l("Lyhyen jakson perusteen lisätiedot"),
    "client_id": _l("Asiakas"),
    "active": _l("Käytössä"),
    "review": _l("Tarkistettavana"),
    "reason": _l("Syy"),
    "end_reason": _l("Päättymisen syy"),
    "check_in_at": _l("Saapui"),
    "check_out_at": _l("Lähti"),
    "check_in_method": _l("Saapumistapa"),
    "check_out_method": _l("Lähtötapa"),
    "kind": _l("Päivän laji"),
    "status": _l("Tila"),
    "reported_minutes": _l("Ilmoitetut minuutit"),
    "absence_reason": _l("Poissaolon syy"),
    "note": _l("Huomio"),
    "decision_reason": _l("Perustelu"),
    "decided_by_id": _l("Käsittelijä"),
    "decided_at": _l("Käsitelty"),
    "lunch": _l("Lounas"),
    "day": _l("Päivä"),
    "flags": _l("Huomautukset"),
    "scan_id": _l("Leimaus"),
    "minutes": _l("Kesto minuutteina"),
    "removed_reason": _l("Poiston syy"),
    "sent_at": _l("Lähetetty"),
    "produced_at": _l("Tulostettu"),
}
ENTITIES = {
    "person": _l("Henkilö"),
    "client_profile": _l("Asiakastiedot"),
    "payer_assignment": _l("Maksaja"),
    "service_period": _l("Jakso"),
    "activity_day": _l("Päivä"),
    "guidance_session": _l("Ohjaus"),
    "kela_report": _l("Kelan poissaoloilmoitus"),
}


def label(kind: dict, code) -> str:
    """The label for a code, or the code itself when it has none (never an error)."""
    if code is None or code == "":
        return "–"
    return str(kind.get(code, code))


def weekday_names(days, short=True) -> str:
    names = WEEKDAYS_SHORT if short else WEEKDAYS
    return ", ".join(str(names[d]) for d in days)


def day(value) -> str:
    """A date the way the reader writes it (1.9.2026 in Finnish)."""
    if value is None:
        return "–"
    return format_date(value, "short")


def template_helpers() -> dict:
    return {
        "PAYERS": PAYERS, "MODES": MODES, "PLANS": PLANS, "LANGUAGES": LANGUAGES, "SHORT_REASONS": SHORT_REASONS,
        "ACTIONS": ACTIONS, "FIELDS": FIELDS, "ENTITIES": ENTITIES, "WEEKDAYS": WEEKDAYS,
        "label": label, "weekday_names": weekday_names, "day": day, "change_value": change_value,
    }


REVIEWS = {"closure": _l("sulkupäivä lisätty käsittelyn jälkeen")}
# Words for coded values in the audit history, by field: {code: words}, or a function giving the
# words of a number of bit flags. An area above adds its own fields' words with add_history_words
# (checkin/labels.py: a day's status, kind, check-in method, absence reason and flags).
_CODED = {"payer": PAYERS, "mode": MODES, "referral_plan_type": PLANS, "language": LANGUAGES, "role": ROLES,
          "short_period_code": SHORT_REASONS, "review": REVIEWS}


def add_history_words(field: str, words) -> None:
    """Tell the history how to say field's coded values: a dict of words, or flags -> [words]."""
    _CODED[field] = words


def change_value(key: str, value, names: dict | None = None) -> str:
    """One value of an audit change, readable: labels for codes, days for dates, and with
    names ({key: {id or code: name}}, see clients/history.py) names for ids."""
    if value is None or value == [] or value == "":
        return "–"
    if names and key in names:
        known = names[key]
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(known.get(v, v)) for v in values)
    words = _CODED.get(key)
    if callable(words) and isinstance(value, int):
        return ", ".join(words(value)) or "–"
    if isinstance(words, dict):
        return label(words, value)
    if key == "planned_weekdays" and isinstance(value, int):
        return weekday_names([d for d in range(7) if value & (1 << d)])
    if isinstance(value, bool):
        return _("kyllä") if value else _("ei")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) > 10 and value[4] == "-" and value[10] == "T":
        try:
            return format_datetime(datetime.fromisoformat(value), "short")  # shown in Helsinki time
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
