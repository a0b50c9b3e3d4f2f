// Queue dashboard: depths, consumers, jobs by status, and last-hour charts.

import { api } from '../api.js';
import { listen } from '../bus.js';
import { barChart, lastHour, lineChart } from '../charts.js';
import { h, replace } from '../dom.js';
import { duration, statusText } from '../stages.js';

const REFRESH_MS = 5000;

/** Render /dashboard; refreshes every few seconds and on job events. */
export function renderDashboard(main) {
  const banner = h('div', { class: 'alert alert-error degraded', role: 'alert', hidden: true });
  const body = h('div', { class: 'dash', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const updated = h('p', { class: 'muted small', 'aria-live': 'off' });
  main.append(h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, 'Queue dashboard'), updated), banner, body);
  document.title = 'Dashboard · ocrflow';

  let timer = null;
  let soon = null;
  let alive = true;

  async function load() {
    clearTimeout(timer);
    try {
      const stats = await api.queueStats();
      if (!alive) return;
      paint(stats);
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (err) {
      if (!alive) return;
      banner.hidden = false;
      replace(banner, h('strong', {}, 'Statistics unavailable. '), err.message);
    }
    if (alive) timer = setTimeout(load, REFRESH_MS);
  }

  function paint(stats) {
    const reasons = Array.isArray(stats.degraded_reasons) ? stats.degraded_reasons : [];
    banner.hidden = !stats.degraded;
    replace(
      banner,
      h('strong', {}, 'Degraded: '),
      'some statistics are missing or stale.',
      reasons.length ? h('ul', {}, reasons.map((r) => h('li', {}, typeof r === 'string' ? r : r.message || JSON.stringify(r)))) : null,
    );
    body.setAttribute('aria-busy', 'false');
    replace(
      body,
      kpis(stats),
      queues(stats.queues),
      h('div', { class: 'dash-grid' }, workers(stats.workers, stats.scope), byStatus(stats.jobs_by_status, stats.scope)),
      charts(stats.history),
    );
  }

  load();
  const stop = listen((event) => {
    if (event.type === 'ocr_progress' && event.data?.progress > 0 && event.data?.progress < 100) return;
    clearTimeout(soon);
    soon = setTimeout(load, 500);
  });
  return () => {
    alive = false;
    clearTimeout(timer);
    clearTimeout(soon);
    stop();
  };
}

function kpis(stats) {
  const pending = Object.values(stats.queues || {}).reduce((sum, q) => sum + (Number(q?.pending) || 0), 0);
  const tput = Number(stats.throughput_per_minute);
  return h(
    'dl',
    { class: 'stats' },
    tile('Pending', String(pending)),
    tile('Mean wait', duration(stats.mean_wait_seconds)),
    tile('Mean processing', duration(stats.mean_processing_seconds)),
    tile('Throughput', Number.isFinite(tput) ? `${tput.toFixed(tput < 10 ? 1 : 0)} / min` : '—'),
  );
}

function tile(label, value) {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value));
}

