"""kombu's Redis transport, with a channel that still closes when its connection to Redis was lost.

When the broker goes away while a worker waits in BRPOP and holds unacknowledged messages, Celery
closes the broken connection twice: `Connection.collect()`, then `Connection.close()`. kombu's
`Channel.close` first reads the pending BRPOP reply (so that a message Redis popped is not lost);
on a dead connection that read raises, the channel is left half closed, and `collect()` then drops
the transport's connection parameters. The second close goes on to restore the unacknowledged
messages, needs a new connection pool, finds no parameters and raises `AttributeError`, which Celery
treats as unrecoverable: the worker exits, its jobs wait forever. Here the close goes on at once
after the failed read, while the transport still knows its broker, so the second close finds a
closed channel.

The channel also keeps one client object for its synchronous commands (a message sent is one LPUSH):
kombu builds a new `redis.Redis` per message, which copies its ~170 response callbacks each time
(~0.1 ms of the API process's CPU per upload). A client object holds no connection of its own (each
command borrows one from the channel's pool), so one serves every thread and greenlet.
"""

from __future__ import annotations

from kombu.transport import redis as kombu_redis

SCHEMES = ("redis", "rediss")


class Channel(kombu_redis.Channel):
    """A Redis channel whose close survives a lost connection, with one client for its synchronous commands."""

    _sync_client = None

    def _create_client(self, asynchronous=False):
        if asynchronous:
            return super()._create_client(asynchronous=True)
        pool = self.pool
        client = self._sync_client
        if client is None or client.connection_pool is not pool:  # a new pool after a reconnect: a new client
            client = self._sync_client = super()._create_client()
        return client

    def close(self) -> None:
        """Close; a connection error while reading the pending BRPOP reply does not stop the close."""
        try:
            super().close()
        except self.connection_errors:
            if self.closed:
                raise
            # The read is over (`_in_poll` is reset whatever happened): close the rest now. Restoring
            # the unacknowledged messages may fail too; they stay in Redis's unacked hash, which
            # `restore_visible` empties after the visibility timeout.
            super().close()


class Transport(kombu_redis.Transport):
    """The Redis transport with `Channel`."""

    Channel = Channel


def transport_for(broker_url: str | None) -> str | None:
    """Return this transport's import path for a plain Redis broker URL, else None (kombu's choice)."""
    scheme = (broker_url or "").split("://", 1)[0]
    return f"{__name__}:Transport" if scheme in SCHEMES else None
