import * as api from '../api.js';
import { download, h, notice, show } from '../dom.js';

const FIXED = ['id', 'time', 'type', 'stream']; // the record's; its fields follow
const TYPES = ['event', 'alert', 'sample', 'lost', 'log', 'gap'];

/**
 * The tracer's records as they come (SSE), newest first: one column per field of the records,
 * the last N kept, pause and resume, a text filter, alerts marked, and a download of what is on
 * screen. The stream resumes by itself after a dropped connection (Last-Event-ID), and a gap
 * says how many records the daemon no longer had.
 */
export function eventsTab(panel, ctx) {
  let keep = 500;
  let paused = false;
  let filter = '';
  let records = [];      // kept, oldest first
  let fresh = [];        // arrived since the last paint
  let columns = [];      // data fields, in order of first appearance
  let received = 0;
  let alerts = 0;
  let frame = 0;

  const head = h('thead');
  const body = h('tbody');
  const counts = h('p.muted', { id: 'event-counts', 'aria-live': 'off' });
  const status = h('div', { 'aria-live': 'polite' });
  const pause = h('button', { type: 'button', id: 'pause', 'aria-pressed': 'false', onclick: () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) paint();
    else updateCounts();
  } }, 'Pause');
  const filterInput = h('input', { id: 'event-filter', type: 'search', placeholder: 'text in any field', oninput: () => {
    filter = filterInput.value.trim().toLowerCase();
    rebuild();
  } });
  const keepInput = h('input', { id: 'event-keep', type: 'number', min: 10, max: 100000, step: 10, value: keep, onchange: () => {
    keep = Math.min(100000, Math.max(10, Number(keepInput.value) || 500));
    trim();
    rebuild();
  } });
  panel.append(
    h('div.toolbar',
      pause,
      h('label', { for: 'event-filter' }, 'Filter'), filterInput,
      h('label', { for: 'event-keep' }, 'Keep last'), keepInput,
      h('button', { type: 'button', id: 'clear-events', onclick: () => { records = []; fresh = []; rebuild(); } }, 'Clear'),
      h('button', { type: 'button', id: 'download-events', onclick: () => {
        download(`${ctx.id}-events.json`, JSON.stringify(visible(), null, 2));
      } }, 'Download JSON')),
    counts, status,
    h('div.table-wrap.events', h('table', { id: 'events' }, h('caption.visually-hidden', 'Records, newest first'), head, body)),
  );

  const visible = () => records.filter(matches);
  const matches = (r) => !filter || JSON.stringify(r).toLowerCase().includes(filter);

  function add(record) {
    received++;
    if (record.type === 'alert') alerts++;
    records.push(record);
    fresh.push(record);
    trim();
    if (!paused && !frame) frame = requestAnimationFrame(paint);
  }

  function trim() {
    if (records.length > keep) records.splice(0, records.length - keep);
    if (fresh.length > keep) fresh.splice(0, fresh.length - keep);
  }

  function paint() {
    frame = 0;
    if (paused) return;
    const batch = fresh;
    fresh = [];
    if (batch.some((r) => fieldsOf(r).some((k) => !columns.includes(k)))) {
      rebuild();
      return;
    }
    for (const r of batch) {
      if (matches(r)) body.prepend(row(r));
    }
    while (body.rows.length > keep) body.lastElementChild.remove();
    updateCounts();
  }

  function rebuild() {
    fresh = [];
    for (const r of records) for (const k of fieldsOf(r)) if (!columns.includes(k)) columns.push(k);
    head.replaceChildren(h('tr', [...FIXED, ...columns].map((c) => h('th', { scope: 'col' }, c))));
    const rows = visible().reverse().map(row);
    body.replaceChildren(...rows);
    updateCounts();
  }

  function row(r) {
    const isObject = r.data && typeof r.data === 'object' && !Array.isArray(r.data);
    const type = r.type === 'alert' ? h('span.badge.alert', 'ALERT') : r.type;
    return h(`tr.type-${TYPES.includes(r.type) ? r.type : 'other'}`, { dataset: { seq: r.seq } },
      h('td', r.seq), h('td', new Date(r.time).toISOString().slice(11, 23)), h('td', type), h('td', r.stream ?? ''),
      columns.map((c) => h('td', show(isObject ? r.data[c] : c === 'data' ? r.data : ''))));
  }

  function updateCounts() {
    counts.textContent = `${body.rows.length} shown of ${records.length} kept, ${received} received`
      + (alerts ? `, ${alerts} alerts` : '') + (paused ? ` (paused; ${fresh.length} waiting)` : '');
  }

  // Start with the newest records the daemon still has, then follow.
  let source = null;
  let closed = false;
  api.get(`${ctx.path}/events?limit=${Math.min(keep, 200)}`).then((recent) => {
    recent.forEach(add);
    if (closed) return;
    const last = recent.length ? recent[recent.length - 1].seq : null;
    source = new EventSource(`${ctx.path}/events${last === null ? '' : `?after=${last}`}`);
    for (const type of TYPES.filter((t) => t !== 'gap')) {
      source.addEventListener(type, (m) => add(JSON.parse(m.data)));
    }
    source.addEventListener('gap', (m) => {
      const g = JSON.parse(m.data);
      add({ seq: Number(m.lastEventId) || 0, time: Date.now(), type: 'gap', stream: '',
        data: { missed: g.missed ?? 'unknown', reason: g.reason } });
    });
    source.addEventListener('end', (m) => {
      status.replaceChildren(notice('info', `The tracer ended (${JSON.parse(m.data).state}).`));
      source.close();
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) status.replaceChildren(notice('error', 'The event stream closed.'));
      else status.replaceChildren(notice('info', 'Reconnecting…'));
    };
    source.onopen = () => status.replaceChildren();
  }, (e) => status.replaceChildren(notice('error', e.message)));
  rebuild();

  return () => {
    closed = true;
    source?.close();
    cancelAnimationFrame(frame);
  };
}

function fieldsOf(r) {
  if (r.data && typeof r.data === 'object' && !Array.isArray(r.data)) return Object.keys(r.data);
  return ['data'];
}
