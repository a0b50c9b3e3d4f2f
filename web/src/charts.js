// Small hand-drawn SVG charts for the dashboard.

import { s } from './dom.js';

const W = 320;
const H = 120;
const PAD = { top: 10, right: 8, bottom: 20, left: 34 };

/** A line chart of values over the last hour; series: [{values, className}]. */
export function lineChart({ label, series, minutes, format = (v) => String(v) }) {
  const all = series.flatMap((se) => se.values).filter(Number.isFinite);
  const max = niceMax(Math.max(0, ...all));
  const n = Math.max(2, minutes.length);
  const x = (i) => PAD.left + (i * (W - PAD.left - PAD.right)) / (n - 1);
  const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const lines = series.map((se) => {
    const pts = se.values.map((v, i) => (Number.isFinite(v) ? `${x(i)},${y(v)}` : null));
    // Dots too: a minute with activity between idle minutes has no line.
    const dots = se.values.map((v, i) => (Number.isFinite(v) ? s('circle', { cx: x(i), cy: y(v), r: 2, class: `dot ${se.className}` }) : null));
    return [pathFrom(pts, se.className), dots];
  });
  return frame(label, max, format, minutes, lines);
}

/** A stacked bar chart per minute; series: [{values, className}]. */
export function barChart({ label, series, minutes, format = (v) => String(v) }) {
  const n = Math.max(1, minutes.length);
  const totals = minutes.map((_, i) => series.reduce((sum, se) => sum + (Number(se.values[i]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = (W - PAD.left - PAD.right) / n;
  const bw = Math.max(1, slot * 0.7);
  const bars = [];
  minutes.forEach((_, i) => {
    let base = 0;
    for (const se of series) {
      const v = Number(se.values[i]) || 0;
      if (!v) continue;
      const h = (v / max) * (H - PAD.top - PAD.bottom);
      const top = H - PAD.bottom - ((base + v) / max) * (H - PAD.top - PAD.bottom);
      bars.push(s('rect', { x: PAD.left + i * slot + (slot - bw) / 2, y: top, width: bw, height: h, class: se.className }));
      base += v;
    }
  });
  return frame(label, max, format, minutes, bars);
}

/** Spread the (sparse) per-minute history over the last 60 minutes. */
export function lastHour(history, now = Date.now()) {
  const byMinute = new Map();
  for (const r of Array.isArray(history) ? history : []) {
    const t = Date.parse(r?.minute);
    if (!Number.isNaN(t)) byMinute.set(Math.floor(t / 60000), r);
  }
  if (!byMinute.size) return [];
  const end = Math.floor(now / 60000);
  const rows = [];
  for (let m = end - 59; m <= end; m += 1) {
    rows.push({ completed: 0, failed: 0, cancelled: 0, ...(byMinute.get(m) || {}), minute: new Date(m * 60000).toISOString() });
  }
  return rows;
}

function frame(label, max, format, minutes, marks) {
  const bottom = H - PAD.bottom;
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label },
    s('line', { x1: PAD.left, x2: W - PAD.right, y1: bottom, y2: bottom, class: 'axis' }),
    s('line', { x1: PAD.left, x2: W - PAD.right, y1: PAD.top, y2: PAD.top, class: 'grid' }),
    s('text', { x: PAD.left - 4, y: PAD.top + 4, class: 'tick', 'text-anchor': 'end' }, format(max)),
    s('text', { x: PAD.left - 4, y: bottom, class: 'tick', 'text-anchor': 'end' }, '0'),
    minutes.length ? s('text', { x: PAD.left, y: H - 4, class: 'tick' }, timeLabel(minutes[0])) : null,
    minutes.length ? s('text', { x: W - PAD.right, y: H - 4, class: 'tick', 'text-anchor': 'end' }, timeLabel(minutes[minutes.length - 1])) : null,
    marks,
  );
}

function pathFrom(pts, className) {
  let d = '';
  let pen = false;
  for (const p of pts) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${p} `;
    pen = true;
  }
  return s('path', { d: d.trim() || 'M0,0', class: `line ${className}` });
}

function niceMax(v) {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (v <= step * mag) return step * mag;
  return 10 * mag;
}

function timeLabel(minute) {
  const d = new Date(minute);
  if (Number.isNaN(d.getTime())) return String(minute);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
