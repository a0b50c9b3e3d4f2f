// Showing API errors on forms: the envelope's message, and details per field.

import { h, replace } from './dom.js';

/** Turn an error envelope's `details` into {field: message}. */
export function fieldErrors(details) {
  const out = {};
  if (!details || typeof details !== 'object') return out;
  if (Array.isArray(details)) {
    for (const d of details) if (d && d.field) out[d.field] = d.message || String(d.code || 'Invalid');
    return out;
  }
  const source = details.fields && typeof details.fields === 'object' ? details.fields : details;
  for (const [field, value] of Object.entries(source)) {
    if (Array.isArray(value)) out[field] = value.map(String).join(' ');
    else if (value && typeof value === 'object') out[field] = value.message || JSON.stringify(value);
    else out[field] = String(value);
  }
  return out;
}

/** A labelled input with a slot for its error; returns {wrap, input, setError}. */
export function field({ name, label, type = 'text', hint, ...attrs }) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 7)}`;
  const error = h('p', { id: `${id}-err`, class: 'field-error', hidden: true });
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  const input = h('input', { id, name, type, 'aria-describedby': hintEl ? `${id}-hint` : null, ...attrs });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl, error);
  const setError = (message) => {
    error.hidden = !message;
    error.textContent = message || '';
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hintEl ? hintEl.id : '');
    }
  };
  return { wrap, input, setError };
}

/** Show an error summary (role=alert) in `box`; clear it with err = null. */
export function showError(box, err, extra = {}) {
  if (!err) {
    box.hidden = true;
    replace(box);
    return;
  }
  const unmatched = Object.entries(extra);
  box.hidden = false;
  replace(
    box,
    h('p', {}, err.message || String(err)),
    unmatched.length ? h('ul', {}, unmatched.map(([k, v]) => h('li', {}, `${k}: ${v}`))) : null,
  );
}
