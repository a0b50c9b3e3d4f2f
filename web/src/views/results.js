// The list of the user's jobs with status filters and paging.

import { api } from '../api.js';
import { listen } from '../bus.js';
import { append, h, replace } from '../dom.js';
import { percent, statusText, when } from '../stages.js';

const FILTERS = ['', 'queued', 'processing', 'completed', 'failed', 'cancelled'];
const PER_PAGE = 20;

/** Render /results; filters and page live in the query string. */
export function renderResults(main, { navigate }) {
  const params = new URLSearchParams(location.search);
  const status = FILTERS.includes(params.get('status') || '') ? params.get('status') || '' : '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const batchId = params.get('batch_id') || '';

  const body = h('div', { class: 'results-body', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const filters = h(
    'div',
    { class: 'filters', role: 'group', 'aria-label': 'Filter by status' },
    FILTERS.map((f) =>
      h(
        'a',
        {
          href: link({ status: f, batch_id: batchId }),
          'data-link': true,
          class: `chip${f === status ? ' chip-on' : ''}`,
          'aria-current': f === status ? 'true' : null,
        },
        f ? statusText(f) : 'All',
      ),
    ),
  );

  append(main, [
    h('h1', { tabindex: '-1' }, 'Results'),
    batchId ? h('p', { class: 'muted' }, `Batch ${batchId} · `, h('a', { href: link({ status }), 'data-link': true }, 'show all batches')) : null,
    filters,
    exporter({ status, batch_id: batchId }),
    body,
  ]);
  document.title = 'Results · ocrflow';

  function exporter(filters) {
    const format = h('select', { 'aria-label': 'Export format', class: 'export-format' },
      ['csv', 'xlsx', 'jsonl'].map((f) => h('option', { value: f }, f.toUpperCase())));
    const note = h('span', { class: 'muted', role: 'status' });
    const button = h('button', { type: 'button', class: 'btn btn-small' }, batchId ? 'Export batch' : 'Export');
    button.addEventListener('click', async () => {
      button.disabled = true;
      note.textContent = 'Preparing…';
      try {
        await api.exportResults({ ...filters, format: format.value });
        note.textContent = '';
      } catch (err) {
        note.textContent = err.message;
      } finally {
        button.disabled = false;
      }
    });
    return h('div', { class: 'export', role: 'group', 'aria-label': 'Export these results' }, format, button, note);
  }

  let timer = null;
  async function load() {
    try {
      const res = await api.results({ status, batch_id: batchId, page, per_page: PER_PAGE });
      body.setAttribute('aria-busy', 'false');
      replace(body, table(res.items || []), pager(res));
    } catch (err) {
      body.setAttribute('aria-busy', 'false');
      replace(body, h('div', { class: 'alert alert-error', role: 'alert' }, err.message));
    }
  }

  function pager(res) {
    const pages = Math.max(1, Number(res.pages) || 1);
    const total = Number(res.total) || 0;
    return h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      page > 1 ? h('a', { class: 'btn btn-small', href: link({ status, batch_id: batchId, page: page - 1 }), 'data-link': true }, '← Previous') : h('span'),
      h('span', { class: 'muted' }, `Page ${Math.min(page, pages)} of ${pages} · ${total} job${total === 1 ? '' : 's'}`),
      page < pages ? h('a', { class: 'btn btn-small', href: link({ status, batch_id: batchId, page: page + 1 }), 'data-link': true }, 'Next →') : h('span'),
    );
  }

  load();
  // Keep the list fresh as jobs finish (debounced).
  const stop = listen((event) => {
    if (event.type === 'ocr_progress') return;
    clearTimeout(timer);
    timer = setTimeout(load, 800);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}

function link(q) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v && !(k === 'page' && v === 1)) p.set(k, v);
  const s = p.toString();
  return `/results${s ? `?${s}` : ''}`;
}

function table(items) {
  if (!items.length) return h('p', { class: 'empty muted' }, 'No jobs match this filter.');
  return h(
    'table',
    { class: 'results-table' },
    h('caption', { class: 'sr-only' }, 'Your OCR jobs, newest first'),
    h(
      'thead',
      {},
      h('tr', {}, ['Job', 'File', 'Status', 'Total', 'Confidence', 'Created'].map((t) => h('th', { scope: 'col', class: ['Total', 'Confidence'].includes(t) ? 'num' : null }, t))),
    ),
    h(
      'tbody',
      {},
      items.map((it) => {
        const data = it.extracted_data || {};
        const review = data.needs_review;
        return h(
          'tr',
          {},
          h('td', { 'data-label': 'Job' }, h('a', { href: `/results/${it.ocr_result_id}`, 'data-link': true }, `#${it.ocr_result_id}`)),
          h('td', { 'data-label': 'File', class: 'cell-file' }, it.original_filename || it.filename || '—'),
          h(
            'td',
            { 'data-label': 'Status' },
            h('span', { class: `pill pill-${it.status}` }, statusText(it.status)),
            review ? h('span', { class: 'pill pill-review' }, 'Needs review') : null,
          ),
          h('td', { 'data-label': 'Total', class: 'num' }, fmt(data.total_amount, data.currency)),
          h('td', { 'data-label': 'Confidence', class: 'num' }, it.status === 'completed' ? percent(it.confidence_score) : '—'),
          h('td', { 'data-label': 'Created' }, when(it.created_at)),
        );
      }),
    ),
  );
}

function fmt(amount, currency) {
  if (amount === undefined || amount === null || amount === '') return '—';
  return currency ? `${amount} ${currency}` : String(amount);
}
