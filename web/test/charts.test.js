import { test } from 'node:test';
import assert from 'node:assert/strict';

import { lastHour } from '../src/charts.js';

test('lastHour spreads sparse minutes over 60 buckets', () => {
  const now = Date.parse('2026-01-01T12:00:30Z');
  const rows = lastHour(
    [
      { minute: '2026-01-01T11:58:00+00:00', completed: 3, failed: 1, mean_wait_seconds: 0.5 },
      { minute: '2026-01-01T10:00:00+00:00', completed: 9 }, // older than an hour: dropped
    ],
    now,
  );
  assert.equal(rows.length, 60);
  assert.equal(rows[59].minute, '2026-01-01T12:00:00.000Z');
  assert.equal(rows[0].minute, '2026-01-01T11:01:00.000Z');
  assert.equal(rows[57].completed, 3);
  assert.equal(rows[57].failed, 1);
  assert.equal(rows[57].mean_wait_seconds, 0.5);
  assert.equal(rows[58].completed, 0);
  assert.equal(rows[58].mean_wait_seconds, undefined);
  assert.equal(rows.reduce((n, r) => n + r.completed, 0), 3);
});

test('lastHour is empty without history', () => {
  assert.deepEqual(lastHour(undefined), []);
  assert.deepEqual(lastHour([{ minute: 'not a date' }]), []);
});
