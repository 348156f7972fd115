import * as api from '../api.js';
import { h, notice } from '../dom.js';
import { codeEditor } from '../editor.js';

const TEMPLATES = {
  js: 'export function onEvent(event, ctx) {\n  ctx.emit(event);\n}\n',
  python: 'def on_event(event, ctx):\n    ctx.emit(dict(event))\n',
};

/**
 * The running handler in an editor; Apply hot-swaps it (PUT /handler). A version the daemon
 * rejects keeps the old one running, and its error is marked at its line.
 */
export function handlerTab(panel, ctx) {
  const status = h('div', { 'aria-live': 'polite', id: 'handler-status' });
  const host = h('div.editor', { id: 'handler-editor' });
  const language = h('select', { id: 'handler-language' }, h('option', { value: 'js' }, 'JavaScript'), h('option', { value: 'python' }, 'Python'));
  const fileName = h('input', { id: 'handler-file', type: 'text', spellcheck: false, pattern: '[A-Za-z0-9_.-]{1,64}' });
  let running = null;
  let maps = [];
  let editor = null;

  const apply = h('button.primary', { type: 'button', id: 'apply-handler', onclick: async () => {
    const body = { language: language.value, fileName: fileName.value.trim() || undefined, source: editor.text };
    apply.disabled = true;
    status.replaceChildren(notice('info', 'Swapping…'));
    try {
      const r = await api.put(`${ctx.path}/handler`, body);
      running = { ...body, fileName: r.handler?.fileName ?? body.fileName };
      editor.showProblems([]);
      status.replaceChildren(notice('ok', `Applied in ${r.swapMillis} ms; no event was lost.`));
    } catch (e) {
      const at = lineOf(e.message, body.fileName);
      editor.showProblems([{ line: at?.line ?? 1, column: at?.column, message: e.message }]);
      status.replaceChildren(notice('error', 'Rejected; the previous handler keeps running. ', h('code', e.message),
        at ? h('button.link', { type: 'button', onclick: () => editor.goTo(at.line) }, ` Go to line ${at.line}`) : null));
    } finally {
      apply.disabled = false;
    }
  } }, 'Apply');
  const revert = h('button', { type: 'button', id: 'revert-handler', onclick: () => {
    if (running) editor.text = running.source;
    editor.showProblems([]);
    status.replaceChildren();
  } }, 'Revert');

  panel.append(
    h('div.toolbar', h('label', { for: 'handler-language' }, 'Language'), language,
      h('label', { for: 'handler-file' }, 'File name'), fileName, apply, revert),
    h('p.help', 'Ctrl-Space completes the ctx API; Escape, then Tab, leaves the editor.'),
    host, status);

  api.get(`${ctx.path}/package`).then((r) => {
    maps = r.package.maps.map((m) => m.name);
    running = r.package.handler;
    const lang = running?.language ?? 'js';
    language.value = lang;
    fileName.value = running?.fileName ?? (lang === 'js' ? 'handler.js' : 'handler.py');
    editor = codeEditor(host, { doc: running?.source ?? TEMPLATES[lang], language: lang, maps: () => maps, label: 'handler source' });
    if (!running) status.replaceChildren(notice('info', 'This tracer runs without a handler; Apply starts this one.'));
    language.addEventListener('change', () => {
      editor.setLanguage(language.value);
      if (!running || running.language !== language.value) editor.text = TEMPLATES[language.value];
      fileName.value = fileName.value.replace(/\.(js|mjs|py)$/, '') + (language.value === 'js' ? '.js' : '.py');
    });
  }, (e) => status.replaceChildren(notice('error', e.message)));

  return () => editor?.destroy();
}

/** "h.js:12: SyntaxError ..." or "h.js:12:5: ..." → {line, column}. */
export function lineOf(message, fileName) {
  const name = (fileName ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = message.match(new RegExp(`${name || '[\\w.-]+'}:(\\d+)(?::(\\d+))?`));
  return m ? { line: Number(m[1]), column: m[2] ? Number(m[2]) : undefined } : null;
}
