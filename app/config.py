"""Configuration classes read from the environment, with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _float(name: str, default: float) -> float:
    return float(_env(name, str(default)))


def _bool(name: str, default: bool) -> bool:
    return str(_env(name, str(default))).lower() in ("1", "true", "yes", "on")


def _list(name: str) -> list[str]:
    return [item.strip() for item in (_env(name, "") or "").split(",") if item.strip()]


def sqlalchemy_url(url: str) -> str:
    """Pin the psycopg2 driver (SQLAlchemy 2.1 defaults `postgresql://` to psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def _default_pool_size(async_mode: str) -> int:
    # A green thread per request: beyond the pool size, each request opens an overflow connection
    # (a new server process) and closes it again. 40 held 32 concurrent uploads (bench/upload.py);
    # connections are opened only as concurrency needs them.
    return 40 if async_mode in ("gevent", "eventlet") else 10


REGISTRATION_MODES = ("open", "closed", "invite")


class Config:
    """Base settings; every value can be overridden by the environment of DESIGN §10."""

    TESTING = False

    def __init__(self) -> None:
        self.DATABASE_URL = _env("DATABASE_URL")
        self.REDIS_URL = _env("REDIS_URL", "redis://127.0.0.1:6379/0")
        self.SOCKETIO_ASYNC_MODE = _env("SOCKETIO_ASYNC_MODE", "gevent")
        self.DB_POOL_SIZE = _int("DB_POOL_SIZE", 0)  # 0: chosen from the async mode
        self.DB_MAX_OVERFLOW = _int("DB_MAX_OVERFLOW", 20)
        self.DB_CONNECT_TIMEOUT = _int("DB_CONNECT_TIMEOUT", 3)
        self.SQLALCHEMY_TRACK_MODIFICATIONS = False
        self._given = {name for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "RATELIMIT_STORAGE_URI",
                                         "OCR_PAGE_TIMEOUT") if _env(name) is not None}
        self.CELERY_BROKER_URL = _env("CELERY_BROKER_URL")
        self.CELERY_RESULT_BACKEND = _env("CELERY_RESULT_BACKEND")
        self.RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI")

        self.JWT_SECRET_KEY = _env("JWT_SECRET_KEY") or secrets.token_urlsafe(48)
        self.SECRET_KEY = _env("SECRET_KEY") or self.JWT_SECRET_KEY
        self.JWT_ACCESS_MINUTES = _int("JWT_ACCESS_MINUTES", 15)
        self.JWT_REFRESH_DAYS = _int("JWT_REFRESH_DAYS", 30)
        # How long a process trusts what it read of a token (revoked? its user there?): a token revoked
        # in another API process is refused by this one within this many seconds.
        self.AUTH_CACHE_SECONDS = _float("AUTH_CACHE_SECONDS", 3.0)
        self.JWT_TOKEN_LOCATION = ["headers"]
        self.JWT_ALGORITHM = "HS256"
        self.JWT_DECODE_ALGORITHMS = ["HS256"]

        self.PORT = _int("PORT", 5000)
        self.HOST = _env("HOST", "127.0.0.1")
        self.CORS_ORIGINS = _list("CORS_ORIGINS")
        # Proxies in front whose X-Forwarded-For/-Proto are believed (HAProxy under API_PROCESSES: 1).
        self.TRUSTED_PROXY_HOPS = _int("TRUSTED_PROXY_HOPS", 0)

        self.UPLOAD_DIR = str(Path(_env("UPLOAD_DIR", str(ROOT / "var" / "uploads"))).resolve())
        self.OCR_ENGINE = _env("OCR_ENGINE", "auto")
        self.OCR_MODEL_DIR = str(Path(_env("OCR_MODEL_DIR", str(ROOT / "var" / "models"))).resolve())
        self.OCR_DET_MODEL = _env("OCR_DET_MODEL", "PP-OCRv6_small_det")
        self.OCR_REC_MODEL = _env("OCR_REC_MODEL", "PP-OCRv6_small_rec")
        self.OCR_DET_LIMIT_SIDE = _int("OCR_DET_LIMIT_SIDE", 1600)
        self.OCR_THREADS = _int("OCR_THREADS", 1)
        self.OCR_PREPROCESS = _env("OCR_PREPROCESS", "auto")
        self.USE_GPU_OCR = _bool("USE_GPU_OCR", True)
        self.GPU_DEVICE_ID = _int("GPU_DEVICE_ID", 0)
        self.OCR_MAX_FILE_SIZE = _int("OCR_MAX_FILE_SIZE", 10 * 1024 * 1024)
        self.OCR_MAX_BULK_FILES = _int("OCR_MAX_BULK_FILES", 50)
        self.OCR_MAX_PAGES = _int("OCR_MAX_PAGES", 50)
        self.OCR_MAX_PIXELS = _int("OCR_MAX_PIXELS", 40_000_000)
        self.OCR_PDF_DPI = _int("OCR_PDF_DPI", 200)
        self.OCR_CONFIDENCE_THRESHOLD = _float("OCR_CONFIDENCE_THRESHOLD", 0.7)
        self.OCR_TIMEOUT = _int("OCR_TIMEOUT", 300)
        self.ANALYSIS_TIMEOUT = _int("ANALYSIS_TIMEOUT", 240)
        self.OCR_MAX_ATTEMPTS = _int("OCR_MAX_ATTEMPTS", 3)
        self.OCR_REDISPATCH_AFTER = _int("OCR_REDISPATCH_AFTER", 600)
        self.OCR_MAX_INFLIGHT_PER_USER = _int("OCR_MAX_INFLIGHT_PER_USER", 8)
        # Time budgets of the OCR worker: one page's rendering (derived from OCR_TIMEOUT unless given),
        # and a document's total, base + per page, past which it fails `timeout`.
        self.OCR_PAGE_TIMEOUT = _float("OCR_PAGE_TIMEOUT", 20.0)
        self.OCR_DOCUMENT_BASE_SECONDS = _float("OCR_DOCUMENT_BASE_SECONDS", 30.0)
        self.OCR_DOCUMENT_SECONDS_PER_PAGE = _float("OCR_DOCUMENT_SECONDS_PER_PAGE", 10.0)
        # Longer side of the page previews the OCR worker stores for display (pixels).
        self.OCR_PREVIEW_MAX_SIDE = _int("OCR_PREVIEW_MAX_SIDE", 1600)
        # OCR worker processes of the deployment (0: what the running OCR workers announce). A user holds
        # at most this minus one OCR slots, so one process is always left for the others.
        self.OCR_WORKER_PROCESSES = _int("OCR_WORKER_PROCESSES", 0)
        # A user whose jobs fail `timeout` or `page_timeout` this often within the window holds one slot.
        self.OCR_BUDGET_STRIKES = _int("OCR_BUDGET_STRIKES", 3)
        self.OCR_BUDGET_STRIKE_WINDOW_S = _int("OCR_BUDGET_STRIKE_WINDOW_S", 3600)
        self.OCR_MAX_TASKS_PER_CHILD = _int("OCR_MAX_TASKS_PER_CHILD", 200)
        # Measured: ~1.0 GB steady with the model (bench/engine.py); recycle above 1.5 GB.
        self.OCR_MAX_MEMORY_PER_CHILD = _int("OCR_MAX_MEMORY_PER_CHILD", 1_500_000)
        self.OCR_LEASE_SECONDS = _int("OCR_LEASE_SECONDS", 60)
        # Added to the nice value of a worker consuming `ocr_queue` at start (0: unchanged): the API,
        # sockets and the extraction/notification worker then get the cores first.
        self.OCR_WORKER_NICE = _int("OCR_WORKER_NICE", 10)
        # With the kernel's autogroups, the OCR worker also starts a session of its own at that nice
        # value, so the OCR processes yield to PostgreSQL, Redis and the API's session (app/tasks/priority.py).
        self.OCR_WORKER_OWN_GROUP = _bool("OCR_WORKER_OWN_GROUP", True)
        self.OCR_DISPATCH_INTERVAL = _float("OCR_DISPATCH_INTERVAL", 5.0)

        # Every route but the uploads: JSON bodies are small; the public ones (register, login, refresh) tiny.
        self.MAX_JSON_BYTES = _int("MAX_JSON_BYTES", 1024 * 1024)
        self.MAX_PUBLIC_BODY_BYTES = _int("MAX_PUBLIC_BODY_BYTES", 4096)

        self.RATE_LIMIT_UPLOADS = _env("RATE_LIMIT_UPLOADS", "60/minute")
        self.MAX_TEMPLATES_PER_USER = _int("MAX_TEMPLATES_PER_USER", 200)
        self.RATE_LIMIT_LOGIN = _env("RATE_LIMIT_LOGIN", "10/minute")
        # Registration: `open`, `closed` or `invite` (an invite from `flask create-invite`), limited per address.
        self.REGISTRATION_MODE = _env("REGISTRATION_MODE", "open")
        self.RATE_LIMIT_REGISTER = _env("RATE_LIMIT_REGISTER", "5/hour")
        self.INVITE_DAYS = _int("INVITE_DAYS", 7)
        # Failed logins: free ones per account+address and per address, then a delay of 2^k s up to the cap.
        self.LOGIN_FREE_FAILURES = _int("LOGIN_FREE_FAILURES", 5)
        self.LOGIN_FREE_FAILURES_PER_ADDRESS = _int("LOGIN_FREE_FAILURES_PER_ADDRESS", 30)
        self.LOGIN_MAX_DELAY_S = _int("LOGIN_MAX_DELAY_S", 300)
        self.LOGIN_FAILURE_WINDOW_S = _int("LOGIN_FAILURE_WINDOW_S", 3600)
        # Native threads per API process that hash passwords (at a lower CPU priority than the event loop).
        self.PASSWORD_HASH_THREADS = _int("PASSWORD_HASH_THREADS", 1)
        self.EVENT_RETENTION_DAYS = _int("EVENT_RETENTION_DAYS", 7)
        self.FILE_RETENTION_DAYS = _int("FILE_RETENTION_DAYS", 30)
        # A stored upload with no job this old was left by a crash between storing and committing.
        self.ORPHAN_FILE_GRACE_SECONDS = _int("ORPHAN_FILE_GRACE_SECONDS", 3600)
        self.SOCKET_HEARTBEAT_S = _int("SOCKET_HEARTBEAT_S", 25)
        self.WEBHOOK_ALLOW_PRIVATE = _list("WEBHOOK_ALLOW_PRIVATE")
        self.WEBHOOK_CONNECT_TIMEOUT_S = _float("WEBHOOK_CONNECT_TIMEOUT_S", 3.0)
        self.WEBHOOK_READ_TIMEOUT_S = _float("WEBHOOK_READ_TIMEOUT_S", 5.0)
        self.WEBHOOK_DEADLINE_S = _float("WEBHOOK_DEADLINE_S", 10.0)  # one attempt, connect to last byte read
        self.WEBHOOK_MAX_RESPONSE_BYTES = _int("WEBHOOK_MAX_RESPONSE_BYTES", 65536)
        self.WEBHOOK_MAX_ATTEMPTS = _int("WEBHOOK_MAX_ATTEMPTS", 5)
        self.WEBHOOK_RETRY_BASE_S = _float("WEBHOOK_RETRY_BASE_S", 10.0)  # base, 2·base, 4·base … (±20 % jitter)
        self.WEBHOOK_RETRY_MAX_S = _float("WEBHOOK_RETRY_MAX_S", 3600.0)
        self.WEBHOOK_RESCUE_AFTER_S = _float("WEBHOOK_RESCUE_AFTER_S", 30.0)  # a due delivery this late is re-sent
        self.WEBHOOK_MAX_PER_USER = _int("WEBHOOK_MAX_PER_USER", 10)
        self.MIN_FREE_DISK_BYTES = _int("MIN_FREE_DISK_BYTES", 512 * 1024 * 1024)
        self.WEB_DIST = str(ROOT / "web" / "dist")
        self.BEAT_SCHEDULE_FILE = str(ROOT / "var" / "celerybeat-schedule")
        self.CELERY_TESTING = False

    def derive(self, given: frozenset[str] | set[str] = frozenset()) -> None:
        """Compute the settings that follow from others; one in `given` (or the environment) is kept."""
        keep = set(given) | self._given
        if "SQLALCHEMY_DATABASE_URI" not in keep:
            self.SQLALCHEMY_DATABASE_URI = sqlalchemy_url(
                self.DATABASE_URL or "postgresql://ocrflow@127.0.0.1:5432/ocrflow")
        if "SQLALCHEMY_ENGINE_OPTIONS" not in keep:
            self.SQLALCHEMY_ENGINE_OPTIONS = {
                "pool_pre_ping": True,
                "pool_size": self.DB_POOL_SIZE or _default_pool_size(self.SOCKETIO_ASYNC_MODE),
                "max_overflow": self.DB_MAX_OVERFLOW,
                "pool_timeout": 5,
                "connect_args": {"connect_timeout": self.DB_CONNECT_TIMEOUT},
            }
        for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "RATELIMIT_STORAGE_URI"):
            if name not in keep:
                setattr(self, name, self.REDIS_URL)
        if "OCR_PAGE_TIMEOUT" not in keep:
            # A costly page may use at most a third of the job's time limit (20 s at the default 300 s)
            # and the document's other pages still get read.
            self.OCR_PAGE_TIMEOUT = min(20.0, self.OCR_TIMEOUT / 3)
        if "MAX_CONTENT_LENGTH" not in keep:
            # One request body may hold a full bulk; each file is still bounded alone while streaming.
            self.MAX_CONTENT_LENGTH = self.OCR_MAX_FILE_SIZE * self.OCR_MAX_BULK_FILES + 1024 * 1024

    def validate(self) -> None:
        """Refuse settings that are unsafe for this environment."""
        if self.REGISTRATION_MODE not in REGISTRATION_MODES:
            raise RuntimeError(f"REGISTRATION_MODE must be one of {', '.join(REGISTRATION_MODES)}")


