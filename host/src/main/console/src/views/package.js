import { h, show } from '../dom.js';

/** A package's programs, maps, params, outputs and handler source (PackageSummary.java). */
export function packageDetails(pkg, { sha256 } = {}) {
  const section = (title, ...content) => h('section.details', h('h3', title), ...content);
  const table = (cols, rows) => rows.length === 0 ? h('p.muted', 'None.') : h('div.table-wrap', h('table',
    h('thead', h('tr', cols.map((c) => h('th', { scope: 'col' }, c[0])))),
    h('tbody', rows.map((r) => h('tr', cols.map((c) => h('td', show(c[1](r)))))))));
  return h('div.package',
    h('p', h('strong', pkg.name), ' ', h('span.muted', pkg.version ?? ''), pkg.signed ? h('span.badge', 'signed') : null),
    pkg.description ? h('p', pkg.description) : null,
    sha256 ? h('p.muted', 'sha256 ', h('code.wrap', sha256)) : null,
    section('Programs', table([['name', (p) => p.name], ['section', (p) => p.section], ['attach', (p) => p.attachType]], pkg.programs)),
    section('Maps', table([['name', (m) => m.name], ['type', (m) => m.type], ['key', (m) => m.keyType],
      ['value', (m) => m.valueType], ['max entries', (m) => m.maxEntries]], pkg.maps)),
    section('Params', table([['name', (p) => p.name], ['type', (p) => p.cType], ['default', (p) => p.default],
      ['while running', (p) => (p.runtime ? 'yes' : 'no')], ['help', (p) => p.help]], pkg.params)),
    section('Outputs', table([['map', (o) => o.map], ['kind', (o) => o.kind],
      ['record / interval', (o) => o.type ?? `${o.intervalMs} ms`]], pkg.outputs)),
    section('Handler', pkg.handler
      ? [h('p', h('code', pkg.handler.fileName), ' ', h('span.muted', pkg.handler.language)),
        h('pre.source', { tabIndex: 0, 'aria-label': 'handler source' }, pkg.handler.source)]
      : h('p.muted', 'No handler: records are shown as decoded.')),
  );
}
