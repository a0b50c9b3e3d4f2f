// How the UI words stage and status codes (the server sends codes, DESIGN §3).

const STAGES = {
  uploading: 'Uploading',
  queued: 'Waiting in queue',
  preprocessing: 'Preparing the image',
  ocr: 'Reading text',
  waiting_extraction: 'Waiting for field extraction',
  extraction: 'Extracting fields',
  validation: 'Checking totals',
  saving: 'Saving the result',
  done: 'Done',
};

const STATUSES = {
  uploading: 'Uploading',
  queued: 'Queued',
  processing: 'Processing',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
};

/** Words for a stage code. */
export const stageText = (stage) => STAGES[stage] || (stage ? String(stage).replace(/_/g, ' ') : '');

/** Words for a status code. */
export const statusText = (status) => STATUSES[status] || (status ? String(status) : 'Unknown');

/** Format seconds as "1.4 s" / "2 min 5 s". */
export function duration(seconds) {
  const n = Number(seconds);
  if (seconds === null || seconds === undefined || Number.isNaN(n)) return '—';
  if (n < 60) return `${n < 10 ? n.toFixed(1) : Math.round(n)} s`;
  const m = Math.floor(n / 60);
  return `${m} min ${Math.round(n - m * 60)} s`;
}

/** Format a 0–1 confidence as a percentage. */
export function percent(value) {
  const n = Number(value);
  if (value === null || value === undefined || Number.isNaN(n)) return '—';
  return `${Math.round(n <= 1 ? n * 100 : n)}%`;
}

/** Format an ISO timestamp in the user's locale. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
