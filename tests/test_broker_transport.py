"""The Redis channel closes cleanly when Redis goes away while it waits in BRPOP holding a message."""

from __future__ import annotations

import time

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue
from kombu.common import ignore_errors

from app.broker_transport import Transport, transport_for


def test_the_transport_is_chosen_for_plain_redis_urls_only():
    assert transport_for("redis://127.0.0.1:6379/0") == "app.broker_transport:Transport"
    assert transport_for("rediss://cache:6380/1") == "app.broker_transport:Transport"
    assert transport_for("redis+socket:///tmp/r.sock") is None
    assert transport_for("memory://") is None
    assert transport_for(None) is None


def _unacked(url: str) -> list:
    import redis

    return redis.Redis.from_url(url).hkeys("unacked")


@pytest.mark.timeout(60)
def test_a_channel_waiting_in_brpop_with_an_unacked_message_survives_losing_redis(services):
    url = services.redis_url.rsplit("/", 1)[0] + "/14"
    import redis

    redis.Redis.from_url(url).flushdb()
    queue = Queue("lost", Exchange("lost", routing_key="lost"), routing_key="lost")
    options = {"visibility_timeout": 1, "socket_connect_timeout": 1, "socket_timeout": 2}
    conn = Connection(url, transport=Transport, transport_options=options)
    held = []
    try:
        channel = conn.default_channel
        Producer(channel).publish({"n": 1}, exchange=queue.exchange, routing_key="lost", declare=[queue])
        consumer = Consumer(channel, [queue], callbacks=[lambda body, message: held.append(message)])
        consumer.consume()
        # A second channel with an auto-deleted fanout queue, as a worker's remote-control mailbox.
        mailbox = Queue("node.pidbox", Exchange("node.pidbox", type="fanout"), auto_delete=True)
        Consumer(conn.channel(), [mailbox], callbacks=[lambda body, message: None]).consume()
        deadline = time.monotonic() + 10
        while not held and time.monotonic() < deadline:
            conn.drain_events(timeout=5)  # the message is delivered and kept unacknowledged (a task running)
        assert len(held) == 1 and len(_unacked(url)) == 1
        if not channel._in_poll:
            channel._brpop_start()  # back in BRPOP, as a worker's event loop with a free process
        assert channel._in_poll
        services.stop_redis()
        try:
            # What Celery's consumer does on a lost broker: collect, then close, ignoring connection errors.
            # kombu's own channel raised AttributeError here, which killed the worker.
            try:
                conn.collect(socket_timeout=1)
            except Exception:  # noqa: BLE001, S110 - Celery ignores every error of collect() too
                pass
            ignore_errors(conn, conn.close)
            assert channel.closed
        finally:
            services.start_redis()
    finally:
        ignore_errors(conn, conn.close)
    # Nothing is lost: the message waits in the unacked hash and comes back after the visibility timeout.
    assert len(_unacked(url)) == 1
    time.sleep(1.2)
    again = []
    with Connection(url, transport=Transport, transport_options=options) as fresh:
        fresh.default_channel.qos.restore_visible(num=10, interval=1)
        with Consumer(fresh, [queue], callbacks=[lambda body, message: (again.append(body), message.ack())]):
            fresh.drain_events(timeout=5)
    assert again == [{"n": 1}]


def test_messages_are_sent_through_one_client_object_per_pool(services):
    url = services.redis_url.rsplit("/", 1)[0] + "/14"
    import redis

    redis.Redis.from_url(url).flushdb()
    queue = Queue("kept", Exchange("kept", routing_key="kept"), routing_key="kept")
    conn = Connection(url, transport=Transport)
    try:
        channel = conn.default_channel
        producer = Producer(channel)
        for n in range(3):
            producer.publish({"n": n}, exchange=queue.exchange, routing_key="kept", declare=[queue])
        client = channel._create_client()
        assert channel._create_client() is client and client.connection_pool is channel.pool
        assert redis.Redis.from_url(url).llen("kept") == 3  # every message arrived
        channel._disconnect_pools()  # as on a lost connection: a new pool gets a new client
        assert channel._create_client() is not client
        producer.publish({"n": 3}, exchange=queue.exchange, routing_key="kept")
        assert redis.Redis.from_url(url).llen("kept") == 4
    finally:
        conn.release()
        redis.Redis.from_url(url).flushdb()
