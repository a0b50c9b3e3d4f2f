// Extracted fields: values with confidence and review flags, editable.

import { api } from '../api.js';
import { h } from '../dom.js';
import { fieldErrors } from '../forms.js';
import { percent } from '../stages.js';
import { toast } from '../toasts.js';

const FIELDS = [
  ['vendor', 'Vendor'],
  ['address', 'Address'],
  ['date', 'Date'],
  ['time', 'Time'],
  ['invoice_number', 'Invoice number'],
  ['currency', 'Currency'],
  ['subtotal', 'Subtotal'],
  ['tax', 'Tax'],
  ['total_amount', 'Total'],
];
const NUMERIC = new Set(['subtotal', 'tax', 'total_amount']);

/** Render the fields form of a completed result; reload() refetches it. */
export function renderFields(st, reload) {
  const data = st.extracted_data || {};
  const detail = data.fields || {};
  const corrections = st.corrections || data.corrections || {};
  const reasons = Array.isArray(data.review_reasons) ? data.review_reasons : [];
  const byField = {};
  for (const r of reasons) (byField[r.field] ||= []).push(r);

  const inputs = {};
  const errors = {};
  const initial = {};
  const rows = FIELDS.map(([name, label]) => {
    const value = name in corrections ? correctedValue(corrections[name]) : data[name];
    initial[name] = value === null || value === undefined ? '' : String(value);
    const d = detail[name] || {};
    const id = `field-${name}`;
    const flagged = byField[name];
    inputs[name] = h('input', {
      id,
      name,
      type: 'text',
      value: initial[name],
      placeholder: 'not found',
      inputmode: NUMERIC.has(name) ? 'decimal' : null,
      'aria-describedby': `${id}-meta`,
    });
    errors[name] = h('p', { class: 'field-error', hidden: true, id: `${id}-err` });
    const conf = initial[name] === '' ? null : d.confidence; // no confidence for a value not found
    const low = conf !== undefined && conf !== null && Number(conf) < 0.7;
    return h(
      'div',
      {
        class: `field-row${flagged ? ' flagged' : ''}`,
        onfocusin: () => highlight(name, true),
        onfocusout: () => highlight(name, false),
      },
      h('label', { for: id }, label),
      inputs[name],
      h(
        'p',
        { class: 'field-meta', id: `${id}-meta` },
        conf !== undefined && conf !== null ? h('span', { class: low ? 'conf conf-low' : 'conf' }, `confidence ${percent(conf)}`) : null,
        d.source ? h('span', {}, `from ${d.source}`) : null,
        name in corrections ? h('span', { class: 'pill pill-corrected' }, 'corrected') : null,
        flagged ? flagged.map((r) => h('span', { class: 'review-note' }, `⚠ ${r.message || r.code}`)) : null,
        d.raw && String(d.raw) !== initial[name] ? h('span', { class: 'muted' }, `read as “${d.raw}”`) : null,
      ),
      errors[name],
    );
  });

  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save corrections');
  const form = h('form', { class: 'fields-form', onsubmit, novalidate: true }, rows, h('div', { class: 'form-actions' }, save, status));

  async function onsubmit(e) {
    e.preventDefault();
    const changes = {};
    for (const [name] of FIELDS) {
      const v = inputs[name].value.trim();
      if (v !== initial[name]) changes[name] = toValue(name, v);
      errors[name].hidden = true;
      inputs[name].removeAttribute('aria-invalid');
    }
    if (!Object.keys(changes).length) {
      status.textContent = 'Nothing changed.';
      return;
    }
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      await api.saveFields(st.ocr_result_id, changes);
      status.textContent = 'Saved.';
      toast({ title: 'Corrections saved', kind: 'success' });
      reload();
    } catch (err) {
      save.disabled = false;
      status.textContent = err.message;
      for (const [name, message] of Object.entries(fieldErrors(err.details))) {
        if (!errors[name]) continue;
        errors[name].hidden = false;
        errors[name].textContent = message;
        inputs[name].setAttribute('aria-invalid', 'true');
        inputs[name].setAttribute('aria-describedby', `field-${name}-meta field-${name}-err`);
      }
    }
  }

  return h(
    'section',
    { class: 'card fields', 'aria-labelledby': 'fields-h' },
    h('h2', { id: 'fields-h' }, 'Fields'),
    data.needs_review
      ? h(
          'div',
          { class: 'alert alert-warn' },
          h('strong', {}, 'Needs review. '),
          reasons.length ? h('ul', {}, reasons.map((r) => h('li', {}, reasonLink(r)))) : 'Check the highlighted values.',
        )
      : null,
    form,
    lineItems(data.line_items),
  );
}

// The server keeps each correction as {value, extracted, corrected_at}.
function correctedValue(c) {
  return c && typeof c === 'object' && !Array.isArray(c) && 'value' in c ? c.value : c;
}

function reasonLink(r) {
  const text = `${r.message || r.code}`;
  const known = FIELDS.some(([n]) => n === r.field);
  return known ? h('a', { href: `#field-${r.field}` }, text) : text;
}

function toValue(name, v) {
  if (v === '') return null;
  if (NUMERIC.has(name) && /^-?\d+(\.\d+)?$/.test(v.replace(/,/g, ''))) return Number(v.replace(/,/g, ''));
  return v;
}

function highlight(name, on) {
  for (const el of document.querySelectorAll(`.overlay [data-field="${name}"]`)) el.classList.toggle('active', on);
}

function lineItems(items) {
  if (!Array.isArray(items) || !items.length) return null;
  const cols = [...new Set(items.flatMap((it) => (it && typeof it === 'object' ? Object.keys(it) : [])))].filter(
    (c) => !['box', 'boxes', 'confidence'].includes(c),
  );
  if (!cols.length) return h('ul', {}, items.map((it) => h('li', {}, String(it))));
  const table = h(
    'table',
    { class: 'line-items' },
    h('caption', {}, 'Line items'),
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, c.replace(/_/g, ' '))))),
    h('tbody', {}, items.map((it) => h('tr', {}, cols.map((c) => h('td', {}, fmt(it[c])))))),
  );
  return h('div', { class: 'table-scroll' }, table);
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
