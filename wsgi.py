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

import socket  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import socketio  # noqa: E402

app = create_app()


def _no_delay(sock) -> None:
    # Neither gevent's nor eventlet's server turns Nagle off: a keep-alive client then waits for
    # its delayed ACK (~40 ms on Linux) before the end of each response arrives.
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass  # not a TCP socket


def _serve_gevent(host: str, port: int) -> None:
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    class NoDelayServer(pywsgi.WSGIServer):
        """gevent's WSGI server with TCP_NODELAY on every accepted connection."""

        def handle(self, sock, address):
            _no_delay(sock)
            super().handle(sock, address)

    # What socketio.run() builds in gevent mode, with the accepted sockets tuned; stop() still works.
    socketio.wsgi_server = NoDelayServer((host, port), app, handler_class=WebSocketHandler, log=None)
    socketio.wsgi_server.serve_forever()


def _serve_eventlet(host: str, port: int) -> None:
    import eventlet.wsgi

    class NoDelayProtocol(eventlet.wsgi.HttpProtocol):
        """eventlet's HTTP protocol with TCP_NODELAY on its connection."""

        def setup(self):
            _no_delay(self.request)
            super().setup()

    # eventlet's server holds writes back until 4 KB have gathered (event streams must flush each
    # event) and serves at most 1,024 connections at once by default (each socket holds one).
    socketio.run(app, host=host, port=port, log_output=False, minimum_chunk_size=0, max_size=100_000,
                 protocol=NoDelayProtocol)


def main() -> None:
    """Serve the API and Socket.IO on HOST:PORT."""
    host, port = app.config["HOST"], app.config["PORT"]
    app.logger.info("ocrflow API listening on http://%s:%s (%s)", host, port, _MODE)
    if _MODE == "gevent":
        _serve_gevent(host, port)
    elif _MODE == "eventlet":
        _serve_eventlet(host, port)
    else:
        socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
