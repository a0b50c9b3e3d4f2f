// The HTTP API client (DESIGN §5).  Every call returns parsed JSON or throws
// an ApiError carrying the error envelope {code, message, details}.

import * as session from './session.js';

/** An error answer from the API (or the network). */
export class ApiError extends Error {
  constructor(status, { code = 'error', message, details = null } = {}) {
    super(message || `Request failed (${status})`);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

async function send(method, path, { json, form, auth, headers = {} }) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (auth && session.accessToken()) init.headers.Authorization = `Bearer ${session.accessToken()}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(0, { code: 'network', message: 'Cannot reach the server. Check your connection.' });
  }
}

async function parse(res) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return body ?? {};
  const envelope = body?.error && typeof body.error === 'object' ? body.error : {};
  throw new ApiError(res.status, {
    code: envelope.code || `http_${res.status}`,
    message: envelope.message || body?.message || `${res.status} ${res.statusText}`,
    details: envelope.details ?? null,
  });
}

/** Call the API; on 401 refresh the access token once and retry. */
export async function request(method, path, { json, form, auth = true, headers } = {}) {
  let res = await send(method, path, { json, form, auth, headers });
  if (res.status === 401 && auth && session.refreshToken()) {
    try {
      await session.refresh();
    } catch {
      return parse(res);
    }
    res = await send(method, path, { json, form, auth, headers });
    if (res.status === 401) session.clear('expired');
  }
  return parse(res);
}

/** Fetch a file with the bearer token (refreshed once on 401) and hand it to the browser as a download. */
export async function download(path, fallbackName) {
  let res = await send('GET', path, { auth: true, headers: { Accept: '*/*' } });
  if (res.status === 401 && session.refreshToken()) {
    await session.refresh();
    res = await send('GET', path, { auth: true, headers: { Accept: '*/*' } });
  }
  if (!res.ok) return parse(res);
  const disposition = res.headers.get('Content-Disposition') || '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return { name };
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

function uploadForm(field, files, options) {
  const form = new FormData();
  for (const file of files) form.append(field, file, file.name);
  for (const [k, v] of Object.entries(options || {})) {
    if (v !== undefined && v !== null && v !== '') form.append(k, String(v));
  }
  return form;
}

const OCR = '/api/ocr-async';

export const api = {
  register: (email, password) => request('POST', '/api/auth/register', { json: { email, password }, auth: false }),
  login: (email, password) => request('POST', '/api/auth/login', { json: { email, password }, auth: false }),
  logout: () => request('POST', '/api/auth/logout'),
  me: () => request('GET', '/api/auth/me'),

  upload: (file, options) => request('POST', `${OCR}/process-async`, { form: uploadForm('file', [file], options) }),
  uploadBulk: (files, options) => request('POST', `${OCR}/process-bulk`, { form: uploadForm('files', files, options) }),
  status: (id) => request('GET', `${OCR}/status/${encodeURIComponent(id)}`),
  cancel: (taskId) => request('POST', `${OCR}/cancel/${encodeURIComponent(taskId)}`),
  retry: (id) => request('POST', `${OCR}/retry/${encodeURIComponent(id)}`),
  results: (params) => request('GET', `${OCR}/results${query(params)}`),
  exportResults: (params) => download(`${OCR}/results/export${query(params)}`, `ocrflow-export.${params.format}`),
  links: (id) => request('POST', `${OCR}/results/${encodeURIComponent(id)}/links`),
  saveFields: (id, fields) => request('PATCH', `${OCR}/results/${encodeURIComponent(id)}/fields`, { json: fields }),
  queueStats: () => request('GET', `${OCR}/queue-stats`),

  notifications: (params) => request('GET', `/api/notifications${query(params)}`),
  eventTypes: () => request('GET', '/api/notifications/types'),
  markRead: (body) => request('POST', '/api/notifications/read', { json: body }),
};
