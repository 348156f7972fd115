import * as api from '../api.js';
import { h, notice, show } from '../dom.js';
import { histogramChart } from '../hist.js';

const STREAM_TYPES = /ringbuf|perf_event_array|ring buffer|perf buffer/i;

/**
 * Every map of the tracer, decoded, refreshed on an interval: histograms as bar charts, tables
 * and rows as tables (the daemon's ?format=report, which sums per-CPU values); per-CPU maps can
 * also be split into one column per CPU (?format=entries).
 */
export function mapsTab(panel, ctx) {
  let interval = 2000;
  let timer = null;
  let stopped = false;
  const cards = new Map();
  const status = h('div', { 'aria-live': 'polite' });
  const every = h('select', { id: 'maps-interval', onchange: () => {
    interval = Number(every.value);
    clearTimeout(timer);
    if (interval > 0) refresh();
  } }, [[1000, '1 s'], [2000, '2 s'], [5000, '5 s'], [0, 'paused']].map(([v, l]) =>
    h('option', { value: v, selected: v === interval }, l)));
  const list = h('div.maps', { id: 'maps' });
  panel.append(h('div.toolbar', h('label', { for: 'maps-interval' }, 'Refresh every'), every,
    h('button', { type: 'button', onclick: () => refresh(true) }, 'Refresh now')), status, list);

  const refresh = async (once = false) => {
    clearTimeout(timer);
    try {
      if (cards.size === 0) {
        const r = await api.get(`${ctx.path}/maps`);
        for (const m of r.maps.filter((m) => !STREAM_TYPES.test(m.type))) {
          const card = mapCard(ctx, m);
          cards.set(m.map, card);
          list.append(card.element);
        }
        if (cards.size === 0) list.append(h('p.muted', 'This tracer has no maps besides its event streams.'));
      }
      await Promise.all([...cards.values()].map((c) => c.refresh()));
      status.replaceChildren();
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
    if (!stopped && !once && interval > 0) timer = setTimeout(refresh, interval);
  };
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function mapCard(ctx, m) {
  const perCpu = /percpu|per-cpu|per_cpu/i.test(m.type);
  let split = false;
  const content = h('div.map-content');
  const when = h('span.muted');
  const id = `map-${m.map.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const toggle = perCpu ? h('button', { type: 'button', 'aria-pressed': 'false', class: 'split', onclick: () => {
    split = !split;
    toggle.setAttribute('aria-pressed', String(split));
    toggle.textContent = split ? 'Sum over CPUs' : 'Split per CPU';
    card.refresh();
  } }, 'Split per CPU') : null;
  const element = h('section.card.map', { id, 'aria-labelledby': `${id}-title`, dataset: { map: m.map } },
    h('div.title-row', h('h3', { id: `${id}-title` }, m.map, ' ', h('span.muted', m.type)), toggle, when),
    content);
  const card = {
    element,
    async refresh() {
      const base = `${ctx.path}/maps/${api.seg(m.map)}`;
      try {
        if (split) {
          const r = await api.get(`${base}?limit=500`);
          content.replaceChildren(perCpuTable(r));
        } else {
          const r = await api.get(`${base}?format=report&top=50`);
          content.replaceChildren(report(r));
        }
        when.textContent = ` ${new Date().toLocaleTimeString()}`;
      } catch (e) {
        content.replaceChildren(notice('error', e.message));
      }
    },
  };
  return card;
}

function report(r) {
  if (r.kind === 'hist') {
    if (r.entries.length === 0) return h('p.muted', 'empty');
    // as run prints them: one histogram under key 0 (or none) is the map's only one, and unlabelled
    const headed = r.entries.length > 1 || !(e0 => e0.key === undefined || e0.key === 0)(r.entries[0]);
    return h('div.hists', r.entries.map((e) => {
      const label = !headed ? '' : `${show(e.key)}${Object.keys(e.fields ?? {}).length ? ' ' + show(e.fields) : ''}`;
      return h('figure.hist', label ? h('figcaption', label) : null,
        histogramChart(e.slots, { buckets: r.buckets, step: r.step, unit: r.unit, label }),
        h('p.muted', r.buckets === 'linear' ? `linear buckets of ${r.step}` : 'log2 buckets'));
    }));
  }
  if (r.entries.length === 0) return h('p.muted', 'empty');
  return h('div.table-wrap', h('table.map-table',
    h('thead', h('tr', h('th', { scope: 'col' }, 'key'), h('th', { scope: 'col' }, 'value'))),
    h('tbody', r.entries.map((e) => h('tr', h('td', show(e.key)), h('td', show(e.value))))),
    r.total > r.entries.length ? h('caption', `${r.entries.length} of ${r.total} entries`) : null));
}

function perCpuTable(r) {
  const cpus = Math.max(0, ...r.entries.map((e) => (Array.isArray(e.value) ? e.value.length : 0)));
  return h('div.table-wrap', h('table.map-table',
    h('thead', h('tr', h('th', { scope: 'col' }, 'key'), Array.from({ length: cpus }, (_, i) => h('th', { scope: 'col' }, `cpu ${i}`)))),
    h('tbody', r.entries.map((e) => h('tr', h('td', show(e.key)),
      (Array.isArray(e.value) ? e.value : [e.value]).map((v) => h('td', show(v)))))),
    r.truncated ? h('caption', `first ${r.entries.length} of ${r.count} entries`) : null));
}
