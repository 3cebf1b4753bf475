from webapp.periods import bp  # noqa: F401
