// Tokens and the signed-in user.
//
// Tokens live in sessionStorage: they survive a reload of the tab but not its
// closing, and are not shared between tabs (each tab signs in on its own and
// holds its own socket).  The API offers no HttpOnly-cookie mode, so the
// refresh token is readable by scripts of this origin; the app loads no
// third-party script to keep that exposure small.

const KEY = 'ocrflow.session';
const REFRESH_MARGIN_S = 60;

let state = load();
let refreshing = null;
let timer = null;
const listeners = new Set();

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function save() {
  if (state) sessionStorage.setItem(KEY, JSON.stringify(state));
  else sessionStorage.removeItem(KEY);
}

function notify(reason) {
  for (const fn of listeners) fn(reason);
}

/** Decode a JWT's payload without verifying it (the server verifies). */
export function decodeJwt(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='));
    return JSON.parse(decodeURIComponent(escape(text)));
  } catch {
    return {};
  }
}

function expiryOf(tokens) {
  if (tokens.expires_in) return Date.now() + Number(tokens.expires_in) * 1000;
  const exp = decodeJwt(tokens.access_token).exp;
  return exp ? exp * 1000 : Date.now() + 15 * 60 * 1000;
}

/** Store tokens from a login or refresh answer. */
export function setTokens(tokens, email) {
  state = {
    ...(state || {}),
    access: tokens.access_token,
    refresh: tokens.refresh_token || state?.refresh || null,
    expiresAt: expiryOf(tokens),
    email: email || state?.email || '',
  };
  save();
  schedule();
  notify('tokens');
}

/** Forget the session (after logout, or when refreshing failed). */
export function clear(reason = 'logout') {
  state = null;
  clearTimeout(timer);
  save();
  notify(reason);
}

export const isSignedIn = () => Boolean(state?.access);
export const accessToken = () => state?.access || null;
export const refreshToken = () => state?.refresh || null;
export const email = () => state?.email || '';
/** The user id: the access token's subject (DESIGN §5: identity is the id). */
export const userId = () => (state?.access ? String(decodeJwt(state.access).sub ?? '') : '');

/** Subscribe to 'tokens' | 'logout' | 'expired'; returns an unsubscribe function. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Get a new access token with the refresh token (one request at a time). */
export function refresh() {
  if (refreshing) return refreshing;
  const token = refreshToken();
  if (!token) return Promise.reject(new Error('No refresh token'));
  refreshing = fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  })
    .then(async (res) => {
      if (!res.ok) throw new Error(`Refresh failed (${res.status})`);
      setTokens(await res.json());
    })
    .catch((err) => {
      // Only a refused refresh ends the session; a network error may pass.
      if (/Refresh failed \((401|403|422)\)/.test(err.message)) clear('expired');
      throw err;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function schedule() {
  clearTimeout(timer);
  if (!state?.expiresAt) return;
  const lifetime = state.expiresAt - Date.now();
  const wait = Math.max(5000, Math.min(lifetime - REFRESH_MARGIN_S * 1000, lifetime * 0.8));
  timer = setTimeout(() => {
    refresh().catch(() => {
      if (isSignedIn()) timer = setTimeout(schedule, 15000);
    });
  }, wait);
}

if (state) schedule();
