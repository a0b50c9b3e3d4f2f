// The seeds' browser client, as a user would write it from the README: socket.io-client with its
// default transports (long-polling first, then the upgrade to WebSocket), the token in `auth`, the
// older `join_notifications` call, and one `notification` listener that looks at `d.type`.
//
// Usage: node seed_client.mjs URL TOKEN USER_ID [LAST_EVENT_ID]
// Prints one JSON line per thing it sees; the test drives it through stdin/stdout.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const [url, token, userId, lastEventId] = process.argv.slice(2);
const auth = { token };
if (lastEventId !== undefined) auth.last_event_id = Number(lastEventId);
const say = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

const socket = io(url, { auth, reconnection: false });

socket.on('connect', () => {
  say({ kind: 'connect', transport: socket.io.engine.transport.name });
  socket.emit('join_notifications', { user_id: Number(userId) }, (ack) => say({ kind: 'joined', ack }));
});
socket.io.on('open', () => socket.io.engine.on('upgrade', (t) => say({ kind: 'upgrade', transport: t.name })));
socket.on('notification', (d) => {
  if (d.type === 'ocr_completed') say({ kind: 'completed', ocr_result_id: d.data.ocr_result_id });
  say({ kind: 'notification', payload: d });
});
socket.on('replay_done', (d) => say({ kind: 'replay_done', last_seq: d.last_seq }));
socket.on('connect_error', (err) => say({ kind: 'connect_error', message: String(err && err.message) }));
socket.on('disconnect', (reason) => say({ kind: 'disconnect', reason }));
socket.onAny((name) => {
  if (!['notification', 'replay_done', 'heartbeat'].includes(name)) say({ kind: 'other', name });
});

// "quit" on stdin closes the socket and exits.
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'quit') {
    socket.close();
    process.exit(0);
  }
});
