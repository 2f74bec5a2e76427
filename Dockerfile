# Reflect as one app replica: `docker build -t reflect .`; compose.yaml runs two behind a proxy.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REFLECT_DATA_DIR=/data

RUN useradd --create-home --uid 10001 reflect \
    && mkdir /data && chown reflect:reflect /data && chmod 700 /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY reflect ./reflect
# Installed in place, so the shipped question sets in /app/prompts are found beside the code.
RUN pip install -e .
COPY prompts ./prompts
COPY app.py ./
COPY .streamlit/config.toml ./.streamlit/config.toml

USER reflect
# The key file and the erasure ledger live here: every replica must share this volume.
VOLUME /data
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.headless", "true", "--server.port", "8501", "--server.address", "0.0.0.0"]
