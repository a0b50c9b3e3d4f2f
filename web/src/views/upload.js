// Upload: drop zone + picker, options, and one live card per file.

import { api } from '../api.js';
import { h, replace, s } from '../dom.js';
import { applyStatus, getJob, subscribe } from '../jobs.js';
import * as session from '../session.js';
import { percent, stageText, statusText } from '../stages.js';

const ACCEPT = 'image/jpeg,image/png,image/tiff,image/webp,image/bmp,application/pdf,.jpg,.jpeg,.png,.tif,.tiff,.webp,.bmp,.pdf';

// Cards of this tab's uploads, newest first: {key, filename, jobId, rejected, retries}.
let cards = null;
const storeKey = () => `ocrflow.cards.${session.userId()}`;

function loadCards() {
  if (cards && cards.owner === session.userId()) return cards.list;
  let list = [];
  try {
    list = JSON.parse(sessionStorage.getItem(storeKey())) || [];
  } catch {
    list = [];
  }
  cards = { owner: session.userId(), list };
  return list;
}

function saveCards() {
  const list = loadCards().filter((c) => !c.uploading).slice(0, 100);
  sessionStorage.setItem(storeKey(), JSON.stringify(list));
}

/** Render the upload page. */
export function renderUpload(main) {
  const list = loadCards();
  const cardEls = new Map(); // key -> element
  const summary = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const cardList = h('ol', { class: 'job-list', 'aria-label': 'Uploaded files' });
  const options = optionsForm();

  const input = h('input', {
    type: 'file',
    id: 'file-input',
    class: 'sr-only',
    multiple: true,
    accept: ACCEPT,
    onchange: () => {
      if (input.files.length) start([...input.files]);
      input.value = '';
    },
  });
  const zone = h(
    'label',
    { class: 'dropzone', for: 'file-input' },
    input,
    uploadIcon(),
    h('span', { class: 'dropzone-title' }, 'Drop receipts or invoices here'),
    h('span', { class: 'dropzone-sub' }, 'or ', h('span', { class: 'link-like' }, 'choose files'), ' — JPEG, PNG, TIFF, WebP, BMP or PDF, up to 10 MB each'),
  );
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, () => zone.classList.remove('dragging'));
  }
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) start(files);
  });

  const clearBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: clearFinished }, 'Clear finished');

  main.append(
    h('h1', { tabindex: '-1' }, 'Upload'),
    h('div', { class: 'upload-grid' }, h('div', {}, zone), options.el),
    summary,
    h('div', { class: 'section-head' }, h('h2', {}, 'This session'), clearBtn),
    cardList,
  );
  document.title = 'Upload · ocrflow';

  function renderAll() {
    replace(cardList, list.length ? list.map(cardEl) : h('li', { class: 'empty muted' }, 'Nothing uploaded yet in this tab.'));
  }

  function cardEl(card) {
    let el = cardEls.get(card.key);
    if (!el) {
      el = h('li', { class: 'job-card card', dataset: { key: card.key } });
      cardEls.set(card.key, el);
    }
    paintCard(el, card, { cancel, retry });
    return el;
  }

  function repaint(card) {
    const el = cardEls.get(card.key);
    if (el) paintCard(el, card, { cancel, retry });
  }

  async function start(files) {
    const opts = options.values();
    const batch = files.map((file) => ({
      key: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      filename: file.name,
      jobId: null,
      uploading: true,
    }));
    list.unshift(...batch.slice().reverse());
    renderAll();
    summary.textContent = `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`;
    try {
      if (files.length === 1) {
        const res = await api.upload(files[0], opts);
        accept(batch[0], res);
      } else {
        const res = await api.uploadBulk(files, opts);
        matchBulk(batch, res);
      }
    } catch (err) {
      for (const card of batch) {
        card.uploading = false;
        card.rejected = { code: err.code, message: err.message };
      }
    }
    for (const card of batch) {
      card.uploading = false;
      repaint(card);
    }
    saveCards();
    const rejected = batch.filter((c) => c.rejected).length;
    summary.textContent = `${batch.length - rejected} of ${batch.length} file${batch.length === 1 ? '' : 's'} accepted` +
      (rejected ? `, ${rejected} rejected.` : '.');
    pollMany(batch.filter((c) => c.jobId).map((c) => c.jobId));
  }

  function accept(card, res) {
    card.jobId = String(res.ocr_result_id);
    const job = getJob(card.jobId);
    applyStatus({
      ocr_result_id: res.ocr_result_id,
      task_id: res.task_id,
      batch_id: res.batch_id,
      // Events may have overtaken this answer: then keep what they said.
      status: job ? undefined : res.status || 'queued',
      original_filename: card.filename,
    });
  }

  function matchBulk(batch, res) {
    const accepted = [...(res.accepted || [])];
    const rejected = [...(res.rejected || [])];
    for (const card of batch) {
      const a = accepted.findIndex((x) => x.filename === card.filename);
      if (a >= 0) {
        accept(card, { ...accepted.splice(a, 1)[0], batch_id: res.batch_id });
        continue;
      }
      const r = rejected.findIndex((x) => x.filename === card.filename);
      if (r >= 0) card.rejected = rejected.splice(r, 1)[0].error || { message: 'Rejected' };
      else card.rejected = { message: 'The server did not report on this file.' };
    }
  }

  async function cancel(card) {
    const job = getJob(card.jobId);
    if (!job?.task_id) return;
    try {
      await api.cancel(job.task_id);
    } catch (err) {
      card.actionError = err.status === 409 ? 'This job has already finished.' : err.message;
      repaint(card);
    }
    pollOnce(card.jobId);
  }

  async function retry(card) {
    try {
      const res = await api.retry(card.jobId);
      card.retries = (card.retries || 0) + 1;
      card.actionError = null;
      accept(card, res);
      saveCards();
      repaint(card);
      pollOnce(card.jobId);
    } catch (err) {
      card.actionError = err.message;
      repaint(card);
    }
  }

  function clearFinished() {
    const keep = list.filter((c) => c.uploading || (!c.rejected && !isDone(getJob(c.jobId))));
    list.splice(0, list.length, ...keep);
    saveCards();
    renderAll();
  }

  renderAll();
  // Catch up on jobs of earlier uploads in this tab (events may have been missed).
  pollMany(list.filter((c) => c.jobId).map((c) => c.jobId));

  const unsubscribe = subscribe((job) => {
    for (const card of list) if (card.jobId === String(job.ocr_result_id)) repaint(card);
  });
  return unsubscribe;
}

