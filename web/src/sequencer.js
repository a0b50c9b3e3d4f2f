// Pure event-ordering logic for the Socket.IO stream (DESIGN §6).
//
// On every (re)connect the server replays events with seq > last_event_id and
// then sends `replay_done`; live events may interleave with the replay.  Until
// `replay_done` we therefore buffer everything, then deliver the buffer sorted
// by id.  After that, events are delivered as they come.  Every event is
// delivered at most once: ids at or below the cursor we started from were seen
// in an earlier session, and ids above it are remembered in `seen`.
//
// No DOM, no socket: this module is unit-tested with `node --test`.

const SEEN_LIMIT = 5000;

/**
 * Create a sequencer that calls `deliver(event)` once per event, in order.
 * lastId: the cursor saved by an earlier session, or null when there is none
 * (a first visit): then the first replay_done's last_seq becomes the cursor,
 * so old history is not replayed as if it were new.
 */
export function createSequencer({ lastId = null, deliver }) {
  let known = toId(lastId) !== null;
  let floor = toId(lastId) ?? 0; // ids <= floor were delivered before this session
  let cursor = floor; // highest id delivered so far
  let replaying = false;
  const buffer = new Map(); // id -> event, held while replaying
  const seen = new Set();

  function isNew(id) {
    return id > floor && !seen.has(id);
  }

  function remember(id) {
    seen.add(id);
    if (seen.size > SEEN_LIMIT) {
      // Forget the oldest ids and raise the floor past them: anything that old
      // and not yet seen would have been replayed long ago.
      const sorted = [...seen].sort((a, b) => a - b);
      const drop = sorted.slice(0, sorted.length - SEEN_LIMIT / 2);
      for (const old of drop) seen.delete(old);
      floor = Math.max(floor, drop[drop.length - 1]);
    }
  }

  function emit(event) {
    const id = toId(event.id);
    remember(id);
    if (id > cursor) cursor = id;
    deliver(event);
  }

  function flush() {
    const pending = [...buffer.values()].sort((a, b) => toId(a.id) - toId(b.id));
    buffer.clear();
    for (const event of pending) {
      if (isNew(toId(event.id))) emit(event);
    }
  }

  return {
    /** Highest event id delivered (the cursor to send as last_event_id). */
    get lastId() {
      return cursor;
    },
    /** False until there is a cursor (saved, or learned from replay_done). */
    get hasCursor() {
      return known;
    },
    /** True between a connect and its replay_done. */
    get replaying() {
      return replaying;
    },
    /** Call on every (re)connect, before any event of that connection. */
    startReplay() {
      replaying = true;
    },
    /** Call on `replay_done {last_seq}`; delivers the buffered events in id order. */
    replayDone(lastSeq) {
      const seq = toId(lastSeq);
      if (seq !== null) {
        // Everything up to last_seq that matters has been sent (replay skips
        // only superseded progress), so the cursor may move there; without a
        // saved cursor, older ids are history and are not delivered at all.
        if (!known) floor = Math.max(floor, seq);
        cursor = Math.max(cursor, seq);
        known = true;
      }
      replaying = false;
      flush();
    },
    /** Offer one event payload {id, type, ...}; returns true when it is new. */
    receive(event) {
      const id = toId(event && event.id);
      if (id === null || !isNew(id) || buffer.has(id)) return false;
      if (replaying) {
        buffer.set(id, event);
      } else {
        emit(event);
      }
      return true;
    },
    /** Number of events held back while replaying. */
    get buffered() {
      return buffer.size;
    },
  };
}

/** Parse an event id into a non-negative integer, or null. */
export function toId(value) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return Number.isInteger(n) && n >= 0 ? n : null;
}
