// One result: page image with OCR boxes, extracted fields (editable), raw text.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { applyStatus, getJob, subscribe, TERMINAL } from '../jobs.js';
import { duration, percent, stageText, statusText, when } from '../stages.js';
import { toast } from '../toasts.js';
import { renderPages } from './pages.js';
import { renderFields } from './fields.js';

/** Render /results/<id>. */
export function renderResult(main, { id, navigate }) {
  const root = h('div', { class: 'result' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(h('p', { class: 'back' }, h('a', { href: '/results', 'data-link': true }, '← All results')), root);
  document.title = `Result #${id} · ocrflow`;

  let shownStatus = null;
  let alive = true;

  async function load() {
    try {
      const st = await api.status(id);
      if (!alive) return;
      applyStatus(st);
      show(st);
    } catch (err) {
      if (!alive) return;
      replace(root, h('h1', { tabindex: '-1' }, `Result #${id}`), h('div', { class: 'alert alert-error', role: 'alert' }, err.message));
    }
  }

  function show(st) {
    shownStatus = st.status;
    if (st.status === 'completed') replace(root, ...completed(st, load));
    else replace(root, ...pending(st, load, navigate));
  }

  // While the job runs, repaint its progress from events and reload when it ends.
  const unsubscribe = subscribe((job) => {
    if (String(job.ocr_result_id) !== String(id) || !shownStatus) return;
    if (TERMINAL.has(job.status) && job.status !== shownStatus) load();
    else if (!TERMINAL.has(shownStatus)) {
      const bar = root.querySelector('.progress');
      const text = root.querySelector('.job-stage');
      if (bar && text) paintProgress(bar, text, job);
    }
  });

  load();
  return () => {
    alive = false;
    unsubscribe();
  };
}

function header(st, extra) {
  const name = st.original_filename || st.filename;
  return h(
    'div',
    { class: 'result-head' },
    h(
      'div',
      {},
      h('h1', { tabindex: '-1' }, `Result #${st.ocr_result_id}`, name ? h('span', { class: 'result-file' }, name) : null),
      h(
        'p',
        { class: 'meta' },
        h('span', { class: `pill pill-${st.status}` }, statusText(st.status)),
        st.extracted_data?.needs_review ? h('span', { class: 'pill pill-review' }, 'Needs review') : null,
        st.created_at ? h('span', {}, `Uploaded ${when(st.created_at)}`) : null,
        st.batch_id ? h('a', { href: `/results?batch_id=${encodeURIComponent(st.batch_id)}`, 'data-link': true }, 'Batch') : null,
      ),
    ),
    extra,
  );
}

function pending(st, reload, navigate) {
  const job = getJob(st.ocr_result_id) || st;
  const bar = h('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': 'Progress',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
  }, h('div', { class: 'progress-fill' }));
  const text = h('p', { class: 'job-stage' });
  paintProgress(bar, text, job);
  const actions = h('div', { class: 'job-actions' });
  if (['failed', 'cancelled'].includes(st.status)) {
    actions.append(
      h('button', {
        type: 'button',
        class: 'btn btn-primary',
        onclick: async () => {
          try {
            const res = await api.retry(st.ocr_result_id);
            navigate(`/results/${res.ocr_result_id}`);
          } catch (err) {
            toast({ title: 'Retry failed', body: err.message, kind: 'error' });
          }
        },
      }, 'Retry'),
    );
  } else if (st.task_id) {
    actions.append(
      h('button', {
        type: 'button',
        class: 'btn',
        onclick: async () => {
          try {
            await api.cancel(st.task_id);
          } catch (err) {
            toast({ title: 'Could not cancel', body: err.message, kind: 'error' });
          }
          reload();
        },
      }, 'Cancel'),
    );
  }
  const error = st.error || (st.error_message ? { message: st.error_message } : null);
  return [
    header(st),
    h(
      'section',
      { class: 'card' },
      st.status === 'failed' || st.status === 'cancelled' ? null : [bar, text],
      error ? h('div', { class: 'alert alert-error' }, h('strong', {}, 'Processing failed: '), error.message || error.code) : null,
      st.status === 'cancelled' ? h('p', {}, 'This job was cancelled.') : null,
      actions,
    ),
  ];
}

function paintProgress(bar, text, job) {
  const progress = Math.round(Number(job.progress ?? job.task_info?.progress ?? 0)) || 0;
  const stage = stageText(job.stage || job.task_info?.stage || job.status);
  bar.setAttribute('aria-valuenow', String(progress));
  bar.setAttribute('aria-valuetext', `${stage}, ${progress}%`);
  bar.firstElementChild.style.width = `${progress}%`;
  text.textContent = `${stage} · ${progress}%`;
}

function completed(st, reload) {
  const data = st.extracted_data || {};
  const engine = st.engine || {};
  const downloads = h(
    'div',
    { class: 'result-actions' },
    h('button', { type: 'button', class: 'btn', onclick: () => downloadJson(st) }, 'Download JSON'),
  );
  const stats = h(
    'dl',
    { class: 'stats' },
    stat('Confidence', percent(st.confidence_score)),
    stat('Processing time', duration(st.processing_time)),
    stat('Pages', st.page_count ?? '—'),
    stat('Engine', [engine.name, engine.device].filter(Boolean).join(' · ') || '—'),
    st.cache_hit ? stat('Source', 'Reused an identical earlier result') : null,
  );
  const viewer = renderPages(st, (links) => {
    if (links?.file_url) downloads.append(h('a', { class: 'btn', href: links.file_url, download: '' }, 'Download original'));
    if (links?.searchable_pdf_url && st.status === 'completed') downloads.append(h('a', { class: 'btn', href: links.searchable_pdf_url, download: '' }, 'Searchable PDF'));
  });
  const fields = data && Object.keys(data).length
    ? renderFields(st, reload)
    : h('section', { class: 'card' }, h('h2', {}, 'Fields'), h('p', { class: 'muted' }, 'No fields were extracted (text-only job).'));
  return [
    header(st, downloads),
    stats,
    h('div', { class: 'result-grid' }, viewer, fields),
    data.document_type === 'invoice' ? invoice(data) : null,
    h(
      'section',
      { class: 'card' },
      h('h2', { id: 'raw-text-h' }, 'Raw text'),
      h('pre', { class: 'raw-text', tabindex: '0', 'aria-labelledby': 'raw-text-h' }, st.extracted_text || '(no text found)'),
    ),
  ];
}

/** The invoice's parties, terms and checks (read-only; the form above edits the shared fields). */
function invoice(data) {
  const party = (p) => [p?.name, p?.address, p?.tax_id && `Tax id ${p.tax_id}`].filter(Boolean).join(' · ') || '—';
  const rates = (data.tax_rates || []).map((r) => `${r.rate}%: ${r.amount}`).join(', ');
  return h(
    'section',
    { class: 'card invoice', 'aria-labelledby': 'invoice-h' },
    h('h2', { id: 'invoice-h' }, 'Invoice'),
    h(
      'dl',
      { class: 'stats' },
      stat('Seller', party(data.seller)),
      stat('Buyer', party(data.buyer)),
      stat('Due date', data.due_date || '—'),
      stat('IBAN', data.iban || '—'),
      stat('Payment terms', data.payment_terms || '—'),
      stat('Net / tax / gross', [data.net, data.tax, data.gross].map((v) => v ?? '—').join(' / ')),
      rates ? stat('Tax by rate', rates) : null,
    ),
  );
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, String(value)));
}

function downloadJson(st) {
  const blob = new Blob([JSON.stringify(st, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: `ocr-result-${st.ocr_result_id}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
