"""Skills made visible (seed 000): skills a client has shown in work tasks, optionally mapped to a
unit of a vocational qualification (tutkinnon osa), her card trainings (hygiene passport,
occupational safety card, first aid) with their expiry, and the competence certificate
(osaamistodistus) that shows them."""
from flask import Blueprint

bp = Blueprint("skills", __name__)

from webapp.skills import routes  # noqa: E402,F401
