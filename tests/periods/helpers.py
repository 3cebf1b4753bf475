from tests import factories


def period_form(people, **overrides) -> dict:
    """A valid 6-month period form for Anna at her unit, Mon–Thu 6 h."""
    kind = factories.service_type()
    town = factories.make_municipality()
    data = {
        "unit": str(people.unit.id), "starts_on": "2027-04-01", "ends_on": "2027-09-30",
        "weekdays": ["0", "1", "2", "3"], "hours_per_day": "6", "service_type": str(kind.id),
        "mode": "on_site", "referral_plan_type": "activation", "referral_plan_date": "2027-03-15",
        "orderer": str(town.id), "short_period_reason": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
