from webapp.enrolment import bp  # noqa: F401
