import * as api from '../api.js';
import { duration, h, notice } from '../dom.js';
import { stopButton } from './tracers.js';
import { eventsTab } from './events.js';
import { mapsTab } from './maps.js';
import { handlerTab } from './handler.js';
import { paramsTab } from './params.js';
import { packageDetails } from './package.js';

const TABS = [['events', 'Live events'], ['maps', 'Maps'], ['handler', 'Handler'], ['params', 'Params'], ['details', 'Details']];

/** One tracer: its live stats on top, then the tab in the address (#/tracers/ID/TAB). */
export function tracerView(main, [id, tab = 'events']) {
  const path = `/v1/tracers/${api.seg(id)}`;
  const title = h('h1', id);
  const stats = h('dl.stats', { id: 'tracer-stats' });
  const status = h('div', { 'aria-live': 'polite' });
  const panel = h('div.tab-panel', { id: 'tab-panel', role: 'region', 'aria-label': TABS.find((t) => t[0] === tab)[1] });
  const tabs = h('nav.tabs', { 'aria-label': 'Tracer views' }, TABS.map(([key, label]) =>
    h('a', { href: `#/tracers/${api.seg(id)}/${key}`, 'aria-current': key === tab ? 'page' : undefined, id: `tab-${key}` }, label)));
  const actions = h('div.actions');
  main.append(h('div.title-row', title, actions), stats, status, tabs, panel);

  const ctx = { id, path, detail: null, summary: null };
  let stopped = false;
  let timer = null;
  let tabStop = () => {};
  const refresh = async () => {
    try {
      const d = await api.get(path);
      ctx.detail = d;
      title.textContent = d.name;
      if (!actions.firstChild && d.state === 'running') actions.append(stopButton(d, () => { location.hash = '#/tracers'; }));
      renderStats(stats, d);
      status.replaceChildren(d.error ? notice('error', d.error) : '');
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
    if (!stopped) timer = setTimeout(refresh, 2000);
  };
  refresh();

  const views = {
    events: () => eventsTab(panel, ctx),
    maps: () => mapsTab(panel, ctx),
    handler: () => handlerTab(panel, ctx),
    params: () => paramsTab(panel, ctx),
    details: () => {
      api.get(`${path}/package`).then((r) => panel.append(packageDetails(r.package, { sha256: ctx.detail?.sha256 })),
        (e) => panel.append(notice('error', e.message)));
    },
  };
  tabStop = views[tab]() ?? (() => {});
  return () => {
    stopped = true;
    clearTimeout(timer);
    tabStop();
  };
}

function renderStats(dl, d) {
  const s = d.stats ?? {};
  const items = [
    ['State', h(`span.state.${d.state}`, d.state)],
    ['Events/s', s.eventsPerSecond], ['Events', s.events], ['Lost', s.lost], ['Dropped', s.dropped],
    ['Handler errors', s.handlerErrors], ['Uptime', duration(s.uptimeSeconds)],
  ];
  dl.replaceChildren(...items.map(([k, v]) => h('div', h('dt', k), h('dd', { dataset: { stat: k } }, v ?? 0))));
  if (s.firstHandlerError) dl.append(h('div.wide', h('dt', 'First handler error'), h('dd', h('code', s.firstHandlerError))));
}
