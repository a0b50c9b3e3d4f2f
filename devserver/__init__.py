"""Embedded PostgreSQL and Redis for `make run` and the tests, when DATABASE_URL / REDIS_URL are unset."""

from devserver.process import ServerError
from devserver.services import EmbeddedServices

__all__ = ["EmbeddedServices", "ServerError"]