function isDone(job) {
  return Boolean(job) && ['completed', 'failed', 'cancelled'].includes(job.status);
}

/** Poll each job's status once, a few at a time (a bulk can hold 50 files). */
async function pollMany(ids, concurrency = 4) {
  const queue = [...ids];
  const next = async () => {
    while (queue.length) await pollOnce(queue.shift());
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, next));
}

async function pollOnce(id) {
  try {
    applyStatus(await api.status(id));
  } catch {
    /* events will tell us; a missing status is not worth an error here */
  }
}

function paintCard(el, card, { cancel, retry }) {
  const job = card.jobId ? getJob(card.jobId) : null;
  const status = card.rejected ? 'rejected' : card.uploading ? 'uploading' : job?.status || 'queued';
  const progress = status === 'completed' ? 100 : Math.round(job?.progress || 0);
  const stage = status === 'processing' || status === 'queued' ? stageText(job?.stage || status) : null;
  el.className = `job-card card status-${status}`;
  const label = `Progress of ${card.filename}`;
  const bar = ['rejected'].includes(status)
    ? null
    : h(
        'div',
        {
          class: 'progress',
          role: 'progressbar',
          'aria-label': label,
          'aria-valuemin': '0',
          'aria-valuemax': '100',
          'aria-valuenow': String(progress),
          'aria-valuetext': `${stage || statusText(status)}, ${progress}%`,
        },
        h('div', { class: 'progress-fill', style: `width:${progress}%` }),
      );
  const result = job?.result || job?.details || {};
  const data = result.extracted_data || {};
  replace(
    el,
    h(
      'div',
      { class: 'job-head' },
      h('span', { class: 'job-name', title: card.filename }, card.filename),
      h('span', { class: `pill pill-${status}` }, statusText(status)),
    ),
    bar,
    h(
      'p',
      { class: 'job-stage' },
      status === 'uploading' ? 'Uploading…' : null,
      stage ? `${stage} · ${progress}%` : null,
      status === 'completed'
        ? [
            'Finished',
            data.total_amount !== undefined && data.total_amount !== null ? ` · total ${data.total_amount}` : '',
            result.confidence_score !== undefined ? ` · confidence ${percent(result.confidence_score)}` : '',
            job?.cache_hit || job?.details?.cache_hit ? ' · from an earlier identical upload' : '',
          ].join('')
        : null,
      status === 'cancelled' ? 'Cancelled.' : null,
    ),
    status === 'failed' ? h('p', { class: 'error-text' }, job?.error?.message || job?.error_message || 'Processing failed.') : null,
    status === 'rejected'
      ? h('p', { class: 'error-text' }, `Rejected: ${card.rejected.message || card.rejected.code}`)
      : null,
    card.actionError ? h('p', { class: 'error-text', role: 'alert' }, card.actionError) : null,
    h(
      'div',
      { class: 'job-actions' },
      card.retries ? h('span', { class: 'muted small' }, `Retry ${card.retries}`) : null,
      ['queued', 'processing'].includes(status) && job?.task_id
        ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => cancel(card), 'aria-label': `Cancel ${card.filename}` }, 'Cancel')
        : null,
      ['failed', 'cancelled'].includes(status)
        ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => retry(card), 'aria-label': `Retry ${card.filename}` }, 'Retry')
        : null,
      card.jobId && status !== 'rejected'
        ? h(
            'a',
            { href: `/results/${card.jobId}`, 'data-link': true, class: status === 'completed' ? 'btn btn-small btn-primary' : 'btn btn-small' },
            status === 'completed' ? 'View result' : 'Details',
            h('span', { class: 'sr-only' }, ` for ${card.filename}`),
          )
        : null,
    ),
  );
}