class DevelopmentConfig(Config):
    """Local development: embedded servers, random JWT secret per run."""


class TestingConfig(Config):
    """Test suite: short timeouts so fault tests finish in seconds."""

    TESTING = True

    def __init__(self) -> None:
        super().__init__()
        self.JWT_SECRET_KEY = _env("JWT_SECRET_KEY") or "testing-secret-key-that-is-long-enough-0123456789"
        self.SECRET_KEY = self.JWT_SECRET_KEY
        self.OCR_LEASE_SECONDS = _int("OCR_LEASE_SECONDS", 6)
        self.OCR_TIMEOUT = _int("OCR_TIMEOUT", 60)
        self.ANALYSIS_TIMEOUT = _int("ANALYSIS_TIMEOUT", 30)
        self.OCR_REDISPATCH_AFTER = _int("OCR_REDISPATCH_AFTER", 8)
        self.OCR_DISPATCH_INTERVAL = _float("OCR_DISPATCH_INTERVAL", 1.0)
        self.RATE_LIMIT_UPLOADS = _env("RATE_LIMIT_UPLOADS", "100000/minute")
        self.RATE_LIMIT_LOGIN = _env("RATE_LIMIT_LOGIN", "100000/minute")
        self.RATE_LIMIT_REGISTER = _env("RATE_LIMIT_REGISTER", "100000/minute")
        self.LOGIN_FREE_FAILURES_PER_ADDRESS = _int("LOGIN_FREE_FAILURES_PER_ADDRESS", 100000)
        self.WEBHOOK_RETRY_BASE_S = _float("WEBHOOK_RETRY_BASE_S", 0.5)
        self.WEBHOOK_RETRY_MAX_S = _float("WEBHOOK_RETRY_MAX_S", 30.0)
        self.WEBHOOK_RESCUE_AFTER_S = _float("WEBHOOK_RESCUE_AFTER_S", 2.0)
        self.CELERY_TESTING = True


