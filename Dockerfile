# FOQUALE production image: gunicorn serves the app, the same image runs Celery.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint (contract PDFs), with a font for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

# The code, without the tests and devtools/ (scale seed, benchmark): see .dockerignore.
COPY . .

# Static files are collected at build time and served by WhiteNoise. Settings refuse to
# load without a secret key when DEBUG is off: this one exists only during the build.
RUN SECRET_KEY=build-only-not-a-secret-0123456789abcdef DEBUG=false \
        python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --uid 1000 --home-dir /app foquale \
    && mkdir -p /app/var/media /app/var/mail \
    && chown -R foquale /app/var

USER foquale
EXPOSE 8000

# Bind, workers and an access log without secret addresses: foquale/gunicorn.py.
CMD ["gunicorn", "foquale.wsgi", "--config", "python:foquale.gunicorn"]
