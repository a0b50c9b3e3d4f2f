// The notification inbox: unread badge and a panel of recent events.

import { api } from './api.js';
import { h, replace, s as svg } from './dom.js';
import { getJob } from './jobs.js';
import { when } from './stages.js';

// Which types the inbox keeps comes from the server's event registry.
let inboxTypes = null;
function loadInboxTypes() {
  api.eventTypes().then(
    (body) => {
      inboxTypes = new Set(body.types.filter((t) => t.inbox).map((t) => t.name));
    },
    () => {
      inboxTypes = null; // unknown for now: let the server's count settle the badge
    },
  );
}

/** Build the bell button + panel; returns {el, refresh, onEvent}. */
export function createInbox() {
  let unread = 0;
  let open = false;
  let timer = null;

  const badge = h('span', { class: 'badge', hidden: true });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'bell',
      'aria-expanded': 'false',
      'aria-controls': 'inbox-panel',
      onclick: () => (open ? hide() : show()),
    },
    h('span', { 'aria-hidden': 'true', class: 'bell-icon' }, bellIcon()),
    h('span', { class: 'bell-label' }, 'Notifications'),
    badge,
  );
  const list = h('ul', { class: 'inbox-list' });
  const panel = h(
    'div',
    { id: 'inbox-panel', class: 'inbox-panel', hidden: true, role: 'region', 'aria-label': 'Notifications' },
    h(
      'div',
      { class: 'inbox-head' },
      h('h2', {}, 'Notifications'),
      h('button', { type: 'button', class: 'btn btn-small', onclick: markAll }, 'Mark all read'),
    ),
    list,
  );
  const el = h('div', { class: 'inbox' }, button, panel);

  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) {
      hide();
      button.focus();
    }
  });
  document.addEventListener('click', (e) => {
    if (open && !el.contains(e.target)) hide();
  });

  function setUnread(n) {
    unread = Math.max(0, Number(n) || 0);
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    button.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications');
  }

  async function refresh() {
    try {
      const res = await api.notifications({ unread: 'true', limit: 50 });
      setUnread(res.unread_count ?? (res.items || []).length);
    } catch {
      /* the badge is a convenience; keep the last value */
    }
  }

  async function show() {
    open = true;
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    replace(list, h('li', { class: 'muted' }, 'Loading…'));
    try {
      const res = await api.notifications({ limit: 20 });
      const items = (res.items || []).slice().sort((a, b) => b.id - a.id);
      if (res.unread_count !== undefined) setUnread(res.unread_count);
      replace(list, items.length ? items.map(item) : h('li', { class: 'muted' }, 'No notifications yet.'));
    } catch (err) {
      replace(list, h('li', { class: 'error-text' }, err.message));
    }
  }

  function hide() {
    open = false;
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }

  function item(n) {
    const id = n.data?.ocr_result_id;
    const isUnread = !n.read_at && n.read !== true;
    const job = id !== undefined ? getJob(id) : null;
    const subject = job?.original_filename || (id !== undefined ? `Job #${id}` : '');
    const text = h('span', { class: 'inbox-msg' }, subject ? h('strong', {}, `${subject}: `) : null, n.message || n.type);
    const onclick = () => {
      if (isUnread) api.markRead({ seqs: [n.id] }).then(refresh, () => {});
      hide();
    };
    return h(
      'li',
      { class: isUnread ? 'unread' : '' },
      id !== undefined ? h('a', { href: `/results/${id}`, 'data-link': true, onclick }, text) : text,
      h('time', { datetime: n.created_at || '' }, when(n.created_at)),
    );
  }

  async function markAll() {
    try {
      await api.markRead({ all: true });
      setUnread(0);
      if (open) show();
    } catch {
      /* leave the badge as it is */
    }
  }

  /** Called for every delivered socket event. */
  function onEvent(event) {
    if (inboxTypes === null) {
      clearTimeout(timer);
      timer = setTimeout(refresh, 1500);
      return;
    }
    if (!inboxTypes.has(event.type)) return;
    setUnread(unread + 1);
    clearTimeout(timer);
    timer = setTimeout(refresh, 1500); // settle on the server's count
  }

  setUnread(0);
  loadInboxTypes();
  return { el, refresh, onEvent };
}

function bellIcon() {
  return svg(
    'svg',
    { viewBox: '0 0 24 24', width: 20, height: 20 },
    svg('path', {
      fill: 'currentColor',
      d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z',
    }),
  );
}