function optionsForm() {
  const priority = h(
    'select',
    { id: 'opt-priority', name: 'priority' },
    h('option', { value: 'low' }, 'Low'),
    h('option', { value: 'normal', selected: true }, 'Normal'),
    h('option', { value: 'high' }, 'High'),
  );
  const language = h('input', { id: 'opt-language', name: 'language', type: 'text', placeholder: 'auto', list: 'lang-list', autocomplete: 'off', size: 8 });
  const format = h(
    'select',
    { id: 'opt-format', name: 'extract_format' },
    h('option', { value: 'json', selected: true }, 'Text and fields'),
    h('option', { value: 'text' }, 'Text only'),
  );
  const threshold = h('input', { id: 'opt-threshold', name: 'confidence_threshold', type: 'number', min: '0', max: '1', step: '0.05', value: '0.7' });
  const force = h('input', { id: 'opt-force', name: 'force', type: 'checkbox' });
  const row = (id, label, control, hint) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null);
  const el = h(
    'fieldset',
    { class: 'options card' },
    h('legend', {}, 'Options'),
    row('opt-priority', 'Priority', priority),
    row('opt-language', 'Language', language),
    h('datalist', { id: 'lang-list' }, ['auto', 'en', 'pl', 'de', 'fr', 'nl', 'es', 'it', 'pt', 'vi', 'id', 'ms', 'ch', 'zh', 'ja'].map((v) => h('option', { value: v }))),
    row('opt-format', 'Extract', format),
    row('opt-threshold', 'Confidence threshold', threshold, 'Text blocks below it are flagged (0–1).'),
    h('div', { class: 'field field-check' }, force, h('label', { for: 'opt-force' }, 'Process again even if this file was done before')),
  );
  return {
    el,
    values: () => ({
      priority: priority.value,
      language: language.value.trim(),
      extract_format: format.value,
      confidence_threshold: threshold.value,
      force: force.checked ? 'true' : '',
    }),
  };
}

function uploadIcon() {
  return s(
    'svg',
    { class: 'dropzone-icon', viewBox: '0 0 24 24', width: 40, height: 40, 'aria-hidden': 'true' },
    s('path', { fill: 'currentColor', d: 'M11 16V7.83l-3.6 3.58L6 10l6-6 6 6-1.4 1.41L13 7.83V16h-2Zm-6 4v-2h14v2H5Z' }),
  );
}
