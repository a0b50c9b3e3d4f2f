"""Start the embedded servers for the suite and create a fresh database."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

from devserver import EmbeddedServices, ServerError


def start_services(base_dir: Path) -> EmbeddedServices:
    """Start PostgreSQL and Redis under `base_dir`, or a sibling `base_dir-N` when another run holds it."""
    for n in range(1, 9):
        candidate = base_dir if n == 1 else base_dir.with_name(f"{base_dir.name}-{n}")
        try:
            svc = EmbeddedServices(base_dir=candidate, durable=False).start()
        except ServerError as exc:
            if "in use" not in str(exc):
                raise
            continue
        os.environ["OCRFLOW_TEST_BASE"] = str(candidate)
        return svc
    raise RuntimeError(f"every test directory beside {base_dir} is in use")


def fresh_database(url: str, name: str) -> str:
    """Drop and create database `name` on the server of `url`; return its URL."""
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def env_for_children(**extra: str) -> dict:
    """The environment a worker or server process of the suite runs with."""
    env = {**os.environ, "OCRFLOW_ENV": "testing", "PYTHONUNBUFFERED": "1"}
    env.update(extra)
    return env
