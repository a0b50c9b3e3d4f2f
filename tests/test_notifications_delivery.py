"""Delivery that survives restarts and outages: replay across API and Redis restarts, the relay,
a long replay with live events, concurrent writers, a real job, and a slow query in the server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import psycopg2
import pytest
import redis
from sqlalchemy import text

from tests.support import processes
from tests.support.jobs import receipt_bytes, upload
from tests.test_socket_client import ContractClient
from tests.test_sockets import new_user, write_events

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def api(app, services):
    """A gevent API process of its own (tests here restart things under it); heartbeat every 60 s."""
    server = SimpleNamespace(proc=None, url=None)

    def start():
        server.proc, server.url = processes.start_api("api-delivery", mode="gevent", SOCKET_HEARTBEAT_S="60")
        return server

    server.start = start
    start()
    yield server
    processes.stop(server.proc)


@pytest.fixture
def user(client, make_user):
    """A fresh user."""
    return new_user(client, make_user, "delivery")


def _published(app, user_id: int, seqs: list[int]) -> bool:
    from app.extensions import db

    with app.app_context():
        rows = db.session.execute(text("SELECT count(*) FROM events WHERE user_id = :u AND seq = ANY(:s) "
                                       "AND published_at IS NOT NULL"), {"u": user_id, "s": seqs}).scalar()
        db.session.rollback()
    return rows == len(seqs)


def _wait_subscribed(url: str, timeout: float = 10) -> None:
    """Wait until an API process listens on the Socket.IO channel again."""
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if client.pubsub_numsub("flask-socketio")[0][1] >= 1:
                return
        except redis.RedisError:
            pass
        time.sleep(0.1)
    raise AssertionError("the API did not re-subscribe to the message queue")


def test_replay_after_restarting_the_api_process(api, app, user):
    c = ContractClient(api.url, user.token).connect()
    first = write_events(app, user.id, 2)
    c.wait_for_ids(first)
    c.close()
    processes.stop(api.proc)
    missed = write_events(app, user.id, 5)
    api.start()
    c.base_url = api.url
    c.reconnect()
    assert c.ids == first + missed and c.duplicates == 0


def test_replay_after_restarting_redis(api, app, user, services):
    c = ContractClient(api.url, user.token).connect()
    first = write_events(app, user.id, 1)
    c.wait_for_ids(first)
    c.close()
    services.stop_redis()
    during = write_events(app, user.id, 2)  # publish fails; the rows are there
    services.start_redis()
    after = write_events(app, user.id, 3)
    c.reconnect()
    assert c.ids == first + during + after and c.duplicates == 0


@pytest.mark.timeout(120)
def test_relay_delivers_to_a_client_that_stayed_connected(api, app, user, services):
    from app.jobs.relay import relay_unpublished

    c = ContractClient(api.url, user.token, sync_on_heartbeat=False).connect()
    first = write_events(app, user.id, 1)
    c.wait_for_ids(first)
    services.stop_redis()
    lost = write_events(app, user.id, 3)
    assert not _published(app, user.id, lost)
    time.sleep(0.5)
    assert c.sio.connected and c.ids == first
    services.start_redis()
    _wait_subscribed(services.redis_url)
    with app.app_context():
        result = relay_unpublished(grace_seconds=0)
    assert result["published"] >= 3
    c.wait_for_ids(lost)
    assert c.ids == first + lost and _published(app, user.id, lost)
    live = write_events(app, user.id, 1)
    c.wait_for_ids(live)
    c.close()


def test_heartbeat_lets_a_connected_client_catch_up_after_an_outage(app, services, client, make_user):
    proc, url = processes.start_api("api-delivery-hb", mode="gevent", SOCKET_HEARTBEAT_S="1")
    try:
        u = new_user(client, make_user, "hb")
        c = ContractClient(url, u.token).connect()
        services.stop_redis()
        lost = write_events(app, u.id, 2)  # never published: no relay runs in this test
        c.wait_for_ids(lost, timeout=10)  # heartbeat last_seq > cursor → sync → replay from the table
        services.start_redis()
        assert c.ids == lost and c.duplicates == 0
        c.close()
    finally:
        processes.stop(proc)


@pytest.mark.timeout(120)
def test_live_events_during_a_long_replay_are_neither_lost_nor_doubled(api, app, user):
    backlog = write_events(app, user.id, 500)
    live: list[int] = []
    writer = threading.Thread(target=lambda: live.extend(write_events(app, user.id, 60)))
    c = ContractClient(api.url, user.token)
    writer.start()
    c.connect(timeout=30)
    writer.join()
    c.wait_for_ids(live, timeout=20)
    time.sleep(0.3)
    assert c.ids == backlog + live  # every event once, in order
    assert len(c.ids) == len(set(c.ids)) == 560
    done_at = next(i for i, (name, _) in enumerate(c.received) if name == "replay_done")
    early_live = [p["id"] for _, p in c.received[:done_at] if p["id"] in set(live)]
    print(f"live events that arrived before replay_done: {len(early_live)}; duplicates dropped: {c.duplicates}")


def test_concurrent_writers_never_leave_a_gap_or_a_duplicate(app, user, services):
    script = (
        "import sys\n"
        "from app import create_app\n"
        "from app.jobs.events import write_event\n"
        "app = create_app('testing', SOCKETIO_ASYNC_MODE='threading')\n"
        "with app.app_context():\n"
        "    for i in range(int(sys.argv[2])):\n"
        "        write_event(int(sys.argv[1]), 'system', 'w', {'i': i})\n"
    )
    env = processes.env_for_children()
    writers = [subprocess.Popen([sys.executable, "-c", script, str(user.id), "150"], env=env,
                                cwd=processes.ROOT) for _ in range(3)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    from app.extensions import db

    with app.app_context():
        seqs = list(db.session.execute(text("SELECT seq FROM events WHERE user_id = :u ORDER BY seq"),
                                       {"u": user.id}).scalars())
        last = db.session.execute(text("SELECT event_seq FROM users WHERE id = :u"), {"u": user.id}).scalar()
        db.session.rollback()
    assert seqs == list(range(1, 451)) and last == 450


@pytest.mark.timeout(240)
def test_a_real_job_notifies_its_owner_only(api, app, client, make_user, worker):
    owner, other = new_user(client, make_user, "owner"), new_user(client, make_user, "other")
    a = ContractClient(api.url, owner.token).connect()
    b = ContractClient(api.url, other.token).connect()
    status, body = upload(client, owner.headers, receipt_bytes("X51005255805.jpg"))
    assert status == 202, body
    job = body["ocr_result_id"]
    terminal = ("ocr_completed", "ocr_failed", "ocr_cancelled")
    a.wait(lambda: any(p["type"] in terminal and p["data"]["ocr_result_id"] == job for p in a.delivered),
           180, "the job's terminal event")
    final = [p for p in a.delivered if p["type"] in terminal][-1]
    assert final["type"] == "ocr_completed", final
    assert set(final) == {"id", "type", "message", "data", "created_at"}
    assert final["data"]["result"]["page_count"] == 1
    assert a.ids == sorted(a.ids) and a.duplicates == 0
    assert b.delivered == [] and not [p for e, p in b.received if e == "notification" and p.get("type") in terminal]
    assert a.unexpected == [] and b.unexpected == []
    a.close()
    b.close()


def test_a_slow_query_does_not_stall_other_sockets(api, app, client, make_user, services):
    from app.jobs.publisher import get_emitter, room_of

    waiting, live = new_user(client, make_user, "slow"), new_user(client, make_user, "live")
    b = ContractClient(api.url, live.token).connect()
    lock = psycopg2.connect(app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg2", ""))
    cur = lock.cursor()
    cur.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")  # the next replay query waits on this
    a = ContractClient(api.url, waiting.token)
    blocked = threading.Thread(target=a.connect, kwargs={"timeout": 20})
    blocked.start()
    time.sleep(0.5)
    assert a.replaying  # its connect handler is waiting on the database
    latencies = []
    for n in range(5):
        sent = time.monotonic()
        get_emitter(services.redis_url).emit("notification", {"id": 10_000 + n, "type": "system", "message": "",
                                                        "data": {}, "created_at": ""},
                                             room=room_of(live.id), namespace="/")
        b.wait_for_ids([10_000 + n], timeout=5)
        latencies.append(time.monotonic() - sent)
    lock.rollback()
    lock.close()
    blocked.join(timeout=20)
    assert not a.replaying and a.sio.connected
    assert max(latencies) < 0.3, latencies
    a.close()
    b.close()


def _system(event_id: int, message: str) -> str:
    """A `system` payload as PostgreSQL's `payload::text` writes it (spaces, characters unescaped)."""
    return json.dumps({"id": event_id, "type": "system", "message": message, "data": {"k": [1, None]},
                       "created_at": "2026-01-01T00:00:00+00:00"}, ensure_ascii=False)


