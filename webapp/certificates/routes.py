"""The certificate of participation: issued from a period by staff who may see the client (her
own coach, a coach of her unit, a manager), downloaded as a PDF by them and by the client
herself. Anyone else: 404 for staff who may not see her, 403 for other roles.

GET  /periods/<id>/certificates    the period's certificates and the form to issue one
POST /periods/<id>/certificates    issue: a new row, then back to the list (303)
GET  /certificates/<id>/pdf        the PDF (staff)
GET  /me/certificates              the client's own certificates, on her phone
GET  /me/certificates/<id>/pdf     her own PDF; anyone else's is 404
"""
import re

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp import audit
from webapp.audit import access
from webapp.accounts.access import roles_required, staff_required
from webapp.accounts.models import Role
from webapp.certificates import bp, rules
from webapp.certificates.forms import LANGUAGE_NAMES, CertificateForm
from webapp.certificates.models import Certificate
from webapp.clients.access import get_client_for, own_profile
from webapp.clients.models import ServicePeriod
from webapp.extensions import db
from webapp.lib import clock
from webapp.lib.errors import render_error
from webapp.lib.pdf import pdf_bytes, pdf_response

NO_STORE = {"Cache-Control": "no-store"}


def _period(period_id: int) -> ServicePeriod:
    period = db.session.get(ServicePeriod, period_id)
    if period is None:
        abort(404)
    get_client_for(current_user, period.client_id)  # 404 for staff who may not see her
    return period


def _page(period, form, status=200):
    today = clock.today()
    try:
        found = rules.figures(period, today)
    except rules.NotYet:
        found = None
    return render_template("certificates/period.html", period=period, client=period.client, form=form,
                           figures=found, certificates=rules.of_period(period), languages=LANGUAGE_NAMES,
                           ), status, NO_STORE


@bp.get("/periods/<int:period_id>/certificates")
@staff_required
def period_certificates(period_id: int):
    period = _period(period_id)
    access.log_read(current_user, period.client_id, "certificates")
    form = CertificateForm(formdata=None, data={"work_tasks": rules.suggested_tasks(period),
                                                "language": period.client.person.language})
    return _page(period, form)


@bp.post("/periods/<int:period_id>/certificates")
@staff_required
def issue(period_id: int):
    period = _period(period_id)
    if period.starts_on > clock.today():
        return render_error(409, _("Jakso alkaa %(day)s. Todistuksen voi antaa, kun jakso on alkanut.",
                                   day=format_date(period.starts_on, "d.M.yyyy")))
    form = CertificateForm()
    if not form.validate_on_submit():
        return _page(period, form, 400)
    skills_section = rules.skills_to_print(period, form.language.data) if form.include_skills.data else None
    certificate = rules.issue(period, current_user, clock.today(), work_tasks=form.work_tasks.data.strip(),
                              language=form.language.data, include_skills=form.include_skills.data,
                              skills=skills_section)
    audit.record(certificate, "create")
    db.session.commit()
    flash(_("Todistus on annettu. Lataa se alta."), "success")
    return redirect(url_for("certificates.period_certificates", period_id=period.id,
                            _anchor=f"certificate-{certificate.id}"), 303)


def _file_name(certificate: Certificate) -> str:
    name = re.sub(r"[^\w]+", "-", certificate.client_name.casefold()).strip("-")
    prefix = _("todistus")
    return f"{prefix}-{name}-{certificate.issued_on:%Y-%m-%d}"


def _pdf(certificate: Certificate):
    """The certificate drawn in its own language from its frozen words and figures."""
    with force_locale(certificate.language):
        html = render_template("certificates/pdf.html", c=certificate, role_name=role_name(certificate.issuer_role))
        name = _file_name(certificate)
    return pdf_response(pdf_bytes(html), name)


def role_name(role: str) -> str:
    """The issuer's title under the signature line, in the certificate's language."""
    return {Role.COACH.value: _("Ohjaaja"), Role.ADMIN.value: _("Esihenkilö")}.get(role, "")


@bp.get("/certificates/<int:certificate_id>/pdf")
@staff_required
def certificate_pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    period = _period(certificate.period_id)
    access.log_read(current_user, period.client_id, "certificate_pdf")
    return _pdf(certificate)


@bp.get("/me/certificates")
@roles_required(Role.CLIENT)
def my_certificates():
    return render_template("certificates/mine.html", certificates=rules.of_client(own_profile()),
                           languages=LANGUAGE_NAMES), NO_STORE


@bp.get("/me/certificates/<int:certificate_id>/pdf")
@roles_required(Role.CLIENT)
def my_certificate_pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.period.client_id != own_profile().person_id:
        abort(404)
    return _pdf(certificate)
