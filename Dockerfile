# mdreg in a container: `mdreg serve` (or `mdreg worker`) on PostgreSQL; see compose.yaml and the README.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --system --create-home --home-dir /var/lib/mdreg --shell /usr/sbin/nologin mdreg
WORKDIR /opt/mdreg
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY mailbot ./mailbot
COPY intake ./intake
COPY store ./store
COPY tui ./tui
# The versions CI tested, nothing newer.
RUN pip install -c constraints.txt .

USER mdreg
ENV MDREG_DATA_DIR=/var/lib/mdreg MDREG_LMTP_HOST=0.0.0.0 MDREG_METRICS_HOST=0.0.0.0
VOLUME ["/var/lib/mdreg"]
EXPOSE 8025 2424 9464
HEALTHCHECK --interval=60s --timeout=20s --start-period=60s CMD ["mdreg", "health"]
ENTRYPOINT ["mdreg"]
CMD ["serve", "--smtp-host", "0.0.0.0", "--lmtp-port", "2424", "--metrics-port", "9464"]