def test_a_broadcast_batch_reaches_each_local_room_once_and_skips_the_others(api, client, make_user, services):
    """One `emit_batch` message for many rooms, most without a socket in this process (as each process of
    several receives every user's pairs); a bad one does not stop the listener."""
    from app.jobs.publisher import BATCH_ITEMS, get_emitter, publish_serialized, room_of

    a, b = new_user(client, make_user, "batch-a"), new_user(client, make_user, "batch-b")
    ca, cb = ContractClient(api.url, a.token).connect(), ContractClient(api.url, b.token).connect()
    absent = [(10_000_000 + n, 7, "system", _system(7, "nobody here")) for n in range(BATCH_ITEMS + 5)]
    message = 'Zażółć "gęślą" \\ jaźń </script>'
    events = [*absent[:3], (a.id, 50, "system", _system(50, message)), *absent[3:],
              (b.id, 60, "system", _system(60, "for b"))]
    assert publish_serialized(services.redis_url, events) == [(u, s) for u, s, _t, _p in events]
    ca.wait_for_ids([50])
    cb.wait_for_ids([60])
    emitter = get_emitter(services.redis_url)
    emitter.redis.publish(emitter.channel, json.dumps({"method": "emit_batch", "event": "notification",
                                                       "host_id": "elsewhere", "items": 5}))
    emitter.redis.publish(emitter.channel, '{"method": "emit_batch", "items": [["user:1",')  # cut short
    emitter.emit("notification", json.loads(_system(61, "after the bad ones")), room=room_of(b.id), namespace="/")
    cb.wait_for_ids([61])
    time.sleep(0.3)
    assert ca.ids == [50] and cb.ids == [60, 61] and ca.duplicates == cb.duplicates == 0
    assert ca.delivered[0] == json.loads(_system(50, message))
    ca.close()
    cb.close()