function queues(qs) {
  const entries = Object.entries(qs || {});
  const max = Math.max(1, ...entries.map(([, q]) => Number(q?.pending) || 0));
  return h(
    'section',
    { class: 'card dash-queues', 'aria-labelledby': 'q-h' },
    h('h2', { id: 'q-h' }, 'Queues'),
    entries.length
      ? h('div', { class: 'table-scroll' }, h(
          'table',
          { class: 'dash-table' },
          h('thead', {}, h('tr', {}, ['Queue', 'Pending', 'Consumers', 'Active', 'Reserved'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
          h(
            'tbody',
            {},
            entries.map(([name, q]) => {
              const known = q?.pending !== null && q?.pending !== undefined;
              const pending = Number(q?.pending) || 0;
              const noConsumer = q?.consumers === 0;
              return h(
                'tr',
                { class: noConsumer && pending ? 'warn-row' : '' },
                h('th', { scope: 'row' }, name),
                h(
                  'td',
                  { class: 'num', 'data-label': 'Pending' },
                  h('span', { class: 'depth' }, h('span', { class: 'depth-bar', style: `width:${(pending / max) * 100}%` })),
                  known ? String(pending) : '—',
                ),
                h('td', { class: 'num', 'data-label': 'Consumers' }, q?.consumers ?? '—', noConsumer ? h('span', { class: 'pill pill-failed' }, 'none') : null),
                h('td', { class: 'num', 'data-label': 'Active' }, q?.active ?? '—'),
                h('td', { class: 'num', 'data-label': 'Reserved' }, q?.reserved ?? '—'),
              );
            }),
          ),
        ))
      : h('p', { class: 'muted' }, 'No queue information.'),
  );
}

function workers(ws, scope) {
  const entries = Object.entries(ws || {});
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'w-h' },
    h('h2', { id: 'w-h' }, 'Workers'),
    entries.length
      ? h(
          'ul',
          { class: 'workers' },
          entries.map(([name, w]) => {
            const active = Array.isArray(w?.active) ? w.active : [];
            return h(
              'li',
              {},
              h('div', { class: 'worker-head' }, h('strong', { class: 'worker-name' }, name),
                h('span', { class: 'muted small' }, `${active.length} active · ${Number(w?.reserved) || (Array.isArray(w?.reserved) ? w.reserved.length : 0)} reserved`)),
              Array.isArray(w?.queues) && w.queues.length ? h('p', { class: 'muted small' }, `Consumes ${w.queues.join(', ')}`) : null,
              active.length ? h('ul', { class: 'tasks' }, active.map((t) => h('li', {}, taskText(t)))) : h('p', { class: 'muted small' }, 'Idle'),
            );
          }),
        )
      : h('p', { class: 'muted' }, scope === 'user' ? 'Worker details are shown to administrators.' : 'No worker answered.'),
  );
}

function taskText(t) {
  if (!t || typeof t !== 'object') return String(t);
  const name = (t.name || t.type || 'task').split('.').pop();
  const job = t.ocr_result_id ?? t.kwargs?.ocr_result_id ?? (Array.isArray(t.args) ? t.args[0] : undefined);
  return [name, job !== undefined ? `job #${job}` : null, t.stage ? `(${t.stage})` : null].filter(Boolean).join(' ');
}

const STATUS_ORDER = ['queued', 'processing', 'completed', 'failed', 'cancelled'];

function byStatus(counts, scope) {
  const rank = (k) => (STATUS_ORDER.includes(k) ? STATUS_ORDER.indexOf(k) : STATUS_ORDER.length);
  const entries = Object.entries(counts || {}).sort(([a], [b]) => rank(a) - rank(b));
  const max = Math.max(1, ...entries.map(([, n]) => Number(n) || 0));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 's-h' },
    h('h2', { id: 's-h' }, scope === 'user' ? 'Your jobs, last 24 h' : 'Jobs, last 24 h'),
    entries.length
      ? h(
          'ul',
          { class: 'hbars' },
          entries.map(([status, n]) =>
            h(
              'li',
              {},
              h('span', { class: 'hbar-label' }, statusText(status)),
              h('span', { class: 'hbar-track' }, h('span', { class: `hbar-fill fill-${status}`, style: `width:${((Number(n) || 0) / max) * 100}%` })),
              h('span', { class: 'num' }, String(n)),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No jobs yet.'),
  );
}

function charts(history) {
  const rows = lastHour(history);
  const minutes = rows.map((r) => r.minute);
  const col = (key) => rows.map((r) => (r[key] === null || r[key] === undefined ? NaN : Number(r[key])));
  const sum = (key) => col(key).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'c-h' },
    h('h2', { id: 'c-h' }, 'Last hour'),
    rows.length
      ? h(
          'div',
          { class: 'charts' },
          h(
            'figure',
            {},
            barChart({
              label: `Jobs finished per minute: ${sum('completed')} completed, ${sum('failed')} failed and ${sum('cancelled')} cancelled in the last hour`,
              minutes,
              series: [
                { values: col('completed'), className: 'fill-completed' },
                { values: col('failed'), className: 'fill-failed' },
                { values: col('cancelled'), className: 'fill-cancelled' },
              ],
            }),
            h(
              'figcaption',
              {},
              'Finished per minute ',
              h('span', { class: 'key key-completed' }, 'completed'), ' ',
              h('span', { class: 'key key-failed' }, 'failed'), ' ',
              h('span', { class: 'key key-cancelled' }, 'cancelled'),
            ),
          ),
          h(
            'figure',
            {},
            lineChart({ label: 'Mean wait time per minute', minutes, series: [{ values: col('mean_wait_seconds'), className: 'stroke-wait' }], format: (v) => `${v}s` }),
            h('figcaption', {}, 'Mean wait (s)'),
          ),
          h(
            'figure',
            {},
            lineChart({ label: 'Mean processing time per minute', minutes, series: [{ values: col('mean_processing_seconds'), className: 'stroke-proc' }], format: (v) => `${v}s` }),
            h('figcaption', {}, 'Mean processing (s)'),
          ),
        )
      : h('p', { class: 'muted' }, 'No activity in the last hour.'),
  );
}
