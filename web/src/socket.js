// The Socket.IO connection (DESIGN §6): auth in the handshake only, replay
// from last_event_id, buffering until replay_done, heartbeat gap checks,
// token refresh on refusal, and a "Reconnecting…" state on network drops.

import { io } from 'socket.io-client';

import * as session from './session.js';
import { createSequencer } from './sequencer.js';

// Every user event arrives as one Socket.IO event whose payload carries its
// `type` (DESIGN §6); the types themselves come from GET /api/notifications/types.
export const SOCKET_EVENT = 'notification';

const REPLAY_TIMEOUT_MS = 15000; // deliver the buffer even if replay_done never comes
const MAX_AUTH_RETRIES = 3;

const cursorKey = (userId) => `ocrflow.last_event_id.${userId}`;

/**
 * Open the socket for the signed-in user.
 * handlers: onEvent(payload, {replayed}), onConnection('connected'|'reconnecting'|'unavailable'),
 * onTruncated(), onAuthLost()
 */
export function connectSocket(handlers) {
  const userId = session.userId();
  const saved = localStorage.getItem(cursorKey(userId));
  const sequencer = createSequencer({ lastId: saved === null ? null : Number(saved), deliver });
  let replayTimer = null;
  let inReplay = false;
  let authFailures = 0;
  let closed = false;
  const delivered = []; // {id, type, job} of each delivered event, for tests and debugging

  // The auth callback runs as each handshake is sent: start buffering there,
  // not on "connect".  The server replays inside its connect handler, so the
  // replayed events and replay_done reach us before the "connect" event.
  const socket = io({
    auth: (cb) => {
      beginReplay();
      const auth = { token: session.accessToken() };
      if (sequencer.hasCursor) auth.last_event_id = sequencer.lastId;
      cb(auth);
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });

  function deliver(event) {
    delivered.push({ id: event.id, type: event.type, job: event.data?.ocr_result_id ?? null });
    if (delivered.length > 2000) delivered.splice(0, 1000);
    saveCursor();
    handlers.onEvent?.(event, { replayed: inReplay });
  }

  function saveCursor() {
    if (sequencer.hasCursor) localStorage.setItem(cursorKey(userId), String(sequencer.lastId));
  }

  function beginReplay() {
    sequencer.startReplay();
    clearTimeout(replayTimer);
    replayTimer = setTimeout(() => finishReplay(), REPLAY_TIMEOUT_MS);
  }

  function finishReplay(done) {
    clearTimeout(replayTimer);
    inReplay = true;
    sequencer.replayDone(done?.last_seq);
    inReplay = false;
    saveCursor();
  }

  socket.on('connect', () => {
    authFailures = 0;
    handlers.onConnection?.('connected');
  });

  socket.on(SOCKET_EVENT, (payload) => {
    if (payload && typeof payload === 'object' && typeof payload.type === 'string') sequencer.receive(payload);
  });

  socket.on('replay_done', (done) => finishReplay(done));
  socket.on('replay_truncated', () => handlers.onTruncated?.());
  socket.on('heartbeat', (hb) => {
    const last = Number(hb?.last_seq);
    if (sequencer.hasCursor && !sequencer.replaying && last > sequencer.lastId) socket.emit('sync', { after: sequencer.lastId });
  });

  socket.on('disconnect', (reason) => {
    if (closed || reason === 'io client disconnect') return;
    handlers.onConnection?.('reconnecting');
    // The server dropped us on purpose (token expired or revoked): the client
    // will not retry by itself, so refresh and connect again.
    if (reason === 'io server disconnect') reauthenticate();
  });

  socket.on('connect_error', () => {
    if (closed) return;
    handlers.onConnection?.('reconnecting');
    // socket.active is false when the server refused the handshake (auth);
    // otherwise it is a network problem and the client keeps retrying.
    if (!socket.active) reauthenticate();
  });

  function reauthenticate() {
    authFailures += 1;
    if (authFailures > MAX_AUTH_RETRIES) {
      // The API still works (the refresh succeeded) but the socket refuses us:
      // say so, keep the session, and try again later.
      handlers.onConnection?.('unavailable');
      setTimeout(() => {
        authFailures = 0;
        if (!closed) socket.connect();
      }, 30000);
      return;
    }
    session
      .refresh()
      .then(() => !closed && socket.connect())
      .catch(() => {
        if (!session.isSignedIn()) handlers.onAuthLost?.();
        else setTimeout(() => !closed && socket.connect(), 2000 * authFailures);
      });
  }

  // A fresh access token: reconnect so the server holds the new one (the
  // replay from our cursor makes the short gap harmless).
  const stopWatching = session.onChange((reason) => {
    if (reason === 'tokens' && socket.connected) {
      socket.disconnect();
      socket.connect();
    }
  });

  const handle = {
    socket,
    sequencer,
    delivered,
    close() {
      closed = true;
      clearTimeout(replayTimer);
      stopWatching();
      socket.disconnect();
    },
  };
  // Exposed for the end-to-end tests (forcing a drop, checking delivery).
  window.__ocrflow = handle;
  return handle;
}