def test_a_process_without_the_rooms_sends_nothing_and_an_earlier_listener_ignores_a_batch():
    """The receiving side on real python-socketio servers: this version's manager with none of the batch's
    rooms, and python-socketio's own listener (a process of an earlier version), which must not take the
    batch for anything else (a room-less `emit` would go to every socket)."""
    import socketio

    from app.jobs.publisher import BATCH_METHOD
    from app.notifications.manager import ServerRedisManager

    batch = {"method": BATCH_METHOD, "event": "notification", "namespace": "/", "host_id": "elsewhere",
             "items": [["user:1", _system(1, "one")], ["user:2", _system(2, "two")]]}
    plain = {"method": "emit", "event": "notification", "data": [json.loads(_system(3, "plain"))], "binary": False,
             "namespace": "/", "room": "user:1", "skip_sid": None, "callback": None, "host_id": "elsewhere"}

    class Recorded:
        """A server's manager fed `messages` as if from the channel, with one socket in `user:1`."""

        def __init__(self, manager) -> None:
            self.sent: list[str] = []
            server = socketio.Server(client_manager=manager, async_mode="threading")
            server._send_eio_packet = lambda eio_sid, pkt: self.sent.append((eio_sid, pkt.encode()))
            manager.set_server(server)
            manager.initialize = lambda: None
            self.manager = manager

        def join(self) -> None:
            sid = self.manager.connect("eio-1", "/")
            self.manager.enter_room(sid, "/", "user:1")

    class Fed(ServerRedisManager):
        messages: list = []

        def _redis_listen_with_retries(self):
            self.pubsub = SimpleNamespace(unsubscribe=lambda channel: None)
            for data in self.messages:
                yield {"channel": self.channel.encode(), "type": "message", "data": data}

    class Earlier(socketio.PubSubManager):
        messages: list = []

        def _listen(self):
            yield from self.messages

    Fed.messages = [json.dumps(batch).encode()]
    lonely = Recorded(Fed("redis://127.0.0.1:1/0", channel="flask-socketio", write_only=True))
    assert lonely.manager.emit_batch(batch) == 0  # no namespace yet: nothing to look up
    lonely.join()
    assert lonely.manager.emit_batch({**batch, "items": [["user:2", _system(2, "two")]]}) == 0
    assert list(lonely.manager._listen()) == [] and lonely.sent == [("eio-1", '42["notification",' +
                                                                     _system(1, "one") + "]")]

    Earlier.messages = [json.dumps(batch), json.dumps(plain)]
    earlier = Recorded(Earlier(channel="flask-socketio"))
    earlier.join()
    earlier.manager._thread()  # returns once its (fed) channel ends
    assert [json.loads(text[2:])[1]["id"] for _sid, text in earlier.sent] == [3]
