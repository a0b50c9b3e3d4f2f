// Toast messages in a polite live region.

import { h } from './dom.js';

const TIMEOUT_MS = 7000;
let region = null;

/** Create the toast region once; returns its element. */
export function toastRegion() {
  region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  return region;
}

/** Show a toast: {title, body, kind: 'info'|'success'|'error', href, linkText}. */
export function toast({ title, body, kind = 'info', href, linkText = 'View' }) {
  if (!region) return;
  const close = () => el.remove();
  const el = h(
    'div',
    { class: `toast toast-${kind}` },
    h(
      'div',
      { class: 'toast-text' },
      h('strong', {}, title),
      body ? h('span', {}, body) : null,
      href ? h('a', { href, 'data-link': true, onclick: close }, linkText) : null,
    ),
    h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Dismiss notification', onclick: close }, '×'),
  );
  region.append(el);
  while (region.children.length > 4) region.firstElementChild.remove();
  let timer = setTimeout(close, TIMEOUT_MS);
  el.addEventListener('mouseenter', () => clearTimeout(timer));
  el.addEventListener('focusin', () => clearTimeout(timer));
  el.addEventListener('mouseleave', () => {
    timer = setTimeout(close, TIMEOUT_MS);
  });
}
