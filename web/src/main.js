// App shell, router and session wiring.

import './styles.css';
import { api } from './api.js';
import { publish } from './bus.js';
import { h, replace } from './dom.js';
import { applyEvent } from './jobs.js';
import { createInbox } from './notifications.js';
import * as session from './session.js';
import { connectSocket } from './socket.js';
import { toast, toastRegion } from './toasts.js';
import { renderAuth } from './views/auth.js';
import { renderDashboard } from './views/dashboard.js';
import { renderResult } from './views/result.js';
import { renderResults } from './views/results.js';
import { renderUpload } from './views/upload.js';

const ROUTES = [
  { path: /^\/$/, view: renderUpload, nav: 'upload' },
  { path: /^\/results\/?$/, view: renderResults, nav: 'results' },
  { path: /^\/results\/([^/]+)\/?$/, view: (main, ctx) => renderResult(main, { ...ctx, id: decodeURIComponent(ctx.match[1]) }), nav: 'results' },
  { path: /^\/dashboard\/?$/, view: renderDashboard, nav: 'dashboard' },
  { path: /^\/login\/?$/, view: (main, ctx) => renderAuth(main, { ...ctx, mode: 'login' }), public: true },
  { path: /^\/(signup|register)\/?$/, view: (main, ctx) => renderAuth(main, { ...ctx, mode: 'signup' }), public: true },
];

const app = document.getElementById('app');
const banner = h('div', { class: 'conn-banner', role: 'status', 'aria-live': 'polite', hidden: true });
const main = h('main', { id: 'main', tabindex: '-1' });
const nav = h('nav', { class: 'nav', 'aria-label': 'Main' });
const userBox = h('div', { class: 'user' });
const inbox = createInbox();
const header = h(
  'header',
  { class: 'topbar' },
  h('div', { class: 'topbar-inner' }, h('a', { href: '/', 'data-link': true, class: 'brand' }, 'ocrflow'), nav, inbox.el, userBox),
);
replace(app, header, banner, main, toastRegion());

let cleanup = null;
let live = null;
let notice = null;
let firstRender = true;

/** Go to a path inside the app. */
export function navigate(path, { replace: swap = false } = {}) {
  if (swap) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  render();
}

function render() {
  const path = location.pathname;
  const route = ROUTES.find((r) => r.path.test(path));
  if (cleanup) cleanup();
  cleanup = null;
  main.replaceChildren();
  if (route && !route.public && !session.isSignedIn()) {
    navigate(`/login?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  if (route?.public && session.isSignedIn()) {
    navigate('/', { replace: true });
    return;
  }
  paintHeader(route);
  if (!route) {
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: '/', 'data-link': true }, 'Go to the upload page')));
    document.title = 'Not found · ocrflow';
  } else {
    cleanup = route.view(main, { navigate, match: path.match(route.path), notice }) || null;
    notice = null;
  }
  // Move focus to the new page's heading so screen readers announce it
  // (not on first load, where focus starts at the top of the document).
  const heading = main.querySelector('h1');
  if (!firstRender) (heading || main).focus({ preventScroll: true });
  firstRender = false;
  window.scrollTo(0, 0);
}

function paintHeader(route) {
  const signedIn = session.isSignedIn();
  header.classList.toggle('signed-out', !signedIn);
  inbox.el.hidden = !signedIn;
  const link = (key, href, text) =>
    h('a', { href, 'data-link': true, 'aria-current': route?.nav === key ? 'page' : null }, text);
  replace(nav, signedIn ? [link('upload', '/', 'Upload'), link('results', '/results', 'Results'), link('dashboard', '/dashboard', 'Dashboard')] : null);
  replace(
    userBox,
    signedIn
      ? [h('span', { class: 'user-email', title: session.email() }, session.email()), h('button', { type: 'button', class: 'btn btn-small', onclick: logout }, 'Log out')]
      : null,
  );
}

async function logout() {
  const refresh = session.refreshToken();
  stopLive();
  try {
    await api.logout();
  } catch {
    /* the tokens are dropped below either way */
  }
  if (refresh) {
    // Revoke the refresh token as well where the server accepts it.
    fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${refresh}` } }).catch(() => {});
  }
  session.clear('logout');
}

function startLive() {
  if (live || !session.isSignedIn()) return;
  live = connectSocket({ onEvent, onConnection, onTruncated, onAuthLost: () => session.clear('expired') });
  inbox.refresh();
}

function stopLive() {
  if (live) live.close();
  live = null;
  banner.hidden = true;
}

function onConnection(state) {
  banner.hidden = state === 'connected';
  banner.textContent =
    state === 'unavailable' ? 'Live updates are unavailable; retrying in a moment.' : state === 'connected' ? '' : 'Reconnecting…';
}

function onTruncated() {
  toast({ title: 'Some older updates expired', body: 'Lists were refreshed from the server.', kind: 'info' });
  if (location.pathname !== '/login') render();
}

const pendingToasts = [];
let toastTimer = null;

function onEvent(event) {
  const job = applyEvent(event);
  inbox.onEvent(event);
  publish(event);
  if (['ocr_completed', 'ocr_failed', 'batch_completed', 'system'].includes(event.type)) {
    pendingToasts.push({ event, job });
    clearTimeout(toastTimer);
    toastTimer = setTimeout(flushToasts, 150);
  }
}

// A replay after a long absence can bring many events at once: summarise.
function flushToasts() {
  const items = pendingToasts.splice(0);
  if (items.length > 3) {
    const done = items.filter((i) => i.event.type === 'ocr_completed').length;
    const failed = items.filter((i) => i.event.type === 'ocr_failed').length;
    toast({ title: `${items.length} updates`, body: `${done} done, ${failed} failed while you were away.`, href: '/results', linkText: 'See results' });
    return;
  }
  for (const { event, job } of items) toast(describe(event, job));
}

function describe(event, job) {
  const d = event.data || {};
  const name = job?.original_filename || job?.details?.original_filename || (d.ocr_result_id !== undefined ? `Job #${d.ocr_result_id}` : '');
  switch (event.type) {
    case 'ocr_completed': {
      const total = d.result?.extracted_data?.total_amount;
      return { title: `${name} is ready`, body: total !== undefined && total !== null ? `Total ${total}` : '', kind: 'success', href: `/results/${d.ocr_result_id}` };
    }
    case 'ocr_failed':
      return { title: `${name} failed`, body: d.error?.message || d.error_message || event.message, kind: 'error', href: `/results/${d.ocr_result_id}`, linkText: 'Details' };
    case 'batch_completed':
      return { title: 'Batch finished', body: countsText(d.counts) || event.message, kind: 'success', href: `/results?batch_id=${encodeURIComponent(d.batch_id)}`, linkText: 'See batch' };
    default:
      return { title: 'Notice', body: event.message || '', kind: 'info' };
  }
}

function countsText(counts) {
  if (!counts || typeof counts !== 'object') return '';
  return Object.entries(counts)
    .filter(([, n]) => Number(n) > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

session.onChange((reason) => {
  if (reason === 'tokens') {
    startLive();
    return;
  }
  stopLive();
  if (reason === 'expired') notice = 'Your session has ended. Please sign in again.';
  const next = reason === 'expired' ? `?next=${encodeURIComponent(location.pathname + location.search)}` : '';
  navigate(`/login${next}`, { replace: true });
});

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (a.pathname.startsWith('/api/') || (a.hash && a.pathname === location.pathname)) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener('popstate', render);

startLive();
render();
