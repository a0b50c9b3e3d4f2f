import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createSequencer, toId } from '../src/sequencer.js';

function setup(lastId = 0) {
  // lastId null: a first visit without a saved cursor.
  const got = [];
  const seq = createSequencer({ lastId, deliver: (e) => got.push(e.id) });
  return { seq, got };
}

const ev = (id, type = 'ocr_progress') => ({ id, type, message: '', data: {} });

test('buffers live events until replay_done, then delivers in id order', () => {
  const { seq, got } = setup(3);
  seq.startReplay();
  seq.receive(ev(4));
  seq.receive(ev(7)); // live, interleaved with the replay
  seq.receive(ev(5));
  seq.receive(ev(6));
  assert.deepEqual(got, []);
  assert.equal(seq.buffered, 4);
  seq.replayDone();
  assert.deepEqual(got, [4, 5, 6, 7]);
  assert.equal(seq.lastId, 7);
  assert.equal(seq.replaying, false);
});

test('dedupes by id across replay and live delivery', () => {
  const { seq, got } = setup(0);
  seq.startReplay();
  seq.receive(ev(1));
  seq.receive(ev(2));
  seq.receive(ev(2)); // the same event live and replayed
  seq.replayDone();
  assert.equal(seq.receive(ev(2)), false);
  seq.receive(ev(3));
  seq.receive(ev(3));
  assert.deepEqual(got, [1, 2, 3]);
});

test('drops events at or below the starting cursor', () => {
  const { seq, got } = setup(10);
  seq.startReplay();
  seq.receive(ev(9));
  seq.receive(ev(10));
  seq.receive(ev(11));
  seq.replayDone();
  assert.deepEqual(got, [11]);
});

test('a reconnect replays what was missed without doubling what was seen', () => {
  const { seq, got } = setup(0);
  seq.startReplay();
  seq.replayDone();
  seq.receive(ev(1));
  seq.receive(ev(2));
  // connection drops; events 3 and 4 happen while offline
  seq.startReplay();
  seq.receive(ev(5)); // live after reconnect, before the replay finished
  seq.receive(ev(3));
  seq.receive(ev(4));
  seq.receive(ev(5)); // replayed copy of the live one
  seq.replayDone();
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
  assert.equal(seq.lastId, 5);
});

test('accepts gaps: replay may skip superseded progress events', () => {
  const { seq, got } = setup(0);
  seq.startReplay();
  seq.receive(ev(2));
  seq.receive(ev(9));
  seq.replayDone();
  seq.receive(ev(12));
  assert.deepEqual(got, [2, 9, 12]);
});

test('a late event below the cursor but never seen is still delivered once', () => {
  const { seq, got } = setup(0);
  seq.startReplay();
  seq.replayDone();
  seq.receive(ev(1));
  seq.receive(ev(3));
  seq.receive(ev(2)); // republished late by the relay
  seq.receive(ev(2));
  assert.deepEqual(got, [1, 3, 2]);
  assert.equal(seq.lastId, 3);
});

test('replay_done without a preceding connect is harmless', () => {
  const { seq, got } = setup(0);
  seq.receive(ev(1));
  seq.replayDone();
  assert.deepEqual(got, [1]);
});

test('ignores payloads without a usable id', () => {
  const { seq, got } = setup(0);
  assert.equal(seq.receive({ type: 'system' }), false);
  assert.equal(seq.receive(ev(-1)), false);
  assert.equal(seq.receive(ev('abc')), false);
  assert.equal(seq.receive(ev('4')), true);
  assert.deepEqual(got, ['4']);
  assert.equal(seq.lastId, 4);
});

test('toId parses integers and numeric strings only', () => {
  assert.equal(toId(5), 5);
  assert.equal(toId('12'), 12);
  assert.equal(toId(1.5), null);
  assert.equal(toId(null), null);
  assert.equal(toId(''), null);
});

test('memory of seen ids stays bounded without redelivering', () => {
  const { seq, got } = setup(0);
  for (let i = 1; i <= 6000; i += 1) seq.receive(ev(i));
  for (let i = 1; i <= 6000; i += 1) seq.receive(ev(i));
  assert.equal(got.length, 6000);
});

test('without a saved cursor, replay_done sets it and older events are skipped', () => {
  const { seq, got } = setup(null);
  assert.equal(seq.hasCursor, false);
  seq.startReplay();
  seq.receive(ev(41)); // live, committed before the server read last_seq
  seq.receive(ev(43)); // live, after
  seq.replayDone(42);
  assert.deepEqual(got, [43]);
  assert.equal(seq.lastId, 43);
  assert.equal(seq.hasCursor, true);
});

test('replay_done handled before the next startReplay leaves nothing buffered', () => {
  // The server replays inside its connect handler, so the client sees the
  // replayed events and replay_done before its own "connect" event; the
  // socket therefore starts the replay when it sends the handshake.
  const { seq, got } = setup(5);
  seq.startReplay(); // handshake sent
  seq.receive(ev(6));
  seq.replayDone(6);
  seq.receive(ev(7)); // live, after "connect"
  assert.deepEqual(got, [6, 7]);
  assert.equal(seq.replaying, false);
});

test('replay_done moves the cursor to last_seq but still delivers unseen buffered events', () => {
  const { seq, got } = setup(10);
  seq.startReplay();
  seq.receive(ev(12)); // live during the replay
  seq.replayDone(14); // 11, 13, 14 were superseded progress: not sent
  assert.deepEqual(got, [12]);
  assert.equal(seq.lastId, 14);
  seq.replayDone(3); // a stale or odd value never moves it back
  assert.equal(seq.lastId, 14);
  seq.receive(ev(15));
  assert.deepEqual(got, [12, 15]);
});
