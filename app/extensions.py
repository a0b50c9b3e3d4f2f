"""Flask extensions, created unbound and bound in `create_app`."""

from flask_cors import CORS
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from app.token_decoding import DecodeOnceJWTManager


class Base(DeclarativeBase):
    """Declarative base of every model."""


def _client_address() -> str:
    from flask import request

    return request.remote_addr or "unknown"


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = DecodeOnceJWTManager()
limiter = Limiter(key_func=_client_address, headers_enabled=True)
socketio = SocketIO()
cors = CORS()
