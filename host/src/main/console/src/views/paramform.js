import { h, show } from '../dom.js';

const bytes = (s) => new TextEncoder().encode(s).length;

/**
 * Inputs for a package's params, from the types the daemon reports (see ParamInputs.java): ints
 * checked against their C range (as BigInt: a u64 does not fit a JS number), bools as check
 * boxes, enums as choices, char arrays with their length. `values()` gives the params the user
 * changed, or null (with the inputs marked) when one is not valid.
 *
 * @param params   the package's params
 * @param current  values now, by name (a running tracer's); defaults otherwise
 * @param only     which params get inputs (the rest are not shown)
 */
export function paramForm(params, { current = {}, only = () => true, idPrefix = 'param' } = {}) {
  const fields = [];
  const root = h('div.params');
  for (const p of params.filter(only)) {
    const id = `${idPrefix}-${p.name}`;
    const initial = p.name in current ? current[p.name] : p.default;
    const help = h('span.help', { id: `${id}-help` }, p.help || '', rangeText(p));
    const error = h('span.field-error', { id: `${id}-error`, 'aria-live': 'polite' });
    let input;
    if (p.input === 'bool') {
      input = h('input', { id, type: 'checkbox', checked: initial === true || initial === 'true' });
    } else if (p.input === 'enum') {
      input = h('select', { id }, p.choices.map((c) => h('option', { value: c, selected: c === initial }, c)));
    } else {
      input = h('input', {
        id, type: 'text', value: show(initial), spellcheck: false,
        inputMode: p.input === 'int' ? 'numeric' : undefined,
        maxLength: p.input === 'string' ? p.maxLength : undefined,
      });
    }
    input.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    input.dataset.param = p.name;
    const field = { p, input, error, initial: p.input === 'bool' ? Boolean(initial === true || initial === 'true') : show(initial) };
    fields.push(field);
    input.addEventListener('input', () => check(field));
    root.append(h('div.field', { class: p.input === 'bool' ? 'check' : '' },
      h('label', { for: id }, h('code', p.name), ' ', h('span.muted', p.cType)), input, help, error));
  }
  if (fields.length === 0) root.append(h('p.muted', 'No params.'));

  return {
    element: root,
    values() {
      let ok = true;
      const out = {};
      for (const f of fields) {
        if (!check(f)) { ok = false; continue; }
        const v = f.p.input === 'bool' ? f.input.checked : f.input.value;
        if (v !== f.initial) out[f.p.name] = v;
      }
      return ok ? out : null;
    },
  };
}

function rangeText(p) {
  if (p.input === 'int') return ` (${p.min} … ${p.max})`;
  if (p.input === 'string') return ` (at most ${p.maxLength} bytes)`;
  return '';
}

function check(f) {
  const problem = problemOf(f.p, f.p.input === 'bool' ? f.input.checked : f.input.value);
  f.error.textContent = problem ?? '';
  f.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  return !problem;
}

export function problemOf(p, value) {
  if (p.input === 'int') {
    const text = String(value).trim();
    if (!/^[-+]?(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return 'an integer';
    const neg = text.startsWith('-');
    const n = BigInt(text.replace(/^[-+]/, '')) * (neg ? -1n : 1n);
    if (n < BigInt(p.min) || n > BigInt(p.max)) return `out of range ${p.min} … ${p.max}`;
  }
  if (p.input === 'string' && bytes(String(value)) > p.maxLength) return `longer than ${p.maxLength} bytes`;
  return null;
}
