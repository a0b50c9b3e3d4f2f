// A page-wide channel for delivered socket events, so views can react.

const target = new EventTarget();

/** Publish one delivered event payload. */
export function publish(event) {
  target.dispatchEvent(new CustomEvent('ocr-event', { detail: event }));
}

/** Listen to delivered events; returns an unsubscribe function. */
export function listen(fn) {
  const handler = (e) => fn(e.detail);
  target.addEventListener('ocr-event', handler);
  return () => target.removeEventListener('ocr-event', handler);
}
