import * as api from '../api.js';
import { clear, duration, h, notice } from '../dom.js';

const REFRESH_MS = 2000;

/** Every tracer, refreshed every two seconds: state, rates, drops, handler errors, uptime. */
export function tracersView(main) {
  const body = h('tbody');
  const status = h('div', { 'aria-live': 'polite' });
  const count = h('span.muted');
  main.append(
    h('div.title-row', h('h1', 'Tracers ', count), h('a.button.primary', { href: '#/deploy' }, 'Deploy a tracer')),
    status,
    h('div.table-wrap', h('table.tracers', { id: 'tracers' },
      h('thead', h('tr', ['Name', 'ID', 'State', 'Events/s', 'Events', 'Lost', 'Dropped', 'Handler errors', 'Uptime', '']
        .map((c) => h('th', { scope: 'col' }, c)))),
      body)),
  );
  let timer = null;
  let stopped = false;
  const refresh = async () => {
    try {
      const list = await api.get('/v1/tracers');
      status.replaceChildren();
      count.textContent = `(${list.tracers.length} of at most ${list.maxTracers})`;
      render(body, list.tracers, refresh);
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  };
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function render(body, tracers, refresh) {
  if (tracers.length === 0) {
    clear(body).append(h('tr', h('td', { colSpan: 10 }, 'No tracer runs. ', h('a', { href: '#/deploy' }, 'Deploy one'), '.')));
    return;
  }
  // Rows are kept per id, so a refresh does not take the focus from a button the user is on.
  const rows = new Map([...body.querySelectorAll('tr[data-id]')].map((r) => [r.dataset.id, r]));
  const wanted = [];
  for (const t of tracers) {
    const s = t.stats ?? {};
    const cells = [
      h('a', { href: `#/tracers/${api.seg(t.id)}` }, t.name),
      h('code', t.id),
      h(`span.state.${t.state}`, t.state, t.error ? h('span.visually-hidden', `: ${t.error}`) : null),
      s.eventsPerSecond ?? 0, s.events ?? 0, s.lost ?? 0, s.dropped ?? 0, s.handlerErrors ?? 0,
      duration(s.uptimeSeconds),
    ];
    let row = rows.get(t.id);
    if (!row) {
      row = h('tr', { dataset: { id: t.id } }, cells.map((c, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, c)),
        h('td', stopButton(t, refresh)));
    } else {
      cells.forEach((c, i) => row.children[i].replaceChildren(c));
      rows.delete(t.id);
    }
    if (t.error) row.title = t.error;
    row.classList.toggle('bad', (s.handlerErrors ?? 0) > 0 || (s.lost ?? 0) > 0 || t.state === 'failed');
    wanted.push(row);
  }
  rows.forEach((r) => r.remove());
  body.querySelectorAll('tr:not([data-id])').forEach((r) => r.remove());
  // moved only when out of place: moving a row takes the focus from its Stop button
  wanted.forEach((r, i) => {
    if (body.children[i] !== r) body.insertBefore(r, body.children[i] ?? null);
  });
}

/** Stop asks once more before it detaches: the first press arms it for five seconds. */
export function stopButton(t, after) {
  let armed = null;
  const button = h('button.danger', {
    type: 'button',
    'aria-label': `Stop ${t.name}`,
    onclick: async () => {
      if (!armed) {
        button.textContent = 'Confirm stop';
        armed = setTimeout(() => { armed = null; button.textContent = 'Stop'; }, 5000);
        return;
      }
      clearTimeout(armed);
      button.disabled = true;
      try {
        await api.del(`/v1/tracers/${api.seg(t.id)}`);
      } catch (e) {
        button.after(notice('error', e.message));
      }
      after();
    },
  }, 'Stop');
  return button;
}
