// Completion of the handler API (ctx and what it leads to), from polytrace.d.ts as the build read
// it (tools/ctx-api.mjs), for JavaScript and Python handlers alike: both see the same names.
import api from 'virtual:ctx-api';

const HANDLER_FUNCTIONS = {
  js: [
    ['init', 'export function init(ctx) {\n  \n}'],
    ['onEvent', 'export function onEvent(event, ctx) {\n  \n}'],
    ['onInterval', 'export function onInterval(ctx) {\n  \n}'],
    ['onExit', 'export function onExit(ctx) {\n  \n}'],
  ],
  python: [
    ['init', 'def init(ctx):\n    pass'],
    ['on_event', 'def on_event(event, ctx):\n    pass'],
    ['on_interval', 'def on_interval(ctx):\n    pass'],
    ['on_exit', 'def on_exit(ctx):\n    pass'],
  ],
};

/**
 * The type a chain such as `ctx.maps.counts.` or `ctx.metrics.counter('x').` leads to, walking
 * the declared members; null when the chain leaves what the declarations say.
 */
export function typeOfChain(chain) {
  const parts = chain.split('.');
  if (parts[0] !== 'ctx') return null;
  let type = api.root;
  for (const raw of parts.slice(1)) {
    const name = raw.replace(/\(.*$/, '').replace(/\[.*$/, '');
    const t = api.types[type];
    if (!t) return null;
    const member = t.members.find((m) => m.name === name);
    if (member) type = member.type;
    else if (t.index) type = t.index;
    else return null;
    if (!type) return null;
    if (raw.includes('[') && api.types[type]?.index) type = api.types[type].index;
  }
  return type;
}

/** A CodeMirror completion source; `maps()` names the tracer's maps for `ctx.maps.`. */
export function ctxCompletions(language, maps = () => []) {
  return (context) => {
    const before = context.state.sliceDoc(Math.max(0, context.pos - 300), context.pos);
    const m = before.match(/((?:[A-Za-z_$][\w$]*(?:\([^()]*\))?(?:\[[^\]]*\])?\.)+)([A-Za-z_$][\w$]*)?$/);
    if (m) {
      const type = typeOfChain(m[1].slice(0, -1));
      const t = type && api.types[type];
      if (!t) return null;
      const options = t.members.map((mem) => ({
        label: mem.name,
        type: mem.kind === 'method' ? 'method' : 'property',
        detail: mem.detail,
        info: mem.doc || undefined,
        apply: mem.kind === 'method' ? `${mem.name}(` : mem.name,
        boost: 1,
      }));
      if (type === 'Maps') {
        for (const name of maps()) options.push({ label: name, type: 'variable', detail: 'map', boost: 2 });
      }
      return { from: context.pos - (m[2]?.length ?? 0), options, validFor: /^[\w$]*$/ };
    }
    const word = context.matchBefore(/[A-Za-z_$][\w$]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return {
      from: word.from,
      options: [
        { label: 'ctx', type: 'variable', detail: 'Ctx', info: 'the handler context' },
        ...HANDLER_FUNCTIONS[language].map(([label, snippet]) => ({
          label, type: 'function', detail: 'handler function', apply: snippet,
        })),
      ],
      validFor: /^[\w$]*$/,
    };
  };
}