class ProductionConfig(Config):
    """Production: durable, strict secrets and origins."""

    def __init__(self) -> None:
        super().__init__()
        self.JWT_SECRET_KEY = _env("JWT_SECRET_KEY") or ""
        self.SECRET_KEY = _env("SECRET_KEY") or self.JWT_SECRET_KEY

    def validate(self) -> None:
        """Refuse to start without a strong JWT secret or with wildcard CORS."""
        if len(self.JWT_SECRET_KEY.encode()) < 32:
            raise RuntimeError("JWT_SECRET_KEY must be set to at least 32 bytes in production")
        if "*" in self.CORS_ORIGINS:
            raise RuntimeError("CORS_ORIGINS must not be '*' in production")
        Config.validate(self)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str | type | Config | None = None, **overrides) -> Config:
    """Return a config from a name, a class, an instance or `OCRFLOW_ENV`, with overrides applied first."""
    cfg = _instance(name)
    for key, value in overrides.items():
        setattr(cfg, key, value)
    cfg.derive(set(overrides))
    return cfg


def _instance(name: str | type | Config | None) -> Config:
    if isinstance(name, Config):
        return name
    if isinstance(name, type):
        return name()
    key = name or _env("OCRFLOW_ENV", "development")
    if key not in CONFIGS:
        raise RuntimeError(f"unknown OCRFLOW_ENV {key!r}; use one of {sorted(CONFIGS)}")
    return CONFIGS[key]()
