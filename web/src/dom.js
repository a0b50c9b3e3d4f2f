// A tiny hyperscript helper: enough DOM building without a framework.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Build an HTML element: h('button', {class: 'btn', onclick}, 'Save'). */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Build an SVG element (same signature as h). */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else {
      el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (strings, nodes, nested arrays; null/false skipped). */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text for screen readers only. */
export function srOnly(text) {
  return h('span', { class: 'sr-only' }, text);
}
