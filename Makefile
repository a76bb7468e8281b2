# FOQUALE — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install lint format migrate demo benchmark clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@# A checkout is a development machine: manage.py runs with DEBUG on unless the
	@# environment says otherwise. Production sets its environment (docker-compose.yml).
	test -f .env || printf '# Local development only (git-ignored).\nDEBUG=true\n' > .env
	touch $@

install: $(VENV)/.installed

# Fresh machine: install, migrate, demo data, static files, then the app, its Celery worker
# and Celery beat as three processes (devtools/run.py: Ctrl-C stops all three within 10
# seconds; one beat at a time, foquale/beat.py). SQLite and a filesystem broker unless
# DATABASE_URL / REDIS_URL. Links in e-mails follow PORT unless SITE_URL is set.
run: export DEBUG ?= true
run: export DEMO ?= true
run: export PORT := $(PORT)
run: install
	mkdir -p var/celery-queue var/celery-processed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@exec $(PY) -m devtools.run --port $(PORT)

# The whole suite. SQLite unless DATABASE_URL; browser tests when Chromium is found.
# With CI=true a missing service or browser fails the run instead of skipping.
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Load benchmark at a scale (academy or national) on a PostgreSQL database of its own,
# created and filled on first use: `make benchmark SCALE=national`. See docs/benchmarks.md.
# The app's cache on a Redis database of the benchmark's own, as in production (emptied by
# the benchmark); `BENCH_CACHE_URL=` for each process's memory.
SCALE ?= academy
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DB ?= foquale_bench_$(SCALE)
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/15
benchmark: export DATABASE_URL = $(BENCH_PG)/$(BENCH_DB)
benchmark: export CACHE_URL = $(BENCH_CACHE_URL)
benchmark: export SECURE_COOKIES = false
benchmark: export DEBUG = false
benchmark: export SECRET_KEY ?= benchmark-only-secret-key-not-for-production-0123456789
benchmark: install
	psql "$(BENCH_PG)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" \
		| grep -q 1 || psql "$(BENCH_PG)/postgres" -c 'CREATE DATABASE "$(BENCH_DB)"'
	@# The server's tuning of docker-compose.yml (random_page_cost), on this database only.
	psql "$(BENCH_PG)/postgres" -qc 'ALTER DATABASE "$(BENCH_DB)" SET random_page_cost = 1.1'
	$(PY) manage.py migrate --noinput --verbosity 0
	DEMO=true $(PY) manage.py seed_scale --scale $(SCALE)
	$(PY) manage.py benchmark --scale $(SCALE) $(BENCH_ARGS)

clean:
	rm -rf var/ .pytest_cache
