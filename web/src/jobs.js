// Client-side state of OCR jobs, fed by status answers and socket events.
// Terminal states are final (DESIGN §3), so a late progress event or a stale
// status answer never moves a job backwards.

export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

const jobs = new Map(); // ocr_result_id (string) -> job
const listeners = new Set();

/** The known state of one job, or undefined. */
export function getJob(id) {
  return jobs.get(String(id));
}

/** Subscribe to job changes: fn(job). Returns an unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function isTerminal(job) {
  return Boolean(job) && TERMINAL.has(job.status);
}

/** Merge what we learned about a job, keeping its state monotonic. */
export function mergeJob(id, patch) {
  const key = String(id);
  const old = jobs.get(key) || { ocr_result_id: key, progress: 0 };
  let next;
  if (isTerminal(old) && !TERMINAL.has(patch.status)) {
    // Keep the terminal state; accept only descriptive fields.
    const { status, stage, progress, task_info, ...rest } = patch;
    next = { ...old, ...rest };
  } else if (!TERMINAL.has(patch.status) && patch.progress !== undefined && patch.progress < old.progress) {
    // An older progress report arriving late: ignore its stage and progress.
    const { status, stage, progress, message, ...rest } = patch;
    next = { ...old, ...rest };
  } else {
    next = { ...old, ...stripUndefined(patch) };
  }
  if (TERMINAL.has(next.status) && next.status === 'completed') next.progress = 100;
  jobs.set(key, next);
  for (const fn of listeners) fn(next);
  return next;
}

function stripUndefined(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** Apply a GET /status answer. */
export function applyStatus(st) {
  const info = st.task_info || {};
  return mergeJob(st.ocr_result_id, {
    ...st,
    stage: info.stage ?? st.stage ?? (st.status === 'completed' ? 'done' : undefined),
    progress: numberOr(info.progress ?? st.progress, undefined),
    message: info.message ?? st.message,
    details: st,
  });
}

/** Apply one socket event payload; returns the job it touched, if any. */
export function applyEvent(event) {
  const data = event.data || {};
  const id = data.ocr_result_id;
  if (id === undefined || id === null) return null;
  const base = { task_id: data.task_id, batch_id: data.batch_id };
  switch (event.type) {
    case 'ocr_progress':
      return mergeJob(id, {
        ...base,
        status: data.status || 'processing',
        stage: data.stage,
        progress: numberOr(data.progress, undefined),
        message: event.message,
      });
    case 'ocr_completed':
      return mergeJob(id, { ...base, status: 'completed', stage: 'done', progress: 100, result: data.result });
    case 'ocr_failed':
      return mergeJob(id, {
        ...base,
        status: 'failed',
        error: data.error || { code: 'failed', message: data.error_message || event.message },
      });
    case 'ocr_cancelled':
      return mergeJob(id, { ...base, status: 'cancelled' });
    default:
      return null;
  }
}

function numberOr(value, fallback) {
  const n = Number(value);
  return value === null || value === undefined || Number.isNaN(n) ? fallback : n;
}
