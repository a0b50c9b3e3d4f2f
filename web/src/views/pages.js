// The page viewer: each page image with its OCR boxes drawn over it.

import { api } from '../api.js';
import { h, replace, s } from '../dom.js';

const PAGE_ATTEMPTS = 30; // about a minute of waiting for a page image a worker is still storing

/** Render the pages of a completed result; onLinks(links) gets the signed links. */
export function renderPages(st, onLinks) {
  const blocks = Array.isArray(st.text_blocks) ? st.text_blocks : [];
  const fields = st.extracted_data?.fields || {};
  const threshold = Number(st.options?.confidence_threshold ?? 0.7);
  const base = pageBase(blocks);
  const stage = h('div', { class: 'page-stage' }, h('p', { class: 'muted' }, 'Loading page image…'));
  const toggle = h('input', { type: 'checkbox', id: 'show-boxes', checked: true });
  const select = h('select', { id: 'page-select', hidden: true });
  let pageUrls = [];

  toggle.addEventListener('change', () => stage.classList.toggle('boxes-off', !toggle.checked));
  select.addEventListener('change', () => showPage(Number(select.value)));

  function showPage(index) {
    const pageNo = index + base;
    const info = (st.pages || [])[index] || {};
    const img = h('img', { src: pageUrls[index], alt: `Page ${index + 1} of the uploaded document` });
    const overlay = s('svg', { class: 'overlay', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
    const frame = h('div', { class: 'page-frame' }, img, overlay);
    const draw = (width, height) => {
      overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
      replace(overlay, ...pageShapes(blocks, fields, pageNo, base, threshold));
    };
    if (info.width && info.height) draw(info.width, info.height);
    img.addEventListener('load', () => {
      if (!(info.width && info.height)) draw(img.naturalWidth, img.naturalHeight);
    });
    const note = h('p', { class: 'muted', hidden: true }, 'Preparing the page image…');
    let attempts = 0;
    img.addEventListener('load', () => { note.hidden = true; });
    img.addEventListener('error', async () => {
      // 409 page_not_ready: a worker is still storing this page's image; ask again after its Retry-After.
      const answer = await fetch(pageUrls[index]).catch(() => null);
      if (answer?.status === 409 && attempts < PAGE_ATTEMPTS) {
        attempts += 1;
        note.hidden = false;
        const wait = Math.min(10, Number(answer.headers.get('Retry-After')) || 2) * 1000;
        setTimeout(() => { img.src = `${pageUrls[index]}&attempt=${attempts}`; }, wait);
        return;
      }
      replace(stage, h('p', { class: 'error-text' }, 'The page image could not be loaded (its link may have expired; reload the page).'));
    });
    replace(stage, note, frame);
  }

  api
    .links(st.ocr_result_id)
    .then((links) => {
      pageUrls = links.page_urls || [];
      onLinks(links);
      if (!pageUrls.length) {
        replace(stage, h('p', { class: 'muted' }, 'No page image is available.'));
        return;
      }
      if (pageUrls.length > 1) {
        replace(select, pageUrls.map((_, i) => h('option', { value: String(i) }, `Page ${i + 1} of ${pageUrls.length}`)));
        select.hidden = false;
      }
      showPage(0);
    })
    .catch((err) => replace(stage, h('p', { class: 'error-text' }, `Page image unavailable: ${err.message}`)));

  return h(
    'section',
    { class: 'card viewer', 'aria-labelledby': 'viewer-h' },
    h(
      'div',
      { class: 'section-head' },
      h('h2', { id: 'viewer-h' }, 'Document'),
      h('div', { class: 'viewer-controls' }, h('label', { for: 'page-select', class: 'sr-only' }, 'Page'), select,
        h('span', { class: 'field-check' }, toggle, h('label', { for: 'show-boxes' }, 'Show text boxes'))),
    ),
    stage,
    h(
      'p',
      { class: 'legend small' },
      h('span', { class: 'swatch swatch-block' }), 'text block ',
      h('span', { class: 'swatch swatch-low' }), `below ${Math.round(threshold * 100)}% confidence `,
      h('span', { class: 'swatch swatch-field' }), 'extracted field',
    ),
  );
}

/** Are block page numbers 0-based or 1-based?  Infer from the data. */
function pageBase(blocks) {
  const pages = blocks.map((b) => b.page).filter((p) => Number.isInteger(p));
  return pages.length && Math.min(...pages) === 0 ? 0 : 1;
}

function pageShapes(blocks, fields, pageNo, base, threshold) {
  const onPage = (p) => (Number.isInteger(p) ? p === pageNo : pageNo === base);
  const shapes = blocks
    .filter((b) => onPage(b.page))
    .map((b) => {
      const pts = points(b.bounding_box || b.box);
      if (!pts) return null;
      const low = Number(b.confidence) < threshold;
      return s('polygon', { points: pts, class: low ? 'box box-low' : 'box' }, s('title', {}, `${b.text} (${Math.round(Number(b.confidence) * 100)}%)`));
    });
  for (const [name, f] of Object.entries(fields)) {
    if (!f || !f.box || !onPage(f.page)) continue;
    const pts = points(f.box);
    if (pts) shapes.push(s('polygon', { points: pts, class: 'box box-field', 'data-field': name }, s('title', {}, `${name}: ${f.value}`)));
  }
  return shapes.filter(Boolean);
}

/** Normalise [[x,y]×4], [x1,y1,…,x4,y4] or [x0,y0,x1,y1] into SVG points. */
export function points(box) {
  if (!Array.isArray(box)) return null;
  let xy;
  if (Array.isArray(box[0])) xy = box.map((p) => [Number(p[0]), Number(p[1])]);
  else if (box.length === 8) xy = [0, 2, 4, 6].map((i) => [Number(box[i]), Number(box[i + 1])]);
  else if (box.length === 4) {
    const [x0, y0, x1, y1] = box.map(Number);
    xy = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  } else return null;
  if (xy.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return null;
  return xy.map(([x, y]) => `${x},${y}`).join(' ');
}
