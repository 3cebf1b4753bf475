"""How day records read: statuses, kinds, absence reasons and flags, in one place."""
from datetime import datetime

from flask_babel import format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.checkin.models import AbsenceReason, Flag, Kind, Status
from webapp.clients import labels as client_labels

STATUSES = {
    Status.OPEN: _l("Käsittelemättä"),
    Status.CONFIRMED: _l("Vahvistettu"),
    Status.NOT_COUNTED: _l("Ei lasketa"),
}
KINDS = {
    Kind.ONSITE: _l("Paikan päällä"),
    Kind.REMOTE: _l("Etäpäivä"),
    Kind.ABSENT: _l("Poissa"),
}
ABSENCE_REASONS = {
    AbsenceReason.OWN_ILLNESS: _l("Oma sairaus"),
    AbsenceReason.CHILD_ILLNESS: _l("Lapsen sairaus"),
    AbsenceReason.JOB_INTERVIEW: _l("Työhaastattelu tai vastaava"),
    AbsenceReason.OFFICE_OF_TRUST: _l("Julkinen luottamustoimi"),
    AbsenceReason.OTHER: _l("Muu syy"),
    AbsenceReason.NOT_HELD: _l("Palvelua ei järjestetty"),
}
ABSENCE_HINTS = {
    AbsenceReason.OWN_ILLNESS: _l("Yli 3 päivän poissaoloon tarvitaan todistus."),
    AbsenceReason.CHILD_ILLNESS: _l("Alle 10-vuotias lapsi, enintään 4 päivää."),
    AbsenceReason.OTHER: _l("Asiakas menettää päivän etuuden."),
    AbsenceReason.NOT_HELD: _l("Ei asiakkaan poissaolo: palvelu jäi pitämättä."),
}
FLAGS = {
    Flag.SHORT_DAY: _l("Alle 4 tuntia"),
    Flag.FIFTH_DAY: _l("Viikon 5. päivä"),
    Flag.OVER_32H: _l("Yli 32 tuntia viikossa"),
    Flag.OUTSIDE_PERIOD: _l("Ei jaksoa"),
    Flag.UNPLANNED_DAY: _l("Ei suunniteltu päivä"),
    Flag.CLOSURE_DAY: _l("Toimipiste suljettu"),
}
METHODS = {
    "phone": _l("puhelimella"),
    "badge": _l("kortilla"),
    "pin": _l("PIN-koodilla"),
    "coach": _l("ohjaaja merkitsi"),
}
NO_CHECK_OUT = _l("Lähtöaika puuttuu")
# Why the server refused a scan (checkin.scans.Reason), as the day board tells the coach.
REFUSALS = {
    "wrong_pin": _l("PIN-koodi oli väärin"),
    "pin_locked": _l("PIN-koodi oli lukossa"),
    "no_pin": _l("Asiakkaalla ei ole PIN-koodia"),
    "unknown_badge": _l("Korttia ei tunnistettu"),
    "unknown_client": _l("Asiakasta ei tunnistettu"),
    "not_this_unit": _l("Ei tämän toimipisteen asiakas sinä päivänä"),
    "inactive": _l("Tunnus ei ole käytössä"),
    "too_old": _l("Lähetettiin yli viikon myöhässä"),
    "in_future": _l("Tabletin kello oli väärässä"),
    "month_closed": _l("Kuukausi oli jo suljettu"),
}


def _moment(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def scan_story(event) -> str:
    """What a scan did to a day (an audit event "moved_by_scan"), in words from the event's own
    changes: when and how the client checked in or out, and that it reopened a decided day. The
    event's stored reason is the scan's key, which means nothing to a person."""
    changes = event.changes or {}

    def after(name):
        return (changes.get(name) or [None, None])[1]

    sentences = []
    kind = changes.get("kind")
    arrival, leaving = _moment(after("check_in_at")), _moment(after("check_out_at"))
    if kind and kind[1] == Kind.ONSITE and arrival is not None:
        how = METHODS.get(after("check_in_method"), "")
        time = format_time(arrival, "short")
        if kind[0] == Kind.REMOTE:
            sentences.append(_("Kirjautuminen %(how)s klo %(time)s: asiakas tuli paikalle, vaikka päivälle oli "
                               "kirjattu etäpäivä.", how=how, time=time))
        else:
            sentences.append(_("Kirjautuminen %(how)s klo %(time)s: asiakas tuli paikalle, vaikka päivälle oli "
                               "kirjattu poissaolo.", how=how, time=time))
    elif arrival is not None:
        how = METHODS.get(after("check_in_method"))
        time = format_time(arrival, "short")
        sentences.append(_("Aiempi kirjautuminen %(how)s klo %(time)s tuli perille myöhemmin (laite oli ilman "
                           "verkkoa) ja muutti saapumisajan.", how=how, time=time) if how else
                         _("Aiempi kirjautuminen klo %(time)s tuli perille myöhemmin (laite oli ilman verkkoa) "
                           "ja muutti saapumisajan.", time=time))
    earlier_arrival = (changes.get("check_in_at") or [None])[0]
    if leaving is not None and earlier_arrival is not None and after("check_out_at") == earlier_arrival:
        # The queued scan came before the arrival recorded so far, which is now the leaving.
        sentences.append(_("Aiemmin kirjattu saapuminen klo %(time)s on nyt lähtöaika.",
                           time=format_time(leaving, "short")))
    elif leaving is not None and not (kind and kind[1] == Kind.ONSITE):
        how = METHODS.get(after("check_out_method"))
        time = format_time(leaving, "short")
        sentences.append(_("Lähtö %(how)s klo %(time)s muutti lähtöajan.", how=how, time=time) if how else
                         _("Lähtö klo %(time)s muutti lähtöajan.", time=time))
    if not sentences:
        sentences.append(_("Leimaus muutti päivän tietoja."))
    status = changes.get("status")
    if status and status[0] != Status.OPEN and status[1] == Status.OPEN:
        sentences.append(_("Tämä avasi käsitellyn päivän uudelleen."))
    return " ".join(sentences)


def flag_labels(flags: int) -> list[str]:
    return [str(text) for flag, text in FLAGS.items() if flags & flag]


def template_helpers() -> dict:
    return {"day_status_word": lambda code: str(STATUSES.get(code, code)),
            "day_kind_word": lambda code: str(KINDS.get(code, code)),
            "absence_word": lambda code: str(ABSENCE_REASONS.get(code, code)),
            "day_flag_words": flag_labels, "ABSENCE_REASONS": ABSENCE_REASONS, "ABSENCE_HINTS": ABSENCE_HINTS,
            "scan_story": scan_story}


# The client's history says a day record's coded values in these words.
for _field, _words in {"status": STATUSES, "kind": KINDS, "absence_reason": ABSENCE_REASONS,
                       "check_in_method": METHODS, "check_out_method": METHODS, "flags": flag_labels}.items():
    client_labels.add_history_words(_field, _words)
