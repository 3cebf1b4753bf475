# The production image for Fly.io: gunicorn serving create_app(), catalogs compiled at build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 FLASK_APP=webapp
WORKDIR /app

COPY pyproject.toml ./
COPY webapp ./webapp
RUN pip install -e . && pybabel compile -d webapp/translations

COPY templates ./templates
COPY static ./static
COPY kiosk ./kiosk
COPY migrations ./migrations

RUN useradd --create-home lasna && mkdir -p /app/instance && chown lasna /app/instance
USER lasna

EXPOSE 8080
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:${PORT:-8080} --workers 2 --threads 4 --no-control-socket --access-logfile - --forwarded-allow-ips='*' 'webapp:create_app()'"]
