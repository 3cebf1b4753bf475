# The production image for Fly.io: gunicorn serving create_app(), catalogs compiled at build.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 FLASK_APP=webapp
WORKDIR /app

# Pango and fonts for WeasyPrint (PDF files); pg_dump for `flask backup` (its version must be at
# least the server's: Debian 12 ships 15, so pin a newer one from apt.postgresql.org if the
# database is newer).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

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
