import * as api from '../api.js';
import { h, notice, show } from '../dom.js';
import { paramForm } from './paramform.js';

/** Params now; those in .bss/.data can be changed while the tracer runs (PATCH /params). */
export function paramsTab(panel, ctx) {
  const status = h('div', { 'aria-live': 'polite' });
  Promise.all([api.get(`${ctx.path}/package`), api.get(ctx.path)]).then(([summary, detail]) => {
    const params = summary.package.params;
    const current = Object.fromEntries((detail.params ?? []).map((p) => [p.name, p.value]));
    const fixed = params.filter((p) => !p.runtime);
    const form = paramForm(params, { current, only: (p) => p.runtime, idPrefix: 'live-param' });
    panel.append(
      h('h2', 'Changeable while running'),
      h('form', {
        id: 'params-form',
        onsubmit: async (e) => {
          e.preventDefault();
          const values = form.values();
          if (!values) return status.replaceChildren(notice('error', 'Some params are not valid.'));
          if (Object.keys(values).length === 0) return status.replaceChildren(notice('info', 'Nothing changed.'));
          try {
            await api.patch(`${ctx.path}/params`, values);
            status.replaceChildren(notice('ok', `Set ${Object.keys(values).join(', ')}.`));
          } catch (err) {
            status.replaceChildren(notice('error', err.message));
          }
        },
      }, form.element, params.some((p) => p.runtime) ? h('button.primary', { type: 'submit', id: 'apply-params' }, 'Apply') : null),
      status,
      h('h2', 'Fixed at load'),
      fixed.length === 0 ? h('p.muted', 'None.') : h('dl.fixed', fixed.map((p) => h('div', h('dt', h('code', p.name), ' ', h('span.muted', p.cType)),
        h('dd', show(current[p.name] ?? p.default)))),
      ),
    );
  }, (e) => status.replaceChildren(notice('error', e.message)));
  panel.append(status);
}
