"""Entry point of the API + Socket.IO server: `python wsgi.py`."""

import os

# Monkey-patch before anything else is imported, and only in this entry point.
_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")
if _MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
    from psycogreen.eventlet import patch_psycopg

    patch_psycopg()
elif _MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
    from psycogreen.gevent import patch_psycopg

    patch_psycopg()

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402

app = create_app()


def main() -> None:
    """Serve the API and Socket.IO on HOST:PORT."""
    host, port = app.config["HOST"], app.config["PORT"]
    app.logger.info("ocrflow API listening on http://%s:%s (%s)", host, port, _MODE)
    # eventlet's server holds writes back until 4 KB have gathered (event streams must flush each
    # event) and serves at most 1,024 connections at once by default (each socket holds one).
    extra = {"minimum_chunk_size": 0, "max_size": 100_000} if _MODE == "eventlet" else {}
    socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True, **extra)


if __name__ == "__main__":
    main()
