"""Certificates a client gets from her service period: the certificate of participation
(työtoimintatodistus, seed 000; "todistus palveluun osallistumisesta", seed 001).

A coach or a manager who may see the client issues it from the period (rules.py decides the
figures; routes.py the pages). Each issue is a row that keeps every word and figure it printed, so
the PDF is drawn again exactly, whatever changes later; re-issuing makes a new row. The client
reads and downloads her own on her phone (/me/certificates).

Skills and trainings: the certificate stores whether the client wants them on it
(`include_skills`) and the ones it printed (`skills`, frozen with it). Where they come from is
the one argument `skills` of `rules.issue`, which the issuing route fills; the PDF's section
"Osaaminen ja koulutukset" (templates/certificates/pdf.html) prints whatever that list holds.
"""
from flask import Blueprint

bp = Blueprint("certificates", __name__)

from webapp.certificates import routes  # noqa: E402,F401
