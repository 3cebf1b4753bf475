# Läsnä — the two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := webapp

.PHONY: run test test-sqlite test-postgres setup translations demo migrate-check check-system check-pdf clean help

help:
	@echo "make run   - set up and serve the demo on http://127.0.0.1:$(PORT) (SQLite)"
	@echo "make test  - set up and run the whole suite on SQLite and PostgreSQL"

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/.installed translations

# Compiled catalogs are build output (not in git): compile them from the .po sources.
translations: $(BIN)/.installed
	@$(BIN)/pybabel compile --statistics -d webapp/translations 2>&1 | grep -v '^$$' || true

run: setup check-pdf
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --no-control-socket \
		--access-logfile - "webapp:create_app()"

# WeasyPrint (PDF files) needs Debian's Pango; the app does not start without it.
check-pdf:
	@ldconfig -p | grep -q libpango-1.0.so.0 || { echo "Pango is missing (PDF files). Install it: apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; }

check-system: check-pdf
	@test -x /usr/bin/chromium || { echo "Chromium is missing. Install it: apt-get install -y --no-install-recommends chromium"; exit 1; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "PostgreSQL is missing. Install it: apt-get install -y --no-install-recommends postgresql"; exit 1; }
	@ldconfig -p | grep -q libzbar.so.0 || { echo "zbar is missing (QR decoding in tests). Install it: apt-get install -y --no-install-recommends zbar-tools"; exit 1; }
	@command -v pdftotext >/dev/null || { echo "pdftotext is missing (reading PDFs in tests). Install it: apt-get install -y --no-install-recommends poppler-utils"; exit 1; }
	@{ test -x /usr/sbin/nginx || command -v nginx >/dev/null; } || { echo "nginx is missing (bench/cluster.py and its test: two app instances behind a proxy). Install it: apt-get install -y --no-install-recommends nginx"; exit 1; }

# The two suites run side by side: they share nothing (each has its own database, app server
# and browser), and much of a browser test is waiting, so on 2 cores both take about 9 minutes
# instead of 14 one after the other. Each prints its output when it ends; either failing fails.
test: setup check-system
	@echo "Running the SQLite and the PostgreSQL suites side by side; each prints its output when it ends."
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: setup
	LASNA_TEST_DB=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: setup
	LASNA_TEST_DB=postgres $(BIN)/python -m pytest $(PYTEST_ARGS)

# After changing models: `make migration m="what changed"`, then read the file it wrote.
migration: setup
	$(BIN)/flask db migrate -m "$(m)"

clean:
	rm -rf $(VENV) instance *.egg-info webapp/translations/*/LC_MESSAGES/*.mo
