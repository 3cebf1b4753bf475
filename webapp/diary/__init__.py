from flask import Blueprint

from webapp.diary.scales import ENERGIES, MOODS, energy_word, mood_word

bp = Blueprint("diary", __name__)


@bp.app_context_processor
def _scale_words():
    return {"diary_moods": MOODS, "diary_energies": ENERGIES, "mood_word": mood_word, "energy_word": energy_word}


from webapp.diary import coach, routes  # noqa: E402,F401
from webapp.diary import media  # noqa: E402,F401  (after routes: its URLs use routes' day converter)
